"""The API's probes: /health is the process, /ready is Neo4j."""

from fastapi.testclient import TestClient

from claimgraph.api.app import create_app
from claimgraph.graph.connection import ConnectionTarget
from claimgraph.graph.processes import free_port


def test_health_and_ready_against_a_real_neo4j(neo4j_target: ConnectionTarget) -> None:
    with TestClient(create_app(neo4j_target)) as client:
        assert client.get("/health").json() == {"status": "ok"}
        ready = client.get("/ready")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"
    assert ready.json()["neo4j"].startswith("5.")


def test_ready_says_unavailable_when_nothing_listens(neo4j_target: ConnectionTarget) -> None:
    nowhere = ConnectionTarget(
        uri=f"bolt://127.0.0.1:{free_port()}", user="neo4j", password="x", database="neo4j"
    )
    with TestClient(create_app(nowhere)) as client:
        assert client.get("/health").status_code == 200  # the process itself is fine
        ready = client.get("/ready")
    assert ready.status_code == 503
    assert ready.json()["neo4j"] == "database unavailable"
