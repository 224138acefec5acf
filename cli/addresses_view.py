"""What `up` serves, as one aligned block: every address computed from the settings."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimgraph.graph.settings import Settings

WILDCARDS = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}
"""A listener on every interface is opened at loopback in a browser on the same machine."""


def http_base(host: str, port: int) -> str:
    shown = WILDCARDS.get(host, host)
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"  # an IPv6 literal in a URL
    return f"http://{shown}:{port}"


def address_table(
    settings: Settings, host: str, port: int, refused: Sequence[Path] = ()
) -> list[tuple[str, str]]:
    """(what, where) for each thing served, then the Neo4j ones and the password."""
    base = http_base(host, port)
    rows = [
        ("GraphiQL", f"{base}/graphql"),
        ("reports", f"{base}/report"),
        ("OpenAPI", f"{base}/docs"),
        ("exports", f"{base}/export/claims.csv"),
    ]
    if settings.uses_external_server:
        rows.append(("Neo4j", f"{settings.neo4j_uri} (from NEO4J_URI)"))
    else:
        rows += [
            ("Neo4j Browser", f"http://127.0.0.1:{settings.http_port}/browser/"),
            ("Bolt", f"bolt://127.0.0.1:{settings.bolt_port}"),
        ]
    rows.append(("user", settings.neo4j_user))
    rows.append(("password", _password_source(settings)))
    if refused:
        names = ", ".join(path.name for path in refused)
        rows.append(("skipped", f"{len(refused)} refused file(s), errors above: {names}"))
    return rows


def address_lines(
    settings: Settings, host: str, port: int, refused: Sequence[Path] = ()
) -> tuple[list[str], int]:
    """The block's lines, and the column its values start at (where a long one continues)."""
    rows = address_table(settings, host, port, refused)
    width = max(len(what) for what, _ in rows)
    lines = ["Serving:", *(f"  {what:<{width}}  {where}" for what, where in rows)]
    return lines, width + 4


def _password_source(settings: Settings) -> str:
    if settings.neo4j_password is not None:
        return "from NEO4J_PASSWORD"
    if settings.uses_external_server:
        return "none given (set NEO4J_PASSWORD)"
    from claimgraph.graph.server_config import InstanceLayout

    return str(InstanceLayout(settings.instance_dir).password_file)
