"""Paper files into the graph: validate everything, then write what changed.

A run first checks every file on its own (syntax, fields, units, ids), then
checks each against the graph in a read transaction (ids owned by another
file, references that exist nowhere, removals that other files, in the graph
or in this run, still point at). Only when all of that passes does it write,
touching only what changed. Bad input therefore writes nothing at all.

The read checks are `ingest.plan`'s. The write is one transaction per file: the
file's check query again (so nothing raced the checks) and then one statement for its
whole change, so a file costs two statements and a commit, however many claims it holds.
"""

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from neo4j import Driver, ManagedTransaction

from claimgraph.graph import paper_store
from claimgraph.graph.paper_rows import NodeKind
from claimgraph.graph.reconciliation_pass import run_reconciliation
from claimgraph.ingest.load_many import LoadResult, load_files
from claimgraph.ingest.paper_file import (
    PaperFileError,
    corpus_files,
)
from claimgraph.ingest.plan import PreparedFile, RunContext, groups, plan_files, with_all
from claimgraph.reconcile.derive import derive
from claimgraph.schemas.ingest_report import FileReport, IngestReport
from claimgraph.schemas.paper_file import definitions, format_path, references


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
        raise with_all(errors)
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
    with driver.session(database=database) as session:
        planned = [p for g in groups(files) for p in session.execute_read(plan_files, g, run)]
        if dry_run:
            return [plan.report(dry_run=True) for plan in planned]
        reports = []
        for file in files:
            report = session.execute_write(_write_file, file, run)
            reports.append(report)
            if on_file is not None:
                on_file(report)
    return reports


def _write_file(tx: ManagedTransaction, file: PreparedFile, run: RunContext) -> FileReport:
    """Write one file's changes in its own transaction, after checking it again inside it."""
    (plan,) = plan_files(tx, [file], run)  # again, inside the transaction: nothing raced it
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
