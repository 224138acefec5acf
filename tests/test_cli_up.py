"""`claimgraph up` as a user runs it: a real process, its own Neo4j, then Ctrl-C (SIGINT).

Each run has its own CLAIMGRAPH_HOME and free ports (the jars and browser files are
linked in from the checkout's, as the throwaway servers of tests/neo4j_provider.py share
them), a temporary corpus holding one hostile file beside valid ones, and no NEO4J_URI,
so `up` provisions, starts and stops the local server itself.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from claimgraph.api.web_assets import assets_dir
from claimgraph.graph.local_server import LocalServer
from claimgraph.graph.processes import free_port, port_is_free, process_alive
from claimgraph.graph.settings import Settings

PAPERS = Path(__file__).parent / "papers"
HOSTILE = Path(__file__).parent / "hostile"
READY_LINE = "Ctrl-C stops the API"
START_SECONDS = 240


@dataclass
class Home:
    root: Path
    env: dict[str, str]
    bolt_port: int
    http_port: int
    api_port: int


@dataclass
class Run:
    """A running `up`, its stderr collected line by line as it comes."""

    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)

    def wait_for(self, text: str, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if any(text in line for line in self.lines):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        pytest.fail(f"`up` never printed {text!r}:\n" + "\n".join(self.lines))

    def interrupt(self, seconds: float = 120) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=seconds)

    @property
    def output(self) -> str:
        return "\n".join(self.lines)


def _ports() -> tuple[int, int, int]:
    ports: set[int] = set()
    while len(ports) < 3:
        ports.add(free_port())
    bolt, http, api = sorted(ports)
    return bolt, http, api


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Home]:
    root = tmp_path_factory.mktemp("up-home")
    shared = Settings()
    (root / "dist").symlink_to(shared.distribution_dir.parent, target_is_directory=True)
    web = assets_dir(shared).parent
    if web.is_dir():
        (root / web.name).symlink_to(web, target_is_directory=True)
    bolt, http, api = _ports()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("CLAIMGRAPH_", "NEO4J_"))},
        "CLAIMGRAPH_HOME": str(root),
        "CLAIMGRAPH_BOLT_PORT": str(bolt),
        "CLAIMGRAPH_HTTP_PORT": str(http),
        "CLAIMGRAPH_API_PORT": str(api),
        "CLAIMGRAPH_NEO4J_HEAP": "768m",
        "CLAIMGRAPH_NEO4J_PAGECACHE": "256m",
        "COLUMNS": "200",
    }
    yield Home(root, env, bolt, http, api)
    server = LocalServer(root / "instance", shared.distribution_dir, bolt, http)
    server.stop()  # whatever a failed test left behind


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Valid files and, beside them, a hostile one and one with a misspelt unit."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("quantities.yaml", "koomey-2011-computing-efficiency.yaml"):
        shutil.copy(PAPERS / name, folder)
    shutil.copy(HOSTILE / "python-tag.yaml", folder / "a-draft.yaml")
    hobbhahn = (PAPERS / "hobbhahn-2022-gpu-price-performance.yaml").read_text()
    assert "unit: doubling_time_months" in hobbhahn
    (folder / "hobbhahn-typo.yaml").write_text(
        hobbhahn.replace("unit: doubling_time_months", "unit: doubling_time_month", 1)
    )
    return folder


def _up(home: Home, corpus: Path, workers: int = 1) -> Run:
    return _claimgraph(home, "up", "--workers", str(workers), "--corpus", str(corpus))


def _claimgraph(home: Home, *arguments: str) -> Run:
    process = subprocess.Popen(
        [sys.executable, "-m", "claimgraph", *arguments],
        env=home.env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    run = Run(process)

    def collect() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            run.lines.append(line.rstrip("\n"))

    threading.Thread(target=collect, daemon=True).start()
    return run


def _block(run: Run) -> dict[str, str]:
    """The `Serving:` block as {what: where}."""
    start = run.lines.index("Serving:")
    rows: dict[str, str] = {}
    for line in run.lines[start + 1 :]:
        match = re.fullmatch(r"  (\S+(?: \S+)?)\s{2,}(.+)", line)
        if match is None:
            break
        rows[match[1]] = match[2]
    return rows


def _neo4j_pid(home: Home) -> int:
    return int((home.root / "instance" / "run" / "neo4j.pid").read_text())


def test_up_serves_the_valid_files_prints_its_addresses_and_stops_its_neo4j_on_ctrl_c(
    home: Home, corpus: Path
) -> None:
    run = _up(home, corpus)
    try:
        run.wait_for(READY_LINE, START_SECONDS)
        pid = _neo4j_pid(home)
        api = f"http://127.0.0.1:{home.api_port}"
        assert _block(run) == {
            "GraphiQL": f"{api}/graphql",
            "reports": f"{api}/report",
            "OpenAPI": f"{api}/docs",
            "exports": f"{api}/export/claims.csv",
            "Neo4j Browser": f"http://127.0.0.1:{home.http_port}/browser/",
            "Bolt": f"bolt://127.0.0.1:{home.bolt_port}",
            "user": "neo4j",
            "password": str(home.root / "instance" / "password"),
            "skipped": "2 refused file(s), errors above: a-draft.yaml, hobbhahn-typo.yaml",
        }
        assert f"error {corpus / 'a-draft.yaml'}:3: source.title: the tag" in run.output
        assert (
            f"error {corpus / 'hobbhahn-typo.yaml'}:" in run.output
            and "did you mean 'doubling_time_months'?" in run.output
        )
        _wait_for_http(f"{api}/health")
        answer = httpx.post(
            f"{api}/graphql", json={"query": "{ sources { id } }"}, timeout=30
        ).json()
        assert {s["id"] for s in answer["data"]["sources"]} == {"koomey-2011-computing-efficiency"}
        for address in (f"{api}/graphql", f"{api}/docs", f"{api}/export/claims.csv"):
            assert httpx.get(address, timeout=30).status_code == 200, address
        browser = httpx.get(f"http://127.0.0.1:{home.http_port}/browser/", timeout=30)
        assert browser.status_code == 200
        assert "Ctrl-C stops the API and the Neo4j this command started." in run.lines
    finally:
        code = run.interrupt()
    assert code == 1, run.output  # files were refused: the exit status says so too
    assert not process_alive(pid), "the Neo4j that up started is still running"
    assert port_is_free(home.bolt_port) and port_is_free(home.api_port)
    assert any(line.startswith("Neo4j stopped (") for line in run.lines), run.output
    assert run.lines[-1] == (
        "2 file(s) were refused and not served: a-draft.yaml, hobbhahn-typo.yaml"
    )


def test_up_leaves_a_neo4j_that_was_already_running_and_says_how_to_stop_it(
    home: Home, corpus: Path
) -> None:
    for name in ("a-draft.yaml", "hobbhahn-typo.yaml"):
        (corpus / name).unlink()
    # a database of its own: another run's files, from another folder, would be refused
    shutil.rmtree(home.root / "instance", ignore_errors=True)
    started = subprocess.run(
        [sys.executable, "-m", "claimgraph", "neo4j", "start"],
        env=home.env,
        capture_output=True,
        text=True,
        timeout=START_SECONDS,
        check=True,
    )
    assert "running (pid" in started.stderr
    pid = _neo4j_pid(home)
    try:
        run = _up(home, corpus)
        try:
            run.wait_for(READY_LINE, START_SECONDS)
            assert f"Neo4j already running (pid {pid})" in run.lines
            assert "skipped" not in _block(run)
            assert (
                "Ctrl-C stops the API; Neo4j was running before and is left running "
                "(`claimgraph neo4j stop` stops it)."
            ) in run.lines
        finally:
            code = run.interrupt()
        assert code == 0, run.output
        assert process_alive(pid), "up stopped a Neo4j it had not started"
        assert run.lines[-1] == (
            "API stopped; Neo4j is left running as it was before `up` "
            "(`claimgraph neo4j stop` stops it)."
        )
        # Ctrl-C at moments through the server's start-up: a clean stop each time, exit 0.
        # One landing inside an extension's start-up made the process report death by
        # SIGINT, -2, after stopping cleanly; one landing in a connection's finalizer,
        # while uvicorn was still importing (about 0.8-1.3 s after the line on this
        # machine), was swallowed and `up` served on, deaf to it.
        for delay in (0.05, 0.2, 0.4, 0.6, 0.8, 0.9, 1.0, 1.1, 1.2, 1.5):
            again = _up(home, corpus)
            again.wait_for(READY_LINE, START_SECONDS)
            time.sleep(delay)
            assert again.interrupt() == 0, (delay, again.output)
            assert again.lines[-1].startswith("API stopped; Neo4j is left running")
        # with worker processes (the default on a machine with several cores) the stop goes
        # through uvicorn's supervisor: every worker ends, the port is free, exit 0
        api = f"http://127.0.0.1:{home.api_port}"
        several = _up(home, corpus, workers=2)
        several.wait_for(READY_LINE, START_SECONDS)
        _wait_for_http(f"{api}/health")
        assert several.interrupt() == 0, several.output
        assert port_is_free(home.api_port), "a worker process still holds the API's port"
        assert several.lines[-1].startswith("API stopped; Neo4j is left running")
        # `serve` alone: it answers from the running Neo4j, and Ctrl-C ends it with 0
        alone = _claimgraph(home, "serve", "--workers", "1")
        _wait_for_http(f"{api}/ready")
        answer = httpx.post(f"{api}/graphql", json={"query": "{ sources { id } }"}, timeout=30)
        assert answer.json()["data"]["sources"] == [{"id": "koomey-2011-computing-efficiency"}]
        assert alone.interrupt() == 0, alone.output
        assert port_is_free(home.api_port)
        assert process_alive(pid)
    finally:
        stopped = subprocess.run(
            [sys.executable, "-m", "claimgraph", "neo4j", "stop"],
            env=home.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert "Neo4j stopped" in stopped.stderr
    assert not process_alive(pid)


def test_ctrl_c_while_neo4j_starts_stops_the_neo4j_up_launched(home: Home, corpus: Path) -> None:
    for name in ("a-draft.yaml", "hobbhahn-typo.yaml"):
        (corpus / name).unlink()
    pid_file = home.root / "instance" / "run" / "neo4j.pid"
    assert not pid_file.exists(), "a Neo4j from an earlier test is still running"
    run = _up(home, corpus)
    deadline = time.monotonic() + START_SECONDS
    while not pid_file.exists() and time.monotonic() < deadline and run.process.poll() is None:
        time.sleep(0.05)
    assert pid_file.exists(), run.output
    pid = _neo4j_pid(home)
    assert not any(READY_LINE in line for line in run.lines), "Neo4j was up too soon to test"
    code = run.interrupt()
    assert code == 0, run.output
    assert not process_alive(pid), "the Neo4j whose start was interrupted is still running"
    assert port_is_free(home.bolt_port) and port_is_free(home.http_port)
    assert run.lines[-1] == f"Neo4j stopped ({home.root / 'instance'})", run.output


def _wait_for_http(address: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(address, timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    pytest.fail(f"{address} never answered")
