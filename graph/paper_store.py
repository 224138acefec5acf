"""Read what a file wrote before, and write its changes, inside one transaction.

The caller (ingest) decides what changes; this module only runs the named
queries from `graph.paper_queries`, batched with UNWIND: one statement reads
what the checks need, one writes the whole change.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from neo4j import ManagedTransaction

from claimgraph.graph import paper_queries as q
from claimgraph.graph.paper_rows import LinkKind, LinkRow, NodeKind, NodeRow


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


@dataclass(frozen=True)
class GraphState:
    """What the graph says about a group of files, keyed by the owner that asked."""

    owned: dict[str, dict[str, OwnedNode]]  # owner -> id -> node it wrote last time
    foreign: dict[str, dict[str, ForeignOwner]]  # claimant -> id -> another file's node
    existing: dict[str, NodeKind]  # referenced id -> label, for ids the graph holds
    inbound: dict[str, list[InboundLink]]  # owner -> links of others into ids it drops


def read_state(
    tx: ManagedTransaction, defined: Mapping[str, Iterable[str]], referenced: Iterable[str]
) -> GraphState:
    """Every check's reading for some files in one query.

    `defined` maps each file's owner to the ids it defines now; `referenced` is every id
    the files reference but do not define.
    """
    owners = sorted(defined)
    ids = {owner: sorted(set(defined[owner])) for owner in owners}
    check = {
        "owners": owners,
        "rows": [{"id": node_id, "owner": owner} for owner in owners for node_id in ids[owner]],
        "ids": sorted(set(referenced)),
        "kept": [{"owner": owner, "ids": ids[owner]} for owner in owners],
    }
    record = tx.run(q.CHECK_STATE, {q.CHECK_PARAM: check}).single(strict=True)
    state = GraphState(
        {owner: {} for owner in owners},
        {owner: {} for owner in owners},
        {r["id"]: NodeKind(r["label"]) for r in record["existing"]},
        {owner: [] for owner in owners},
    )
    for r in record["owned"]:
        state.owned[r["owner"]][r["id"]] = OwnedNode(NodeKind(r["label"]), r["id"], r["hash"])
    for r in record["foreign"]:
        state.foreign[r["claimant"]][r["id"]] = ForeignOwner(r["id"], r["label"], r["owner"])
    for r in record["inbound"]:
        state.inbound[r["claimant"]].append(
            InboundLink(r["id"], r["rel"], r["other_owner"], r["other_id"])
        )
    return state


def write_changes(
    tx: ManagedTransaction,
    upserts: Iterable[NodeRow],
    updated: Mapping[NodeKind, list[str]],
    removed: Mapping[NodeKind, list[str]],
    links: Iterable[LinkRow],
) -> None:
    """Apply one file's changes; unchanged nodes and their links are never touched.

    One statement for the whole change (see `paper_queries.WRITE_FILE`): clear the links
    of updated entities, delete removed nodes, upsert changed nodes, create their links.
    """
    change: dict[str, list[Any]] = {}
    for link in LinkKind:
        change[q.clear_key(link)] = sorted(updated.get(link.owner, ()))
        change[q.link_key(link)] = []
    for kind in NodeKind:
        change[q.delete_key(kind)] = sorted(removed.get(kind, ()))
        change[q.upsert_key(kind)] = []
    for row in upserts:
        change[q.upsert_key(row.kind)].append({"id": row.id, "props": row.props})
    for link_row in links:
        change[q.link_key(link_row.kind)].append(
            {
                "start": link_row.start,
                "end": link_row.end,
                "via": link_row.owner_id,
                "props": link_row.props,
            }
        )
    if any(change.values()):
        tx.run(q.WRITE_FILE, {q.CHANGE_PARAM: change}).consume()
