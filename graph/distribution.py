"""Fetch the Neo4j server and Neo4j Browser jars from Maven Central, once.

The server tarball is not published on Maven Central, but its parts are:
`org.neo4j:neo4j` (kernel, Cypher, Bolt, `neo4j-server` with the HTTP
connector) and `org.neo4j.client:neo4j-browser`, which the server serves at
/browser/ when it is on the classpath. Maven resolves them into a folder
that every local instance shares.
"""

import fcntl
import shutil
import subprocess
from pathlib import Path

from claimgraph.graph.settings import BROWSER_VERSION, NEO4J_VERSION

POM_TEMPLATE = Path(__file__).parent / "provision" / "pom.xml"
COMPLETE_MARKER = ".complete"


class ProvisioningError(RuntimeError):
    """The server could not be obtained; the message says what to fix."""


def is_provisioned(dist_dir: Path) -> bool:
    return (dist_dir / COMPLETE_MARKER).exists()


def ensure_distribution(dist_dir: Path) -> Path:
    """Return the folder of server jars, downloading it only if missing.

    A file lock keeps two processes (a test run and `claimgraph up`) from
    downloading into the same folder at once.
    """
    if is_provisioned(dist_dir):
        return dist_dir / "lib"
    dist_dir.mkdir(parents=True, exist_ok=True)
    with open(dist_dir / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not is_provisioned(dist_dir):
            _download(dist_dir)
    return dist_dir / "lib"


def _download(dist_dir: Path) -> None:
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ProvisioningError(
            "Maven (mvn) is not on PATH; it is needed once to fetch Neo4j from Maven Central"
        )
    lib = dist_dir / "lib"
    if lib.exists():
        shutil.rmtree(lib)  # a half-finished earlier download
    pom = dist_dir / "pom.xml"
    shutil.copyfile(POM_TEMPLATE, pom)
    command = [
        mvn,
        "-B",
        "-q",
        "-f",
        str(pom),
        f"-Dneo4j.version={NEO4J_VERSION}",
        f"-Dbrowser.version={BROWSER_VERSION}",
        "dependency:copy-dependencies",
        f"-DoutputDirectory={lib}",
        "-DincludeScope=runtime",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ProvisioningError(
            f"Maven could not fetch Neo4j {NEO4J_VERSION}:\n{result.stdout[-4000:]}"
            f"{result.stderr[-4000:]}"
        )
    if not any(lib.glob(f"neo4j-{NEO4J_VERSION}.jar")):
        raise ProvisioningError(f"Maven finished but {lib} holds no neo4j-{NEO4J_VERSION}.jar")
    (dist_dir / COMPLETE_MARKER).write_text(f"{NEO4J_VERSION} {BROWSER_VERSION}\n")
