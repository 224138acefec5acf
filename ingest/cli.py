"""`claimgraph`: one command with subcommands, each a thin call into its package."""

from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from rich.console import Console
from rich.progress import (
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from claimgraph.graph.connection import open_driver, resolve_target
from claimgraph.graph.constraints import ensure_schema
from claimgraph.graph.distribution import ensure_distribution
from claimgraph.graph.local_server import LocalServer
from claimgraph.graph.settings import Settings
from claimgraph.ingest.extract.draft import draft_paper_file
from claimgraph.ingest.extract.recall import measure_recall
from claimgraph.ingest.paper_file import CORPUS_DIR, PaperFileError
from claimgraph.ingest.pipeline import ingest_paths
from claimgraph.ingest.reconcile_pass import reconcile_graph, summarize
from claimgraph.ingest.report_view import print_report
from claimgraph.schemas.ingest_report import FileReport
from claimgraph.schemas.reconciliation import ReconciliationResult

app = typer.Typer(
    help="Track quantitative claims about AI progress in a Neo4j graph.", no_args_is_help=True
)
neo4j_app = typer.Typer(help="The locally provisioned Neo4j server.", no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")
console = Console(stderr=True)
MAX_ERRORS_SHOWN = 25
"""Errors listed in full; a run with thousands (a wrong folder) shows the first ones."""


def _local_server(settings: Settings) -> LocalServer:
    if settings.uses_external_server:
        console.print(f"NEO4J_URI is set ({settings.neo4j_uri}): nothing local to manage.")
        raise typer.Exit(code=0)
    return LocalServer.from_settings(settings)


@neo4j_app.command("provision")
def neo4j_provision() -> None:
    """Download the Neo4j server and Browser jars from Maven Central (once)."""
    settings = Settings()
    lib = ensure_distribution(settings.distribution_dir)
    console.print(f"Neo4j jars ready in {lib}")


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Start the local server, or find the one already running."""
    server = _local_server(Settings())
    with console.status("starting Neo4j (first run downloads it from Maven Central)"):
        status = server.start()
    console.print(status.describe())


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the local server cleanly."""
    server = _local_server(Settings())
    console.print("Neo4j stopped" if server.stop() else "Neo4j was not running")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Say whether the local server runs; exit code 1 when it does not."""
    status = _local_server(Settings()).status()
    console.print(status.describe())
    if not status.running:
        raise typer.Exit(code=1)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Paper files or folders of them.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Validate and report; write nothing.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every created/updated/removed id.")
    ] = False,
) -> None:
    """Load paper files into the graph: one transaction per file, only what changed."""
    _ingest(Settings(), paths, dry_run=dry_run, verbose=verbose)


def _ingest(settings: Settings, paths: list[Path], *, dry_run: bool, verbose: bool = False) -> None:
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
            for problem in error.errors[:MAX_ERRORS_SHOWN]:
                console.print(f"error {problem}", highlight=False, markup=False, soft_wrap=True)
            hidden = len(error.errors) - MAX_ERRORS_SHOWN
            if hidden > 0:
                console.print(f"... and {hidden} more like them.")
            console.print(f"{len(error.errors)} error(s); nothing was written.")
            raise typer.Exit(code=1) from error
    print_report(console, report, verbose=verbose)
    if report.reconciliation is not None:
        _print_reconciliation(report.reconciliation)


@app.command()
def extract(
    text_file: Annotated[
        Path | None, typer.Argument(help="Plain text of a source to draft a paper file from.")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the draft here, not to stdout.")
    ] = None,
    recall: Annotated[
        bool, typer.Option("--recall", help="Measure recall on the seeds against corpus/.")
    ] = False,
) -> None:
    """Draft a paper file from text: every growth or efficiency figure with its span."""
    if recall:
        print(measure_recall().table())
        return
    if text_file is None:
        raise typer.BadParameter("give a text file, or --recall")
    draft = draft_paper_file(text_file)
    if output is None:
        print(draft, end="")
    else:
        output.write_text(draft, encoding="utf-8")
        console.print(f"Draft written to {output}: fill the TODO fields, then ingest --dry-run it.")


@app.command()
def reconcile() -> None:
    """Recompute consensus values, conflicts, flags and factor checks in the graph."""
    target = resolve_target(Settings())
    with open_driver(target) as driver:
        ensure_schema(driver, target.database)
        _print_reconciliation(reconcile_graph(driver, target.database))


def _print_reconciliation(result: ReconciliationResult) -> None:
    for line in summarize(result):
        console.print(line, highlight=False, markup=False, soft_wrap=True)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Listen address.")] = None,
    port: Annotated[int | None, typer.Option(help="Listen port.")] = None,
) -> None:
    """Serve the API (GraphQL at /graphql, probes at /health and /ready)."""
    settings = Settings()
    uvicorn.run(
        "claimgraph.api.app:create_app",
        factory=True,
        host=host or settings.api_host,
        port=port or settings.api_port,
    )


@app.command()
def up(
    host: Annotated[str | None, typer.Option(help="Listen address.")] = None,
    port: Annotated[int | None, typer.Option(help="Listen port.")] = None,
) -> None:
    """The main job: Neo4j up (provisioned if needed), corpus ingested, API serving."""
    settings = Settings()
    if not settings.uses_external_server:
        with console.status("starting Neo4j (first run downloads it from Maven Central)"):
            status = LocalServer.from_settings(settings).start()
        console.print(status.describe())
    _ingest(settings, [CORPUS_DIR], dry_run=False)
    serve(host=host, port=port)
