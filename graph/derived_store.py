"""Derived results in the graph: consensus values, conflicts, deviations, flags, factor checks.

They live under their own labels, written only by the reconciliation step, so a
curator sees them beside the claims in Neo4j Browser. Like ingest, the step
diffs what it computed against what is stored (by id and content hash) and
writes only the difference: running it twice changes nothing, and results whose
claims are gone are deleted.
"""

import hashlib
import json
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import Any

from neo4j import ManagedTransaction


class DerivedLabel(Enum):
    CONSENSUS = "Consensus"
    CONFLICT = "Conflict"
    FLAG = "Flag"
    FACTOR_CHECK = "FactorCheck"
    DEVIATION = "Deviation"


class DerivedLink(Enum):
    """Relationship type and both labels; labels and types are constants, never input."""

    SUMMARIZES = ("SUMMARIZES", DerivedLabel.CONSENSUS, "Quantity")
    POOLS = ("POOLS", DerivedLabel.CONSENSUS, "Claim")
    LEAVES_OUT = ("LEAVES_OUT", DerivedLabel.CONSENSUS, "Claim")
    BETWEEN = ("BETWEEN", DerivedLabel.CONFLICT, "Claim")
    EXPLAINED_BY = ("EXPLAINED_BY", DerivedLabel.CONFLICT, "Critique")
    FLAGS_CLAIM = ("FLAGS", DerivedLabel.FLAG, "Claim")
    FLAGS_GROUPING = ("FLAGS", DerivedLabel.FLAG, "Grouping")
    INVOLVES = ("INVOLVES", DerivedLabel.FLAG, "Claim")
    CHECKS = ("CHECKS", DerivedLabel.FACTOR_CHECK, "Decomposition")
    DEVIATES = ("DEVIATES", DerivedLabel.DEVIATION, "Claim")
    DEVIATION_EXPLAINED_BY = ("EXPLAINED_BY", DerivedLabel.DEVIATION, "Critique")

    def __init__(self, rel_type: str, start: DerivedLabel, end: str) -> None:
        self.rel_type = rel_type
        self.start = start
        self.end = end


