"""Named Cypher for writing paper files: every statement a constant, data only in parameters.

Labels and relationship types come from the closed enums in `graph.paper_rows`,
never from input, so building the constants here is not string-building from
user data.
"""

from graph.paper_rows import LinkKind, NodeKind

EXISTING_IDS = "\nUNION ALL\n".join(
    f"UNWIND $ids AS id MATCH (n:{kind.value} {{id: id}}) WHERE n.owner IS NOT NULL "
    f"RETURN n.id AS id, '{kind.value}' AS label"
    for kind in NodeKind
)
"""Which referenced ids the graph holds, with their label (stubs do not count)."""

OWNED_STATE_MANY = "\nUNION ALL\n".join(
    f"UNWIND $owners AS owner MATCH (n:{kind.value} {{owner: owner}}) "
    f"RETURN owner, '{kind.value}' AS label, n.id AS id, n.content_hash AS hash"
    for kind in NodeKind
)
"""What files wrote last time: (owner, label, id, hash) of every node they own."""

DEFINED_ELSEWHERE_MANY = "\nUNION ALL\n".join(
    f"UNWIND $rows AS row MATCH (n:{kind.value} {{id: row.id}}) "
    "WHERE n.owner IS NOT NULL AND n.owner <> row.owner "
    f"RETURN row.owner AS claimant, n.id AS id, '{kind.value}' AS label, n.owner AS owner"
    for kind in NodeKind
)
"""Ids files define that another file already owns (ids are unique across the corpus);
rows of {id, owner}, owner being the file that defines the id now."""

REFERENCED_BY_OTHERS_MANY = "\nUNION ALL\n".join(
    f"UNWIND $rows AS row MATCH (n:{kind.value} {{id: row.id}})<-[r]-(m) "
    "WHERE m.owner IS NOT NULL AND m.owner <> row.owner "
    "RETURN row.owner AS claimant, n.id AS id, type(r) AS rel, m.owner AS other_owner, "
    "m.id AS other_id"
    for kind in NodeKind
)
"""Links from other files into nodes files are about to remove; rows of {id, owner},
owner being the file that removes the id."""


def _upsert_nodes(kind: NodeKind, param: str) -> str:
    return f"UNWIND ${param} AS row MERGE (n:{kind.value} {{id: row.id}}) SET n = row.props"


def _delete_nodes(kind: NodeKind, param: str) -> str:
    return f"UNWIND ${param} AS id MATCH (n:{kind.value} {{id: id}}) DETACH DELETE n"


def _clear_links(link: LinkKind, param: str) -> str:
    rel = f"[r:{link.rel_type} {{via: id}}]"
    start, end = link.start.value, link.end.value
    if link.owner is link.start:
        return f"UNWIND ${param} AS id MATCH (n:{start} {{id: id}})-{rel}->(:{end}) DELETE r"
    if link.owner is link.end:
        return f"UNWIND ${param} AS id MATCH (:{start})-{rel}->(n:{end} {{id: id}}) DELETE r"
    # a decomposition's HAS_FACTOR runs between two claims: reach it through the total
    return (
        f"UNWIND ${param} AS id MATCH (d:{link.owner.value} {{id: id}})-[:DECOMPOSES]->"
        f"(n:{start})-{rel}->(:{end}) DELETE r"
    )


def _create_links(link: LinkKind, param: str) -> str:
    """A link to an id a later file of the same run defines makes a stub that file fills."""
    return (
        f"UNWIND ${param} AS row MATCH (a:{link.start.value} {{id: row.start}}) "
        f"MERGE (b:{link.end.value} {{id: row.end}}) ON CREATE SET b.stub = true "
        f"MERGE (a)-[r:{link.rel_type} {{via: row.via}}]->(b) SET r += row.props"
    )


# Clearing must see the old DECOMPOSES link, so HAS_FACTOR goes first.
CLEAR_ORDER: tuple[LinkKind, ...] = (
    LinkKind.HAS_FACTOR,
    *(link for link in LinkKind if link is not LinkKind.HAS_FACTOR),
)

CLEAR_LINKS: dict[LinkKind, str] = {link: _clear_links(link, "ids") for link in LinkKind}
"""Remove the links an updated entity wrote, before it writes its new ones."""
DELETE_NODES: dict[NodeKind, str] = {kind: _delete_nodes(kind, "ids") for kind in NodeKind}
UPSERT_NODES: dict[NodeKind, str] = {kind: _upsert_nodes(kind, "rows") for kind in NodeKind}
CREATE_LINKS: dict[LinkKind, str] = {link: _create_links(link, "rows") for link in LinkKind}
