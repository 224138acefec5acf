"""Provisioning GraphiQL's files from npm, and what the API serves with and without them."""

import base64
import hashlib
import io
import tarfile
from pathlib import Path

import pytest

from claimgraph.api.graphiql import CONTENT_SECURITY_POLICY, graphiql_page
from claimgraph.api.web_assets import (
    PACKAGES,
    SERVED,
    NpmPackage,
    WebAssetsError,
    _extract,
    assets_dir,
    ensure_web_assets,
    is_provisioned,
)
from claimgraph.graph.connection import ConnectionTarget
from tests.api_support import api_client


def test_provisioning_leaves_every_served_file_and_a_marker() -> None:
    folder = ensure_web_assets()  # make test provisions first; this call finds it done
    assert is_provisioned(folder)
    for name in SERVED:
        assert (folder / name).stat().st_size > 0, name
    marker = (folder / ".complete").read_text()
    assert all(f"{p.spec} {p.integrity}" in marker for p in PACKAGES)


def _tarball(path: Path, files: dict[str, bytes]) -> str:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    digest = base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()
    return f"sha512-{digest}"


def test_a_tarball_that_does_not_match_its_pin_is_refused(tmp_path: Path) -> None:
    tarball = tmp_path / "x.tgz"
    integrity = _tarball(tarball, {"package/a.js": b"alert(1)"})
    tampered = NpmPackage("x", "1.0.0", integrity.replace("sha512-", "sha512-A"), ())
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(WebAssetsError, match="does not match its pinned SHA-512"):
        _extract(tampered, tarball, out)
    assert list(out.iterdir()) == []


def test_only_the_listed_files_are_taken_from_a_tarball(tmp_path: Path) -> None:
    tarball = tmp_path / "x.tgz"
    integrity = _tarball(tarball, {"package/a.js": b"a", "package/../../evil": b"b"})
    package = NpmPackage("x", "1.0.0", integrity, (("package/a.js", "a.js"),))
    out = tmp_path / "out"
    out.mkdir()
    _extract(package, tarball, out)
    assert [p.name for p in out.iterdir()] == ["a.js"]


FOREVER_CACHE = "public, max-age=31536000, immutable"


def test_without_the_files_graphiql_says_how_to_get_them(tmp_path: Path) -> None:
    page = graphiql_page(tmp_path / "never-provisioned")
    assert page.status_code == 503
    assert b"claimgraph web provision" in page.body


def test_the_graphiql_page_loads_only_from_this_server(neo4j_target: ConnectionTarget) -> None:
    with api_client(neo4j_target) as client:
        page = client.get("/graphql", headers={"Accept": "text/html"})
        assert page.status_code == 200
        assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert "unpkg" not in page.text and "https://" not in page.text
        prefix = f"/web-assets/{assets_dir().name}"
        for name in ("graphiql.min.js", "react.production.min.js", "graphiql-init.js"):
            assert f'{prefix}/{name}"' in page.text
            asset = client.get(f"{prefix}/{name}")
            assert asset.status_code == 200 and len(asset.content) > 0
            # npm files are pinned by the digest in their address; ours change without it
            own = name == "graphiql-init.js"
            assert asset.headers["cache-control"] == ("no-cache" if own else FOREVER_CACHE)


def test_the_asset_route_serves_nothing_but_its_list(neo4j_target: ConnectionTarget) -> None:
    with api_client(neo4j_target) as client:
        prefix = f"/web-assets/{assets_dir().name}"
        assert client.get(f"{prefix}/.complete").status_code == 404
        assert client.get(f"{prefix}/..%2F..%2Fpyproject.toml").status_code == 404
        assert client.get("/web-assets/000000000000/graphiql.min.js").status_code == 404


def test_fastapis_cdn_pages_are_replaced(neo4j_target: ConnectionTarget) -> None:
    with api_client(neo4j_target) as client:
        docs = client.get("/docs")
        assert docs.status_code == 200
        assert "cdn.jsdelivr.net" not in docs.text and "swagger-ui-bundle.js" in docs.text
        assert client.get("/redoc").status_code == 404


def test_graphql_over_get_still_answers(neo4j_target: ConnectionTarget) -> None:
    with api_client(neo4j_target) as client:
        answer = client.get("/graphql", params={"query": "{ __typename }"})
        assert answer.json()["data"] == {"__typename": "Query"}