@dataclass(frozen=True)
class DerivedLinkRow:
    kind: DerivedLink
    end: str
    props: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DerivedRow:
    label: DerivedLabel
    id: str
    props: dict[str, Any]
    links: tuple[DerivedLinkRow, ...] = ()

    @cached_property
    def content_hash(self) -> str:
        payload = {
            "props": self.props,
            "links": [(link.kind.name, link.end, link.props) for link in self.links],
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()

    def stored_props(self) -> dict[str, Any]:
        clean = {key: value for key, value in self.props.items() if value is not None}
        return {**clean, "id": self.id, "content_hash": self.content_hash}


EXISTING = "\nUNION ALL\n".join(
    f"MATCH (n:{label.value}) "
    f"RETURN '{label.value}' AS label, collect([n.id, n.content_hash]) AS nodes"
    for label in DerivedLabel
)
"""(id, content hash) of every stored result, one list per label: far quicker to decode
than a record per node."""
UPSERT = {
    label: f"UNWIND $rows AS row MERGE (n:{label.value} {{id: row.id}}) SET n = row.props"
    for label in DerivedLabel
}
DELETE = {
    label: f"UNWIND $ids AS id MATCH (n:{label.value} {{id: id}}) DETACH DELETE n"
    for label in DerivedLabel
}
CLEAR_LINKS = {
    label: f"UNWIND $ids AS id MATCH (n:{label.value} {{id: id}})-[r]->() DELETE r"
    for label in DerivedLabel
}
CREATE_LINKS = {
    link: (
        f"UNWIND $rows AS row MATCH (a:{link.start.value} {{id: row.start}}) "
        f"UNWIND row.links AS link MATCH (b:{link.end} {{id: link[0]}}) "
        f"CREATE (a)-[r:{link.rel_type}]->(b) SET r = $props[link[1]]"
    )
    for link in DerivedLink
}
"""Links grouped by their start node, so each start is looked up once, not once a link;
each link is [end id, index into $props], as most links share one of a few property maps
(a left-out reason), and sending each map once made the largest write much cheaper."""
CREATE_BARE_LINKS = {
    link: (
        f"UNWIND $rows AS row MATCH (a:{link.start.value} {{id: row.start}}) "
        f"UNWIND row.ends AS end MATCH (b:{link.end} {{id: end}}) "
        f"CREATE (a)-[:{link.rel_type}]->(b)"
    )
    for link in DerivedLink
}
"""The same for links without properties: only end ids travel."""


@dataclass(frozen=True)
class DerivedChanges:
    created: list[str]
    updated: list[str]
    removed: list[str]
    unchanged: int


def sync(tx: ManagedTransaction, rows: Iterable[DerivedRow]) -> DerivedChanges:
    """Make the stored derived results equal to `rows`, touching only differences."""
    wanted = {row.id: row for row in rows}
    stored = {
        node_id: (DerivedLabel(label), content_hash)
        for label, nodes in tx.run(EXISTING)
        for node_id, content_hash in nodes
    }
    removed: dict[DerivedLabel, list[str]] = defaultdict(list)
    for node_id, (label, _) in stored.items():
        if node_id not in wanted or wanted[node_id].label is not label:
            removed[label].append(node_id)
    changed = [
        row
        for row in wanted.values()
        if row.id not in stored or stored[row.id] != (row.label, row.content_hash)
    ]
    updated: dict[DerivedLabel, list[str]] = defaultdict(list)
    for row in changed:
        if row.id in stored and stored[row.id][0] is row.label:
            updated[row.label].append(row.id)
    for label, ids in removed.items():
        tx.run(DELETE[label], ids=sorted(ids)).consume()
    for label, ids in updated.items():
        tx.run(CLEAR_LINKS[label], ids=sorted(ids)).consume()
    by_label: dict[DerivedLabel, list[dict[str, Any]]] = defaultdict(list)
    by_link: dict[DerivedLink, dict[str, list[DerivedLinkRow]]] = defaultdict(dict)
    for row in sorted(changed, key=lambda r: r.id):
        by_label[row.label].append({"id": row.id, "props": row.stored_props()})
        for link in row.links:
            by_link[link.kind].setdefault(row.id, []).append(link)
    for label in DerivedLabel:
        if by_label[label]:
            tx.run(UPSERT[label], rows=by_label[label]).consume()
    for link_kind in DerivedLink:
        if by_link[link_kind]:
            _create_links(tx, link_kind, by_link[link_kind])
    updated_ids = sorted(i for ids in updated.values() for i in ids)
    return DerivedChanges(
        created=sorted(row.id for row in changed if row.id not in set(updated_ids)),
        updated=updated_ids,
        removed=sorted(i for ids in removed.values() for i in ids),
        unchanged=len(wanted) - len(changed),
    )


def _create_links(
    tx: ManagedTransaction, kind: DerivedLink, by_start: dict[str, list[DerivedLinkRow]]
) -> None:
    if any(link.props for links in by_start.values() for link in links):
        props: list[dict[str, Any]] = []
        slots: dict[Hashable, int] = {}
        rows = [
            {
                "start": start,
                "links": [[link.end, _slot(link.props, props, slots)] for link in links],
            }
            for start, links in by_start.items()
        ]
        tx.run(CREATE_LINKS[kind], rows=rows, props=props).consume()
    else:
        bare = [
            {"start": start, "ends": [link.end for link in links]}
            for start, links in by_start.items()
        ]
        tx.run(CREATE_BARE_LINKS[kind], rows=bare).consume()


def _slot(props: dict[str, Any], distinct: list[dict[str, Any]], slots: dict[Hashable, int]) -> int:
    """The index of `props` in `distinct`, appended if new. Maps are shared only when equal
    value for value and type for type (1, 1.0 and True are equal keys but stored apart);
    maps with unhashable values are never shared."""
    key = tuple((name, type(value), value) for name, value in props.items())
    try:
        return slots[key]
    except KeyError:
        slots[key] = len(distinct)
    except TypeError:
        pass
    distinct.append(props)
    return len(distinct) - 1
