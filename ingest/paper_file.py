"""Load and validate paper files (YAML) into the schemas, with errors that name file, line, field.

Every failure, from a YAML syntax error to a dangling reference, becomes a `PaperFileError`
(ingest.paper_errors) that names file, line and field; the line index comes from
ingest.yaml_lines.

Nothing here touches Neo4j: the ingest command loads the whole corpus with these
functions, checks it with `check_corpus`, and only then writes.
"""

from __future__ import annotations

import stat
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from claimgraph.ingest.fast_yaml import HAS_C_PARSER, load_plain
from claimgraph.ingest.paper_errors import (
    ROOT_FIELD,
    YAML_FIELD,
    PaperFileError,
    first_error,
    sorted_errors,
    validation_error,
    yaml_error,
)
from claimgraph.ingest.suggestions import did_you_mean
from claimgraph.ingest.yaml_guard import guard, needs_guard, size_problem
from claimgraph.ingest.yaml_lines import LazyLines, index_lines, is_plain, line_of, node_line, plain
from claimgraph.schemas.fields import shorten
from claimgraph.schemas.paper_file import (
    Definition,
    Document,
    IdKind,
    PaperFile,
    QuantityCatalogue,
    Reference,
    defined_ids,
    definitions,
    format_path,
    referenced_ids,
    references,
)
from claimgraph.schemas.paper_file import (
    Path as Location,
)

CORPUS_DIR: Final = Path(__file__).resolve().parents[1] / "corpus"
"""The shipped corpus: `corpus/` of the checkout, or the package data an install carries."""

_PAPER_ONLY_KEYS: Final = frozenset(
    {"source", "claims", "evidence", "critiques", "groupings", "decompositions"}
)


@dataclass(frozen=True)
class LoadedFile:
    """A validated file with the line of every location in it, for later cross-file checks."""

    path: Path
    document: Document
    lines: Mapping[Location, int] = field(repr=False)

    @property
    def paper(self) -> PaperFile | None:
        """The document if it is a paper file (None for a quantity catalogue)."""
        return self.document if isinstance(self.document, PaperFile) else None

    def line_of(self, location: Location) -> int:
        """The line of `location`, or of its nearest enclosing key or list item."""
        return line_of(self.lines, location)

    def error(self, location: Location, message: str) -> PaperFileError:
        """A PaperFileError at `location` in this file."""
        field_name = format_path(location) or ROOT_FIELD
        return PaperFileError(self.path, self.line_of(location), field_name, message)


def check_paper_file(path: Path | str) -> tuple[LoadedFile | None, list[PaperFileError]]:
    """Load and validate one file without raising: (loaded or None, errors sorted by line)."""
    file = Path(path)
    try:
        status = file.stat()
        if not stat.S_ISREG(status.st_mode):
            return None, [PaperFileError(file, 1, YAML_FIELD, "cannot read file: not a file")]
        too_large = size_problem(file, status.st_size)
        if too_large is not None:
            return None, [too_large]  # refused before reading a byte of it
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [PaperFileError(file, 1, YAML_FIELD, f"cannot read file: {exc}")]
    return check_paper_text(text, file)


def check_paper_text(text: str, name: Path | str) -> tuple[LoadedFile | None, list[PaperFileError]]:
    """`check_paper_file` for text in memory (the API's ingestPaper); `name` labels errors.

    Text that could hurt a parser (deep nesting, aliases, odd tags, oversized numbers)
    passes `yaml_guard.guard` first, whose limits every error names.
    """
    file = Path(name)
    guarded = False
    if not HAS_C_PARSER or needs_guard(text):
        problem = guard(text, file)
        if problem is not None:
            return None, [problem]
        guarded = True
    else:
        too_large = size_problem(file, len(text.encode("utf-8", errors="surrogatepass")))
        if too_large is not None:
            return None, [too_large]
    fast = _load_valid(file, text)
    if fast is not None:
        return fast, []
    if not guarded:
        problem = guard(text, file)
        if problem is not None:
            return None, [problem]
    return _load_with_lines(file, text)


