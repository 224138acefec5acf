"""Derived results know what they were computed from; writers queue; the CLI fails in one line.

Staleness is provoked the way a crash leaves it: files committed and no reconciliation
pass after them (write_prepared is the write without the pass).
"""

import datetime as dt
import logging
import os
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from neo4j import Driver
from typer.testing import CliRunner

from claimgraph.cli.app import app
from claimgraph.graph.connection import ConnectionTarget
from claimgraph.graph.graph_state import DerivedState, read_state
from claimgraph.graph.processes import free_port
from claimgraph.graph.reconciliation_pass import run_reconciliation
from claimgraph.ingest.paper_file import CORPUS_DIR
from claimgraph.ingest.pipeline import ingest_paths, prepare, write_prepared
from claimgraph.reconcile.derive import derive
from tests.api_support import api_client, data
from tests.cli_support import neo4j_env
from tests.graph_checksum import graph_checksum

DERIVED = "{ derivedResults { stale computedAt } }"


def _cli(env: Mapping[str, str | None], *args: str) -> tuple[int, str]:
    """Run the command in-process; a None in `env` removes that variable."""
    result = CliRunner().invoke(app, list(args), env=env)
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), f"{args} crashed: {result.exception!r}\n{result.output}"
    return result.exit_code, result.output


def test_files_written_without_their_pass_leave_stale_results_until_the_next_run(
    driver: Driver, neo4j_target: ConnectionTarget, tmp_path: Path
) -> None:
    db = neo4j_target.database
    ingest_paths(driver, db, [CORPUS_DIR])
    fresh = read_state(driver, db)
    assert not fresh.stale and fresh.computed_at is not None
    assert fresh.derived_from == fresh.paper_writes == len(list(CORPUS_DIR.glob("*.yaml")))
    paper = tmp_path / "late.yaml"
    paper.write_text("source: {id: late-src, title: Late, kind: paper}\n", encoding="utf-8")
    write_prepared(driver, db, prepare([paper]))  # committed; the pass never ran (a crash)
    stale = read_state(driver, db)
    assert stale.stale and stale.paper_writes == fresh.paper_writes + 1
    assert "before the last 1 paper write(s)" in stale.describe()
    with api_client(neo4j_target) as client:
        assert data(client, DERIVED)["derivedResults"]["stale"] is True
    code, out = _cli(neo4j_env(neo4j_target, columns=200), "ingest", "--dry-run", str(paper))
    assert code == 0 and "derived results are stale" in out
    code, out = _cli(neo4j_env(neo4j_target, columns=200), "reconcile")
    assert code == 0 and "Derived results were stale; they are now up to date." in out
    with api_client(neo4j_target) as client:
        answer = data(client, DERIVED)["derivedResults"]
    assert answer["stale"] is False and answer["computedAt"] is not None


def test_a_pass_that_finds_nothing_to_change_commits_nothing(
    driver: Driver, neo4j_target: ConnectionTarget
) -> None:
    db = neo4j_target.database
    ingest_paths(driver, db, [CORPUS_DIR])
    before = graph_checksum(driver, db)
    run_reconciliation(driver, db, derive)
    assert graph_checksum(driver, db) == before


def test_a_graph_from_before_the_state_node_counts_as_stale(
    driver: Driver, neo4j_target: ConnectionTarget
) -> None:
    db = neo4j_target.database
    ingest_paths(driver, db, [CORPUS_DIR])
    driver.execute_query("MATCH (s:GraphState) DELETE s", database_=db)
    assert read_state(driver, db).stale
    run_reconciliation(driver, db, derive)
    assert not read_state(driver, db).stale


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def driver_log() -> Iterator[_Records]:
    handler = _Records()
    logger = logging.getLogger("neo4j")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_concurrent_ingests_of_the_same_files_queue_without_deadlock_retries(
    driver: Driver, neo4j_target: ConnectionTarget, driver_log: _Records
) -> None:
    """Four threads ingest the whole corpus at once into an empty graph. Each file's
    write and each pass takes the writers' lock first, so nobody deadlocks (the driver
    logs a warning for every retried deadlock) and the graph is the one a single run
    builds."""
    db = neo4j_target.database
    ingest_paths(driver, db, [CORPUS_DIR])
    clean = graph_checksum(driver, db, with_state=False)
    driver.execute_query("MATCH (n) DETACH DELETE n", database_=db)
    failures: list[BaseException] = []

    def run() -> None:
        try:
            ingest_paths(driver, db, [CORPUS_DIR])
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    retries = [m for m in driver_log.messages if "retr" in m.lower() or "deadlock" in m.lower()]
    print(f"\nconcurrent ingests: 4 runs, {len(retries)} driver retry warnings")
    assert retries == []
    assert graph_checksum(driver, db, with_state=False) == clean
    assert not read_state(driver, db).stale


def test_with_nothing_listening_ingest_says_so_in_one_line(tmp_path: Path) -> None:
    port = free_port()
    env: Mapping[str, str | None] = {
        "NEO4J_URI": f"bolt://127.0.0.1:{port}",
        "NEO4J_PASSWORD": "whatever",
        "COLUMNS": "200",
    }
    code, out = _cli(env, "ingest")
    lines = out.strip().splitlines()
    assert code == 1 and len(lines) == 1, out
    assert lines[0].startswith(f"error: Neo4j is unreachable at bolt://127.0.0.1:{port}")
    assert "from NEO4J_URI" in lines[0]
    code, out = _cli(env, "reconcile")
    assert code == 1 and len(out.strip().splitlines()) == 1


def test_the_local_server_being_stopped_is_named_with_how_to_start_it(tmp_path: Path) -> None:
    env: Mapping[str, str | None] = {
        "CLAIMGRAPH_HOME": str(tmp_path / "home"),
        "CLAIMGRAPH_BOLT_PORT": str(free_port()),
        "COLUMNS": "300",
        "NEO4J_URI": None,
        **{k: None for k in os.environ if k.startswith("NEO4J_")},
    }
    code, out = _cli(env, "ingest", "--dry-run")
    line = " ".join(out.split())
    assert code == 1 and "error: Neo4j is unreachable" in line, out
    assert f"the local server in {tmp_path / 'home' / 'instance'}, not running" in line
    assert "claimgraph neo4j start" in line


def test_a_bad_file_is_refused_before_neo4j_is_asked(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("source: {id: Bad_Id, title: T, kind: paper}\n", encoding="utf-8")
    env: Mapping[str, str | None] = {
        "NEO4J_URI": f"bolt://127.0.0.1:{free_port()}",
        "NEO4J_PASSWORD": "x",
        "COLUMNS": "300",
    }
    code, out = _cli(env, "ingest", str(bad))
    assert code == 1
    assert f"error {bad}:1: source.id: 'Bad_Id' is not a valid id" in " ".join(out.split())
    assert "nothing was written" in out


def test_the_state_reads_as_a_sentence_in_every_case() -> None:
    when = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert DerivedState(False, None, 0, None, None).describe() == "derived results are up to date"
    assert "(computed 2026-01-02 03:04:05 UTC)" in DerivedState(False, when, 4, 4, None).describe()
    assert "before the last 2 paper write(s)" in DerivedState(True, when, 6, 4, None).describe()
    assert (
        "no reconciliation pass has recorded" in DerivedState(True, None, 3, None, None).describe()
    )
