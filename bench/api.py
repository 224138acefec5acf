"""The nested query, uncached and cached, against @neo4j/graphql and raw Cypher, in one run.

`python -m bench.api` starts a throwaway local Neo4j, writes a synthetic graph of 100,000
claims (`bench.synthetic`), and serves it three ways at once: claimgraph with the response
cache off, claimgraph with it on (uvicorn, CLAIMGRAPH_API_WORKERS processes each), and
@neo4j/graphql 7 on Apollo Server (installed from npm, pinned, into the git-ignored
`.bench-node/`, with type definitions over the same labels and relationships). The
baseline is the best raw Cypher a Neo4j engineer would write: one index-ordered keyset
page through the Python driver. All answer the same nested question (100 claims with
source, evidence, critiques and each critique's source); before timing, the data of all
three is compared item by item.

Measured, interleaved (each round visits every system in turn, so a noisy neighbour on
this shared machine hits all alike):
- single requests at pages 1, 500 and 1,000 (of 100 claims each), medians;
- a bounded load of CLIENTS clients for SECONDS per round (autocannon, pinned, from the
  same npm folder; raw Cypher is driven by 50 asyncio tasks on the async driver), with
  varied pages for everything but the cached run (one fixed query), after measuring the
  load client itself on /health. CPU per request sums the server's processes (workers
  included) and, separately, the Neo4j JVM, from /proc.

Targets (issue figures, here only printed): uncached at 50 clients >= 1.5x the peer's
throughput with a lower p99; single requests within 2x of raw Cypher at every page and
the last page within 1.2x of the first; cached >= 5,000 req/s with p99 < 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import httpx
from neo4j import AsyncGraphDatabase, Driver
from rich.console import Console
from rich.table import Table

from bench.scratch import empty_database, throwaway_neo4j, write_baseline
from bench.synthetic import corpus_rows
from claimgraph.api.pagination import encode_cursor
from claimgraph.graph.claim_pages import ClaimOrderField
from claimgraph.graph.connection import ConnectionTarget, open_driver
from claimgraph.graph.constraints import ensure_schema
from claimgraph.graph.processes import free_port

CLAIMS_PER_SOURCE: Final = 100
PAGE: Final = 100
PAGES: Final = (1, 500, 1000)
NODE_DIR: Final = Path(__file__).resolve().parent.parent / ".bench-node"
PEER_DIR: Final = Path(__file__).resolve().parent / "peer"
NPM_PACKAGES: Final = (
    "@neo4j/graphql@7.6.3",
    "@apollo/server@5.5.1",
    "graphql@16.11.0",
    "neo4j-driver@5.28.1",
    "autocannon@9.0.0",
)

NESTED: Final = """query($after: String) { claims(first: 100, after: $after) { edges { node {
  id statement source { id title } evidence { id summary }
  critiques { id kind summary source { id title } } } } } }"""

PEER_NESTED: Final = """query($offset: Int) { claims(limit: 100, offset: $offset,
  sort: [{id: ASC}]) { id statement source { id title } evidence(sort: [{id: ASC}]) {
  id summary } critiques(sort: [{id: ASC}]) { id kind summary source { id title } } } }"""
"""The peer's own paging (its connection type collects every claim to count them, which
runs out of transaction memory on this graph)."""

RAW_NESTED: Final = """
MATCH (c:Claim) WHERE c.id > $after WITH c ORDER BY c.id LIMIT 100
RETURN c.id AS id, c.statement AS statement,
  [(c)<-[:MAKES]-(s:Source) | s {.id, .title}][0] AS source,
  COLLECT { MATCH (c)-[:SUPPORTED_BY]->(e:Evidence) WITH e ORDER BY e.id
            RETURN e {.id, .summary} } AS evidence,
  COLLECT { MATCH (c)<-[:TARGETS]-(k:Critique) WITH k ORDER BY k.id
            RETURN k {.id, .kind, .summary,
                      source: [(k)<-[:MAKES]-(ks:Source) | ks {.id, .title}][0]} } AS critiques
"""
"""One keyset page read in order from the id index, with its nested lists."""


@dataclass
class Figures:
    """One system's medians at each page and its load rounds."""

    name: str
    single: dict[int, list[float]] = field(default_factory=dict)
    rps: list[float] = field(default_factory=list)
    p50: list[float] = field(default_factory=list)
    p99: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)
    neo4j_ms: list[float] = field(default_factory=list)
    failures: int = 0