def _load_valid(file: Path, text: str) -> LoadedFile | None:
    """The common case, a valid file, without the round-trip loader; None if in doubt.

    The round-trip loader's line bookkeeping is most of the cost of reading a file, and
    lines are only needed to report errors: a file that loads with the safe loader into
    plain data and validates gets a line index built on first use. Anything else (YAML
    errors, odd types, aliases and merge keys, validation errors) goes through
    `_load_with_lines`, which reports exactly as before. The safe loader resolves
    scalars with the same YAML 1.2 rules.
    """
    data = load_plain(text) if HAS_C_PARSER else _stock_safe_load(text)
    if not isinstance(data, dict):
        return None
    try:
        document = document_model(data).model_validate(data)
    except ValidationError:
        return None
    return LoadedFile(file, document, LazyLines(text))


def _stock_safe_load(text: str) -> object:
    """`load_plain` without the C parser: the stock safe loader, plain data or None."""
    try:
        tree = YAML(typ="safe").load(text)
    except Exception:
        return None
    return plain(tree) if is_plain(tree) else None


def _load_with_lines(file: Path, text: str) -> tuple[LoadedFile | None, list[PaperFileError]]:
    """Round-trip load with a line index, so every error names its line."""
    try:
        tree = YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        return None, [yaml_error(file, exc)]
    except YAMLError as exc:  # an error without a mark; the parser gives no line
        return None, [PaperFileError(file, 1, YAML_FIELD, f"YAML error: {exc}")]
    except (ValueError, TypeError, KeyError, RecursionError) as exc:  # past the guard: a bug
        message = f"cannot read the YAML ({type(exc).__name__}: {shorten(str(exc))})"
        return None, [PaperFileError(file, 1, YAML_FIELD, message)]
    if tree is None:
        return None, [PaperFileError(file, 1, YAML_FIELD, "file is empty")]
    if not isinstance(tree, CommentedMap):
        return None, [
            PaperFileError(
                file,
                node_line(tree),
                ROOT_FIELD,
                "the top level must be a mapping with `source:` (a paper file) "
                f"or only `quantities:` (a quantity catalogue), not a {type(tree).__name__}",
            )
        ]
    lines: dict[Location, int] = {}
    index_lines(tree, (), 1, lines)
    model = document_model(tree)
    try:
        document = model.model_validate(plain(tree))
    except ValidationError as exc:
        errors = [validation_error(file, lines, model, detail) for detail in exc.errors()]
        return None, sorted_errors(errors)
    return LoadedFile(file, document, lines), []


def read_paper_file(path: Path | str) -> LoadedFile:
    """Load and validate one file; raise the first PaperFileError (all of them in `.errors`)."""
    loaded, errors = check_paper_file(path)
    if errors:
        raise first_error(errors)
    assert loaded is not None
    return loaded


def load_paper_file(path: Path | str) -> Document:
    """Load one file and return just the validated document (a PaperFile or a catalogue)."""
    return read_paper_file(path).document


def document_model(top: Mapping[Any, Any]) -> type[PaperFile] | type[QuantityCatalogue]:
    """Which shape a top-level mapping claims to be.

    A file with `source:` or any of claims/evidence/critiques/groupings/decompositions is a
    paper file (and then needs a source); anything else is a quantity catalogue.
    """
    if _PAPER_ONLY_KEYS & {str(key) for key in top}:
        return PaperFile
    return QuantityCatalogue


