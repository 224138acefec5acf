"""How far claimgraph's ingest is from the fastest plain way to write the same graph.

`python -m bench.ingest --claims 10000 100000` starts a throwaway local Neo4j, and for
each size generates a synthetic corpus (`bench.synthetic`, 100 claims per source by
default) and measures, on an emptied database with the schema in place:

- baseline: the very node and link rows ingest writes, sent by hand-written
  `UNWIND $rows ... MERGE` queries in large batches (no YAML, no checks);
- ingest: `ingest_paths` over the folder, split into parse + validation, graph checks +
  writes, and the reconciliation pass it runs afterwards;
- re-ingest: the unchanged folder again, which must write nothing.

A small warm-up round runs first and is not reported: a cold server spends seconds
compiling queries and JIT-ing, which would be charged to whichever phase came first.
The progress display refreshes only when told to (no refresh thread), so that ingest may
fork its parsing workers (`ingest.load_many`).

The ratio compares ingest (parse + checks + writes) with the baseline; reconciliation is
shown on its own, since the baseline computes no derived results. Times are printed, never
asserted.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import neo4j
from neo4j import Driver
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from bench.scratch import empty_database, graph_counts, throwaway_neo4j, write_baseline
from bench.synthetic import corpus_rows, generate_corpus
from claimgraph.graph.connection import open_driver
from claimgraph.graph.constraints import ensure_schema
from claimgraph.graph.reconciliation_pass import run_reconciliation
from claimgraph.ingest.pipeline import prepare, write_prepared
from claimgraph.reconcile.derive import derive


@dataclass(frozen=True)
class SizeResult:
    """Every timing of one corpus size, in seconds, plus the checks that make them comparable."""

    claims: int
    sources: int
    nodes: int
    links: int
    generate_s: float
    baseline_s: float
    parse_s: float
    write_s: float
    reconcile_s: float
    reparse_s: float
    rewrite_s: float
    rereconcile_s: float
    same_graph: bool
    reingest_wrote_nothing: bool

    @property
    def ingest_s(self) -> float:
        return self.parse_s + self.write_s

    @property
    def reingest_s(self) -> float:
        return self.reparse_s + self.rewrite_s

    @property
    def ratio(self) -> float:
        return self.ingest_s / self.baseline_s


def measure(
    driver: Driver,
    database: str,
    claims: int,
    claims_per_source: int,
    seed: int,
    batch_size: int,
    scratch: Path,
    progress: Progress,
) -> SizeResult:
    """Baseline, ingest and re-ingest of one synthetic corpus, each on a known database."""
    sources = max(1, claims // claims_per_source)
    label = f"{sources * claims_per_source:,} claims"
    started = time.perf_counter()
    folder = scratch / f"corpus-{claims}"
    if folder.exists():  # the same size twice in one run: a fresh folder each time
        folder = Path(tempfile.mkdtemp(prefix=f"corpus-{claims}-", dir=scratch))
    corpus = generate_corpus(folder, sources, claims_per_source, seed)
    rows = corpus_rows(sources, claims_per_source, seed)
    generate_s = time.perf_counter() - started
    nodes = sum(len(r.nodes) for r in rows)
    links = sum(len(r.links) for r in rows)

    empty_database(driver, database)
    task = progress.add_task(f"{label}: baseline rows", total=nodes + links)
    started = time.perf_counter()
    write_baseline(driver, database, rows, batch_size, lambda n: _advance(progress, task, n))
    baseline_s = time.perf_counter() - started
    baseline_counts = graph_counts(driver, database)

    empty_database(driver, database)
    parse_s, write_s, _ = _ingest(driver, database, corpus.directory, progress, f"{label}: ingest")
    same_graph = graph_counts(driver, database) == baseline_counts
    reconcile_s = _timed(lambda: run_reconciliation(driver, database, derive))

    reparse_s, rewrite_s, changed = _ingest(
        driver, database, corpus.directory, progress, f"{label}: re-ingest"
    )
    rereconcile_s = _timed(lambda: run_reconciliation(driver, database, derive))
    return SizeResult(
        claims=corpus.claims,
        sources=sources,
        nodes=nodes,
        links=links,
        generate_s=generate_s,
        baseline_s=baseline_s,
        parse_s=parse_s,
        write_s=write_s,
        reconcile_s=reconcile_s,
        reparse_s=reparse_s,
        rewrite_s=rewrite_s,
        rereconcile_s=rereconcile_s,
        same_graph=same_graph,
        reingest_wrote_nothing=not changed,
    )


def _ingest(
    driver: Driver, database: str, folder: Path, progress: Progress, label: str
) -> tuple[float, float, bool]:
    """What `ingest_paths` does before reconciling: (parse s, graph s, anything changed)."""
    parse_task = progress.add_task(f"{label}: parse + validate", total=None)
    progress.refresh()
    started = time.perf_counter()
    files = prepare([folder])
    parse_s = time.perf_counter() - started
    progress.update(parse_task, total=1, completed=1)
    write_task = progress.add_task(f"{label}: graph checks + writes", total=len(files))
    started = time.perf_counter()
    reports = write_prepared(
        driver, database, files, on_file=lambda _: _advance(progress, write_task, 1)
    )
    write_s = time.perf_counter() - started
    return parse_s, write_s, any(report.changed for report in reports)


def _advance(progress: Progress, task: TaskID, steps: int) -> None:
    progress.advance(task, steps)
    progress.refresh()


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def rust_extension() -> bool:
    """Whether the driver's Rust extension (neo4j-rust-ext) is installed and in use."""
    return importlib.util.find_spec("neo4j._rust") is not None


