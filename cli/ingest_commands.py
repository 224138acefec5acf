"""`claimgraph ingest` and `claimgraph reconcile`: paper files into the graph, derived results."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from claimgraph.cli.console import (
    IDS_SHOWN,
    MAX_ERRORS_SHOWN,
    console,
    fail,
    refuse_files,
    say,
    wrap,
)

if TYPE_CHECKING:
    from neo4j import Driver

    from claimgraph.graph.connection import ConnectionTarget
    from claimgraph.graph.settings import Settings
    from claimgraph.ingest.load_many import LoadResult
    from claimgraph.ingest.paper_file import PaperFileError
    from claimgraph.ingest.pipeline import IngestInterrupted
    from claimgraph.ingest.plan import PreparedFile
    from claimgraph.schemas.ingest_report import IngestReport
    from claimgraph.schemas.reconciliation import ReconciliationResult


def ingest(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Paper files or folders of them [default: the shipped corpus]."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Validate and report; write nothing.")
    ] = False,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Let these files rewrite or remove what other files (another source, "
            "catalogue or folder, or ingestPaper) wrote; the report lists what is replaced.",
        ),
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help=f"List every changed id (not the first {IDS_SHOWN} per file) and every "
            "unchanged file, and print the reconciliation in full.",
        ),
    ] = False,
) -> None:
    """Load paper files into the graph: one transaction per file, only what changed.

    A bad file refuses the whole run (exit 1) and nothing is written.
    """
    from claimgraph.graph.settings import Settings
    from claimgraph.ingest.paper_file import CORPUS_DIR

    ingest_into(
        Settings(), paths or [CORPUS_DIR], dry_run=dry_run, replace=replace, verbose=verbose
    )


def ingest_into(
    settings: Settings,
    paths: list[Path],
    *,
    dry_run: bool,
    replace: bool = False,
    verbose: bool = False,
) -> None:
    """`ingest` for the given settings (also the second step of `up`)."""
    from claimgraph.graph.constraints import ensure_schema
    from claimgraph.graph.graph_state import read_state
    from claimgraph.ingest.paper_file import PaperFileError
    from claimgraph.ingest.pipeline import IngestInterrupted, prepare

    try:
        files = prepare(paths)  # every file checked on its own before Neo4j is asked anything
    except PaperFileError as error:
        raise refuse_files(error) from error
    target, driver = connect(settings)
    with driver:
        ensure_schema(driver, target.database)
        before = read_state(driver, target.database)
        if before.stale:
            say(f"note: {before.describe()}")
        try:
            report = _write(driver, target.database, files, dry_run=dry_run, replace=replace)
        except PaperFileError as error:
            raise refuse_files(error) from error
        except IngestInterrupted as error:
            raise interrupted(error, target.uri) from error
    _print(report, verbose=verbose)


def ingest_valid(settings: Settings, paths: list[Path]) -> list[Path]:
    """`up`'s ingest: every file that can be written is; the refused ones are reported
    (file, line, field) and returned, so the rest is served all the same."""
    from claimgraph.graph.constraints import ensure_schema
    from claimgraph.ingest.load_many import load_files
    from claimgraph.ingest.paper_file import PaperFileError
    from claimgraph.ingest.pipeline import IngestInterrupted, expand_paths

    refused: list[PaperFileError] = []
    files = _valid_alone(load_files(expand_paths(paths)), refused)
    target, driver = connect(settings)
    with driver:
        ensure_schema(driver, target.database)
        while True:
            try:
                report = _write(driver, target.database, files, dry_run=False, replace=False)
                break
            except PaperFileError as error:  # a check against the graph: drop, write the rest
                files = _without(files, error, refused)
            except IngestInterrupted as error:
                raise interrupted(error, target.uri) from error
    bad = sorted({error.file for error in refused})
    if refused:
        for problem in refused[:MAX_ERRORS_SHOWN]:
            say(f"error {problem}")
        if len(refused) > MAX_ERRORS_SHOWN:
            say(f"... and {len(refused) - MAX_ERRORS_SHOWN} more like them.")
        say(f"{len(bad)} file(s) refused and skipped; the other {len(files)} are ingested.")
    _print(report, verbose=False)
    return bad


def _valid_alone(results: list[LoadResult], refused: list[PaperFileError]) -> list[PreparedFile]:
    """The files that pass every check short of the graph's, dropping a refused one at a
    time (a duplicate id refuses the later file, so the first is kept)."""
    from claimgraph.ingest.paper_file import PaperFileError
    from claimgraph.ingest.pipeline import prepare_loaded

    while True:
        try:
            return prepare_loaded(results)
        except PaperFileError as error:
            bad = {problem.file for problem in error.errors}
            kept = [result for result in results if result.path not in bad]
            if len(kept) == len(results):
                raise refuse_files(error) from error  # an error naming no file of the run
            refused.extend(error.errors)
            results = kept


def _without(
    files: list[PreparedFile], error: PaperFileError, refused: list[PaperFileError]
) -> list[PreparedFile]:
    bad = {problem.file for problem in error.errors}
    kept = [file for file in files if file.path not in bad]
    if len(kept) == len(files):
        raise refuse_files(error) from error
    refused.extend(error.errors)
    return kept


def _write(
    driver: Driver, database: str, files: list[PreparedFile], *, dry_run: bool, replace: bool
) -> IngestReport:
    from rich.progress import (
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from claimgraph.ingest.pipeline import ingest_prepared
    from claimgraph.schemas.ingest_report import FileReport

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,  # a log or a pipe gets the report, not frames
    ) as progress:
        # The files are known (and validated) before this starts, so the total is real from
        # the first frame; the graph checks of every file come before the first write.
        task = progress.add_task(
            f"checking {len(files)} file(s) against the graph", total=len(files)
        )

        def written(file: FileReport) -> None:
            done = progress.tasks[0].completed + 1
            what = (
                "recomputing the derived results"
                if done == len(files)
                else f"wrote {Path(file.file).name}"
            )
            progress.update(task, advance=1, description=what)

        return ingest_prepared(
            driver, database, files, dry_run=dry_run, replace=replace, on_file=written
        )


def _print(report: IngestReport, *, verbose: bool) -> None:
    from claimgraph.cli.ingest_report_view import replaced_lines, report_lines
    from claimgraph.cli.reconciliation_view import brief, summarize

    for line in [*report_lines(report, verbose=verbose), *replaced_lines(report)]:
        wrap(line)
    if report.reconciliation is not None:
        for line in (summarize if verbose else brief)(report.reconciliation):
            wrap(line)


def connect(settings: Settings) -> tuple[ConnectionTarget, Driver]:
    """The target and a driver Neo4j has answered on; one line and exit 1 if it does not."""
    from claimgraph.graph.connection import DatabaseUnreachable, open_checked_driver

    target = _target(settings)
    try:
        return target, open_checked_driver(target, where=_where(settings))
    except DatabaseUnreachable as error:
        raise fail(str(error)) from error


def _target(settings: Settings) -> ConnectionTarget:
    from claimgraph.graph.connection import resolve_target

    try:
        return resolve_target(settings)
    except ValueError as error:
        raise fail(str(error)) from error


def _where(settings: Settings) -> str:
    """How the address was chosen, and for the local server whether it runs."""
    if settings.uses_external_server:
        return "from NEO4J_URI"
    from claimgraph.graph.local_server import LocalServer

    status = LocalServer.from_settings(settings).status()
    state = f"running as pid {status.pid}" if status.pid is not None else "not running"
    return (
        f"the local server in {status.instance_dir}, {state}; `claimgraph neo4j start` "
        "or `claimgraph up` starts it"
    )


def interrupted(error: IngestInterrupted, uri: str) -> typer.Exit:
    """Say what is known of every file after the database went away, and exit 1."""
    say(f"error: {error.summary()} at {uri}")
    if error.written:
        say(f"  written ({len(error.written)}): {_names(error.written)}")
    if error.uncertain is not None:
        say(
            f"  unknown (1): {error.uncertain.name}: its commit was cut off, so it is either "
            "wholly written or not at all"
        )
    if error.not_written:
        say(f"  not written ({len(error.not_written)}): {_names(error.not_written)}")
    say("  the derived results were not recomputed: they are stale until the next ingest")
    say("Re-running the same ingest is safe: it writes only what is missing, then reconciles.")
    return typer.Exit(code=1)


def _names(paths: tuple[Path, ...], shown: int = 10) -> str:
    names = [path.name for path in paths[:shown]]
    more = f", and {len(paths) - shown} more" if len(paths) > shown else ""
    return ", ".join(names) + more


def reconcile(
    quantities: Annotated[
        list[str] | None,
        typer.Argument(
            help="Quantity ids to print the pools of [default: print every result]; the "
            "pass recomputes everything either way."
        ),
    ] = None,
) -> None:
    """Recompute consensus values, conflicts, flags and factor checks in the graph."""
    from claimgraph.graph.constraints import ensure_schema
    from claimgraph.graph.graph_state import read_state
    from claimgraph.graph.reconciliation_pass import run_reconciliation
    from claimgraph.graph.settings import Settings
    from claimgraph.ingest.pipeline import LOST_DATABASE
    from claimgraph.ingest.weighing import configured_derive

    target, driver = connect(Settings())
    with driver:
        ensure_schema(driver, target.database)
        if quantities:
            _check_quantities(driver, target.database, quantities)
        before = read_state(driver, target.database)
        try:
            result = run_reconciliation(driver, target.database, configured_derive())
        except LOST_DATABASE as error:
            raise fail(
                f"the connection to Neo4j at {target.uri} was lost during the pass "
                f"({type(error).__name__}); nothing of it was written: run it again"
            ) from error
    if quantities:
        from claimgraph.cli.reconciliation_view import derived_lines, quantity_lines

        for line in [
            *derived_lines(result),
            *(x for q in quantities for x in quantity_lines(result, q)),
        ]:
            wrap(line)
    else:
        print_reconciliation(result)
    if before.stale:
        say("Derived results were stale; they are now up to date.")


def _check_quantities(driver: Driver, database: str, asked: list[str]) -> None:
    """Exit 1 naming each id that measures nothing in the graph (and the one meant)."""
    from claimgraph.graph.reconcile_reads import claims
    from claimgraph.ingest.suggestions import did_you_mean

    with driver.session(database=database) as session:
        _, known = session.execute_read(claims)
    unknown = [q for q in asked if q not in known]
    for quantity in unknown:
        hint = did_you_mean(quantity, known)
        say(f"error: no claim measures quantity {quantity!r}{'; ' + hint if hint else ''}")
    if unknown:
        raise typer.Exit(code=1)


def print_reconciliation(result: ReconciliationResult) -> None:
    from claimgraph.cli.reconciliation_view import summarize

    for line in summarize(result):
        wrap(line)
