"""The API under load, beside raw Cypher reading the same data, in one run.

`python -m bench.api` starts a throwaway local Neo4j, writes a synthetic graph of
100,000 claims (`bench.synthetic`) and reconciles it, starts the API as a real HTTP
server (uvicorn on loopback) twice, with the response cache off and on, and measures:

- the nested query (100 claims, each with source, evidence, critiques and each critique's
  source) through HTTP, against one raw Cypher query fetching the same data through the
  driver, medians of repeated runs;
- the reconciliation of one quantity, the same way;
- a load run per server: CONCURRENCY clients on loopback sending the nested query for a
  bounded time, reporting requests/s and p50/p99 latency.

With the cache off every request is executed; with it on, a repeated request costs the
revision probe (one trivial Neo4j read) and the copy of the stored answer.

Targets: the nested query within 2x of raw Cypher; p99 under 100 ms at 50 clients.
Everything runs on the same machine (server, database and clients share its cores), and
times are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import aiohttp
import httpx
from neo4j import Driver
from rich.console import Console
from rich.table import Table

from bench.scratch import empty_database, throwaway_neo4j, write_baseline
from bench.synthetic import corpus_rows, quantity_id
from claimgraph.graph.connection import ConnectionTarget, open_driver
from claimgraph.graph.constraints import ensure_schema
from claimgraph.graph.processes import free_port
from claimgraph.graph.reconciliation_pass import run_reconciliation
from claimgraph.reconcile.derive import derive

CLAIMS_PER_SOURCE: Final = 100

NESTED: Final = """{ claims(first: 100) { edges { node { id statement
  source { id title } evidence { id summary }
  critiques { id kind summary source { id title } } } } } }"""

RAW_NESTED: Final = """
MATCH (c:Claim) WITH c ORDER BY c.id LIMIT 100
MATCH (s:Source {id: c.source_id})
CALL { WITH c OPTIONAL MATCH (c)-[:SUPPORTED_BY]->(e:Evidence)
       RETURN collect(e {.id, .summary}) AS evidence }
CALL { WITH c OPTIONAL MATCH (k:Critique)-[:TARGETS]->(c)
       OPTIONAL MATCH (ks:Source)-[:MAKES]->(k)
       RETURN collect(k {.id, .kind, .summary, source: ks {.id, .title}}) AS critiques }
RETURN c.id AS id, c.statement AS statement, s {.id, .title} AS source, evidence, critiques
ORDER BY id
"""
"""The same 100 claims and the same fields, as one hand-written query."""

RECONCILIATION: Final = """query($id: ID!) { quantity(id: $id) { id reconciliation {
  r rLow rHigh tau2 i2 q k method leftOut { claimId reason detail } } } }"""

RAW_RECONCILIATION: Final = """
MATCH (c:Consensus)-[:SUMMARIZES]->(:Quantity {id: $id})
OPTIONAL MATCH (c)-[l:LEAVES_OUT]->(x:Claim)
RETURN c {.*} AS consensus, collect({claim: x.id, reason: l.reason, detail: l.detail}) AS left
"""


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    action()  # warm
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@contextmanager
def api_server(target: ConnectionTarget, *, cache: bool, workers: int = 1) -> Iterator[str]:
    """The API as a uvicorn child process pointed at `target`; yields its base URL."""
    port = free_port()
    env = {
        **os.environ,
        "NEO4J_URI": target.uri,
        "NEO4J_USER": target.user,
        "NEO4J_PASSWORD": target.password,
        "NEO4J_DATABASE": target.database,
        "CLAIMGRAPH_API_CACHE_MB": "64" if cache else "0",
        "CLAIMGRAPH_API_DEBUG": "false",
    }
    command = [
        sys.executable, "-m", "uvicorn", "claimgraph.api.app:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log",
        "--workers", str(workers),
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "/ready", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        else:
            raise RuntimeError("the API did not become ready within 60 s")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def graphql(client: httpx.Client, query: str, variables: dict[str, Any] | None = None) -> Any:
    response = client.post("/graphql", json={"query": query, "variables": variables or {}})
    body = response.json()
    if response.status_code != 200 or body.get("errors"):
        raise RuntimeError(f"GraphQL error: {body}")
    return body["data"]


def raw(driver: Driver, database: str, query: str, **params: Any) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(query, params, database_=database)
    return [record.data() for record in records]


async def load_run(base: str, clients: int, seconds: float) -> tuple[int, list[float], int]:
    """`clients` loops sending NESTED until `seconds` pass; (done, latencies, failures).

    aiohttp drives the load: httpx's async pool, tried first, topped out near 200
    requests/s even on /health here, so it measured itself rather than the server.
    """
    latencies: list[float] = []
    failures = 0
    deadline = time.monotonic() + seconds
    connector = aiohttp.TCPConnector(limit=clients)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(base, connector=connector, timeout=timeout) as session:

        async def one_client() -> None:
            nonlocal failures
            while time.monotonic() < deadline:
                start = time.perf_counter()
                async with session.post("/graphql", json={"query": NESTED}) as response:
                    body = await response.json()
                if response.status == 200 and "errors" not in body:
                    latencies.append(time.perf_counter() - start)
                else:
                    failures += 1

        await asyncio.gather(*(one_client() for _ in range(clients)))
    return len(latencies), latencies, failures


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


@dataclass(frozen=True)
class ServerFigures:
    """One API server's medians and load run."""

    label: str
    nested_s: float
    reconciliation_s: float
    done: int
    latencies: list[float]
    failures: int


