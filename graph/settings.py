"""One settings object for every entry point, read from the environment.

With NEO4J_URI set the project talks to that server (Aura, a cluster behind a
`neo4j://` routing URI, a container) and provisions nothing; without it, the
locally provisioned server under CLAIMGRAPH_HOME is used.
"""

import os
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[1]
"""The checkout when running from one; inside site-packages once installed."""


def default_home() -> Path:
    """`.neo4j/` in a checkout (git ignores it); the user's data folder once installed."""
    if (PROJECT_ROOT / "pyproject.toml").is_file():
        return PROJECT_ROOT / ".neo4j"
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "claimgraph"


NEO4J_VERSION = "5.26.30"
"""Neo4j 5 LTS line, Community edition; runs on Java 17."""

BROWSER_VERSION = "5.24.0"
"""Newest Neo4j Browser jar on Maven Central for the 5.x server line."""


def _env(*names: str) -> AliasChoices:
    return AliasChoices(*names)


class Settings(BaseSettings):
    """Connection to Neo4j plus the knobs of the locally provisioned server."""

    model_config = SettingsConfigDict(extra="ignore")

    neo4j_uri: str | None = Field(default=None, validation_alias=_env("NEO4J_URI"))
    neo4j_user: str = Field(default="neo4j", validation_alias=_env("NEO4J_USER"))
    neo4j_password: SecretStr | None = Field(default=None, validation_alias=_env("NEO4J_PASSWORD"))
    neo4j_database: str = Field(default="neo4j", validation_alias=_env("NEO4J_DATABASE"))
    query_timeout_seconds: float = Field(
        default=15.0, gt=0, validation_alias=_env("CLAIMGRAPH_QUERY_TIMEOUT")
    )

    claimgraph_home: Path = Field(
        default_factory=default_home, validation_alias=_env("CLAIMGRAPH_HOME")
    )
    bolt_port: int = Field(
        default=7687, ge=1, le=65535, validation_alias=_env("CLAIMGRAPH_BOLT_PORT")
    )
    http_port: int = Field(
        default=7474, ge=1, le=65535, validation_alias=_env("CLAIMGRAPH_HTTP_PORT")
    )
    heap_size: str = Field(default="1g", validation_alias=_env("CLAIMGRAPH_NEO4J_HEAP"))
    page_cache_size: str = Field(
        default="512m", validation_alias=_env("CLAIMGRAPH_NEO4J_PAGECACHE")
    )
    start_timeout_seconds: float = Field(
        default=180.0, gt=0, validation_alias=_env("CLAIMGRAPH_NEO4J_START_TIMEOUT")
    )

    api_host: str = Field(default="127.0.0.1", validation_alias=_env("CLAIMGRAPH_API_HOST"))
    api_port: int = Field(
        default=8000, ge=1, le=65535, validation_alias=_env("CLAIMGRAPH_API_PORT")
    )

    @property
    def uses_external_server(self) -> bool:
        return self.neo4j_uri is not None

    @property
    def distribution_dir(self) -> Path:
        """Jars shared by every local instance: downloaded once, reused after."""
        return self.claimgraph_home / "dist" / f"neo4j-{NEO4J_VERSION}"

    @property
    def instance_dir(self) -> Path:
        return self.claimgraph_home / "instance"
