"""Read what a file wrote before, and write its changes, inside one transaction.

The caller (ingest) decides what changes; this module only runs the named
queries from `graph.paper_queries`, batched with UNWIND, one query per label
or link type.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

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


def existing_ids(tx: ManagedTransaction, ids: Iterable[str]) -> dict[str, NodeKind]:
    result = tx.run(q.EXISTING_IDS, ids=sorted(set(ids)))
    return {record["id"]: NodeKind(record["label"]) for record in result}


def owned_nodes_many(
    tx: ManagedTransaction, owners: Iterable[str]
) -> dict[str, dict[str, OwnedNode]]:
    """`owned_nodes` of several owners in one query: owner -> id -> node (every owner)."""
    wanted = sorted(set(owners))
    out: dict[str, dict[str, OwnedNode]] = {owner: {} for owner in wanted}
    for r in tx.run(q.OWNED_STATE_MANY, owners=wanted):
        out[r["owner"]][r["id"]] = OwnedNode(NodeKind(r["label"]), r["id"], r["hash"])
    return out


def defined_elsewhere_many(
    tx: ManagedTransaction, ids_by_owner: Mapping[str, Iterable[str]]
) -> dict[str, dict[str, ForeignOwner]]:
    """`defined_elsewhere` for several files: claimant owner -> id -> current owner."""
    rows = _owner_rows(ids_by_owner)
    out: dict[str, dict[str, ForeignOwner]] = {owner: {} for owner in ids_by_owner}
    for r in tx.run(q.DEFINED_ELSEWHERE_MANY, rows=rows):
        out[r["claimant"]][r["id"]] = ForeignOwner(r["id"], r["label"], r["owner"])
    return out


def referenced_by_others_many(
    tx: ManagedTransaction, ids_by_owner: Mapping[str, Iterable[str]]
) -> dict[str, list[InboundLink]]:
    """`referenced_by_others` for several files: removing owner -> links into its ids."""
    rows = _owner_rows(ids_by_owner)
    out: dict[str, list[InboundLink]] = {owner: [] for owner in ids_by_owner}
    if not rows:
        return out
    for r in tx.run(q.REFERENCED_BY_OTHERS_MANY, rows=rows):
        out[r["claimant"]].append(InboundLink(r["id"], r["rel"], r["other_owner"], r["other_id"]))
    return out


def _owner_rows(ids_by_owner: Mapping[str, Iterable[str]]) -> list[dict[str, str]]:
    return [
        {"id": node_id, "owner": owner}
        for owner, ids in sorted(ids_by_owner.items())
        for node_id in sorted(set(ids))
    ]


def write_changes(
    tx: ManagedTransaction,
    upserts: Iterable[NodeRow],
    updated: Mapping[NodeKind, list[str]],
    removed: Mapping[NodeKind, list[str]],
    links: Iterable[LinkRow],
) -> None:
    """Apply one file's changes; unchanged nodes and their links are never touched.

    One batched statement per label or link type that has rows (small statements plan
    fast and stay cached; empty steps cost nothing), in a fixed order: clear the links of
    updated entities, delete removed nodes, upsert changed nodes, create their links.
    """
    for link in q.CLEAR_ORDER:
        ids = updated.get(link.owner)
        if ids:
            tx.run(q.CLEAR_LINKS[link], ids=sorted(ids)).consume()
    for kind in NodeKind:
        ids = removed.get(kind)
        if ids:
            tx.run(q.DELETE_NODES[kind], ids=sorted(ids)).consume()
    rows_by_kind: dict[NodeKind, list[dict[str, Any]]] = {}
    for row in upserts:
        rows_by_kind.setdefault(row.kind, []).append({"id": row.id, "props": row.props})
    for kind in NodeKind:
        if kind in rows_by_kind:
            tx.run(q.UPSERT_NODES[kind], rows=rows_by_kind[kind]).consume()
    links_by_kind: dict[LinkKind, list[dict[str, Any]]] = {}
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