def cpu_seconds(pids: Sequence[int]) -> float:
    """utime + stime of the processes and all their descendants."""
    ticks = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = {}
    stats: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "stat").read_text()
        except OSError:
            continue
        fields_ = text[text.rindex(")") + 2 :].split()
        pid = int(entry.name)
        children.setdefault(int(fields_[1]), []).append(pid)
        stats[pid] = (int(fields_[11]) + int(fields_[12])) / ticks
    total, todo = 0.0, list(pids)
    while todo:
        pid = todo.pop()
        total += stats.get(pid, 0.0)
        todo.extend(children.get(pid, []))
    return total


def neo4j_pid(scratch: Path) -> int:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if b"java" in cmdline and str(scratch).encode() in cmdline:
                return int(entry.name)
    raise RuntimeError("the benchmark's Neo4j process was not found")


def install_peer(console: Console) -> None:
    """@neo4j/graphql, Apollo Server and autocannon, pinned, into .bench-node/ (once)."""
    stamp = NODE_DIR / ".installed"
    if stamp.exists() and stamp.read_text() == " ".join(NPM_PACKAGES):
        return
    console.print(f"installing {', '.join(NPM_PACKAGES)} into {NODE_DIR}")
    NODE_DIR.mkdir(exist_ok=True)
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(NODE_DIR), *NPM_PACKAGES],
        check=True,
        capture_output=True,
    )
    stamp.write_text(" ".join(NPM_PACKAGES))


def _wait_for(url: str, what: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{what} did not answer within 120 s")


@contextmanager
def claimgraph_server(target: ConnectionTarget, *, cache: bool, workers: int) -> Iterator[Any]:
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
    try:
        _wait_for(f"http://127.0.0.1:{port}/ready", "the claimgraph API")
        yield process, f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextmanager
def peer_server(target: ConnectionTarget) -> Iterator[Any]:
    port = free_port()
    env = {**os.environ, "NODE_PATH": str(NODE_DIR / "node_modules")}
    script = NODE_DIR / "server.mjs"
    script.write_text((PEER_DIR / "server.mjs").read_text())
    command = ["node", str(script), str(port), target.uri, target.user, target.password]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    try:
        _wait_for(f"http://127.0.0.1:{port}/?query=%7B__typename%7D", "@neo4j/graphql")
        yield process, f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=30)


def autocannon(url: str, bodies: Sequence[str], clients: int, seconds: float) -> dict[str, Any]:
    script = NODE_DIR / "load.mjs"
    script.write_text((PEER_DIR / "load.mjs").read_text())
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(list(bodies), handle)
    try:
        out = subprocess.run(
            ["node", str(script), url, str(clients), str(int(seconds)), handle.name],
            check=True,
            capture_output=True,
            text=True,
        )
    finally:
        os.unlink(handle.name)
    figures: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return figures


async def raw_load(
    target: ConnectionTarget, afters: Sequence[str], clients: int, seconds: float
) -> dict[str, Any]:
    latencies: list[float] = []
    deadline = time.monotonic() + seconds
    async with AsyncGraphDatabase.driver(target.uri, auth=target.auth) as driver:

        async def one_client(index: int) -> None:
            step = index
            while time.monotonic() < deadline:
                start = time.perf_counter()
                await driver.execute_query(
                    RAW_NESTED, after=afters[step % len(afters)], database_=target.database
                )
                latencies.append(time.perf_counter() - start)
                step += clients

        await asyncio.gather(*(one_client(i) for i in range(clients)))
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "seconds": seconds,
        "p50": ordered[len(ordered) // 2] * 1000,
        "p99": ordered[int(0.99 * len(ordered))] * 1000,
        "non2xx": 0,
        "errors": 0,
    }


def _norm_ours(data: Any) -> list[Any]:
    out = []
    for edge in data["claims"]["edges"]:
        node = edge["node"]
        critiques = [{**k, "kind": k["kind"].lower()} for k in node["critiques"]]
        out.append({**node, "critiques": critiques})
    return out


def _norm_peer(data: Any) -> list[Any]:
    out = []
    for claim in data["claims"]:
        critiques = [{**k, "source": (k["source"] or [None])[0]} for k in claim["critiques"]]
        out.append({**claim, "source": (claim["source"] or [None])[0], "critiques": critiques})
    return out


