"""Paper files into the graph: validate everything, then write what changed.

A run first checks every file on its own (syntax, fields, units, ids, limits), and the
run as a whole (an id or a source in two files); then checks each against the graph in a
read transaction (ingest.plan: what other files hold, references that exist nowhere,
removals that other files still point at, another file for the same source). Only when
all of that passes does it write, touching only what changed. Bad input therefore writes
nothing at all.

The write is one transaction per file: the writers' lock and write count
(graph.graph_state), the file's check query again (so nothing raced the checks) and then
one statement for its whole change. Writers queue on the lock, so concurrent ingests of
the same files wait for each other rather than deadlock. If the database goes away
midway, `IngestInterrupted` says which files are known written and which are not;
running the same ingest again is safe, since it writes only what is missing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from neo4j import Driver, ManagedTransaction
from neo4j.exceptions import (
    DatabaseUnavailable,
    IncompleteCommit,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from claimgraph.graph import graph_state, paper_store
from claimgraph.graph.paper_rows import NodeKind
from claimgraph.graph.reconciliation_pass import run_reconciliation
from claimgraph.ingest.load_many import LoadResult, load_files
from claimgraph.ingest.paper_file import PaperFileError, corpus_files
from claimgraph.ingest.plan import (
    FilePlan,
    PreparedFile,
    RunContext,
    groups,
    key_location,
    plan_files,
    source_label,
    with_all,
)
from claimgraph.ingest.weighing import configured_derive
from claimgraph.schemas.ingest_report import FileReport, IngestReport
from claimgraph.schemas.paper_file import definitions, format_path, references

LOST_DATABASE = (ServiceUnavailable, SessionExpired, TransientError, DatabaseUnavailable)
"""What a write meets when Neo4j stops, restarts or is killed under it (after the driver's
own retries)."""


class IngestInterrupted(ServiceUnavailable):
    """The database went away during an ingest; says what is known about each file.

    A ServiceUnavailable, as the driver's own errors of the same cause are, so callers that
    handle an unreachable database handle this too.
    """

    def __init__(
        self,
        cause: Exception,
        *,
        written: Sequence[Path],
        uncertain: Path | None,
        not_written: Sequence[Path],
    ) -> None:
        self.cause = cause
        self.written = tuple(written)
        self.uncertain = uncertain
        self.not_written = tuple(not_written)
        super().__init__(self.summary())

    def summary(self) -> str:
        what = type(self.cause).__name__
        if self.uncertain is not None:
            where = f"while committing {self.uncertain}"
        elif self.not_written:
            where = f"before {self.not_written[0]} was written"
        else:
            where = "while recomputing the derived results, after every file was written"
        return f"the connection to Neo4j was lost {where} ({what})"


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
    origins: dict[str, Path] = {}
    for result in results:
        errors.extend(result.errors)
        first = origins.setdefault(result.origin.key, result.path)
        if first is not result.path:
            errors.append(
                PaperFileError(
                    result.path, 1, "<file>", f"given twice in one run, as {first} and here"
                )
            )
        elif result.loaded is not None and result.rows is not None:
            prepared.append(
                PreparedFile(
                    result.loaded, result.origin, result.owner, result.legacy_owner, result.rows
                )
            )
    errors.extend(_duplicates_across(prepared))
    errors.extend(_same_sources_across(prepared))
    if errors:
        raise with_all(errors)
    return _dependency_order(prepared)


def ingest_paths(
    driver: Driver,
    database: str,
    paths: Iterable[Path | str],
    *,
    dry_run: bool = False,
    replace: bool = False,
    on_file: Callable[[FileReport], None] | None = None,
) -> IngestReport:
    return ingest_prepared(
        driver, database, prepare(paths), dry_run=dry_run, replace=replace, on_file=on_file
    )


def ingest_prepared(
    driver: Driver,
    database: str,
    files: Sequence[PreparedFile],
    *,
    dry_run: bool = False,
    replace: bool = False,
    on_file: Callable[[FileReport], None] | None = None,
) -> IngestReport:
    """Write validated files and reconcile: the one write path of the CLI and the API."""
    derive = configured_derive()  # a bad setting is refused before anything is written
    reports = write_prepared(
        driver, database, files, dry_run=dry_run, replace=replace, on_file=on_file
    )
    if dry_run:
        return IngestReport(files=reports, dry_run=True)
    try:
        reconciliation = run_reconciliation(driver, database, derive)
    except LOST_DATABASE as error:
        raise IngestInterrupted(
            error, written=[f.path for f in files], uncertain=None, not_written=[]
        ) from error
    return IngestReport(files=reports, dry_run=False, reconciliation=reconciliation)


def write_prepared(
    driver: Driver,
    database: str,
    files: Sequence[PreparedFile],
    *,
    dry_run: bool = False,
    replace: bool = False,
    on_file: Callable[[FileReport], None] | None = None,
) -> list[FileReport]:
    """The graph checks and writes of `ingest_paths`, for files `prepare` validated.

    A function of its own so a benchmark can time parsing, writing and reconciling apart.
    """
    run = RunContext.of(files, replace=replace)
    paths = [file.path for file in files]
    with driver.session(database=database) as session:
        try:
            planned = [p for g in groups(files) for p in session.execute_read(plan_files, g, run)]
        except LOST_DATABASE as error:
            raise IngestInterrupted(error, written=[], uncertain=None, not_written=paths) from error
        if dry_run:
            return [plan.report(dry_run=True) for plan in planned]
        reports: list[FileReport] = []
        for index, (file, plan) in enumerate(zip(files, planned, strict=True)):
            try:
                report = session.execute_write(_write_file, file, run, plan)
            except IncompleteCommit as error:
                raise IngestInterrupted(
                    error,
                    written=paths[:index],
                    uncertain=file.path,
                    not_written=paths[index + 1 :],
                ) from error
            except LOST_DATABASE as error:
                raise IngestInterrupted(
                    error, written=paths[:index], uncertain=None, not_written=paths[index:]
                ) from error
            except PaperFileError as error:  # another writer changed the graph meanwhile
                error.written = tuple(paths[:index])
                raise
            reports.append(report)
            if on_file is not None:
                on_file(report)
    return reports


def _write_file(
    tx: ManagedTransaction, file: PreparedFile, run: RunContext, expected: FilePlan
) -> FileReport:
    """Write one file's changes in its own transaction, after checking it again inside it.

    A file the read phase saw changing takes the writers' lock first; one it saw unchanged
    takes it only if the check inside finds it changed after all (a concurrent writer).
    """
    if expected.changes_anything:
        graph_state.count_paper_write(tx)
    (plan,) = plan_files(tx, [file], run)  # again, inside the transaction: nothing raced it
    if plan.changes_anything and not expected.changes_anything:
        graph_state.count_paper_write(tx)
        (plan,) = plan_files(tx, [file], run)
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


def _same_sources_across(files: Sequence[PreparedFile]) -> list[PaperFileError]:
    """Two files of one run for the same source (same DOI, arXiv id, URL, title and year)."""
    first: dict[str, PreparedFile] = {}
    errors: list[PaperFileError] = []
    for file in files:
        for key in file.source_keys:
            seen = first.setdefault(key.digest, file)
            if seen is not file and seen.owner != file.owner:
                errors.append(
                    file.loaded.error(
                        key_location(key.kind),
                        f"{source_label(file)} is the same source as {seen.owner!r} in "
                        f"{seen.path} (same {key.kind.label}: {key.shown}): a source belongs "
                        "in one file; merge the two",
                    )
                )
                break
    return errors


def _dependency_order(files: list[PreparedFile]) -> list[PreparedFile]:
    """Files whose ids others reference go first, so links rarely need stubs."""
    defined_by = {d.id: f.origin.key for f in files for d in definitions(f.loaded.document)}
    needs = {
        f.origin.key: {
            defined_by[r.id]
            for r in references(f.loaded.document)
            if r.id in defined_by and defined_by[r.id] != f.origin.key
        }
        for f in files
    }
    ordered: list[PreparedFile] = []
    placed: set[str] = set()
    remaining = list(files)
    while remaining:
        ready = [f for f in remaining if needs[f.origin.key] <= placed] or remaining[:1]
        for file in ready:
            ordered.append(file)
            placed.add(file.origin.key)
        remaining = [f for f in remaining if f.origin.key not in placed]
    return ordered


__all__ = [
    "IngestInterrupted",
    "PaperFileError",
    "expand_paths",
    "ingest_paths",
    "ingest_prepared",
    "prepare",
    "prepare_loaded",
    "write_prepared",
]
