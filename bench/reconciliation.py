"""How long the whole reconciliation pass takes beside one raw read of the same claims.

`python -m bench.reconciliation --claims 100000` starts a throwaway local Neo4j, writes a
synthetic graph (`bench.synthetic`: 100 claims per source, one quantity per 100 claims,
so 1,000 quantities at 100,000 claims) with plain UNWIND writes, then times in the same
run:

- baseline: one raw Cypher query reading every claim with its quantity and estimate
  fields through the driver, all records consumed;
- the first reconciliation pass (reads, normalization, pooling, conflicts, flag rules and
  the write of every derived result);
- a second pass over the unchanged graph (computes everything again, writes nothing).

It prints times, claims per second and each pass's ratio to the baseline; the target is
the pass within 3x of the read. Times are printed, never asserted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final, TypeVar

from neo4j import Driver
from rich.console import Console
from rich.table import Table

from bench.scratch import empty_database, throwaway_neo4j, write_baseline
from bench.synthetic import corpus_rows, quantity_count
from claimgraph.graph.connection import open_driver
from claimgraph.graph.constraints import ensure_schema
from claimgraph.graph.reconciliation_pass import run_reconciliation
from claimgraph.reconcile.derive import derive
from claimgraph.schemas.reconciliation import ReconciliationResult

CLAIMS_PER_SOURCE: Final = 100

RAW_READ: Final = """
MATCH (c:Claim)-[:MEASURES]->(q:Quantity)
RETURN c.id AS id, q.id AS quantity_id, q.scope AS scope, c.value AS value, c.unit AS unit,
       c.interval_low AS low, c.interval_high AS high, c.interval_level AS level,
       c.years AS years, c.category AS category, c.compute_scale_flop AS scale
"""
"""The same claims and estimate fields the pass reads, in one plain query."""

T = TypeVar("T")


def timed(action: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def raw_read(driver: Driver, database: str) -> int:
    with driver.session(database=database) as session:
        return sum(1 for _ in session.run(RAW_READ))


def measure(driver: Driver, database: str, claims: int, console: Console) -> Table:
    sources = max(1, claims // CLAIMS_PER_SOURCE)
    empty_database(driver, database)
    ensure_schema(driver, database)
    console.print(f"writing {sources * CLAIMS_PER_SOURCE:,} synthetic claims ...")
    write_baseline(driver, database, corpus_rows(sources, CLAIMS_PER_SOURCE), 10_000, _ignore)
    raw_read(driver, database)  # warm the page cache and the query plan alike for both
    read_s, read_rows = timed(lambda: raw_read(driver, database))
    first_s, first = timed(lambda: run_reconciliation(driver, database, derive))
    second_s, second = timed(lambda: run_reconciliation(driver, database, derive))
    read_again_s, _ = timed(lambda: raw_read(driver, database))
    baseline = min(read_s, read_again_s)
    table = Table(
        title=f"reconciliation, {read_rows:,} claims in "
        f"{quantity_count(sources, CLAIMS_PER_SOURCE):,} quantities"
    )
    for column in ("run", "seconds", "claims/s", "ratio to raw read", "derived written"):
        table.add_column(column, justify="right" if column != "run" else "left")
    table.add_row(
        "raw Cypher read (baseline)", f"{baseline:.2f}", _rate(read_rows, baseline), "1.00", "-"
    )
    table.add_row(
        "first pass",
        f"{first_s:.2f}",
        _rate(read_rows, first_s),
        f"{first_s / baseline:.2f}",
        _written(first),
    )
    table.add_row(
        "second pass (unchanged)",
        f"{second_s:.2f}",
        _rate(read_rows, second_s),
        f"{second_s / baseline:.2f}",
        _written(second),
    )
    console.print(
        f"pooled {sum(1 for p in first.pooled if p.r is not None):,} quantities, "
        f"{len(first.conflicts):,} conflicts, {len(first.flags):,} flags, "
        f"{len(first.decompositions):,} decompositions checked"
    )
    return table


def _written(result: ReconciliationResult) -> str:
    return f"{len(result.created) + len(result.updated) + len(result.removed):,}"


def _rate(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f}" if seconds > 0 else "-"


def _ignore(_: int) -> None:
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.reconciliation",
        description=__doc__.split("\n\n")[0] if __doc__ else "",
    )
    parser.add_argument("--claims", type=int, nargs="+", default=[100_000])
    args = parser.parse_args(argv)
    console = Console()
    with (
        tempfile.TemporaryDirectory(prefix="claimgraph-bench-") as scratch,
        throwaway_neo4j(Path(scratch)) as target,
        open_driver(target) as driver,
    ):
        measure(driver, target.database, 2_000, Console(quiet=True))  # warm-up, unreported
        for claims in args.claims:
            console.print(measure(driver, target.database, claims, console))
    return 0


if __name__ == "__main__":
    sys.exit(main())
