"""The fault and abuse suite, processes: kills mid-write, a dead database, concurrent writers.

Each run ingests a synthetic corpus through the real command (`python -m claimgraph
ingest`) in a process of its own and then kills something: the ingest process
(`kill -9`, several times, at different points), or the Neo4j JVM itself. After every
kill no file may be partly written (one transaction per file), and a re-ingest must
converge to the graph a clean run builds, checksum for checksum, with derived results
that are not stale. Kills are timed by watching the graph's write count, not the clock.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver

from bench.synthetic import generate_corpus
from claimgraph.graph.connection import ConnectionTarget, open_driver
from claimgraph.graph.constraints import ensure_schema
from claimgraph.graph.graph_state import read_state
from claimgraph.graph.local_server import LocalServer
from claimgraph.graph.settings import Settings
from claimgraph.ingest.pipeline import ingest_paths, prepare
from tests.cli_support import cli_env
from tests.graph_checksum import graph_checksum
from tests.neo4j_provider import throwaway_server

pytestmark = pytest.mark.soak

SOURCES, CLAIMS = 32, 40
"""Enough files that a run spends seconds writing them, one transaction each."""


def _ingest(target: ConnectionTarget, folder: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "claimgraph", "ingest", str(folder)],
        env=cli_env(target, columns=200),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _writes(driver: Driver, database: str) -> int:
    try:
        return read_state(driver, database).paper_writes
    except Exception:  # the server is going away: the caller stops watching
        return -1


def _wait_for_writes(
    driver: Driver, database: str, at_least: int, process: subprocess.Popen[str]
) -> bool:
    """Watch the write count until it reaches `at_least`; False if the run ended first."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if _writes(driver, database) >= at_least:
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.02)
    return False


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic")
    generate_corpus(folder, SOURCES, CLAIMS, seed=11)
    return folder


@pytest.fixture(scope="module")
def expected(corpus: Path) -> dict[str, dict[str, str]]:
    """Per file origin, every node id it writes with its content hash."""
    return {
        f.origin.key: {row.id: str(row.props["content_hash"]) for row in f.rows.nodes}
        for f in prepare([corpus])
    }


@pytest.fixture(scope="module")
def clean(session_driver: Driver, neo4j_target: ConnectionTarget, corpus: Path) -> str:
    """The checksum of the graph one uninterrupted run builds."""
    db = neo4j_target.database
    session_driver.execute_query("MATCH (n) DETACH DELETE n", database_=db)
    ingest_paths(session_driver, db, [corpus])
    checksum = graph_checksum(session_driver, db, with_state=False)
    session_driver.execute_query("MATCH (n) DETACH DELETE n", database_=db)
    return checksum


def partial_files(driver: Driver, database: str, expected: dict[str, dict[str, str]]) -> list[str]:
    """Files some but not all of whose nodes the graph holds as written (or torn ones)."""
    records, _, _ = driver.execute_query(
        "MATCH (n) WHERE n.origin IS NOT NULL RETURN n.origin AS origin, n.id AS id, "
        "n.content_hash AS hash",
        database_=database,
    )
    held: dict[str, dict[str, str]] = {}
    for r in records:
        held.setdefault(r["origin"], {})[r["id"]] = r["hash"]
    partial = []
    for origin, nodes in expected.items():
        present = held.get(origin, {})
        if present and present != nodes:
            partial.append(f"{origin}: {len(present)} of {len(nodes)} nodes")
    return partial


def test_kill_9_of_ingest_mid_write_leaves_no_partial_file_and_reingest_converges(
    driver: Driver,
    neo4j_target: ConnectionTarget,
    corpus: Path,
    expected: dict[str, dict[str, str]],
    clean: str,
) -> None:
    db = neo4j_target.database
    rng = random.Random(5)
    kills, checked, partial = 0, 0, []
    for _ in range(4):
        start = max(0, _writes(driver, db))
        process = _ingest(neo4j_target, corpus)
        goal = start + rng.randint(1, 6)
        if _wait_for_writes(driver, db, goal, process):
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.communicate(timeout=300)
        checked += len(expected)
        partial.extend(partial_files(driver, db, expected))
    final = _ingest(neo4j_target, corpus)
    _, err = final.communicate(timeout=600)
    converged = graph_checksum(driver, db, with_state=False) == clean
    print(
        f"\ningest kills: {kills} kill -9s, {checked} file states checked, {len(partial)} partial, "
        f"re-ingest {'converged' if converged else 'DIVERGED'} (exit {final.returncode})"
    )
    assert kills >= 3, "the runs ended before they could be killed mid-write"
    assert partial == []
    assert final.returncode == 0, err
    assert converged
    assert not read_state(driver, db).stale


