"""Load and validate paper files (YAML) into the schemas, with errors that name file, line, field.

Every failure, from a YAML syntax error to a dangling reference, becomes a `PaperFileError`
whose str() is "FILE:LINE: FIELD: MESSAGE", so a curator can jump straight to the problem.
The round-trip YAML loader keeps line numbers; we keep them as an index from locations
(("claims", 2, "estimate", "unit")) to 1-based lines, next to the validated document.

Nothing here touches Neo4j: the ingest command loads the whole corpus with these
functions, checks it with `check_corpus`, and only then writes.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from claimgraph.ingest.fast_yaml import HAS_C_PARSER, load_plain
from claimgraph.schemas.fields import ERROR_TYPE
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

YAML_FIELD: Final = "<yaml>"
"""The field named by errors about the file as a whole (syntax, encoding, empty file)."""

ROOT_FIELD: Final = "<root>"
"""The field named by errors about the top-level mapping itself."""

CORPUS_DIR: Final = Path(__file__).resolve().parents[1] / "corpus"

_PAPER_ONLY_KEYS: Final = frozenset(
    {"source", "claims", "evidence", "critiques", "groupings", "decompositions"}
)


class PaperFileError(Exception):
    """One problem in one paper file, located by file, 1-based line and dotted field path.

    When a loader finds several problems it raises the first (by line) and lists all of
    them, itself included, in `errors`.
    """

    def __init__(
        self,
        file: Path | str,
        line: int,
        field: str,
        message: str,
        errors: Sequence[PaperFileError] = (),
    ) -> None:
        self.file = Path(file)
        self.line = line
        self.field = field
        self.message = message
        self.errors: tuple[PaperFileError, ...] = tuple(errors) or (self,)
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"

    def __repr__(self) -> str:
        return f"PaperFileError({str(self)!r})"


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
        return _line_of(self.lines, location)

    def error(self, location: Location, message: str) -> PaperFileError:
        """A PaperFileError at `location` in this file."""
        return PaperFileError(self.path, self.line_of(location), format_path(location), message)


def check_paper_file(path: Path | str) -> tuple[LoadedFile | None, list[PaperFileError]]:
    """Load and validate one file without raising: (loaded or None, errors sorted by line)."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [PaperFileError(file, 1, YAML_FIELD, f"cannot read file: {exc}")]
    return check_paper_text(text, file)


def check_paper_text(text: str, name: Path | str) -> tuple[LoadedFile | None, list[PaperFileError]]:
    """`check_paper_file` for text in memory (the API's ingestPaper); `name` labels errors."""
    file = Path(name)
    fast = _load_valid(file, text)
    if fast is not None:
        return fast, []
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
    return _plain(tree) if _is_plain(tree) else None


def _load_with_lines(file: Path, text: str) -> tuple[LoadedFile | None, list[PaperFileError]]:
    """Round-trip load with a line index, so every error names its line."""
    try:
        tree = YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        return None, [_yaml_error(file, exc)]
    except YAMLError as exc:  # an error without a mark; the parser gives no line
        return None, [PaperFileError(file, 1, YAML_FIELD, f"YAML error: {exc}")]
    if tree is None:
        return None, [PaperFileError(file, 1, YAML_FIELD, "file is empty")]
    if not isinstance(tree, CommentedMap):
        return None, [
            PaperFileError(
                file,
                _node_line(tree),
                ROOT_FIELD,
                "the top level must be a mapping with `source:` (a paper file) "
                f"or only `quantities:` (a quantity catalogue), not a {type(tree).__name__}",
            )
        ]
    lines: dict[Location, int] = {}
    _index_lines(tree, (), 1, lines)
    model = document_model(tree)
    try:
        document = model.model_validate(_plain(tree))
    except ValidationError as exc:
        errors = [_validation_error(file, lines, model, detail) for detail in exc.errors()]
        return None, _sorted(errors)
    return LoadedFile(file, document, lines), []


def read_paper_file(path: Path | str) -> LoadedFile:
    """Load and validate one file; raise the first PaperFileError (all of them in `.errors`)."""
    loaded, errors = check_paper_file(path)
    if errors:
        raise _first(errors)
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
    loaded: LoadedFile, known_ids: Set[str] | Mapping[str, IdKind]
) -> list[PaperFileError]:
    """Every reference neither defined in the file nor in `known_ids`, sorted by line.

    A reference to an id of the wrong kind (a claim's quantity naming an evidence id) is an
    error too: always for ids defined in this file, and for `known_ids` when it is a mapping
    from id to kind.
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
            errors.append(
                loaded.error(
                    reference.path,
                    f"unknown {reference.kind.value} {reference.id!r}: not defined in this file "
                    "nor in any other known file",
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
    return _sorted(errors)


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
        raise _first(errors)
    return loaded


def file_ids(document: Document) -> tuple[dict[IdKind, set[str]], dict[IdKind, set[str]]]:
    """(ids the file defines, ids it references), each by kind: what ingest needs to link."""
    return defined_ids(document), referenced_ids(document)


# --- YAML -> plain Python, with a line index -------------------------------------------


class LazyLines(Mapping[Location, int]):
    """The line index of a file that loaded cleanly, built from its text on first use.

    Most valid files never need it; the ones that do (a reference that resolves nowhere,
    an id taken by another file) pay for one round-trip parse then.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: dict[Location, int] | None = None

    def _index(self) -> dict[Location, int]:
        if self._lines is None:
            lines: dict[Location, int] = {}
            try:
                _index_lines(YAML(typ="rt").load(self._text), (), 1, lines)
            except YAMLError:  # the safe loader read it; should the other not, say line 1
                lines = {}
            self._lines, self._text = lines, ""
        return self._lines

    def __getitem__(self, location: Location) -> int:
        return self._index()[location]

    def __iter__(self) -> Iterator[Location]:
        return iter(self._index())

    def __len__(self) -> int:
        return len(self._index())