def measure_server(
    base: str, label: str, expected_ids: list[str], quantity: str, args: argparse.Namespace
) -> ServerFigures:
    with httpx.Client(base_url=base, timeout=60) as client:
        api_rows = graphql(client, NESTED)["claims"]["edges"]
        assert [edge["node"]["id"] for edge in api_rows] == expected_ids
        nested = median_seconds(lambda: graphql(client, NESTED), args.repeat)
        variables = {"id": quantity}
        reconciliation = median_seconds(
            lambda: graphql(client, RECONCILIATION, variables), args.repeat
        )
    done, latencies, failures = asyncio.run(load_run(base, args.clients, args.seconds))
    return ServerFigures(label, nested, reconciliation, done, latencies, failures)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.api", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    args = parser.parse_args(argv)
    console = Console()
    sources = max(1, args.claims // CLAIMS_PER_SOURCE)
    servers: list[ServerFigures] = []
    with (
        tempfile.TemporaryDirectory(prefix="claimgraph-bench-") as scratch,
        throwaway_neo4j(Path(scratch)) as target,
        open_driver(target) as driver,
    ):
        db = target.database
        empty_database(driver, db)
        ensure_schema(driver, db)
        console.print(f"writing {sources * CLAIMS_PER_SOURCE:,} synthetic claims and reconciling")
        write_baseline(driver, db, corpus_rows(sources, CLAIMS_PER_SOURCE), 10_000, lambda _: None)
        run_reconciliation(driver, db, derive)
        quantity = quantity_id(0)
        expected_ids = [row["id"] for row in raw(driver, db, RAW_NESTED)]
        nested_raw = median_seconds(lambda: raw(driver, db, RAW_NESTED), args.repeat)
        rec_raw = median_seconds(
            lambda: raw(driver, db, RAW_RECONCILIATION, id=quantity), args.repeat
        )
        for cache, label in ((False, "cache off"), (True, "cache on")):
            console.print(f"{label}: medians, then {args.clients} clients for {args.seconds:.0f} s")
            with api_server(target, cache=cache, workers=args.workers) as base:
                servers.append(measure_server(base, label, expected_ids, quantity, args))
    _print_figures(console, servers, nested_raw, rec_raw, args)
    return 0


def _print_figures(
    console: Console,
    servers: Sequence[ServerFigures],
    nested_raw: float,
    rec_raw: float,
    args: argparse.Namespace,
) -> None:
    table = Table(title=f"API vs raw Cypher, {args.claims:,} claims, {args.workers} worker(s)")
    for column in ("request", "server", "API (HTTP) ms", "raw Cypher ms", "ratio"):
        table.add_column(column, justify="left" if column in ("request", "server") else "right")
    for figures in servers:
        for name, api_s, raw_s in (
            ("nested query, 100 claims", figures.nested_s, nested_raw),
            ("reconciliation of one quantity", figures.reconciliation_s, rec_raw),
        ):
            table.add_row(
                name,
                figures.label,
                f"{api_s * 1000:.1f}",
                f"{raw_s * 1000:.1f}",
                f"{api_s / raw_s:.2f}",
            )
    console.print(table)
    for figures in servers:
        if not figures.latencies:
            console.print(f"load, {figures.label}: no request succeeded")
            continue
        console.print(
            f"load, {figures.label}: {figures.done / args.seconds:.1f} requests/s, p50 "
            f"{percentile(figures.latencies, 0.5) * 1000:.0f} ms, p99 "
            f"{percentile(figures.latencies, 0.99) * 1000:.0f} ms, {figures.failures} failed "
            f"({args.clients} clients, {args.seconds:.0f} s)"
        )


if __name__ == "__main__":
    sys.exit(main())
