"""The browser files GraphiQL and the OpenAPI page need, fetched from npm once, served locally.

Like the Neo4j jars (`graph.distribution`, from Maven), they are fetched at provision
time, never at run time: pages the API serves load nothing from a CDN, so they work on a
network that reaches no CDN. `npm pack` (npm's own client, so its registry settings and
cache apply) fetches each pinned tarball; its SHA-512 must equal the one pinned here, and
only the few files the pages use are kept. A file lock keeps two processes from fetching
into one folder at once, and a marker written last says the folder is complete.
"""

import base64
import fcntl
import hashlib
import json
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from claimgraph.graph.settings import Settings

COMPLETE_MARKER: Final = ".complete"


@dataclass(frozen=True)
class NpmPackage:
    """One pinned npm tarball and the files taken from it (tarball path -> served name)."""

    name: str
    version: str
    integrity: str
    files: tuple[tuple[str, str], ...]

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"


PACKAGES: Final = (
    # GraphiQL 3 is the last major that ships a browser-ready UMD bundle (v4 deprecated it,
    # v5 removed it); it needs React 16.8 to 18, and React 18 is the last with UMD builds.
    NpmPackage(
        "graphiql",
        "3.9.0",
        "sha512-rJYFlHdBbug9+YbFSwRVvgfPjCayC7wHecZkx/qB4XLuQPFQZw/yB9pmHFtOJV6RiNBBHro3u1GdocKa3YcGRA==",
        (
            ("package/graphiql.min.js", "graphiql.min.js"),
            ("package/graphiql.min.css", "graphiql.min.css"),
            ("package/LICENSE", "graphiql.LICENSE"),
        ),
    ),
    NpmPackage(
        "react",
        "18.3.1",
        "sha512-wS+hAgJShR0KhEvPJArfuPVN1+Hz1t0Y6n5jLrGQbkb4urgPE/0Rve+1kMB1v/oWgHgm4WIcV+i7F2pTVj+2iQ==",
        (
            ("package/umd/react.production.min.js", "react.production.min.js"),
            ("package/LICENSE", "react.LICENSE"),
        ),
    ),
    NpmPackage(
        "react-dom",
        "18.3.1",
        "sha512-5m4nQKp+rZRb09LNH59GM4BxTh9251/ylbKIbpe7TpGxfJ+9kv6BLkLBXIjjspbgbnIBNqlI23tRnTWT0snUIw==",
        (
            ("package/umd/react-dom.production.min.js", "react-dom.production.min.js"),
            ("package/LICENSE", "react-dom.LICENSE"),
        ),
    ),
    NpmPackage(
        "swagger-ui-dist",
        "5.32.0",
        "sha512-nKZB0OuDvacB0s/lC2gbge+RigYvGRGpLLMWMFxaTUwfM+CfndVk9Th2IaTinqXiz6Mn26GK2zriCpv6/+5m3Q==",
        (
            ("package/swagger-ui-bundle.js", "swagger-ui-bundle.js"),
            ("package/swagger-ui.css", "swagger-ui.css"),
            ("package/favicon-32x32.png", "swagger-favicon-32x32.png"),
            ("package/LICENSE", "swagger-ui.LICENSE"),
        ),
    ),
)

SERVED: Final = frozenset(name for package in PACKAGES for _, name in package.files)
"""Every file name the asset route may serve; anything else is a 404."""


class WebAssetsError(RuntimeError):
    """The files could not be fetched; the message says what to fix."""


def lock_digest() -> str:
    """A digest of the pinned set: a new pin makes a new folder, so no stale file is served."""
    pins = [(p.spec, p.integrity, p.files) for p in PACKAGES]
    return hashlib.sha256(json.dumps(pins).encode()).hexdigest()[:12]


def assets_dir(settings: Settings | None = None) -> Path:
    """Where the files live: beside the Neo4j jars, under CLAIMGRAPH_HOME (git ignores it)."""
    home = (settings or Settings()).claimgraph_home
    return home / "web" / lock_digest()


def is_provisioned(folder: Path) -> bool:
    return (folder / COMPLETE_MARKER).exists()


def ensure_web_assets(folder: Path | None = None) -> Path:
    """Return the folder of browser files, fetching them only if missing."""
    folder = folder or assets_dir()
    if is_provisioned(folder):
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not is_provisioned(folder):
            _fetch(folder)
    return folder


def _fetch(folder: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise WebAssetsError(
            "npm is not on PATH; it is needed once to fetch GraphiQL, React and Swagger UI "
            "from the npm registry (on Debian: apt-get install npm)"
        )
    with tempfile.TemporaryDirectory(prefix="claimgraph-npm-") as scratch:
        command = [
            npm,
            "pack",
            "--json",
            "--ignore-scripts",
            "--pack-destination",
            scratch,
            *(p.spec for p in PACKAGES),
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=scratch)
        if result.returncode != 0:
            raise WebAssetsError(
                f"npm could not fetch {', '.join(p.spec for p in PACKAGES)}:\n"
                f"{result.stdout[-3000:]}{result.stderr[-3000:]}"
            )
        packed = {(entry["name"], entry["version"]): entry for entry in json.loads(result.stdout)}
        for package in PACKAGES:
            entry = packed.get((package.name, package.version))
            if entry is None:
                raise WebAssetsError(f"npm pack did not return {package.spec}")
            _extract(package, Path(scratch) / entry["filename"], folder)
    (folder / COMPLETE_MARKER).write_text(
        "".join(f"{p.spec} {p.integrity}\n" for p in PACKAGES), encoding="utf-8"
    )


def _extract(package: NpmPackage, tarball: Path, folder: Path) -> None:
    """Check the tarball against its pinned hash, then copy out the files the pages use."""
    digest = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
    if f"sha512-{digest}" != package.integrity:
        raise WebAssetsError(
            f"{package.spec} from npm does not match its pinned SHA-512 "
            f"(got sha512-{digest}); refusing to serve it"
        )
    with tarfile.open(tarball, "r:gz") as archive:
        for member_name, served_name in package.files:
            member = archive.extractfile(member_name)
            if member is None:
                raise WebAssetsError(f"{package.spec} has no {member_name}")
            (folder / served_name).write_bytes(member.read())
