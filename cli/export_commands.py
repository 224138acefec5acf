"""`claimgraph export claims|consensus|graph`: the API's exports (api.exports), to a file."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from claimgraph.cli.console import say


class ExportKind(StrEnum):
    CLAIMS = "claims"
    CONSENSUS = "consensus"
    GRAPH = "graph"


async def _render(kind: ExportKind) -> str:
    import json

    from claimgraph.api.exports import claims_csv, consensus_csv, graph_jsonld, read_export_data
    from claimgraph.graph.connection import open_async_driver, resolve_target
    from claimgraph.graph.read_runner import Reader, RoundTrips
    from claimgraph.graph.settings import Settings

    settings = Settings()
    target = resolve_target(settings)
    async with open_async_driver(target) as driver:
        reader = Reader(driver, target.database, settings.query_timeout_seconds, RoundTrips())
        data = await read_export_data(reader)
    if kind is ExportKind.CLAIMS:
        return claims_csv(data)
    if kind is ExportKind.CONSENSUS:
        return consensus_csv(data)
    return json.dumps(graph_jsonld(data), indent=2) + "\n"


def export(
    kind: Annotated[
        ExportKind,
        typer.Argument(
            help="claims (CSV, as stated and normalized), consensus (CSV, pooled values) or "
            "graph (JSON-LD of sources, claims and critiques)."
        ),
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
) -> None:
    """Export claims or consensus values as CSV, or the graph as schema.org JSON-LD."""
    import asyncio

    text = asyncio.run(_render(kind))
    if output is None:
        typer.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    say(f"wrote {output}")
