"""A setting that does not validate is refused in one line naming it, before any write."""

from __future__ import annotations

import pytest
from neo4j import Driver

from claimgraph.graph.connection import ConnectionTarget
from claimgraph.ingest.paper_file import CORPUS_DIR
from tests.cli_support import cli_env, run_cli
from tests.graph_checksum import graph_checksum


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("CLAIMGRAPH_BOLT_PORT", "abc", "valid integer"),
        ("CLAIMGRAPH_QUERY_TIMEOUT", "-1", "greater than 0"),
    ],
)
def test_a_bad_connection_setting_is_one_line_not_a_traceback(
    neo4j_target: ConnectionTarget, variable: str, value: str, says: str
) -> None:
    env = {**cli_env(neo4j_target), variable: value}
    done = run_cli(env, "reconcile")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"error: the setting {variable}={value!r} is refused")
    assert says in lines[0] and "Traceback" not in done.stderr


def test_a_bad_weighing_setting_stops_ingest_before_it_writes(
    driver: Driver, neo4j_target: ConnectionTarget
) -> None:
    before = graph_checksum(driver, neo4j_target.database)
    env = {**cli_env(neo4j_target), "CLAIMGRAPH_RANGE_LEVEL": "2", "CLAIMGRAPH_POINT_RULE": "any"}
    done = run_cli(env, "ingest", str(CORPUS_DIR))
    assert done.returncode == 2
    assert [line.split(" is refused")[0] for line in done.stderr.strip().splitlines()] == [
        "error: the setting CLAIMGRAPH_RANGE_LEVEL='2'",
        "error: the setting CLAIMGRAPH_POINT_RULE='any'",
    ]
    assert graph_checksum(driver, neo4j_target.database) == before
