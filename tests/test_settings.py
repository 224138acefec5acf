"""Settings come from the environment; NEO4J_URI means nothing is provisioned."""

from pathlib import Path

import pytest

from claimgraph.graph.connection import resolve_target
from claimgraph.graph.settings import Settings


def test_external_uri_is_used_as_given_and_nothing_local_is_touched(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("NEO4J_URI", "neo4j://cluster.example:7687")
    monkeypatch.setenv("NEO4J_USER", "analyst")
    monkeypatch.setenv("NEO4J_PASSWORD", "pw-from-env")
    monkeypatch.setenv("NEO4J_DATABASE", "claims")
    monkeypatch.setenv("CLAIMGRAPH_HOME", str(tmp_path / "home"))
    settings = Settings()
    target = resolve_target(settings)
    assert settings.uses_external_server
    assert (target.uri, target.user, target.password, target.database) == (
        "neo4j://cluster.example:7687",
        "analyst",
        "pw-from-env",
        "claims",
    )
    assert not (tmp_path / "home").exists()  # no password file, no download, no instance


def test_external_uri_without_password_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://db.example:7687")
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    with pytest.raises(ValueError, match="NEO4J_PASSWORD"):
        resolve_target(Settings())


def test_local_defaults_and_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    monkeypatch.setenv("CLAIMGRAPH_HOME", str(tmp_path))
    monkeypatch.setenv("CLAIMGRAPH_BOLT_PORT", "17001")
    settings = Settings()
    target = resolve_target(settings)
    assert target.uri == "bolt://127.0.0.1:17001"
    assert settings.distribution_dir.parent == tmp_path / "dist"
    generated = (tmp_path / "instance" / "password").read_text().strip()
    assert target.password == generated and len(generated) >= 20
    assert (tmp_path / "instance" / "password").stat().st_mode & 0o077 == 0
    assert resolve_target(Settings()).password == generated  # generated once, then reused
