"""Find a real Neo4j for the test session, in the order the project promises.

1. NEO4J_URI from the environment (any server the user points at);
2. a testcontainers Neo4j when a Docker engine answers;
3. the locally provisioned server, on free ports with a throwaway data folder.
Whatever cannot be had makes the session fail with the reason; nothing skips.
"""

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from claimgraph.graph.connection import ConnectionTarget, resolve_target
from claimgraph.graph.local_server import LocalServer
from claimgraph.graph.settings import Settings

CONTAINER_IMAGE = "neo4j:5.26-community"


def docker_engine_answers() -> bool:
    docker = shutil.which("docker")
    if docker is None:
        return False
    try:
        result = subprocess.run([docker, "info"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


def throwaway_server(root: Path, settings: Settings) -> LocalServer:
    return LocalServer.throwaway(root, settings, heap_size="768m", page_cache_size="256m")


@contextmanager
def running_throwaway_server(root: Path) -> Iterator[LocalServer]:
    """A throwaway server started in `root` for tests that stop and restart it."""
    server = throwaway_server(root, Settings())
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def provide_neo4j(scratch: Path) -> Iterator[tuple[ConnectionTarget, str]]:
    """Yield a connection target and a sentence saying where it came from."""
    settings = Settings()
    if settings.uses_external_server:
        yield resolve_target(settings), f"NEO4J_URI={settings.neo4j_uri}"
        return
    if docker_engine_answers():
        from testcontainers.neo4j import Neo4jContainer

        with Neo4jContainer(CONTAINER_IMAGE, password="claimgraph-test") as container:
            target = ConnectionTarget(
                uri=container.get_connection_url(),
                user="neo4j",
                password="claimgraph-test",
                database="neo4j",
            )
            yield target, f"testcontainers {CONTAINER_IMAGE}"
        return
    server = throwaway_server(scratch / "neo4j-session", settings)
    server.start()
    try:
        target = ConnectionTarget(
            uri=server.bolt_uri, user="neo4j", password=server.password, database="neo4j"
        )
        yield target, f"local server at {server.bolt_uri} in {server.instance_dir}"
    finally:
        server.stop()
