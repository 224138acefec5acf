"""`claimgraph`: one command with subcommands, each a thin call into its package."""

from typing import Annotated

import typer
import uvicorn
from rich.console import Console

from graph.connection import open_driver, resolve_target
from graph.constraints import ensure_schema
from graph.distribution import ensure_distribution
from graph.local_server import LocalServer
from graph.settings import Settings

app = typer.Typer(
    help="Track quantitative claims about AI progress in a Neo4j graph.", no_args_is_help=True
)
neo4j_app = typer.Typer(help="The locally provisioned Neo4j server.", no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")
console = Console(stderr=True)


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
def serve(
    host: Annotated[str | None, typer.Option(help="Listen address.")] = None,
    port: Annotated[int | None, typer.Option(help="Listen port.")] = None,
) -> None:
    """Serve the API (GraphQL at /graphql, probes at /health and /ready)."""
    settings = Settings()
    uvicorn.run(
        "api.app:create_app",
        factory=True,
        host=host or settings.api_host,
        port=port or settings.api_port,
    )


@app.command()
def up(
    host: Annotated[str | None, typer.Option(help="Listen address.")] = None,
    port: Annotated[int | None, typer.Option(help="Listen port.")] = None,
) -> None:
    """The main job: Neo4j up (provisioned if needed), schema in place, API serving."""
    settings = Settings()
    if not settings.uses_external_server:
        with console.status("starting Neo4j (first run downloads it from Maven Central)"):
            status = LocalServer.from_settings(settings).start()
        console.print(status.describe())
    target = resolve_target(settings)
    with open_driver(target) as driver:
        ensure_schema(driver, target.database)
    serve(host=host, port=port)
