"""The locally provisioned server: start, find, stop, restart, serve Neo4j Browser.

These tests run their own instance (free ports, throwaway folder) so they can
stop and restart it without disturbing the session's database.
"""

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

from claimgraph.graph.local_server import LocalServer, LocalServerError, admin_command
from claimgraph.graph.settings import Settings
from tests.neo4j_provider import running_throwaway_server, throwaway_server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    with running_throwaway_server(tmp_path_factory.mktemp("local-server") / "instance") as instance:
        yield instance


def _count_marker(server: LocalServer) -> int:
    with GraphDatabase.driver(server.bolt_uri, auth=("neo4j", server.password)) as driver:
        records, _, _ = driver.execute_query("MATCH (m:Marker {id: 'kept'}) RETURN count(m) AS n")
    return int(records[0]["n"])


def test_start_listens_on_loopback_only_with_a_generated_password(server: LocalServer) -> None:
    status = server.status()
    assert status.running and status.pid is not None
    conf = (server.layout.conf_dir / "neo4j.conf").read_text()
    assert f"server.bolt.listen_address=127.0.0.1:{server.bolt_port}" in conf
    assert f"server.http.listen_address=127.0.0.1:{server.http_port}" in conf
    assert server.password != "neo4j" and len(server.password) >= 20
    with (
        GraphDatabase.driver(server.bolt_uri, auth=("neo4j", "neo4j")) as default_credentials,
        pytest.raises(AuthError, match=r"(?i)unauthorized|authentication"),
    ):
        default_credentials.verify_connectivity()


def test_second_start_finds_the_running_server(server: LocalServer) -> None:
    first = server.status()
    again = server.start()
    assert again.running and again.pid == first.pid


def test_neo4j_browser_is_served_and_points_at_bolt(server: LocalServer) -> None:
    page = httpx.get(f"{server.http_uri}/browser/", timeout=10)
    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    assert "Neo4j Browser" in page.text
    discovery = httpx.get(server.http_uri + "/", timeout=10).json()
    assert discovery["bolt_direct"] == server.bolt_uri
    assert discovery["neo4j_edition"] == "community"
    assert discovery["neo4j_version"].startswith("5.26.")


def test_stop_and_restart_keeps_the_data(server: LocalServer) -> None:
    with GraphDatabase.driver(server.bolt_uri, auth=("neo4j", server.password)) as driver:
        driver.execute_query("MERGE (:Marker {id: 'kept'})")
    assert server.stop() is True
    assert server.status().running is False
    assert server.stop() is False  # stopping a stopped server is a no-op, not an error
    restarted = server.start()
    assert restarted.running
    assert _count_marker(server) == 1


def test_wrong_password_for_an_existing_instance_is_reported(server: LocalServer) -> None:
    impostor = replace(server, fixed_password="not-the-password-it-was-made-with")
    with pytest.raises(LocalServerError, match="refused the password"):
        impostor.start()


def test_taken_port_is_reported_before_launching(tmp_path: Path, server: LocalServer) -> None:
    other = replace(server, instance_dir=tmp_path / "other")
    with pytest.raises(LocalServerError, match=f"port {server.bolt_port}"):
        other.start()


def test_the_password_store_is_private_and_the_password_never_on_a_command_line(
    server: LocalServer, tmp_path: Path
) -> None:
    auth = server.layout.data_dir / "dbms" / "auth.ini"
    assert auth.exists()
    assert auth.stat().st_mode & 0o077 == 0, oct(auth.stat().st_mode)
    assert server.layout.data_dir.stat().st_mode & 0o077 == 0
    assert server.layout.password_file.stat().st_mode & 0o077 == 0
    assert not list(server.layout.run_dir.glob("*.args")), "the argument file was left behind"
    command = admin_command(tmp_path / "lib", tmp_path / "args")
    assert command[-1] == f"@{tmp_path / 'args'}"
    assert server.password not in " ".join(command)


def test_an_awkward_chosen_password_survives_the_argument_file(tmp_path: Path) -> None:
    """Spaces, quotes, a backslash, '#', '@' and a leading '-' all reach Neo4j as typed."""
    password = "-a b\"c\\d#e @f'g"
    fresh = replace(throwaway_server(tmp_path / "instance", Settings()), fixed_password=password)
    fresh.start()
    try:
        with GraphDatabase.driver(fresh.bolt_uri, auth=("neo4j", password)) as driver:
            driver.verify_connectivity()
    finally:
        fresh.stop()
