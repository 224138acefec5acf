"""Reads the report pages need beyond the API's loaders: a quantity's stored deviations,
and how many claims each quantity has (counted on the claim_quantity index, not read).

A :Deviation node is one estimate judged against the others of its quantity; GraphQL
exposes the same numbers per estimate as `leaveOneOut`, but the node also holds what
explains the deviation, which the page shows beside it.
"""

from typing import Final

from claimgraph.graph.read_runner import Reader, Row
from claimgraph.schemas.reconciliation import ConflictExplanation, Deviation, ExplanationKind

DEVIATIONS_BY_QUANTITY: Final = (
    "UNWIND $ids AS key MATCH (d:Deviation {quantity_id: key}) "
    "RETURN key, d {.*} AS props ORDER BY d.claim_id"
)

CLAIM_COUNTS: Final = (
    "UNWIND $ids AS key MATCH (c:Claim {quantity_id: key}) WHERE c.owner IS NOT NULL "
    "RETURN key, count(c) AS claims"
)


async def claim_counts(reader: Reader, ids: list[str]) -> dict[str, int]:
    """Claims per quantity id; a quantity without any is absent."""
    return {row["key"]: row["claims"] for row in await reader.rows(CLAIM_COUNTS, ids=ids)}


def deviation(row: Row) -> Deviation:
    """A deviation node back into its model; explanations from its parallel lists."""
    props = row["props"]
    explanations = [
        ConflictExplanation(kind=ExplanationKind(kind), detail=detail)
        for detail, kind in zip(props["explanations"], props["explanation_kinds"], strict=True)
    ]
    fields = {k: v for k, v in props.items() if k in Deviation.model_fields}
    return Deviation.model_validate({**fields, "explanations": explanations})


async def deviations_by_quantity(reader: Reader, ids: list[str]) -> dict[str, list[Deviation]]:
    out: dict[str, list[Deviation]] = {key: [] for key in ids}
    for row in await reader.rows(DEVIATIONS_BY_QUANTITY, ids=ids):
        out[row["key"]].append(deviation(row))
    return out
