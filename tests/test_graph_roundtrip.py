"""Writes reach a real Neo4j and read back; the schema is the project's own."""

import pytest
from neo4j import Driver, GraphDatabase
from neo4j.exceptions import ConstraintError

from claimgraph.graph.connection import ConnectionTarget
from claimgraph.graph.constraints import INDEXES, NODE_LABELS, ensure_schema


def test_written_nodes_read_back(driver: Driver, neo4j_target: ConnectionTarget) -> None:
    rows = [{"id": f"s-{i}", "title": f"Source {i}"} for i in range(25)]
    driver.execute_query(
        "UNWIND $rows AS row MERGE (s:Source {id: row.id}) SET s.title = row.title",
        rows=rows,
        database_=neo4j_target.database,
    )
    records, _, _ = driver.execute_query(
        "MATCH (s:Source) RETURN s.id AS id, s.title AS title ORDER BY s.id",
        database_=neo4j_target.database,
    )
    assert [dict(r) for r in records] == sorted(rows, key=lambda r: r["id"])


def test_every_test_starts_from_an_empty_database(
    driver: Driver, neo4j_target: ConnectionTarget
) -> None:
    records, _, _ = driver.execute_query(
        "MATCH (n) RETURN count(n) AS n", database_=neo4j_target.database
    )
    assert records[0]["n"] == 0


def test_unique_ids_are_enforced_for_every_label(
    driver: Driver, neo4j_target: ConnectionTarget
) -> None:
    records, _, _ = driver.execute_query(
        "SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type "
        "WHERE type = 'UNIQUENESS' RETURN labelsOrTypes[0] AS label, properties AS props",
        database_=neo4j_target.database,
    )
    constrained = {r["label"] for r in records if r["props"] == ["id"]}
    assert constrained >= set(NODE_LABELS)
    driver.execute_query("CREATE (:Claim {id: 'dup'})", database_=neo4j_target.database)
    with pytest.raises(ConstraintError):
        driver.execute_query("CREATE (:Claim {id: 'dup'})", database_=neo4j_target.database)


def test_schema_creation_is_idempotent(driver: Driver, neo4j_target: ConnectionTarget) -> None:
    def names() -> set[str]:
        records, _, _ = driver.execute_query(
            "SHOW INDEXES YIELD name RETURN collect(name) AS names",
            database_=neo4j_target.database,
        )
        return set(records[0]["names"])

    before = names()
    ensure_schema(driver, neo4j_target.database)
    ensure_schema(driver, neo4j_target.database)
    assert names() == before
    assert "text_search" in before
    assert len(before) >= len(NODE_LABELS) + len(INDEXES)


def test_routing_uri_reaches_the_same_server(
    driver: Driver, neo4j_target: ConnectionTarget
) -> None:
    """`neo4j://` asks the server for a routing table; a single server must answer it."""
    host_port = neo4j_target.uri.split("://", 1)[1]
    driver.execute_query("CREATE (:Source {id: 'via-bolt'})", database_=neo4j_target.database)
    with GraphDatabase.driver(f"neo4j://{host_port}", auth=neo4j_target.auth) as routed:
        records, _, _ = routed.execute_query(
            "MATCH (s:Source {id: 'via-bolt'}) RETURN count(s) AS n",
            database_=neo4j_target.database,
        )
    assert records[0]["n"] == 1