def results_table(results: Sequence[SizeResult]) -> Table:
    table = Table(title="claimgraph ingest vs hand-written UNWIND MERGE (same rows)")
    for column in ("size", "phase", "seconds", "claims/s", "note"):
        table.add_column(column, justify="left" if column in ("size", "phase", "note") else "right")
    for r in results:
        size = f"{r.claims:,} claims\n{r.sources:,} files"
        rows: list[tuple[str, float, str]] = [
            ("baseline UNWIND MERGE", r.baseline_s, f"{r.nodes:,} nodes, {r.links:,} links"),
            ("ingest", r.ingest_s, "same graph" if r.same_graph else "GRAPH DIFFERS"),
            ("  parse + validate", r.parse_s, ""),
            ("  graph checks + writes", r.write_s, ""),
            ("re-ingest", r.reingest_s, "wrote nothing" if r.reingest_wrote_nothing else "WROTE"),
            ("  parse + validate", r.reparse_s, ""),
            ("  graph checks", r.rewrite_s, ""),
            ("reconcile after ingest", r.reconcile_s, "not in the ratio"),
            ("reconcile after re-ingest", r.rereconcile_s, "not in the ratio"),
        ]
        for index, (phase, seconds, note) in enumerate(rows):
            table.add_row(
                size if index == 0 else "",
                phase,
                f"{seconds:.2f}",
                f"{r.claims / seconds:,.0f}" if seconds > 0 else "-",
                note,
            )
        table.add_row("", "[bold]ratio ingest / baseline[/]", f"[bold]{r.ratio:.2f}x[/]", "", "")
        table.add_section()
    return table


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__)
    parser.add_argument("--claims", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--claims-per-source", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch-size", type=int, default=10_000, help="baseline rows per query")
    parser.add_argument(
        "--warmup-claims", type=int, default=2_000, help="unreported first round (0: none)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    console = Console()
    console.print(
        f"neo4j driver {neo4j.__version__}, Rust extension: "
        f"{'yes' if rust_extension() else 'no'}; Python {sys.version.split()[0]}"
    )
    results: list[SizeResult] = []
    with tempfile.TemporaryDirectory(prefix="claimgraph-bench-") as tmp:
        scratch = Path(tmp)
        console.print("starting a throwaway Neo4j (heap 2g, page cache 1g)")
        with throwaway_neo4j(scratch) as target, open_driver(target) as driver:
            ensure_schema(driver, target.database)
            progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
                auto_refresh=False,
            )
            with progress:
                if args.warmup_claims > 0:
                    measure(
                        driver,
                        target.database,
                        args.warmup_claims,
                        args.claims_per_source,
                        args.seed,
                        args.batch_size,
                        scratch / "warm-up",
                        progress,
                    )
                for claims in args.claims:
                    results.append(
                        measure(
                            driver,
                            target.database,
                            claims,
                            args.claims_per_source,
                            args.seed,
                            args.batch_size,
                            scratch,
                            progress,
                        )
                    )
    console.print(results_table(results))
    if args.json is not None:
        payload = {
            "rust_extension": rust_extension(),
            "driver": neo4j.__version__,
            "results": [{**asdict(r), "ratio": r.ratio} for r in results],
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
