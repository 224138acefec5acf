"""Paper files into the graph: validate everything, then one transaction per file.

A run first checks every file on its own (syntax, fields, units, ids), then
checks each against the graph in a read transaction (ids owned by another
file, references that exist nowhere, removals that other files still point
at). Only when all of that passes does it write, one transaction per file,
touching only what changed. Bad input therefore writes nothing at all.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from neo4j import Driver, ManagedTransaction

from graph import paper_store
from graph.paper_rows import DocumentRows, NodeKind, document_rows, owner_of
from ingest.paper_file import (
    LoadedFile,
    PaperFileError,
    check_paper_file,
    corpus_files,
    dangling_references,
)
from ingest.reconcile_pass import reconcile_graph
from schemas.ingest_report import ChangeKind, EntityChange, FileReport, IngestReport
from schemas.paper_file import IdKind, definitions, format_path, references


@dataclass(frozen=True)
class PreparedFile:
    loaded: LoadedFile
    owner: str
    rows: DocumentRows

    @property
    def path(self) -> Path:
        return self.loaded.path


def expand_paths(paths: Iterable[Path | str]) -> list[Path]:
    """Files as given, folders as their YAML files; each file once, in a stable order."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        found.extend(corpus_files(path) if path.is_dir() else [path])
    return sorted(dict.fromkeys(found), key=lambda p: (p.parent.as_posix(), p.name))


def prepare(paths: Iterable[Path | str]) -> list[PreparedFile]:
    """Load and validate each file alone, and check ids are unique across the run."""
    prepared: list[PreparedFile] = []
    errors: list[PaperFileError] = []
    for path in expand_paths(paths):
        loaded, problems = check_paper_file(path)
        errors.extend(problems)
        if loaded is not None:
            owner = owner_of(loaded.document, path.stem)
            prepared.append(PreparedFile(loaded, owner, document_rows(loaded.document, owner)))
    errors.extend(_duplicates_across(prepared))
    if errors:
        raise _with_all(errors)
    return _dependency_order(prepared)


def ingest_paths(
    driver: Driver,
    database: str,
    paths: Iterable[Path | str],
    *,
    dry_run: bool = False,
    on_file: Callable[[FileReport], None] | None = None,
) -> IngestReport:
    files = prepare(paths)
    reports = write_prepared(driver, database, files, dry_run=dry_run, on_file=on_file)
    if dry_run:
        return IngestReport(files=reports, dry_run=True)
    return IngestReport(
        files=reports, dry_run=False, reconciliation=reconcile_graph(driver, database)
    )


def write_prepared(
    driver: Driver,
    database: str,
    files: Sequence[PreparedFile],
    *,
    dry_run: bool = False,
    on_file: Callable[[FileReport], None] | None = None,
) -> list[FileReport]:
    """The graph checks and writes of `ingest_paths`, for files `prepare` validated.

    A function of its own so a benchmark can time parsing, writing and reconciling apart.
    """
    batch = {d.id: d.kind for f in files for d in definitions(f.loaded.document)}
    with driver.session(database=database) as session:
        planned = [session.execute_read(_plan_file, f, batch) for f in files]
        if dry_run:
            return [plan.report(dry_run=True) for plan in planned]
        reports = []
        for file in files:
            report = session.execute_write(_write_file, file, batch)
            reports.append(report)
            if on_file is not None:
                on_file(report)
    return reports


@dataclass(frozen=True)
class FilePlan:
    file: PreparedFile
    created: list[str]
    updated: list[str]
    removed: list[tuple[NodeKind, str]]
    unchanged: int

    def report(self, *, dry_run: bool) -> FileReport:
        kinds = {row.id: row.kind for row in self.file.rows.nodes}
        changes = [
            *(
                EntityChange(label=kinds[i].value, id=i, change=ChangeKind.CREATED)
                for i in self.created
            ),
            *(
                EntityChange(label=kinds[i].value, id=i, change=ChangeKind.UPDATED)
                for i in self.updated
            ),
            *(
                EntityChange(label=k.value, id=i, change=ChangeKind.REMOVED)
                for k, i in self.removed
            ),
        ]
        return FileReport(
            file=str(self.file.path),
            owner=self.file.owner,
            dry_run=dry_run,
            changes=changes,
            unchanged=self.unchanged,
        )


