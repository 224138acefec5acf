"""Running the real command line against the session's Neo4j, as a user's shell would."""

from __future__ import annotations

import os
import subprocess
import sys

from claimgraph.graph.connection import ConnectionTarget


def neo4j_env(target: ConnectionTarget, columns: int = 80) -> dict[str, str]:
    """The variables that point the command at `target`, `columns` wide."""
    return {
        "NEO4J_URI": target.uri,
        "NEO4J_USER": target.user,
        "NEO4J_PASSWORD": target.password,
        "NEO4J_DATABASE": target.database,
        "COLUMNS": str(columns),
    }


def cli_env(target: ConnectionTarget, columns: int = 80) -> dict[str, str]:
    """This environment without our settings, pointed at `target`, `columns` wide."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith(("CLAIMGRAPH_", "NEO4J_"))}
    return {**kept, **neo4j_env(target, columns)}


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m claimgraph ARGS`, its output captured, never raising on its exit code."""
    return subprocess.run(
        [sys.executable, "-m", "claimgraph", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
