"""The built distribution installs one namespace, carries its data, and works outside a checkout.

Builds the wheel from this checkout, installs it into a fresh virtualenv, and runs the
installed `claimgraph` from a folder that is not the checkout: `--help`, then a dry-run
ingest of the corpus the wheel ships, against the session's Neo4j.
"""

import os
import subprocess
import sys
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver

from claimgraph.graph.connection import ConnectionTarget
from claimgraph.ingest.paper_file import CORPUS_DIR, corpus_files
from claimgraph.ingest.pipeline import ingest_paths

CHECKOUT = Path(__file__).resolve().parents[1]


def _run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", out, CHECKOUT, cwd=out)
    (built,) = out.glob("claimgraph-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh virtualenv with the wheel (and its dependencies) installed; yields its bin/."""
    home = tmp_path_factory.mktemp("venv")
    venv.create(home / "env", with_pip=True)
    bin_dir = home / "env" / "bin"
    _run(bin_dir / "python", "-m", "pip", "install", "-q", wheel, cwd=home)
    yield bin_dir


def test_the_wheel_holds_one_top_level_package_with_its_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/", 1)[0] for name in names}
    assert {t for t in top if not t.endswith(".dist-info")} == {"claimgraph"}
    shipped = {Path(n).name for n in names if n.startswith("claimgraph/corpus/")}
    assert shipped == {path.name for path in corpus_files(CHECKOUT / "corpus")}
    assert "claimgraph/schemas/paper_file_schema.json" in names
    assert "claimgraph/schemas/quantity_catalogue_schema.json" in names
    assert "claimgraph/graph/provision/pom.xml" in names
    assert not any(n.startswith(("claimgraph/tests/", "claimgraph/bench/")) for n in names)


def test_the_installed_command_runs_outside_the_checkout(installed: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "CLAIMGRAPH_"))}
    out = _run(installed / "claimgraph", "--help", cwd=tmp_path, env=env)
    for command in ("up", "ingest", "reconcile", "extract", "neo4j"):
        assert command in out
    where = _run(
        installed / "python",
        "-c",
        "import importlib.util, claimgraph; print(claimgraph.__file__); "
        "print([m for m in ('api', 'graph', 'ingest', 'schemas', 'reconcile', 'cli') "
        "if importlib.util.find_spec(m)])",
        cwd=tmp_path,
        env=env,
    ).splitlines()
    assert where[0].startswith(str(installed.parent)), where
    assert where[1] == "[]", f"top-level packages leaked into the install: {where[1]}"


def test_the_installed_command_dry_runs_the_shipped_corpus(
    installed: Path, tmp_path: Path, driver: Driver, neo4j_target: ConnectionTarget
) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CLAIMGRAPH_")},
        "NEO4J_URI": neo4j_target.uri,
        "NEO4J_USER": neo4j_target.user,
        "NEO4J_PASSWORD": neo4j_target.password,
        "NEO4J_DATABASE": neo4j_target.database,
        "COLUMNS": "200",
    }
    out = _run(installed / "claimgraph", "ingest", "--dry-run", cwd=tmp_path, env=env)
    files = len(corpus_files(CHECKOUT / "corpus"))
    assert f"{files} of {files} file(s) would change the graph" in out, out
    records, _, _ = driver.execute_query(
        "MATCH (n) RETURN count(n) AS n", database_=neo4j_target.database
    )
    assert records[0]["n"] == 0, "a dry run wrote to the graph"


def test_the_installed_corpus_is_the_same_files_as_the_checkouts(
    installed: Path, tmp_path: Path, driver: Driver, neo4j_target: ConnectionTarget
) -> None:
    """Shipped files are owned by their name within the corpus, not by their path: a graph
    the checkout ingested is one the installed command finds unchanged (nothing refused as
    another file's, nothing rewritten)."""
    ingest_paths(driver, neo4j_target.database, [CORPUS_DIR])
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CLAIMGRAPH_")},
        "NEO4J_URI": neo4j_target.uri,
        "NEO4J_USER": neo4j_target.user,
        "NEO4J_PASSWORD": neo4j_target.password,
        "NEO4J_DATABASE": neo4j_target.database,
        "COLUMNS": "200",
    }
    out = _run(installed / "claimgraph", "ingest", cwd=tmp_path, env=env)
    files = len(corpus_files(CHECKOUT / "corpus"))
    assert f"No changes: the graph already holds these {files} file(s)." in out, out
