"""Neo4j goes away and comes back: the API says so, then serves again without a restart."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from claimgraph.api.app import create_app
from claimgraph.api.settings import ApiSettings
from claimgraph.graph.connection import ConnectionTarget
from claimgraph.graph.local_server import LocalServer
from tests.api_support import error_codes, post
from tests.neo4j_provider import running_throwaway_server

QUERY = "{ sources { id } quantities { id } }"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    with running_throwaway_server(tmp_path_factory.mktemp("api-recovery") / "instance") as instance:
        yield instance


def test_queries_fail_with_a_code_while_neo4j_is_down_and_work_again_after(
    server: LocalServer,
) -> None:
    target = ConnectionTarget(
        uri=server.bolt_uri, user="neo4j", password=server.password, database="neo4j"
    )
    app = create_app(target, api_settings=ApiSettings())
    with TestClient(app) as client:
        assert post(client, QUERY)["data"] == {"sources": [], "quantities": []}
        assert client.get("/ready").status_code == 200

        assert server.stop() is True
        down = post(client, QUERY)
        assert error_codes(down) == ["DATABASE_UNAVAILABLE"]
        assert down["errors"][0]["message"] == "The graph database is unavailable; retry later."
        ready = client.get("/ready")
        assert ready.status_code == 503 and ready.json()["neo4j"] == "database unavailable"

        server.start()
        back = post(client, QUERY)
        assert "errors" not in back and back["data"] == {"sources": [], "quantities": []}
        assert client.get("/ready").status_code == 200