def test_concurrent_ingest_processes_of_the_same_files_wait_for_each_other(
    driver: Driver, neo4j_target: ConnectionTarget, corpus: Path, clean: str
) -> None:
    processes = [_ingest(neo4j_target, corpus) for _ in range(3)]
    results = [process.communicate(timeout=600) for process in processes]
    codes = [process.returncode for process in processes]
    noise = [
        line
        for _, err in results
        for line in err.splitlines()
        if any(word in line.lower() for word in ("retr", "deadlock", "traceback"))
    ]
    converged = graph_checksum(driver, neo4j_target.database, with_state=False) == clean
    print(
        f"\nconcurrent ingests: 3 processes, exit codes {codes}, {len(noise)} retry or deadlock "
        f"lines, graph {'as a single run builds it' if converged else 'DIFFERENT'}"
    )
    assert codes == [0, 0, 0], results
    assert noise == []
    assert converged


@pytest.fixture(scope="module")
def own_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[LocalServer, ConnectionTarget]]:
    """A Neo4j of this module's own, to kill without disturbing the session's."""
    server = throwaway_server(tmp_path_factory.mktemp("killed") / "instance", Settings())
    server.start()
    target = ConnectionTarget(server.bolt_uri, "neo4j", server.password, "neo4j")
    try:
        yield server, target
    finally:
        server.stop()


def test_killing_the_jvm_mid_ingest_is_reported_file_by_file_and_a_rerun_converges(
    own_server: tuple[LocalServer, ConnectionTarget],
    corpus: Path,
    expected: dict[str, dict[str, str]],
    clean: str,
) -> None:
    server, target = own_server
    with open_driver(target) as driver:
        ensure_schema(driver, target.database)
        process = _ingest(target, corpus)
        assert _wait_for_writes(driver, target.database, 5, process), "the run ended too soon"
        pid = server.status().pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        _, err = process.communicate(timeout=300)
    lines = err.splitlines()
    print("\nafter the JVM was killed mid-ingest, the command said:\n" + "\n".join(lines[-6:]))
    assert process.returncode == 1
    assert "Traceback" not in err
    assert any(line.startswith("error: the connection to Neo4j was lost") for line in lines)
    assert any(line.startswith("  written (") for line in lines)
    assert any(line.startswith(("  not written (", "  unknown (1)")) for line in lines)
    assert lines[-1].startswith("Re-running the same ingest is safe")

    # the database is down: a new run says so in one line, without retrying for a minute
    began = time.monotonic()
    down = subprocess.run(
        [sys.executable, "-m", "claimgraph", "ingest", str(corpus)],
        env=cli_env(target, columns=200),
        capture_output=True,
        text=True,
        timeout=300,
    )
    print(
        f"with Neo4j down, ingest exited {down.returncode} after {time.monotonic() - began:.1f} s:"
    )
    print(down.stderr.strip())
    assert down.returncode == 1
    assert down.stderr.strip().splitlines() == [down.stderr.strip()]
    assert down.stderr.startswith(f"error: Neo4j is unreachable at {target.uri}")

    server.start()
    with open_driver(target) as driver:
        partial = partial_files(driver, target.database, expected)
        stale = read_state(driver, target.database).stale
        rerun = _ingest(target, corpus)
        _, rerun_err = rerun.communicate(timeout=600)
        converged = graph_checksum(driver, target.database, with_state=False) == clean
        fresh = not read_state(driver, target.database).stale
    print(
        f"JVM kill: 1 kill -9, {len(expected)} files checked, {len(partial)} partial, derived "
        f"results stale before the rerun: {stale}, rerun exit {rerun.returncode}, "
        f"{'converged' if converged else 'DIVERGED'}"
    )
    assert partial == []
    assert stale  # files were committed without the pass that follows them
    assert rerun.returncode == 0, rerun_err
    assert converged and fresh
