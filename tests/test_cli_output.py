"""What the command line prints: the change first, 80 columns, a real progress total, a
refused folder, a misspelt quantity, the version, and `--help` without heavy imports.

The ingest runs go through the real command (a subprocess with COLUMNS=80, as a user's
terminal would set it) against the session's Neo4j; the papers are the unseen-style ones
in tests/papers/, one of them under a long file name.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

import pytest
from neo4j import Driver
from rich.console import Console
from typer.testing import CliRunner

from claimgraph.cli import ingest_commands
from claimgraph.cli.app import app
from claimgraph.graph.connection import ConnectionTarget
from claimgraph.graph.settings import Settings
from claimgraph.ingest.paper_file import CORPUS_DIR
from claimgraph.ingest.pipeline import ingest_paths
from tests.cli_support import cli_env, run_cli
from tests.graph_checksum import graph_checksum

PAPERS = Path(__file__).parent / "papers"
HOSTILE = Path(__file__).parent / "hostile"
LONG_NAME = "koomey-2011-historical-trends-in-the-electrical-efficiency-of-computing.yaml"
HEAVY = ("statsmodels", "scipy", "neo4j", "fastapi", "strawberry", "matplotlib", "uvicorn", "numpy")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three valid files, one of them under a 76-character name."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(PAPERS / "quantities.yaml", corpus)
    shutil.copy(PAPERS / "hobbhahn-2022-gpu-price-performance.yaml", corpus)
    shutil.copy(PAPERS / "koomey-2011-computing-efficiency.yaml", corpus / LONG_NAME)
    return corpus


def test_an_ingest_that_changes_one_value_leads_with_that_change_in_80_columns(
    driver: Driver, neo4j_target: ConnectionTarget, folder: Path
) -> None:
    ingest_paths(driver, neo4j_target.database, [folder])
    long_file = folder / LONG_NAME
    long_file.write_text(long_file.read_text().replace("value: 18.84", "value: 19.2"))

    result = run_cli(cli_env(neo4j_target), "ingest", str(folder))

    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines[:5] == [
        f"{LONG_NAME}: 1",  # the name whole; the line goes on under it, broken at a space
        "    updated, 1 unchanged",
        "  updated  Claim         koomey-2011-doubling-1-57-years",
        "2 file(s) unchanged: hobbhahn-2022-gpu-price-performance.yaml, quantities.yaml.",
        "1 of 3 file(s) changed the graph.",
    ], result.stderr
    assert lines[5].startswith("Derived results: 0 created, 1 updated")
    assert "  updated consensus:computations-per-joule" in lines
    # a doubling every 19.2 months is r = 2^(12/19.2) = 2^0.625 = 1.542 per year
    assert any(line.startswith("  computations-per-joule: r=1.542/yr [") for line in lines)
    assert all(len(line) <= 80 for line in result.stderr.splitlines()), result.stderr
    assert len(lines) < 15  # not every pool of the graph: `reconcile` prints those


def test_a_long_file_name_is_never_cut_in_80_columns(
    driver: Driver, neo4j_target: ConnectionTarget, folder: Path
) -> None:
    result = run_cli(cli_env(neo4j_target), "ingest", "--dry-run", str(folder))

    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert f"{LONG_NAME}: 2" in lines and "    created, 0 unchanged" in lines
    assert "  created  Claim         koomey-2011-doubling-1-57-years" in lines
    assert "3 of 3 file(s) would change the graph." in lines
    assert lines[-1] == "This was a dry run: nothing was written."
    assert all(len(line) <= 80 for line in lines), result.stderr


def test_a_folder_with_one_hostile_file_is_refused_whole_and_exits_1(
    driver: Driver, neo4j_target: ConnectionTarget, folder: Path
) -> None:
    shutil.copy(HOSTILE / "python-tag.yaml", folder / "draft.yaml")
    before = graph_checksum(driver, neo4j_target.database)

    result = run_cli(cli_env(neo4j_target), "ingest", str(folder))

    assert result.returncode == 1
    assert f"error {folder / 'draft.yaml'}:3: source.title: the tag" in result.stderr
    assert "1 error(s); nothing was written." in result.stderr
    assert graph_checksum(driver, neo4j_target.database) == before


def test_the_progress_bar_knows_its_total_from_the_first_frame(
    driver: Driver,
    neo4j_target: ConnectionTarget,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    terminal = io.StringIO()
    monkeypatch.setattr(
        ingest_commands, "console", Console(file=terminal, force_terminal=True, width=80)
    )
    for name, value in cli_env(neo4j_target).items():
        monkeypatch.setenv(name, value)

    ingest_commands.ingest_into(Settings(), [folder], dry_run=False)

    frames = terminal.getvalue()
    assert "checking 3 file(s) against the graph" in frames
    assert "0/3" in frames and "3/3" in frames
    assert "/?" not in frames


def test_reconcile_names_the_quantity_a_misspelt_id_meant(
    driver: Driver, neo4j_target: ConnectionTarget
) -> None:
    ingest_paths(driver, neo4j_target.database, [CORPUS_DIR])
    env = cli_env(neo4j_target)

    misspelt = run_cli(env, "reconcile", "llm-training-algoritmic-efficiency")
    right = run_cli(env, "reconcile", "llm-training-algorithmic-efficiency")

    assert misspelt.returncode == 1
    assert misspelt.stderr.strip() == (
        "error: no claim measures quantity 'llm-training-algoritmic-efficiency'; "
        "did you mean 'llm-training-algorithmic-efficiency'?"
    )
    assert right.returncode == 0, right.stderr
    assert "  llm-training-algorithmic-efficiency: r=" in right.stderr
    assert "hardware-flop-per-dollar" not in right.stderr  # only the pool asked for


def test_version_is_the_installed_distributions() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"claimgraph {version('claimgraph')}\n"


def test_help_imports_none_of_the_heavy_libraries() -> None:
    probe = (
        "import runpy, sys\n"
        "sys.argv = ['claimgraph', '--help']\n"
        "try:\n"
        "    runpy.run_module('claimgraph', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('MODULES', *sorted({name.split('.')[0] for name in sys.modules}))\n"
    )
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    elapsed = time.perf_counter() - started
    (modules,) = [line for line in result.stdout.splitlines() if line.startswith("MODULES ")]
    loaded = set(modules.split()[1:])
    assert "Usage: claimgraph" in result.stdout
    assert "typer" in loaded and "claimgraph" in loaded  # the probe did run the command
    assert sorted(loaded & set(HEAVY)) == []
    print(f"\n`claimgraph --help` with its imports: {elapsed:.2f} s wall")  # reported, not asserted
