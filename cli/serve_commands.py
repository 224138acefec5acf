"""`claimgraph serve` and `claimgraph up` (the README's main job)."""

from typing import Annotated

import typer

from claimgraph.cli.console import console
from claimgraph.cli.ingest_commands import ingest_into
from claimgraph.cli.neo4j_commands import STARTING
from claimgraph.cli.web_commands import provision_or_warn


def serve(
    host: Annotated[str | None, typer.Option(help="Listen address.")] = None,
    port: Annotated[int | None, typer.Option(help="Listen port.")] = None,
    workers: Annotated[
        int | None,
        typer.Option(help="Worker processes (default CLAIMGRAPH_API_WORKERS, else one per core)."),
    ] = None,
) -> None:
    """Serve the API (GraphQL at /graphql, probes at /health and /ready)."""
    import uvicorn

    from claimgraph.api.settings import ApiSettings
    from claimgraph.graph.settings import Settings

    settings = Settings()
    uvicorn.run(
        "claimgraph.api.app:create_app",
        factory=True,
        host=host or settings.api_host,
        port=port or settings.api_port,
        workers=workers or ApiSettings().worker_count(),
    )


def up(
    host: Annotated[str | None, typer.Option(help="Listen address.")] = None,
    port: Annotated[int | None, typer.Option(help="Listen port.")] = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes.")] = None,
) -> None:
    """The main job: Neo4j up (provisioned if needed), corpus ingested, API serving."""
    from claimgraph.graph.local_server import LocalServer
    from claimgraph.graph.settings import Settings
    from claimgraph.ingest.paper_file import CORPUS_DIR

    settings = Settings()
    if not settings.uses_external_server:
        with console.status(STARTING):
            status = LocalServer.from_settings(settings).start()
        console.print(status.describe())
    ingest_into(settings, [CORPUS_DIR], dry_run=False)
    provision_or_warn()
    serve(host=host, port=port, workers=workers)
