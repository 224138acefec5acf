"""One digest of everything the graph holds, to prove a refused input changed nothing.

Every node (labels and all properties) and every relationship (its ends, type and
properties) goes into a SHA-256 over a canonical ordering, so any write at all, even a
property set to another value and back, shows (`GraphState` is the one exception when
asked: its counters record that writes happened, which a converged graph may differ in).
"""

import hashlib
import json
from typing import Any

from neo4j import Driver

NODES = """
MATCH (n) WHERE $with_state OR NOT n:GraphState
RETURN labels(n) AS labels, properties(n) AS props
"""
LINKS = """
MATCH (a)-[r]->(b) WHERE $with_state OR NOT (a:GraphState OR b:GraphState)
RETURN coalesce(a.id, elementId(a)) AS a, type(r) AS type, properties(r) AS props,
       coalesce(b.id, elementId(b)) AS b
"""


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _canonical(item) for key, item in sorted(value.items())}
    if isinstance(value, list):
        return [_canonical(item) for item in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def graph_checksum(driver: Driver, database: str, *, with_state: bool = True) -> str:
    """The digest of every node and link (GraphState's counters too, unless told not to)."""
    nodes, _, _ = driver.execute_query(NODES, with_state=with_state, database_=database)
    links, _, _ = driver.execute_query(LINKS, with_state=with_state, database_=database)
    rows = sorted(
        json.dumps({"labels": sorted(r["labels"]), "props": _canonical(r["props"])}, sort_keys=True)
        for r in nodes
    )
    rows += sorted(
        json.dumps({k: _canonical(r[k]) for k in ("a", "type", "props", "b")}, sort_keys=True)
        for r in links
    )
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()
