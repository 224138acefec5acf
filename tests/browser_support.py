"""Real headless Chromium (Debian's chromium and chromium-driver) driven by selenium.

Shared by the browser tests and by `python -m tests.screenshots`. Chromium gets a fresh
profile, no background networking, and a log of every request it makes, so a test can
check that a page loaded nothing from beyond this machine. The API runs in a thread
under uvicorn on a free port, as `claimgraph serve` runs it.
"""

import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

import httpx
import uvicorn
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from claimgraph.api.app import create_app
from claimgraph.api.settings import ApiSettings
from claimgraph.graph.connection import ConnectionTarget, open_driver
from claimgraph.graph.constraints import ensure_schema
from claimgraph.graph.local_server import LocalServer
from claimgraph.graph.processes import free_port
from claimgraph.graph.settings import Settings
from claimgraph.ingest.paper_file import CORPUS_DIR
from claimgraph.ingest.pipeline import ingest_paths

ARTIFACTS: Final = Path(__file__).resolve().parents[1] / "test-artifacts"
"""Screenshots the browser tests take (git ignores the folder)."""

CHROMIUM_FLAGS: Final = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1440,900",
    "--force-device-scale-factor=1",
)

LOCAL_HOSTS: Final = frozenset({"127.0.0.1", "localhost", "[::1]"})


def chromium_paths() -> tuple[str, str]:
    """Chromium and its driver, or a failure saying how to install them."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if browser is None or driver is None:
        raise RuntimeError(
            "the browser tests need Chromium and its driver: apt-get install -y chromium "
            "chromium-driver (.ci/run does this)"
        )
    return browser, driver


@contextmanager
def chromium() -> Iterator[webdriver.Chrome]:
    browser, driver_path = chromium_paths()
    profile = tempfile.mkdtemp(prefix="claimgraph-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def requested_urls(driver: webdriver.Chrome) -> list[str]:
    """Every URL the page asked for since the last call (from the DevTools network log)."""
    urls = []
    for entry in driver.get_log("performance"):  # type: ignore[no-untyped-call]
        message: dict[str, Any] = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def off_machine(urls: list[str]) -> list[str]:
    """The URLs that would leave this machine (data: and blob: stay in the page)."""
    out = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about", "chrome", "devtools"):
            continue
        if parts.hostname is None or f"{parts.hostname}" not in LOCAL_HOSTS | {"::1"}:
            out.append(url)
    return out


def wait_for(condition: Any, timeout: float = 60.0, what: str = "the page") -> Any:
    """Poll `condition` until it returns something true; fail naming `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            result = condition()
        except Exception as error:  # a page still building raises on missing elements
            last_error = error
            result = None
        if result:
            return result
        time.sleep(0.25)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what} ({last_error})")


@contextmanager
def served_api(target: ConnectionTarget, port: int | None = None) -> Iterator[str]:
    """The real app under uvicorn on loopback; yields its base URL."""
    port = port or free_port()
    app = create_app(target, api_settings=ApiSettings())
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: httpx.get(f"{base}/health", timeout=1).status_code == 200, 30, "the API")
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@dataclass(frozen=True)
class CuratorStack:
    """A throwaway Neo4j holding the shipped corpus, and the API its Browser is pointed at."""

    server: LocalServer
    target: ConnectionTarget
    api: str


@contextmanager
def curator_stack(root: Path) -> Iterator[CuratorStack]:
    """Neo4j on free ports with its neo4j.conf naming the API's port, then the API on it.

    The port reaches the server's configuration the way a user's does: through the
    settings (CLAIMGRAPH_API_PORT) that `render_config` reads when the server starts.
    """
    api_port = free_port()
    previous = os.environ.get("CLAIMGRAPH_API_PORT")
    os.environ["CLAIMGRAPH_API_PORT"] = str(api_port)
    try:
        server = LocalServer.throwaway(root, Settings(), heap_size="768m", page_cache_size="256m")
        server.start()
    finally:
        if previous is None:
            os.environ.pop("CLAIMGRAPH_API_PORT", None)
        else:
            os.environ["CLAIMGRAPH_API_PORT"] = previous
    try:
        target = ConnectionTarget(server.bolt_uri, "neo4j", server.password, "neo4j")
        with open_driver(target) as driver:
            ensure_schema(driver, target.database)
            ingest_paths(driver, target.database, [CORPUS_DIR])
        with served_api(target, api_port) as api:
            yield CuratorStack(server, target, api)
    finally:
        server.stop()


def log_in_to_browser(driver: webdriver.Chrome, stack: CuratorStack) -> None:
    """Open Neo4j Browser and connect over Bolt with the instance's password."""
    bolt = stack.server.bolt_uri.removeprefix("bolt://")
    driver.get(
        f"{stack.server.http_uri}/browser/?dbms=bolt://neo4j@{bolt}&preselectAuthMethod=NATIVE"
    )
    password = wait_for(
        lambda: driver.find_element(By.CSS_SELECTOR, 'input[data-testid="password"]'),
        what="Browser's connect form",
    )
    password.send_keys(stack.target.password)
    driver.find_element(By.CSS_SELECTOR, 'button[data-testid="connect"]').click()


def run_in_browser(driver: webdriver.Chrome, command: str) -> None:
    """Type a command or Cypher into Browser's main editor and run it."""
    editor = wait_for(
        lambda: driver.find_element(By.CSS_SELECTOR, "#monaco-main-editor"), what="the editor"
    )
    editor.click()
    field = driver.find_element(By.CSS_SELECTOR, '[data-testid="activeEditor"] textarea')
    field.send_keys(command)
    driver.find_element(By.CSS_SELECTOR, '[data-testid="editor-Run"]').click()
