"""Start, stop and inspect a Neo4j server run as a local process on loopback.

No Docker engine runs on the project's machines, so the server is the
Community entry point launched with `java` on the jars that
`graph.distribution` fetched. Each instance owns one folder (config, data,
logs, pid, password); the jars are shared.
"""

import os
import secrets
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, DatabaseUnavailable, ServiceUnavailable, SessionExpired

from claimgraph.graph.distribution import ensure_distribution
from claimgraph.graph.processes import (
    command_line,
    free_port,
    java_executable,
    port_is_free,
    process_alive,
    tail,
)
from claimgraph.graph.server_config import JVM_OPTIONS, InstanceLayout, render_config
from claimgraph.graph.settings import Settings

ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
USER = "neo4j"
PRIVATE_UMASK = 0o077


def admin_command(lib: Path, argfile: Path) -> list[str]:
    """The admin tool setting the initial password, its arguments read from `argfile`."""
    return [
        java_executable(),
        "-cp",
        f"{lib}/*",
        ADMIN_TOOL,
        "dbms",
        "set-initial-password",
        f"@{argfile}",
    ]


def argfile_quoted(value: str) -> str:
    """`value` as one argument of a picocli argument file: double-quoted, with backslashes
    and double quotes escaped."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


class LocalServerError(RuntimeError):
    """The local server could not be started or stopped; the message says why."""


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    bolt_uri: str
    http_uri: str
    instance_dir: Path

    def describe(self) -> str:
        state = f"running (pid {self.pid})" if self.running else "stopped"
        return (
            f"Neo4j {state}\n  bolt:    {self.bolt_uri}\n  browser: {self.http_uri}/browser/\n"
            f"  data:    {self.instance_dir}"
        )


@dataclass(frozen=True)
class LocalServer:
    """One local Neo4j instance; every method is safe to call repeatedly."""

    instance_dir: Path
    dist_dir: Path
    bolt_port: int
    http_port: int
    heap_size: str = "1g"
    page_cache_size: str = "512m"
    start_timeout_seconds: float = 180.0
    fixed_password: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> "LocalServer":
        password = settings.neo4j_password
        return cls(
            instance_dir=settings.instance_dir,
            dist_dir=settings.distribution_dir,
            bolt_port=settings.bolt_port,
            http_port=settings.http_port,
            heap_size=settings.heap_size,
            page_cache_size=settings.page_cache_size,
            start_timeout_seconds=settings.start_timeout_seconds,
            fixed_password=password.get_secret_value() if password else None,
        )

    @classmethod
    def throwaway(
        cls, root: Path, settings: Settings, *, heap_size: str, page_cache_size: str
    ) -> "LocalServer":
        """A server on two distinct free ports with its data in `root` (tests, benchmarks)."""
        bolt_port = free_port()
        http_port = free_port()
        while http_port == bolt_port:  # a port is only free until someone binds it
            http_port = free_port()
        return cls(
            instance_dir=root,
            dist_dir=settings.distribution_dir,
            bolt_port=bolt_port,
            http_port=http_port,
            heap_size=heap_size,
            page_cache_size=page_cache_size,
            start_timeout_seconds=settings.start_timeout_seconds,
        )

    @property
    def layout(self) -> InstanceLayout:
        return InstanceLayout(self.instance_dir)

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def http_uri(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def password(self) -> str:
        """The instance's password: NEO4J_PASSWORD if given, else one generated once."""
        if self.fixed_password is not None:
            return self.fixed_password
        stored = self.layout.password_file
        if stored.exists():
            return stored.read_text().strip()
        return self._generate_password()

    def status(self) -> ServerStatus:
        pid = self._live_pid()
        try:
            answers = pid is not None and self._bolt_answers()
        except AuthError:
            answers = True  # it answers; the password is another matter, reported on connect
        return ServerStatus(
            running=answers,
            pid=pid,
            bolt_uri=self.bolt_uri,
            http_uri=self.http_uri,
            instance_dir=self.instance_dir,
        )

    def start(self) -> ServerStatus:
        """Start the server, or find the one already running, and wait until it serves."""
        pid = self._live_pid()
        if pid is not None:
            self._wait_until_serving(pid)
            return self.status()
        for port in (self.bolt_port, self.http_port):
            if not port_is_free(port):
                raise LocalServerError(
                    f"port {port} on 127.0.0.1 is taken by another process; choose others with "
                    "CLAIMGRAPH_BOLT_PORT / CLAIMGRAPH_HTTP_PORT"
                )
        lib = ensure_distribution(self.dist_dir)
        layout = self.layout
        layout.create()
        (layout.conf_dir / "neo4j.conf").write_text(
            render_config(
                layout, self.bolt_port, self.http_port, self.heap_size, self.page_cache_size
            )
        )
        self._set_initial_password(lib)
        pid = self._launch(lib)
        self._wait_until_serving(pid)
        return self.status()

    def stop(self, timeout_seconds: float = 60.0) -> bool:
        """Stop gracefully (SIGTERM, then SIGKILL after the timeout); False if not running."""
        pid = self._live_pid()
        if pid is None:
            self.layout.pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout_seconds
        while process_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if process_alive(pid):
            os.kill(pid, signal.SIGKILL)
            while process_alive(pid):
                time.sleep(0.1)
        self.layout.pid_file.unlink(missing_ok=True)
        return True

    def _generate_password(self) -> str:
        password = secrets.token_hex(16)  # no leading "-" that a command line could misread
        stored = self.layout.password_file
        stored.parent.mkdir(parents=True, exist_ok=True)
        stored.touch(mode=0o600)
        stored.write_text(password + "\n")
        return password

    def _set_initial_password(self, lib: Path) -> None:
        """Neo4j accepts an initial password only before its first start.

        The password never appears on a command line (which any user can read in `ps`):
        the admin tool reads its arguments from an @-file (picocli's argument files, which
        every neo4j-admin command accepts), written private and deleted at once.
        """
        if self._auth_file.exists() or (self.layout.data_dir / "databases" / "system").exists():
            return
        argfile = self.layout.run_dir / "initial-password.args"
        argfile.parent.mkdir(parents=True, exist_ok=True)
        argfile.unlink(missing_ok=True)
        descriptor = os.open(argfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            # whatever the password looks like, after `--` it is not an option
            handle.write(f"--\n{argfile_quoted(self.password)}\n")
        try:
            result = subprocess.run(
                admin_command(lib, argfile),
                env={
                    **os.environ,
                    "NEO4J_HOME": str(self.instance_dir),
                    "NEO4J_CONF": str(self.layout.conf_dir),
                },
                capture_output=True,
                text=True,
                check=False,
                umask=PRIVATE_UMASK,
            )
        finally:
            argfile.unlink(missing_ok=True)
        if result.returncode != 0:
            raise LocalServerError(f"could not set the initial password: {result.stderr[-2000:]}")
        self._keep_private()

    @property
    def _auth_file(self) -> Path:
        return self.layout.data_dir / "dbms" / "auth.ini"

    def _keep_private(self) -> None:
        """The instance's data, and above all the file of password hashes, for its user
        alone (an instance made before this held them readable by everyone)."""
        for path in (self.layout.data_dir, self._auth_file.parent, self._auth_file):
            if path.exists():
                path.chmod(0o700 if path.is_dir() else 0o600)

    def _launch(self, lib: Path) -> int:
        layout = self.layout
        command = [
            java_executable(),
            f"-Xms{self.heap_size}",
            f"-Xmx{self.heap_size}",
            *JVM_OPTIONS,
            "-cp",
            f"{lib}/*",
            ENTRY_POINT,
            f"--home-dir={self.instance_dir}",
            f"--config-dir={layout.conf_dir}",
        ]
        self._keep_private()
        with open(layout.console_log, "ab") as console:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=console,
                stderr=subprocess.STDOUT,
                cwd=self.instance_dir,
                start_new_session=True,  # outlives the command that started it
                umask=PRIVATE_UMASK,  # what the server creates is its user's alone
            )
        layout.pid_file.write_text(f"{process.pid}\n")
        return process.pid

    def _live_pid(self) -> int | None:
        try:
            pid = int(self.layout.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        if not process_alive(pid):
            return None
        cmdline = command_line(pid)
        if ENTRY_POINT not in cmdline or str(self.instance_dir) not in cmdline:
            return None  # the pid was reused by an unrelated process
        return pid

    def _bolt_answers(self) -> bool:
        try:
            with GraphDatabase.driver(
                self.bolt_uri, auth=(USER, self.password), connection_timeout=2
            ) as driver:
                driver.verify_connectivity()
            return True
        except (ServiceUnavailable, SessionExpired, DatabaseUnavailable, OSError):
            return False

    def _http_answers(self) -> bool:
        try:
            return httpx.get(self.http_uri + "/", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def _wait_until_serving(self, pid: int) -> None:
        """Wait for Bolt and then HTTP: the web connector can come up seconds after Bolt."""
        deadline = time.monotonic() + self.start_timeout_seconds
        while time.monotonic() < deadline:
            if not process_alive(pid):
                raise LocalServerError(
                    f"Neo4j exited during start-up; last lines of {self.layout.console_log}:\n"
                    + tail(self.layout.console_log)
                    + tail(self.layout.logs_dir / "neo4j.log")
                )
            try:
                if self._bolt_answers() and self._http_answers():
                    return
            except AuthError as error:
                raise LocalServerError(
                    f"Neo4j at {self.bolt_uri} refused the password: the instance in "
                    f"{self.instance_dir} was created with another one ({error.message})"
                ) from error
            time.sleep(0.5)
        raise LocalServerError(
            f"Neo4j did not answer on {self.bolt_uri} and {self.http_uri} within "
            f"{self.start_timeout_seconds:.0f} s; see {self.layout.logs_dir}"
        )
