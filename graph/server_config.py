"""The neo4j.conf and JVM flags of a locally provisioned server.

Mirrors what the Neo4j distribution's own launcher sets, since the server is
started here without that launcher: loopback listeners, its own data and log
folders, bounded memory for a shared 2-core machine, no outbound calls. Neo4j Browser,
which the server serves, is pointed at the API: on login it applies the project's style
and opens the curators' guide, both fetched from the API (`browser_settings`).
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from claimgraph.graph.settings import Settings

BROWSER_PATH: Final = "/neo4j-browser"
"""Where the API serves Browser's style and guide (api.browser_routes mounts it there)."""

JVM_OPTIONS: tuple[str, ...] = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
)


@dataclass(frozen=True)
class InstanceLayout:
    """Where one local server keeps its configuration, data, logs and pid."""

    root: Path

    @property
    def conf_dir(self) -> Path:
        return self.root / "conf"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def logs_dir(self) -> Path:
        return self.root / "logs"

    @property
    def run_dir(self) -> Path:
        return self.root / "run"

    @property
    def pid_file(self) -> Path:
        return self.run_dir / "neo4j.pid"

    @property
    def password_file(self) -> Path:
        return self.root / "password"

    @property
    def console_log(self) -> Path:
        return self.logs_dir / "console.log"

    def create(self) -> None:
        for folder in (self.conf_dir, self.data_dir, self.logs_dir, self.run_dir):
            folder.mkdir(parents=True, exist_ok=True)


def api_url(settings: Settings) -> str:
    """The API's address as a browser on this machine reaches it (a wildcard listener is
    reached on loopback)."""
    host = settings.api_host
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{settings.api_port}"


def browser_settings(api: str) -> list[str]:
    """Let Browser fetch from the API, and on connect apply the style and open the guide.

    The allow-list holds the API's hostname (which Browser checks every fetch against) and
    the guide folder's URL, so that `:play claimgraph` finds the guide by name there.
    """
    base = f"{api}{BROWSER_PATH}"
    hostname = api.split("://", 1)[1].rsplit(":", 1)[0].strip("[]")
    return [
        f"browser.remote_content_hostname_whitelist={base},{hostname}",
        f"browser.post_connect_cmd=style {base}/claimgraph.grass; play {base}/claimgraph",
        "client.allow_telemetry=false",
    ]


def render_config(
    layout: InstanceLayout,
    bolt_port: int,
    http_port: int,
    heap: str,
    page_cache: str,
    *,
    api: str | None = None,
) -> str:
    """`api` is the API's address for Browser; by default the one the settings name."""
    lines = [
        "# Written by claimgraph on every start; edit the settings, not this file.",
        "server.default_listen_address=127.0.0.1",
        "server.default_advertised_address=127.0.0.1",
        f"server.bolt.listen_address=127.0.0.1:{bolt_port}",
        f"server.bolt.advertised_address=127.0.0.1:{bolt_port}",
        "server.http.enabled=true",
        f"server.http.listen_address=127.0.0.1:{http_port}",
        f"server.http.advertised_address=127.0.0.1:{http_port}",
        "server.https.enabled=false",
        f"server.directories.data={layout.data_dir}",
        f"server.directories.logs={layout.logs_dir}",
        f"server.directories.run={layout.run_dir}",
        f"server.memory.heap.initial_size={heap}",
        f"server.memory.heap.max_size={heap}",
        f"server.memory.pagecache.size={page_cache}",
        "dbms.security.auth_enabled=true",
        "dbms.usage_report.enabled=false",
        "db.tx_log.preallocate=false",
        "db.tx_log.rotation.retention_policy=2 files",
        *browser_settings(api or api_url(Settings())),
    ]
    return "\n".join(lines) + "\n"