def _norm_raw(rows: list[dict[str, Any]]) -> list[Any]:
    return [dict(row) for row in rows]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.api", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=9, help="single requests per page")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0, help="per load round")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved load rounds")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    console = Console()
    install_peer(console)
    sources = max(1, args.claims // CLAIMS_PER_SOURCE)
    with (
        tempfile.TemporaryDirectory(prefix="claimgraph-bench-") as scratch,
        throwaway_neo4j(Path(scratch)) as target,
        open_driver(target) as driver,
    ):
        db = target.database
        empty_database(driver, db)
        ensure_schema(driver, db)
        console.print(f"writing {sources * CLAIMS_PER_SOURCE:,} synthetic claims")
        write_baseline(driver, db, corpus_rows(sources, CLAIMS_PER_SOURCE), 10_000, lambda _: None)
        jvm = neo4j_pid(Path(scratch))
        with (
            claimgraph_server(target, cache=False, workers=args.workers) as (off_p, off_url),
            claimgraph_server(target, cache=True, workers=args.workers) as (on_p, on_url),
            peer_server(target) as (peer_p, peer_url),
        ):
            run(
                console,
                args,
                driver,
                db,
                target,
                jvm,
                off_p,
                off_url,
                on_p,
                on_url,
                peer_p,
                peer_url,
            )
    return 0


def run(
    console: Console,
    args: argparse.Namespace,
    driver: Driver,
    db: str,
    target: ConnectionTarget,
    jvm: int,
    off_p: Any,
    off_url: str,
    on_p: Any,
    on_url: str,
    peer_p: Any,
    peer_url: str,
) -> None:
    ids = [r["id"] for r in driver.execute_query(
        "MATCH (c:Claim) WHERE c.id IS NOT NULL RETURN c.id AS id ORDER BY id", database_=db
    ).records]  # fmt: skip
    pages = [p for p in PAGES if (p - 1) * PAGE < len(ids)]
    last_page = (len(ids) - 1) // PAGE + 1

    def after_id(page: int) -> str:
        return "" if page == 1 else ids[(page - 1) * PAGE - 1]

    def ours_body(page: int) -> str:
        after = (
            None if page == 1 else encode_cursor(ClaimOrderField.ID, after_id(page), after_id(page))
        )
        return json.dumps({"query": NESTED, "variables": {"after": after}})

    def peer_body(page: int) -> str:
        return json.dumps({"query": PEER_NESTED, "variables": {"offset": (page - 1) * PAGE}})

    http = httpx.Client(timeout=120, headers={"content-type": "application/json"})

    def ours(url: str, page: int) -> Any:
        body = http.post(url + "/graphql", content=ours_body(page)).json()
        assert "errors" not in body, body
        return body["data"]

    def peer(page: int) -> Any:
        body = http.post(peer_url, content=peer_body(page)).json()
        assert "errors" not in body, body
        return body["data"]

    def raw(page: int) -> list[dict[str, Any]]:
        records, _, _ = driver.execute_query(RAW_NESTED, after=after_id(page), database_=db)
        return [record.data() for record in records]

    for page in pages:
        expected = _norm_raw(raw(page))
        assert _norm_ours(ours(off_url, page)) == expected, f"claimgraph differs at page {page}"
        assert _norm_peer(peer(page)) == expected, f"@neo4j/graphql differs at page {page}"
    console.print(f"same data from all three at pages {pages}")

    systems: dict[str, Callable[[int], object]] = {
        "raw Cypher": raw,
        "claimgraph, cache off": lambda p: ours(off_url, p),
        "claimgraph, cache on": lambda p: ours(on_url, p),
        "@neo4j/graphql": peer,
    }
    figures = {name: Figures(name) for name in systems}
    for page in pages:
        for call in systems.values():
            call(page)  # warm
    for _ in range(args.repeat):
        for page in pages:
            for name, call in systems.items():
                start = time.perf_counter()
                call(page)
                figures[name].single.setdefault(page, []).append(time.perf_counter() - start)

    health = autocannon(off_url + "/health", [], args.clients, args.seconds)
    console.print(
        f"load client on /health: {health['requests'] / health['seconds']:,.0f} req/s, "
        f"p99 {health['p99']:.0f} ms"
    )
    rng = random.Random(13)
    varied = [rng.randint(1, last_page) for _ in range(500)]
    afters = [after_id(p) for p in varied]
    loads: dict[str, tuple[Callable[[], dict[str, Any]], list[int]]] = {
        "raw Cypher": (
            lambda: asyncio.run(raw_load(target, afters, args.clients, args.seconds)),
            [os.getpid()],
        ),
        "claimgraph, cache off": (
            lambda: autocannon(
                off_url + "/graphql", [ours_body(p) for p in varied], args.clients, args.seconds
            ),
            [off_p.pid],
        ),
        "claimgraph, cache on": (
            lambda: autocannon(on_url + "/graphql", [ours_body(1)], args.clients, args.seconds),
            [on_p.pid],
        ),
        "@neo4j/graphql": (
            lambda: autocannon(
                peer_url, [peer_body(p) for p in varied], args.clients, args.seconds
            ),
            [peer_p.pid],
        ),
    }
    for round_ in range(args.rounds):
        for name, (load, pids) in loads.items():
            console.print(f"load round {round_ + 1}: {name}")
            server_cpu, neo4j_cpu = cpu_seconds(pids), cpu_seconds([jvm])
            result = load()
            server_cpu, neo4j_cpu = cpu_seconds(pids) - server_cpu, cpu_seconds([jvm]) - neo4j_cpu
            done = max(1, result["requests"])
            f = figures[name]
            f.rps.append(result["requests"] / result["seconds"])
            f.p50.append(result["p50"])
            f.p99.append(result["p99"])
            f.cpu_ms.append(server_cpu / done * 1000)
            f.neo4j_ms.append(neo4j_cpu / done * 1000)
            f.failures += result["non2xx"] + result["errors"]
    report(console, args, figures, pages, health)


def report(
    console: Console,
    args: argparse.Namespace,
    figures: dict[str, Figures],
    pages: Sequence[int],
    health: dict[str, Any],
) -> None:
    med = statistics.median
    raw, off, on, peer = (figures[n] for n in figures)
    single = Table(title=f"single request, ms (median of {args.repeat}), {args.claims:,} claims")
    for column in ("system", *(f"page {p}" for p in pages), "last/first", "vs raw (each page)"):
        single.add_column(column, justify="left" if column == "system" else "right")
    for f in figures.values():
        ms = [med(f.single[p]) * 1000 for p in pages]
        vs_raw = " ".join(
            f"{m / (med(raw.single[p]) * 1000):.2f}" for m, p in zip(ms, pages, strict=True)
        )
        single.add_row(f.name, *(f"{m:.1f}" for m in ms), f"{ms[-1] / ms[0]:.2f}", vs_raw)
    console.print(single)
    client_rps = health["requests"] / health["seconds"]
    load = Table(
        title=f"{args.clients} clients, {args.rounds} x {args.seconds:.0f} s interleaved "
        f"(medians), {args.workers} worker(s); load client {client_rps:,.0f} req/s on /health"
    )
    for column in (
        "system",
        "req/s",
        "p50 ms",
        "p99 ms",
        "CPU/req server ms",
        "CPU/req Neo4j ms",
        "failed",
    ):
        load.add_column(column, justify="left" if column == "system" else "right")
    for f in figures.values():
        load.add_row(
            f.name, f"{med(f.rps):,.1f}", f"{med(f.p50):.1f}", f"{med(f.p99):.1f}",
            f"{med(f.cpu_ms):.2f}", f"{med(f.neo4j_ms):.2f}", str(f.failures),
        )  # fmt: skip
    console.print(load)
    ratios = Table(title="ratios")
    ratios.add_column("what")
    ratios.add_column("ratio", justify="right")
    ratios.add_column("target", justify="right")
    ratios.add_row(
        "uncached req/s / @neo4j/graphql req/s", f"{med(off.rps) / med(peer.rps):.2f}", ">= 1.5"
    )
    ratios.add_row(
        "uncached p99 / @neo4j/graphql p99", f"{med(off.p99) / med(peer.p99):.2f}", "< 1"
    )
    ratios.add_row("uncached req/s / raw Cypher req/s", f"{med(off.rps) / med(raw.rps):.2f}", "")
    ratios.add_row(
        "@neo4j/graphql req/s / raw Cypher req/s", f"{med(peer.rps) / med(raw.rps):.2f}", ""
    )
    ratios.add_row("cached req/s / uncached req/s", f"{med(on.rps) / med(off.rps):.1f}", "")
    for p in pages:
        ratios.add_row(
            f"uncached single, page {p} / raw",
            f"{med(off.single[p]) / med(raw.single[p]):.2f}", "<= 2",
        )  # fmt: skip
        ratios.add_row(
            f"@neo4j/graphql single, page {p} / raw",
            f"{med(peer.single[p]) / med(raw.single[p]):.2f}", "",
        )  # fmt: skip
    ratios.add_row(
        "uncached last page / first page",
        f"{med(off.single[pages[-1]]) / med(off.single[pages[0]]):.2f}", "<= 1.2",
    )  # fmt: skip
    ratios.add_row("cached req/s", f"{med(on.rps):,.0f}", ">= 5,000")
    ratios.add_row("cached p99 ms", f"{med(on.p99):.1f}", "< 100")
    console.print(ratios)


if __name__ == "__main__":
    sys.exit(main())
