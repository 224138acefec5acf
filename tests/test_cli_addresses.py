"""The addresses `up` prints follow the settings: nothing in them is a fixed port or path."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.cli.addresses_view import address_lines, address_table, http_base
from claimgraph.graph.settings import Settings


@pytest.fixture(autouse=True)
def _no_outside_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NEO4J_URI", "NEO4J_PASSWORD", "NEO4J_USER"):
        monkeypatch.delenv(name, raising=False)


def _settings(**values: object) -> Settings:
    return Settings.model_validate(values)


def test_moved_ports_and_home_move_every_address(tmp_path: Path) -> None:
    settings = _settings(
        CLAIMGRAPH_HOME=str(tmp_path), CLAIMGRAPH_BOLT_PORT=17001, CLAIMGRAPH_HTTP_PORT=17002
    )
    rows = dict(address_table(settings, "127.0.0.1", 18003))
    assert rows == {
        "GraphiQL": "http://127.0.0.1:18003/graphql",
        "reports": "http://127.0.0.1:18003/report",
        "OpenAPI": "http://127.0.0.1:18003/docs",
        "exports": "http://127.0.0.1:18003/export/claims.csv",
        "Neo4j Browser": "http://127.0.0.1:17002/browser/",
        "Bolt": "bolt://127.0.0.1:17001",
        "user": "neo4j",
        "password": str(tmp_path / "instance" / "password"),
    }


def test_a_given_password_and_an_outside_server_are_named_as_such() -> None:
    settings = _settings(
        NEO4J_URI="neo4j+s://example.databases.neo4j.io", NEO4J_PASSWORD="secret-x"
    )
    rows = dict(address_table(settings, "127.0.0.1", 8000))
    assert rows["Neo4j"] == "neo4j+s://example.databases.neo4j.io (from NEO4J_URI)"
    assert rows["password"] == "from NEO4J_PASSWORD"
    assert "Bolt" not in rows and "Neo4j Browser" not in rows  # not ours to know
    assert all("secret-x" not in where for where in rows.values())


def test_refused_files_are_named_and_the_block_is_aligned(tmp_path: Path) -> None:
    settings = _settings(CLAIMGRAPH_HOME=str(tmp_path))
    lines, column = address_lines(
        settings, "127.0.0.1", 8000, [tmp_path / "a.yaml", tmp_path / "b.yaml"]
    )
    assert lines[0] == "Serving:"
    assert lines[-1] == "  skipped        2 refused file(s), errors above: a.yaml, b.yaml"
    # "  " + the widest label ("Neo4j Browser", 13) + "  ": every value starts at column 17
    assert column == 17
    assert all(line[column - 2 : column] == "  " and line[column] != " " for line in lines[1:])


@pytest.mark.parametrize(
    ("host", "base"),
    [
        ("0.0.0.0", "http://127.0.0.1:8000"),  # every interface: opened at loopback
        ("::", "http://[::1]:8000"),
        ("::1", "http://[::1]:8000"),
        ("claims.example.org", "http://claims.example.org:8000"),
    ],
)
def test_the_http_base_is_one_a_browser_can_open(host: str, base: str) -> None:
    assert http_base(host, 8000) == base