def dangling_references(
    loaded: LoadedFile,
    known_ids: Set[str] | Mapping[str, IdKind],
    candidates: Callable[[IdKind], Iterable[str]] | None = None,
) -> list[PaperFileError]:
    """Every reference neither defined in the file nor in `known_ids`, sorted by line.

    A reference to an id of the wrong kind (a claim's quantity naming an evidence id) is an
    error too: always for ids defined in this file, and for `known_ids` when it is a mapping
    from id to kind. An unknown id within two edits of a known one of its kind (in the
    file, in `known_ids`, or among the `candidates`, asked only then) names it.
    """
    local = {definition.id: definition.kind for definition in definitions(loaded.document)}
    errors: list[PaperFileError] = []
    for reference in references(loaded.document):
        kind = local.get(reference.id)
        where = "in this file"
        if kind is None and isinstance(known_ids, Mapping):
            kind = known_ids.get(reference.id)
            where = "elsewhere in the corpus"
        elif kind is None and reference.id in known_ids:
            continue
        if kind is None:
            known = _ids_of_kind(reference.kind, local, known_ids)
            extra = candidates(reference.kind) if candidates is not None else ()
            hint = did_you_mean(reference.id, [*known, *extra])
            errors.append(
                loaded.error(
                    reference.path,
                    f"unknown {reference.kind.value} {reference.id!r}: not defined in this file "
                    "nor in any other known file" + (f"; {hint}" if hint else ""),
                )
            )
        elif kind is not reference.kind:
            errors.append(
                loaded.error(
                    reference.path,
                    f"{reference.id!r} is a {kind.value} ({where}), "
                    f"but a {reference.kind.value} is expected here",
                )
            )
    return sorted_errors(errors)


def _ids_of_kind(
    kind: IdKind, local: Mapping[str, IdKind], known_ids: Set[str] | Mapping[str, IdKind]
) -> list[str]:
    """The ids a misspelt reference of `kind` may have meant (any id when kinds are unknown)."""
    found = [i for i, k in local.items() if k is kind]
    if isinstance(known_ids, Mapping):
        return found + [i for i, k in known_ids.items() if k is kind]
    return found + list(known_ids)


def corpus_files(directory: Path | str = CORPUS_DIR) -> list[Path]:
    """The YAML files of a corpus directory, sorted by name."""
    folder = Path(directory)
    return sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])


def check_corpus(files: Sequence[LoadedFile]) -> list[PaperFileError]:
    """Cross-file checks: ids unique across all files, every reference resolvable by kind."""
    errors: list[PaperFileError] = []
    owners: dict[str, tuple[LoadedFile, Definition]] = {}
    for loaded in files:
        for definition in definitions(loaded.document):
            first = owners.setdefault(definition.id, (loaded, definition))
            if first[1] is not definition:
                errors.append(
                    loaded.error(
                        definition.path,
                        f"duplicate id {definition.id!r}: already defined as a "
                        f"{first[1].kind.value} in {first[0].path} "
                        f"({format_path(first[1].path)})",
                    )
                )
    known = {id_: definition.kind for id_, (_, definition) in owners.items()}
    for loaded in files:
        errors.extend(dangling_references(loaded, known))
    return errors


def load_corpus(directory: Path | str = CORPUS_DIR) -> list[LoadedFile]:
    """Load, validate and cross-check every file of a corpus; raise the first error found."""
    loaded: list[LoadedFile] = []
    errors: list[PaperFileError] = []
    for path in corpus_files(directory):
        one, problems = check_paper_file(path)
        errors.extend(problems)
        if one is not None:
            loaded.append(one)
    if not errors:
        errors = check_corpus(loaded)
    if errors:
        raise first_error(errors)
    return loaded


def file_ids(document: Document) -> tuple[dict[IdKind, set[str]], dict[IdKind, set[str]]]:
    """(ids the file defines, ids it references), each by kind: what ingest needs to link."""
    return defined_ids(document), referenced_ids(document)


__all__ = [
    "CORPUS_DIR",
    "ROOT_FIELD",
    "YAML_FIELD",
    "LoadedFile",
    "PaperFileError",
    "Reference",
    "check_corpus",
    "check_paper_file",
    "check_paper_text",
    "corpus_files",
    "dangling_references",
    "document_model",
    "file_ids",
    "load_corpus",
    "load_paper_file",
    "read_paper_file",
]
