"""The neo4j.conf and JVM flags of a locally provisioned server.

Mirrors what the Neo4j distribution's own launcher sets, since the server is
started here without that launcher: loopback listeners, its own data and log
folders, bounded memory for a shared 2-core machine, no outbound calls.
"""

from dataclasses import dataclass
from pathlib import Path

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


def render_config(
    layout: InstanceLayout, bolt_port: int, http_port: int, heap: str, page_cache: str
) -> str:
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
    ]
    return "\n".join(lines) + "\n"
