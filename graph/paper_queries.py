"""Named Cypher for writing paper files: every statement a constant, data only in parameters.

Labels and relationship types come from the closed enums in `graph.paper_rows`,
never from input, so building the constants here is not string-building from
user data.

A file's checks are one statement and its write another, each taking a single map
parameter. The server caches a plan per query text and parameter types, and a list's
type depends on what it holds (an empty list is typed apart from a list of maps), so
separate list parameters, empty for some files and not for others, would compile the
same long statement again and again; a map is one type whatever it holds.
"""

from collections.abc import Iterable

from claimgraph.graph.paper_rows import LinkKind, NodeKind

CHECK_PARAM = "check"
"""The map parameter of `CHECK_STATE`."""

CHANGE_PARAM = "change"
"""The map parameter of `WRITE_FILE`."""

REUSE_PLAN = "CYPHER replan=skip"
"""Keep a cached plan however much the graph has grown since it was made: these two long
statements take a second or more to plan, the server would plan them again every few
seconds of a large ingest, and every lookup in them is by a unique id or an owner index,
which no statistics change."""


def _union(branches: Iterable[str]) -> str:
    return " UNION ALL ".join(branches)


_EXISTING_IDS = _union(
    f"UNWIND ${CHECK_PARAM}.ids AS id MATCH (n:{kind.value} {{id: id}}) "
    f"WHERE n.owner IS NOT NULL RETURN n.id AS id, '{kind.value}' AS label"
    for kind in NodeKind
)
"""Which referenced ids the graph holds, with their label (stubs do not count)."""

_OWNED_STATE = _union(
    f"UNWIND ${CHECK_PARAM}.owners AS owner MATCH (n:{kind.value} {{owner: owner}}) "
    f"RETURN owner, '{kind.value}' AS label, n.id AS id, n.content_hash AS hash"
    for kind in NodeKind
)
"""What files wrote last time: (owner, label, id, hash) of every node they own."""

_DEFINED_ELSEWHERE = _union(
    f"UNWIND ${CHECK_PARAM}.rows AS row MATCH (n:{kind.value} {{id: row.id}}) "
    "WHERE n.owner IS NOT NULL AND n.owner <> row.owner "
    f"RETURN row.owner AS claimant, n.id AS id, '{kind.value}' AS label, n.owner AS owner"
    for kind in NodeKind
)
"""Ids files define that another file already owns (ids are unique across the corpus);
rows of {id, owner}, owner being the file that defines the id now."""

_DROPPED_REFERENCED = _union(
    f"UNWIND ${CHECK_PARAM}.kept AS file MATCH (n:{kind.value} {{owner: file.owner}}) "
    "WHERE NOT n.id IN file.ids "
    "MATCH (n)<-[r]-(m) WHERE m.owner IS NOT NULL AND m.owner <> file.owner "
    "RETURN file.owner AS claimant, n.id AS id, type(r) AS rel, m.owner AS other_owner, "
    "m.id AS other_id"
    for kind in NodeKind
)
"""Links from other files into nodes a file no longer defines; rows of {owner, ids}, ids
being everything the file defines now."""


def _collected(union: str, fields: tuple[str, ...], name: str) -> str:
    """A union's rows as one list of maps; always one row, however many it finds."""
    entries = ", ".join(f"{field}: {field}" for field in fields)
    return f"CALL () {{ CALL () {{ {union} }} RETURN collect({{{entries}}}) AS {name} }}"


CHECK_STATE = " ".join(
    (
        REUSE_PLAN,
        _collected(_OWNED_STATE, ("owner", "label", "id", "hash"), "owned"),
        _collected(_DEFINED_ELSEWHERE, ("claimant", "id", "label", "owner"), "foreign"),
        _collected(_EXISTING_IDS, ("id", "label"), "existing"),
        _collected(
            _DROPPED_REFERENCED, ("claimant", "id", "rel", "other_owner", "other_id"), "inbound"
        ),
        "RETURN owned, foreign, existing, inbound",
    )
)
"""Everything the checks read, for one file or a group, in one round trip. The map
parameter holds owners, rows ({id, owner} of every definition), ids (references out of
their file) and kept ({owner, ids} per file)."""


def clear_key(link: LinkKind) -> str:
    return f"clear_{link.name.lower()}"


def delete_key(kind: NodeKind) -> str:
    return f"delete_{kind.name.lower()}"


def upsert_key(kind: NodeKind) -> str:
    return f"upsert_{kind.name.lower()}"


def link_key(link: LinkKind) -> str:
    return f"link_{link.name.lower()}"


def _upsert_nodes(kind: NodeKind) -> str:
    return (
        f"UNWIND ${CHANGE_PARAM}.{upsert_key(kind)} AS row "
        f"MERGE (n:{kind.value} {{id: row.id}}) SET n = row.props"
    )


def _delete_nodes(kind: NodeKind) -> str:
    return (
        f"UNWIND ${CHANGE_PARAM}.{delete_key(kind)} AS id "
        f"MATCH (n:{kind.value} {{id: id}}) DETACH DELETE n"
    )


def _clear_links(link: LinkKind) -> str:
    ids = f"UNWIND ${CHANGE_PARAM}.{clear_key(link)} AS id"
    rel = f"[r:{link.rel_type} {{via: id}}]"
    start, end = link.start.value, link.end.value
    if link.owner is link.start:
        return f"{ids} MATCH (n:{start} {{id: id}})-{rel}->(:{end}) DELETE r"
    if link.owner is link.end:
        return f"{ids} MATCH (:{start})-{rel}->(n:{end} {{id: id}}) DELETE r"
    # a decomposition's HAS_FACTOR runs between two claims: reach it through the total
    return (
        f"{ids} MATCH (d:{link.owner.value} {{id: id}})-[:DECOMPOSES]->"
        f"(n:{start})-{rel}->(:{end}) DELETE r"
    )


def _create_links(link: LinkKind) -> str:
    """A link to an id a later file of the same run defines makes a stub that file fills."""
    return (
        f"UNWIND ${CHANGE_PARAM}.{link_key(link)} AS row "
        f"MATCH (a:{link.start.value} {{id: row.start}}) "
        f"MERGE (b:{link.end.value} {{id: row.end}}) ON CREATE SET b.stub = true "
        f"MERGE (a)-[r:{link.rel_type} {{via: row.via}}]->(b) SET r += row.props"
    )


# Clearing must see the old DECOMPOSES link, so HAS_FACTOR goes first.
CLEAR_ORDER: tuple[LinkKind, ...] = (
    LinkKind.HAS_FACTOR,
    *(link for link in LinkKind if link is not LinkKind.HAS_FACTOR),
)

_WRITE_STEPS = (
    *(_clear_links(link) for link in CLEAR_ORDER),
    *(_delete_nodes(kind) for kind in NodeKind),
    *(_upsert_nodes(kind) for kind in NodeKind),
    *(_create_links(link) for link in LinkKind),
)

WRITE_FILE = " ".join(
    (
        REUSE_PLAN,
        *(f"CALL () {{ {step} }}" for step in _WRITE_STEPS),
    )
)
"""A file's whole change as one statement, in this order: clear the links of updated
entities, delete removed nodes, upsert changed nodes (link targets first), create their
links. One key of the map parameter per step (an empty list skips it)."""