def _plan_file(tx: ManagedTransaction, file: PreparedFile, batch: dict[str, IdKind]) -> FilePlan:
    """Check one file against the graph and work out what it changes; raises on bad input."""
    loaded, owner = file.loaded, file.owner
    owned = paper_store.owned_nodes(tx, owner)
    defined = [d for d in definitions(loaded.document)]
    errors: list[PaperFileError] = []
    foreign = paper_store.defined_elsewhere(tx, owner, (d.id for d in defined))
    for definition in defined:
        other = foreign.get(definition.id)
        if other is not None:
            errors.append(
                loaded.error(
                    definition.path,
                    f"id {definition.id!r} is already a {other.label} of {other.owner!r}: "
                    "ids must be unique across the corpus",
                )
            )
    local = {d.id for d in defined}
    outside = {r.id for r in references(loaded.document) if r.id not in local}
    known = {
        i: IdKind(kind.value.lower()) for i, kind in paper_store.existing_ids(tx, outside).items()
    }
    known.update({i: k for i, k in batch.items() if i in outside and i not in known})
    errors.extend(dangling_references(loaded, known))
    removed = [(node.kind, node.id) for node in owned.values() if node.id not in local]
    for link in paper_store.referenced_by_others(tx, owner, (i for _, i in removed)):
        errors.append(
            loaded.error(
                (),
                f"{link.id!r} was dropped from this file but {link.other_owner!r} still "
                f"links to it ({link.other_id} -{link.rel}->); remove that link first",
            )
        )
    if errors:
        raise _with_all(errors)
    created, updated, unchanged = [], [], 0
    for row in file.rows.nodes:
        before = owned.get(row.id)
        if before is None:
            created.append(row.id)
        elif before.hash != row.props["content_hash"]:
            updated.append(row.id)
        else:
            unchanged += 1
    return FilePlan(file, created, updated, sorted(removed, key=lambda r: r[1]), unchanged)


def _write_file(tx: ManagedTransaction, file: PreparedFile, batch: dict[str, IdKind]) -> FileReport:
    plan = _plan_file(tx, file, batch)  # again, inside the write transaction: nothing raced it
    changed = set(plan.created) | set(plan.updated)
    kinds = {row.id: row.kind for row in file.rows.nodes}
    updated: dict[NodeKind, list[str]] = {}
    for node_id in plan.updated:
        updated.setdefault(kinds[node_id], []).append(node_id)
    removed: dict[NodeKind, list[str]] = {}
    for kind, node_id in plan.removed:
        removed.setdefault(kind, []).append(node_id)
    paper_store.write_changes(
        tx,
        upserts=[row for row in file.rows.nodes if row.id in changed],
        updated=updated,
        removed=removed,
        links=[link for link in file.rows.links if link.owner_id in changed],
    )
    return plan.report(dry_run=False)


def _duplicates_across(files: Sequence[PreparedFile]) -> list[PaperFileError]:
    first: dict[str, tuple[PreparedFile, str]] = {}
    errors: list[PaperFileError] = []
    for file in files:
        for definition in definitions(file.loaded.document):
            where = format_path(definition.path)
            seen = first.setdefault(definition.id, (file, where))
            if seen[0] is not file:
                errors.append(
                    file.loaded.error(
                        definition.path,
                        f"duplicate id {definition.id!r}: already defined in "
                        f"{seen[0].path} ({seen[1]})",
                    )
                )
    return errors


def _dependency_order(files: list[PreparedFile]) -> list[PreparedFile]:
    """Files whose ids others reference go first, so links rarely need stubs."""
    defined_by = {d.id: f.owner for f in files for d in definitions(f.loaded.document)}
    needs = {
        f.owner: {
            defined_by[r.id]
            for r in references(f.loaded.document)
            if r.id in defined_by and defined_by[r.id] != f.owner
        }
        for f in files
    }
    ordered: list[PreparedFile] = []
    placed: set[str] = set()
    remaining = list(files)
    while remaining:
        ready = [f for f in remaining if needs[f.owner] <= placed] or remaining[:1]  # cycle: stub
        for file in ready:
            ordered.append(file)
            placed.add(file.owner)
        remaining = [f for f in remaining if f.owner not in placed]
    return ordered


def _with_all(errors: Sequence[PaperFileError]) -> PaperFileError:
    ordered = sorted(errors, key=lambda e: (str(e.file), e.line, e.field))
    head = ordered[0]
    return PaperFileError(head.file, head.line, head.field, head.message, ordered)
