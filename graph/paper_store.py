"""Read what a file wrote before, and write its changes, inside one transaction.

The caller (ingest) decides what changes; this module only runs the named
queries from `graph.paper_queries`, batched with UNWIND, one query per label
or link type.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from neo4j import ManagedTransaction

from graph import paper_queries as q
from graph.paper_rows import LinkKind, LinkRow, NodeKind, NodeRow


@dataclass(frozen=True)
class OwnedNode:
    kind: NodeKind
    id: str
    hash: str


@dataclass(frozen=True)
class ForeignOwner:
    id: str
    label: str
    owner: str


@dataclass(frozen=True)
class InboundLink:
    id: str
    rel: str
    other_owner: str
    other_id: str


def owned_nodes(tx: ManagedTransaction, owner: str) -> dict[str, OwnedNode]:
    result = tx.run(q.OWNED_STATE, owner=owner)
    return {
        record["id"]: OwnedNode(NodeKind(record["label"]), record["id"], record["hash"])
        for record in result
    }


def defined_elsewhere(
    tx: ManagedTransaction, owner: str, ids: Iterable[str]
) -> dict[str, ForeignOwner]:
    result = tx.run(q.DEFINED_ELSEWHERE, owner=owner, ids=sorted(set(ids)))
    return {r["id"]: ForeignOwner(r["id"], r["label"], r["owner"]) for r in result}


def existing_ids(tx: ManagedTransaction, ids: Iterable[str]) -> dict[str, NodeKind]:
    result = tx.run(q.EXISTING_IDS, ids=sorted(set(ids)))
    return {record["id"]: NodeKind(record["label"]) for record in result}


def referenced_by_others(
    tx: ManagedTransaction, owner: str, ids: Iterable[str]
) -> list[InboundLink]:
    result = tx.run(q.REFERENCED_BY_OTHERS, owner=owner, ids=sorted(set(ids)))
    links = [InboundLink(r["id"], r["rel"], r["other_owner"], r["other_id"]) for r in result]
    return sorted(links, key=lambda link: (link.id, link.other_owner, link.other_id, link.rel))


def write_changes(
    tx: ManagedTransaction,
    upserts: Iterable[NodeRow],
    updated: Mapping[NodeKind, list[str]],
    removed: Mapping[NodeKind, list[str]],
    links: Iterable[LinkRow],
) -> None:
    """Apply one file's changes; unchanged nodes and their links are never touched."""
    updated_ids = {kind: ids for kind, ids in updated.items() if ids}
    for link in q.CLEAR_ORDER:
        ids = updated_ids.get(link.owner)
        if ids:
            tx.run(q.CLEAR_LINKS[link], ids=ids).consume()
    for kind, ids in removed.items():
        if ids:
            tx.run(q.DELETE_NODES[kind], ids=ids).consume()
    rows_by_kind: dict[NodeKind, list[dict[str, object]]] = {}
    for row in upserts:
        rows_by_kind.setdefault(row.kind, []).append({"id": row.id, "props": row.props})
    for kind in NodeKind:
        if kind in rows_by_kind:
            tx.run(q.UPSERT_NODES[kind], rows=rows_by_kind[kind]).consume()
    links_by_kind: dict[LinkKind, list[dict[str, object]]] = {}
    for link_row in links:
        links_by_kind.setdefault(link_row.kind, []).append(
            {
                "start": link_row.start,
                "end": link_row.end,
                "via": link_row.owner_id,
                "props": link_row.props,
            }
        )
    for link_kind in LinkKind:
        if link_kind in links_by_kind:
            tx.run(q.CREATE_LINKS[link_kind], rows=links_by_kind[link_kind]).consume()
