"""What every benchmark shares: a throwaway Neo4j, an emptied database, the baseline writer.

The baseline is the textbook bulk write a Neo4j engineer would send for the rows ingest
writes: one `UNWIND $rows ... MERGE` per label and per relationship type, in large batches,
with no YAML, no checks and no diffing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final, TypeVar

from neo4j import Driver

from claimgraph.graph.connection import ConnectionTarget
from claimgraph.graph.local_server import LocalServer
from claimgraph.graph.paper_rows import DocumentRows, LinkKind, NodeKind
from claimgraph.graph.settings import Settings

K = TypeVar("K", NodeKind, LinkKind)

BASELINE_NODES: Final[dict[NodeKind, str]] = {
    kind: f"UNWIND $rows AS row MERGE (n:{kind.value} {{id: row.id}}) SET n = row.props"
    for kind in NodeKind
}
"""The textbook bulk upsert, one query per label."""

BASELINE_LINKS: Final[dict[LinkKind, str]] = {
    link: (
        f"UNWIND $rows AS row MATCH (a:{link.start.value} {{id: row.start}}) "
        f"MATCH (b:{link.end.value} {{id: row.end}}) "
        f"MERGE (a)-[r:{link.rel_type} {{via: row.via}}]->(b) SET r += row.props"
    )
    for link in LinkKind
}
"""The same links ingest writes (keyed by `via`, the entity that wrote them)."""

EMPTY_DATABASE: Final = (
    "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"  # auto-commit only
)
COUNTS: Final = (
    "CALL { MATCH (n) RETURN count(n) AS nodes } "
    "CALL { MATCH ()-[r]->() RETURN count(r) AS links } RETURN nodes, links"
)


@contextmanager
def throwaway_neo4j(root: Path) -> Iterator[ConnectionTarget]:
    """A local server on free ports with its data under `root`, stopped on exit."""
    server = LocalServer.throwaway(root / "neo4j", Settings(), heap_size="2g", page_cache_size="1g")
    server.start()
    try:
        yield ConnectionTarget(server.bolt_uri, "neo4j", server.password, "neo4j")
    finally:
        server.stop()


def empty_database(driver: Driver, database: str) -> None:
    with driver.session(database=database) as session:
        session.run(EMPTY_DATABASE).consume()


def graph_counts(driver: Driver, database: str) -> tuple[int, int]:
    records, _, _ = driver.execute_query(COUNTS, database_=database)
    return int(records[0]["nodes"]), int(records[0]["links"])


def write_baseline(
    driver: Driver,
    database: str,
    rows: Sequence[DocumentRows],
    batch_size: int,
    advance: Callable[[int], None],
) -> None:
    """Every node (targets first), then every link, in batches of `batch_size` rows."""
    nodes: dict[NodeKind, list[dict[str, Any]]] = {kind: [] for kind in NodeKind}
    links: dict[LinkKind, list[dict[str, Any]]] = {kind: [] for kind in LinkKind}
    for document in rows:
        for node in document.nodes:
            nodes[node.kind].append({"id": node.id, "props": node.props})
        for link in document.links:
            links[link.kind].append(
                {"start": link.start, "end": link.end, "via": link.owner_id, "props": link.props}
            )
    for kind, batch in _batches(nodes, batch_size):
        driver.execute_query(BASELINE_NODES[kind], rows=batch, database_=database)
        advance(len(batch))
    for link_kind, link_batch in _batches(links, batch_size):
        driver.execute_query(BASELINE_LINKS[link_kind], rows=link_batch, database_=database)
        advance(len(link_batch))


def _batches(
    grouped: dict[K, list[dict[str, Any]]], size: int
) -> Iterator[tuple[K, list[dict[str, Any]]]]:
    for key, items in grouped.items():
        for start in range(0, len(items), size):
            yield key, items[start : start + size]
