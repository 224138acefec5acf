"""Report pages against the raw reads behind them, on the shipped corpus.

For the index and each quantity's page: the page through the API with the page cache
off (every request reads and draws) and on (drawn once per graph revision), against
the baseline measured in the same run, the same Cypher reads sent straight through the
async driver in the same two gathered rounds, with no HTTP, no models and no drawing.
Sequential single requests on one kept-alive connection; medians of `--repeat`.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, LiteralString

import httpx
from neo4j import READ_ACCESS
from rich.console import Console
from rich.table import Table

from bench.api import claimgraph_server
from bench.scratch import throwaway_neo4j
from claimgraph.graph import read_queries as rq
from claimgraph.graph import report_queries
from claimgraph.graph.connection import ConnectionTarget, open_async_driver, open_driver
from claimgraph.graph.constraints import ensure_schema
from claimgraph.ingest.paper_file import CORPUS_DIR
from claimgraph.ingest.pipeline import ingest_paths

Timed = Callable[[], Awaitable[object]]


async def _median_ms(call: Timed, repeat: int) -> float:
    await call()  # warm: connections, plans, imports, the first draw
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        await call()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def _raw_reads(
    target: ConnectionTarget,
) -> tuple[Callable[[str], Timed], Timed, Callable[[], Awaitable[None]]]:
    """The page reads as bare driver calls: per quantity, and for the index."""
    driver = open_async_driver(target)
    db = target.database

    async def rows(query: LiteralString, **params: Any) -> list[dict[str, Any]]:
        # a read in its own auto-commit session, as a specialist would send it (and as the
        # API's reader does): no bookmark waits, no retry wrapper
        async with driver.session(database=db, default_access_mode=READ_ACCESS) as session:
            result = await session.run(query, params)
            records = [record async for record in result]
        return [record.data() for record in records]

    def quantity(quantity_id: str) -> Timed:
        async def reads() -> object:
            ids = [quantity_id]
            claims: list[dict[str, Any]]
            _, _, claims, _, _ = await asyncio.gather(
                rows(rq.QUANTITIES_BY_ID, ids=ids),
                rows(rq.CONSENSUS_BY_QUANTITY, ids=ids),
                rows(rq.CLAIMS_BY_QUANTITY, ids=ids),
                rows(rq.CONFLICTS_BY_QUANTITY, ids=ids),
                rows(report_queries.DEVIATIONS_BY_QUANTITY, ids=ids),
            )
            claim_ids = [row["props"]["id"] for row in claims]
            return await asyncio.gather(
                rows(rq.SOURCES_BY_ID, ids=sorted({row["props"]["source_id"] for row in claims})),
                rows(rq.CRITIQUES_BY_TARGET, ids=claim_ids),
                rows(rq.FLAGS_BY_CLAIM, ids=claim_ids),
            )

        return reads

    async def index() -> object:
        quantities = await rows(rq.ALL_QUANTITIES)
        ids = [row["key"] for row in quantities]
        return await asyncio.gather(
            rows(report_queries.CLAIM_COUNTS, ids=ids), rows(rq.CONSENSUS_BY_QUANTITY, ids=ids)
        )

    return quantity, index, driver.close


async def _measure(
    target: ConnectionTarget, urls: dict[str, str], pages: Sequence[str], repeat: int
) -> list[tuple[str, float, dict[str, float]]]:
    by_quantity, index_reads, close = _raw_reads(target)
    out = []
    try:
        async with httpx.AsyncClient(timeout=120) as client:
            for page in pages:
                quantity = page.removeprefix("/report").strip("/")
                raw = await _median_ms(by_quantity(quantity) if quantity else index_reads, repeat)
                served = {}
                for name, url in urls.items():

                    async def get(address: str = url + page) -> object:
                        response = await client.get(address)
                        response.raise_for_status()
                        return response

                    served[name] = await _median_ms(get, repeat)
                out.append((page, raw, served))
    finally:
        await close()
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.report_pages", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument("--repeat", type=int, default=15, help="requests per page and setting")
    args = parser.parse_args(argv)
    console = Console(width=160)
    with (
        tempfile.TemporaryDirectory(prefix="claimgraph-bench-") as scratch,
        throwaway_neo4j(Path(scratch)) as target,
    ):
        with open_driver(target) as driver:
            ensure_schema(driver, target.database)
            ingest_paths(driver, target.database, [CORPUS_DIR])
            found, _, _ = driver.execute_query(
                "MATCH (c:Claim) RETURN DISTINCT c.quantity_id AS id ORDER BY id",
                database_=target.database,
            )
        pages = ["/report", *(f"/report/{record['id']}" for record in found)]
        with (
            claimgraph_server(target, cache=False, workers=1) as (_, off_url),
            claimgraph_server(target, cache=True, workers=1) as (_, on_url),
        ):
            urls = {"drawn each time": off_url, "page cache": on_url}
            results = asyncio.run(_measure(target, urls, pages, args.repeat))
    table = Table(title=f"report pages, median of {args.repeat} sequential requests (ms)")
    for column in ("page", "raw reads", *(f"{n}" for n in urls), *(f"{n} / raw" for n in urls)):
        table.add_column(column, justify="left" if column == "page" else "right", no_wrap=True)
    for page, raw, served in results:
        ratios = [f"{served[n] / raw:.1f}×" for n in urls]
        table.add_row(page, f"{raw:.1f}", *(f"{served[n]:.1f}" for n in urls), *ratios)
    console.print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
