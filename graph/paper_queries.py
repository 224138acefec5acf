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
from claimgraph.schemas.source_identity import KeyKind

SOURCE_KEYS: tuple[str, ...] = tuple(kind.value for kind in KeyKind)
"""The Source properties holding identity digests (indexed, see graph.constraints)."""

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


_FILES = f"UNWIND ${CHECK_PARAM}.files AS f"
"""Each file of the group: {origin, owner, legacy (or null), ids (what it defines now), and
key_doi, key_arxiv, key_url, key_title (its source's identity digests, or null)}."""

_HELD = _union(
    (
        *(
            f"MATCH (n:{kind.value} {{origin: f.origin}}) RETURN n "
            f"UNION MATCH (n:{kind.value} {{owner: f.owner}}) RETURN n"
            for kind in NodeKind
        ),
        # a catalogue's nodes from before origins were recorded carry its stem as owner
        "MATCH (n:Quantity {owner: f.legacy}) WHERE n.origin IS NULL RETURN n",
    )
).replace(" UNION ALL ", " UNION ")
"""Every node a file may hold: what its origin wrote, what its unit holds (whatever wrote
it), and its legacy owner's nodes. Distinct, as a node may match twice."""

_HELD_STATE = (
    f"CALL () {{ {_FILES} CALL (f) {{ CALL (f) {{ {_HELD} }} RETURN collect(n) AS held }} "
    "RETURN collect({claimant: f.origin, "
    "nodes: [x IN held | [x.id, labels(x)[0], x.content_hash, x.owner, x.origin]], "
    "inbound: [x IN held WHERE NOT x.id IN f.ids | "
    "[(x)<-[r]-(m) WHERE m.owner IS NOT NULL AND NOT m IN held | "
    "[x.id, type(r), m.owner, m.origin, m.id]]]}) AS held }"
)
"""Per file: the nodes it holds ([id, label, hash, owner, origin]), and the links from
nodes it does not hold into those of them it no longer defines (would be cut if they
were removed)."""

_EXISTING_IDS = _union(
    f"UNWIND ${CHECK_PARAM}.ids AS id MATCH (n:{kind.value} {{id: id}}) "
    f"WHERE n.owner IS NOT NULL RETURN n.id AS id, '{kind.value}' AS label, "
    + ("[n.unit, n.value, n.years] AS figure" if kind is NodeKind.CLAIM else "null AS figure")
    for kind in NodeKind
)
"""Which referenced ids the graph holds, with their label (stubs do not count), and the
stated figure of claims (a decomposition elsewhere must be able to multiply it)."""

_DEFINED_ELSEWHERE = _union(
    f"{_FILES} UNWIND f.ids AS id MATCH (n:{kind.value} {{id: id}}) "
    "WHERE n.owner IS NOT NULL AND n.owner <> f.owner AND coalesce(n.origin, '') <> f.origin "
    "AND NOT (n.origin IS NULL AND n.owner = coalesce(f.legacy, '')) "
    f"RETURN f.origin AS claimant, n.id AS id, '{kind.value}' AS label, n.owner AS owner, "
    "n.origin AS origin, n.content_hash AS hash"
    for kind in NodeKind
)
"""Ids a file defines that another unit holds (ids are unique across the corpus)."""

_SAME_SOURCE = _union(
    f"{_FILES} MATCH (s:Source {{{key}: f.{key}}}) "
    "WHERE s.owner <> f.owner AND coalesce(s.origin, '') <> f.origin "
    f"RETURN f.origin AS claimant, '{key}' AS kind, s.id AS id, s.owner AS owner, "
    "s.origin AS origin"
    for key in SOURCE_KEYS
)
"""Sources of other files that share an identity (DOI, arXiv id, URL, title and year) with
a file's source, each found through its index."""

_DECOMPOSITIONS_OF = (
    f"{_FILES} UNWIND f.ids AS id "
    "MATCH (:Claim {id: id})<-[:FACTOR|DECOMPOSES]-(d:Decomposition) "
    "WHERE d.owner IS NOT NULL AND d.owner <> f.owner AND coalesce(d.origin, '') <> f.origin "
    "WITH DISTINCT f, d MATCH (d)-[:DECOMPOSES]->(t:Claim) "
    "RETURN f.origin AS claimant, d.id AS id, d.owner AS owner, d.origin AS origin, "
    "[t.id, t.unit, t.value, t.years] AS total, "
    "[(d)-[x:FACTOR]->(c:Claim) | [x.position, c.id, c.unit, c.value, c.years]] AS factors"
)
"""Decompositions of other files that multiply claims a file defines: the file's new
figures must keep them computable."""


def _collected(union: str, fields: tuple[str, ...], name: str) -> str:
    """A union's rows as one list of maps; always one row, however many it finds."""
    entries = ", ".join(f"{field}: {field}" for field in fields)
    return f"CALL () {{ CALL () {{ {union} }} RETURN collect({{{entries}}}) AS {name} }}"


CHECK_STATE = " ".join(
    (
        REUSE_PLAN,
        _HELD_STATE,
        _collected(
            _DEFINED_ELSEWHERE, ("claimant", "id", "label", "owner", "origin", "hash"), "foreign"
        ),
        _collected(_EXISTING_IDS, ("id", "label", "figure"), "existing"),
        _collected(_SAME_SOURCE, ("claimant", "kind", "id", "owner", "origin"), "same_source"),
        _collected(
            _DECOMPOSITIONS_OF,
            ("claimant", "id", "owner", "origin", "total", "factors"),
            "decompositions",
        ),
        "RETURN held, foreign, existing, same_source, decompositions",
    )
)
"""Everything the checks read, for one file or a group, in one round trip. The map
parameter holds files (see `_FILES`) and ids (references out of their file)."""


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

OWNED_IDS: dict[NodeKind, str] = {
    kind: f"MATCH (n:{kind.value}) WHERE n.owner IS NOT NULL RETURN n.id AS id" for kind in NodeKind
}
"""Every id of one label that a file wrote (stubs left out): the candidates a misspelt
reference is compared with, read only when a file is refused for one."""
