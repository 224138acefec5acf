"""`claimgraph neo4j provision|start|stop|status`: the local server (graph.local_server)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from claimgraph.cli.console import console

if TYPE_CHECKING:
    from claimgraph.graph.local_server import LocalServer

neo4j_app = typer.Typer(
    help="The locally provisioned Neo4j server.", no_args_is_help=True, rich_markup_mode=None
)

STARTING = "starting Neo4j (first run downloads it from Maven Central)"


def _local_server() -> LocalServer:
    from claimgraph.graph.local_server import LocalServer
    from claimgraph.graph.settings import Settings

    settings = Settings()
    if settings.uses_external_server:
        console.print(f"NEO4J_URI is set ({settings.neo4j_uri}): nothing local to manage.")
        raise typer.Exit(code=0)
    return LocalServer.from_settings(settings)


@neo4j_app.command("provision")
def neo4j_provision() -> None:
    """Download the Neo4j server and Browser jars from Maven Central (once)."""
    from claimgraph.graph.distribution import ensure_distribution
    from claimgraph.graph.settings import Settings

    lib = ensure_distribution(Settings().distribution_dir)
    console.print(f"Neo4j jars ready in {lib}")


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Start the local server, or find the one already running."""
    server = _local_server()
    with console.status(STARTING):
        status = server.start()
    console.print(status.describe())


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the local server cleanly."""
    console.print("Neo4j stopped" if _local_server().stop() else "Neo4j was not running")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Say whether the local server runs; exit code 1 when it does not."""
    status = _local_server().status()
    console.print(status.describe())
    if not status.running:
        raise typer.Exit(code=1)
