"""`claimgraph ingest` and `claimgraph reconcile`: paper files into the graph, derived results."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from claimgraph.cli.console import console, refuse_files, say

if TYPE_CHECKING:
    from claimgraph.graph.settings import Settings
    from claimgraph.schemas.reconciliation import ReconciliationResult


def ingest(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Paper files or folders of them [default: the shipped corpus]."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Validate and report; write nothing.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every created/updated/removed id.")
    ] = False,
) -> None:
    """Load paper files into the graph: one transaction per file, only what changed."""
    from claimgraph.graph.settings import Settings
    from claimgraph.ingest.paper_file import CORPUS_DIR

    ingest_into(Settings(), paths or [CORPUS_DIR], dry_run=dry_run, verbose=verbose)


def ingest_into(
    settings: Settings, paths: list[Path], *, dry_run: bool, verbose: bool = False
) -> None:
    """`ingest` for the given settings (also the second step of `up`)."""
    from rich.progress import (
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from claimgraph.cli.ingest_report_view import print_report
    from claimgraph.graph.connection import open_driver, resolve_target
    from claimgraph.graph.constraints import ensure_schema
    from claimgraph.ingest.paper_file import PaperFileError
    from claimgraph.ingest.pipeline import ingest_paths
    from claimgraph.schemas.ingest_report import FileReport

    target = resolve_target(settings)
    with open_driver(target) as driver:
        ensure_schema(driver, target.database)
        try:
            with Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            ) as progress:
                task = progress.add_task("checking files", total=None)

                def written(file: FileReport) -> None:
                    progress.update(task, advance=1, description=f"wrote {Path(file.file).name}")

                report = ingest_paths(
                    driver, target.database, paths, dry_run=dry_run, on_file=written
                )
        except PaperFileError as error:
            raise refuse_files(error) from error
    print_report(console, report, verbose=verbose)
    if report.reconciliation is not None:
        print_reconciliation(report.reconciliation)


def reconcile() -> None:
    """Recompute consensus values, conflicts, flags and factor checks in the graph."""
    from claimgraph.graph.connection import open_driver, resolve_target
    from claimgraph.graph.constraints import ensure_schema
    from claimgraph.graph.reconciliation_pass import run_reconciliation
    from claimgraph.graph.settings import Settings
    from claimgraph.reconcile.derive import derive

    target = resolve_target(Settings())
    with open_driver(target) as driver:
        ensure_schema(driver, target.database)
        print_reconciliation(run_reconciliation(driver, target.database, derive))


def print_reconciliation(result: ReconciliationResult) -> None:
    from claimgraph.cli.reconciliation_view import summarize

    for line in summarize(result):
        say(line)