_PLAIN_TYPES: Final = (str, int, float, bool, dt.date, type(None))


def _is_plain(node: object) -> bool:
    """Only mappings, lists and the scalars both loaders build alike (no sets, no tags)."""
    if isinstance(node, dict):
        return all(map(_is_plain, node.keys())) and all(map(_is_plain, node.values()))
    if isinstance(node, list):
        return all(map(_is_plain, node))
    return isinstance(node, _PLAIN_TYPES)


def _index_lines(node: object, location: Location, line: int, out: dict[Location, int]) -> None:
    out[location] = line
    if isinstance(node, CommentedMap):
        for key in node:
            key_line = node.lc.key(key)[0] + 1
            _index_lines(node[key], (*location, str(key)), key_line, out)
    elif isinstance(node, CommentedSeq):
        for index, item in enumerate(node):
            item_line = node.lc.item(index)[0] + 1
            _index_lines(item, (*location, index), item_line, out)


def _plain(node: object) -> object:
    """Strip ruamel's subclasses so pydantic sees plain dict/list/str/int/float/bool/date."""
    if isinstance(node, Mapping):
        return {str(key): _plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_plain(item) for item in node]
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, dt.datetime):
        return node
    if isinstance(node, dt.date):
        return dt.date(node.year, node.month, node.day)
    return node


def _node_line(node: object) -> int:
    lc = getattr(node, "lc", None)
    return int(lc.line) + 1 if lc is not None else 1


def _line_of(lines: Mapping[Location, int], location: Location) -> int:
    for end in range(len(location), -1, -1):
        line = lines.get(location[:end])
        if line is not None:
            return line
    return 1


# --- errors ------------------------------------------------------------------------------


def _yaml_error(file: Path, exc: MarkedYAMLError) -> PaperFileError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else 1
    message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
    return PaperFileError(file, line, YAML_FIELD, f"YAML syntax error: {message or exc}")


def _validation_error(
    file: Path, lines: Mapping[Location, int], model: type[BaseModel], detail: ErrorDetails
) -> PaperFileError:
    location: Location = tuple(detail["loc"])
    kind = detail["type"]
    context = detail.get("ctx") or {}
    if kind == ERROR_TYPE:
        message = str(context.get("message", detail["msg"]))
        sub = str(context.get("path", ""))
        if sub:
            location = (*location, *(int(p) if p.isdigit() else p for p in sub.split("/")))
    elif kind == "missing":
        message = f"missing required field {location[-1]!r}"
    elif kind == "extra_forbidden":
        parent = _model_at(model, location[:-1])
        allowed = ", ".join(parent.model_fields) if parent is not None else "?"
        message = f"unknown field {location[-1]!r}; allowed fields: {allowed}"
    elif kind == "enum":
        message = (
            f"{detail['input']!r} is not a valid {location[-1]}; "
            f"expected one of {context.get('expected', '?')}"
        )
    else:
        message = f"{detail['msg']} (got {detail['input']!r})"
    field_name = format_path(location) or ROOT_FIELD
    return PaperFileError(file, _line_of(lines, location), field_name, message)


def _model_at(model: type[BaseModel], location: Location) -> type[BaseModel] | None:
    """The model class validating the mapping at `location` (to list its allowed fields)."""
    current: object = model
    for part in location:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _nested_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _nested_model(annotation: object) -> object:
    """Unwrap list[X], X | None, Annotated[X, ...] down to a model class if there is one."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is None:
        return annotation
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _nested_model(args[0])
    if origin in (list, typing.Union, types.UnionType):
        for arg in args:
            found = _nested_model(arg)
            if isinstance(found, type) and issubclass(found, BaseModel):
                return found
    return annotation


def _sorted(errors: Iterable[PaperFileError]) -> list[PaperFileError]:
    return sorted(errors, key=lambda error: (str(error.file), error.line))


def _first(errors: Sequence[PaperFileError]) -> PaperFileError:
    first = errors[0]
    raised = PaperFileError(first.file, first.line, first.field, first.message)
    raised.errors = (raised, *errors[1:])
    return raised


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
