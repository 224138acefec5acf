"""Shared fixtures: one real Neo4j per session, an empty database per test."""

from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from neo4j import Driver

from claimgraph.graph.claim_pages import CLAIM_MODEL_SHAPE, ClaimOrderField, page_query
from claimgraph.graph.connection import ConnectionTarget, open_driver
from claimgraph.graph.constraints import ensure_schema
from claimgraph.ingest.paper_file import CORPUS_DIR
from claimgraph.ingest.pipeline import ingest_paths
from claimgraph.schemas.ingest_report import IngestReport
from tests.neo4j_provider import provide_neo4j


@pytest.fixture(scope="session")
def neo4j_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConnectionTarget]:
    with ExitStack() as stack:
        try:
            target, origin = stack.enter_context(provide_neo4j(tmp_path_factory.mktemp("neo4j")))
        except Exception as error:  # whatever the reason, a test needing Neo4j fails loudly
            pytest.fail(f"these tests need a real Neo4j and none could be had: {error}")
        print(f"\nNeo4j for this session: {origin}")
        yield target


@pytest.fixture(scope="session")
def session_driver(neo4j_target: ConnectionTarget) -> Iterator[Driver]:
    with open_driver(neo4j_target) as driver:
        driver.verify_connectivity()
        ensure_schema(driver, neo4j_target.database)
        _warm_planner(driver, neo4j_target.database)
        yield driver


def _warm_planner(driver: Driver, database: str) -> None:
    """Plan one page query before any test: the first plan in a cold JVM on a busy
    machine can take longer than the API's 15 s statement timeout."""
    query = page_query(ClaimOrderField.ID, False, frozenset(), False, True, CLAIM_MODEL_SHAPE)
    driver.execute_query(query, limit=1, database_=database)


@pytest.fixture(scope="module")
def corpus_loaded(session_driver: Driver, neo4j_target: ConnectionTarget) -> IngestReport:
    """The shipped corpus ingested (and reconciled) once for a module whose tests only read."""
    session_driver.execute_query("MATCH (n) DETACH DELETE n", database_=neo4j_target.database)
    return ingest_paths(session_driver, neo4j_target.database, [CORPUS_DIR])


@pytest.fixture
def driver(session_driver: Driver, neo4j_target: ConnectionTarget) -> Driver:
    """The session's driver over an empty database (constraints and indexes kept)."""
    session_driver.execute_query("MATCH (n) DETACH DELETE n", database_=neo4j_target.database)
    return session_driver
