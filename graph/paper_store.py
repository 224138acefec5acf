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
class StoredNode:
    """A node as the graph holds it: who it belongs to and which file wrote it."""

    kind: NodeKind
    id: str
    hash: str | None
    owner: str
    origin: str | None  # None: written before origins were recorded


@dataclass(frozen=True)
class InboundLink:
    """A link from another file's node (`other_id`, of `other_owner`) into node `id`."""

    id: str
    rel: str
    other_owner: str
    other_origin: str | None
    other_id: str


@dataclass(frozen=True)
class SameSource:
    """A source of another file sharing an identity (`kind`: a KeyKind value) with a file's."""

    kind: str
    id: str
    owner: str
    origin: str | None


StoredFigure = tuple[str, str | None, float | None, float | None]
"""A claim's (id, unit, value, years) as stored; unit and value are None for a stub."""


@dataclass(frozen=True)
class StoredDecomposition:
    """A decomposition of another file, with its total's and factors' stored figures."""

    id: str
    owner: str
    origin: str | None
    total: StoredFigure
    factors: tuple[StoredFigure, ...]


@dataclass(frozen=True)
class FileQuery:
    """What the checks ask about one file: who it is, what it defines, its source's keys."""

    origin: str
    owner: str
    legacy: str | None
    ids: Iterable[str]
    keys: Mapping[str, str]  # node property (key_doi, ...) -> digest


@dataclass(frozen=True)
class GraphState:
    """What the graph says about a group of files, keyed by each file's origin."""

    held: dict[str, list[StoredNode]]  # nodes of the file's origin, unit or legacy owner
    inbound: dict[str, list[InboundLink]]  # links from outside into held nodes it drops
    foreign: dict[str, dict[str, StoredNode]]  # defined ids another unit holds
    existing: dict[str, NodeKind]  # referenced id -> label, for ids the graph holds
    figures: dict[str, StoredFigure]  # referenced claim id -> its stored figure
    same_source: dict[str, list[SameSource]]
    decompositions: dict[str, list[StoredDecomposition]]


def read_state(
    tx: ManagedTransaction, files: Iterable[FileQuery], referenced: Iterable[str]
) -> GraphState:
    """Every check's reading for some files in one query.

    `referenced` is every id the files reference but do not define.
    """
    queries = sorted(files, key=lambda f: f.origin)
    check = {
        "files": [
            {
                "origin": f.origin,
                "owner": f.owner,
                "legacy": f.legacy,
                "ids": sorted(set(f.ids)),
                **{key: f.keys.get(key) for key in q.SOURCE_KEYS},
            }
            for f in queries
        ],
        "ids": sorted(set(referenced)),
    }
    record = tx.run(q.CHECK_STATE, {q.CHECK_PARAM: check}).single(strict=True)
    origins = [f.origin for f in queries]
    state = GraphState(
        {origin: [] for origin in origins},
        {origin: [] for origin in origins},
        {origin: {} for origin in origins},
        {r["id"]: NodeKind(r["label"]) for r in record["existing"]},
        {r["id"]: (r["id"], *r["figure"]) for r in record["existing"] if r["figure"]},
        {origin: [] for origin in origins},
        {origin: [] for origin in origins},
    )
    for entry in record["held"]:
        claimant = entry["claimant"]
        state.held[claimant] = [
            StoredNode(NodeKind(label), node_id, content_hash, owner, origin)
            for node_id, label, content_hash, owner, origin in entry["nodes"]
        ]
        state.inbound[claimant] = [
            InboundLink(*link) for links in entry["inbound"] for link in links
        ]
    for r in record["foreign"]:
        state.foreign[r["claimant"]][r["id"]] = StoredNode(
            NodeKind(r["label"]), r["id"], r["hash"], r["owner"], r["origin"]
        )
    for r in record["same_source"]:
        state.same_source[r["claimant"]].append(
            SameSource(r["kind"], r["id"], r["owner"], r["origin"])
        )
    for r in record["decompositions"]:
        factors = tuple((f[1], f[2], f[3], f[4]) for f in sorted(r["factors"], key=_position))
        state.decompositions[r["claimant"]].append(
            StoredDecomposition(r["id"], r["owner"], r["origin"], tuple(r["total"]), factors)
        )
    return state


def _position(factor: list[Any]) -> int:
    return int(factor[0]) if factor[0] is not None else 0


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


def owned_ids(tx: ManagedTransaction, kind: NodeKind) -> list[str]:
    """The ids of `kind` the graph holds (for suggesting the one a misspelt reference meant)."""
    return [str(record["id"]) for record in tx.run(q.OWNED_IDS[kind])]
