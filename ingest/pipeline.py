"""Paper files into the graph: validate everything, then write what changed.

A run first checks every file on its own (syntax, fields, units, ids), then
checks each against the graph in a read transaction (ids owned by another
file, references that exist nowhere, removals that other files, in the graph
or in this run, still point at). Only when all of that passes does it write,
touching only what changed. Bad input therefore writes nothing at all.

The read checks run for groups of consecutive files (in dependency order, up
to GROUP_NODES nodes) with one query reading everything every check needs for
the whole group. The write is one transaction per file: that query again for
the file (so nothing raced the checks) and then one statement for its whole
change, so a file costs two statements and a commit, however many claims it
holds.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from neo4j import Driver, ManagedTransaction

from claimgraph.graph import paper_store
from claimgraph.graph.paper_rows import DocumentRows, LinkRow, NodeKind
from claimgraph.graph.paper_store import ForeignOwner, InboundLink, OwnedNode
from claimgraph.graph.reconciliation_pass import run_reconciliation
from claimgraph.ingest.load_many import LoadResult, load_files
from claimgraph.ingest.paper_file import (
    LoadedFile,
    PaperFileError,
    corpus_files,
    dangling_references,
)
from claimgraph.reconcile.derive import derive
from claimgraph.schemas.ingest_report import ChangeKind, EntityChange, FileReport, IngestReport
from claimgraph.schemas.paper_file import Definition, IdKind, definitions, format_path, references


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
    return prepare_loaded(load_files(expand_paths(paths)))


def prepare_loaded(results: Iterable[LoadResult]) -> list[PreparedFile]:
    """`prepare` for files already loaded, from disk or (the API's ingestPaper) from text."""
    prepared: list[PreparedFile] = []
    errors: list[PaperFileError] = []
    for result in results:
        errors.extend(result.errors)
        if result.loaded is not None and result.rows is not None:
            prepared.append(PreparedFile(result.loaded, result.owner, result.rows))
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
    return ingest_prepared(driver, database, prepare(paths), dry_run=dry_run, on_file=on_file)


def ingest_prepared(
    driver: Driver,
    database: str,
    files: Sequence[PreparedFile],
    *,
    dry_run: bool = False,
    on_file: Callable[[FileReport], None] | None = None,
) -> IngestReport:
    """Write validated files and reconcile: the one write path of the CLI and the API."""
    reports = write_prepared(driver, database, files, dry_run=dry_run, on_file=on_file)
    if dry_run:
        return IngestReport(files=reports, dry_run=True)
    return IngestReport(
        files=reports, dry_run=False, reconciliation=run_reconciliation(driver, database, derive)
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
    run = RunContext.of(files)
    groups = _groups(files)
    with driver.session(database=database) as session:
        planned = [p for g in groups for p in session.execute_read(_plan_files, g, run)]
        if dry_run:
            return [plan.report(dry_run=True) for plan in planned]
        reports = []
        for file in files:
            report = session.execute_write(_write_file, file, run)
            reports.append(report)
            if on_file is not None:
                on_file(report)
    return reports


GROUP_NODES = 10_000
"""Nodes per group of files checked together in one read (bounded query size)."""


@dataclass(frozen=True)
class RunContext:
    """What the checks need to know about the whole run, beyond the graph."""

    batch: dict[str, IdKind]  # every id the run defines
    incoming: dict[str, list[InboundLink]]  # id -> the run's own links into it

    @classmethod
    def of(cls, files: Sequence[PreparedFile]) -> "RunContext":
        incoming: dict[str, list[InboundLink]] = {}
        for file in files:
            for link in file.rows.links:
                incoming.setdefault(link.end, []).append(_inbound(file.owner, link))
        return cls({d.id: d.kind for f in files for d in definitions(f.loaded.document)}, incoming)


def _inbound(owner: str, link: LinkRow) -> InboundLink:
    return InboundLink(link.end, link.kind.rel_type, owner, link.start)


def _groups(files: Sequence[PreparedFile]) -> list[list[PreparedFile]]:
    groups: list[list[PreparedFile]] = []
    size = GROUP_NODES
    for file in files:
        if size + len(file.rows.nodes) > GROUP_NODES and size > 0:
            groups.append([])
            size = 0
        groups[-1].append(file)
        size += len(file.rows.nodes)
    return groups


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


def _plan_files(
    tx: ManagedTransaction, files: Sequence[PreparedFile], run: RunContext
) -> list[FilePlan]:
    """Check a group of files against the graph and work out what each changes.

    Raises the errors of the first file (in order) that has any, as checking the files
    one by one would.
    """
    defined = {f.owner: definitions(f.loaded.document) for f in files}
    local = {owner: {d.id for d in defs} for owner, defs in defined.items()}
    outside = {
        f.owner: {r.id for r in references(f.loaded.document) if r.id not in local[f.owner]}
        for f in files
    }
    state = paper_store.read_state(tx, local, set().union(*outside.values()))
    owned, foreign, existing, inbound = state.owned, state.foreign, state.existing, state.inbound
    removed = {
        owner: [(n.kind, n.id) for n in owned[owner].values() if n.id not in local[owner]]
        for owner in local
    }
    return [
        _plan_file(
            file,
            run,
            defined[file.owner],
            owned[file.owner],
            foreign[file.owner],
            {i: k for i, k in existing.items() if i in outside[file.owner]},
            removed[file.owner],
            inbound[file.owner],
        )
        for file in files
    ]


def _plan_file(
    file: PreparedFile,
    run: RunContext,
    defined: list[Definition],
    owned: dict[str, OwnedNode],
    foreign: dict[str, ForeignOwner],
    existing: dict[str, NodeKind],
    removed: list[tuple[NodeKind, str]],
    inbound: list[InboundLink],
) -> FilePlan:
    """One file's plan from what the graph holds; raises on bad input."""
    loaded, owner = file.loaded, file.owner
    errors: list[PaperFileError] = []
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
    known = {i: IdKind(kind.value.lower()) for i, kind in existing.items()}
    local = {d.id for d in defined}
    outside = {r.id for r in references(loaded.document) if r.id not in local}
    known.update({i: run.batch[i] for i in outside if i in run.batch and i not in known})
    errors.extend(dangling_references(loaded, known))
    links = set(inbound)
    for _, node_id in removed:  # links this run writes count as much as the graph's
        links.update(link for link in run.incoming.get(node_id, ()) if link.other_owner != owner)
    for link in sorted(links, key=lambda k: (k.id, k.other_owner, k.other_id, k.rel)):
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


def _write_file(tx: ManagedTransaction, file: PreparedFile, run: RunContext) -> FileReport:
    """Write one file's changes in its own transaction, after checking it again inside it."""
    (plan,) = _plan_files(tx, [file], run)  # again, inside the transaction: nothing raced it
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
