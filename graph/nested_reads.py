"""Root reads of the nested path: one node by id, every node of a label, a claim's critiques.

Each is one query whose rows are nested maps (`graph.projection`), ordered and filtered as
the matching queries of `graph.read_queries` are, so the API's two paths agree.
"""

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any, Final

from claimgraph.graph.projection import Label, Shape, node_projection
from claimgraph.graph.read_runner import Reader

_BY_ID: Final = "MATCH (n0:{label} {{id: $id}}) WHERE n0.owner IS NOT NULL RETURN {node} AS node"
_ALL: Final = (
    "MATCH (n0:{label}) WHERE n0.owner IS NOT NULL WITH n0 ORDER BY n0.id RETURN {node} AS node"
)
_CRITIQUES_OF: Final = (
    "MATCH (n0:Critique)-[:TARGETS]->(:Claim {{id: $target}}) WHERE n0.owner IS NOT NULL "
    "WITH n0 ORDER BY n0.id RETURN {node} AS node"
)


@lru_cache(maxsize=512)
def _query(template: str, shape: Shape) -> str:
    return template.format(label=Label(shape.label).value, node=node_projection(shape))


async def node_by_id(reader: Reader, shape: Shape, node_id: str) -> Mapping[str, Any] | None:
    rows = await reader.rows(_query(_BY_ID, shape), id=node_id)
    return rows[0]["node"] if rows else None


async def all_nodes(reader: Reader, shape: Shape) -> Sequence[Mapping[str, Any]]:
    return [row["node"] for row in await reader.rows(_query(_ALL, shape))]


async def critiques_of(reader: Reader, shape: Shape, target: str) -> Sequence[Mapping[str, Any]]:
    """Critiques targeting one claim, as `Query.critiques(target:)` lists them."""
    if shape.label is not Label.CRITIQUE:
        raise ValueError("critiques_of reads critiques")
    return [row["node"] for row in await reader.rows(_query(_CRITIQUES_OF, shape), target=target)]
