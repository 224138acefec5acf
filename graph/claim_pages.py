"""One page of claims, filtered and ordered, for the API's `claims` connection.

The order is part of the query text (one constant per sort field and direction), never a
parameter, so the planner can read an index in order and stop after the page.
"""

from dataclasses import dataclass
from enum import Enum
from typing import Final

from claimgraph.graph import stored_models as stored
from claimgraph.graph.read_runner import Reader
from claimgraph.graph.stored_models import Owned
from claimgraph.schemas.models import Claim


class ClaimOrderField(Enum):
    """What a page of claims is sorted by; ties always fall back to the claim id."""

    ID = "id"
    SOURCE_YEAR = "source_year"
    PERIOD_START = "period_start"
    QUANTITY = "quantity"
    SOURCE = "source"


_CLAIM_WHERE: Final = """
MATCH (c:Claim)
WHERE c.id IS NOT NULL AND c.owner IS NOT NULL
  AND ($quantity IS NULL OR c.quantity_id = $quantity)
  AND ($source IS NULL OR c.source_id = $source)
  AND ($category IS NULL OR c.category = $category)
  AND ($from_year IS NULL OR coalesce(c.period_end_year, -1) >= $from_year)
  AND ($to_year IS NULL OR coalesce(c.period_start_year, 100000) <= $to_year)
  AND ($scope IS NULL OR $scope IN [(c)-[:MEASURES]->(q:Quantity) | q.scope])
  AND ($flagged IS NULL OR (size([(c)<-[:FLAGS]-(f:Flag) | f.id]) > 0) = $flagged)
  AND ($scale_bound IS NULL OR (c.compute_scale_flop IS NOT NULL
       OR 'scale_dependence' IN [(c)<-[:FLAGS]-(f:Flag) | f.kind]) = $scale_bound)
"""
"""The claim filters; every parameter null means no filter on it. The relationship
tests are pattern comprehensions so that they always expand from the claim: written as
EXISTS subqueries, the planner started them from an index over every :Flag instead."""

_SORT_KEYS: Final[dict[ClaimOrderField, str]] = {
    ClaimOrderField.ID: "c.id",
    ClaimOrderField.SOURCE_YEAR: "COLLECT { MATCH (s:Source {id: c.source_id}) RETURN s.year }[0]",
    ClaimOrderField.PERIOD_START: "c.period_start_year",
    ClaimOrderField.QUANTITY: "c.quantity_id",
    ClaimOrderField.SOURCE: "c.source_id",
}


def _page_query(order: ClaimOrderField, direction: str) -> str:
    """One page, ordered by the key then the id; LIMIT $limit + 1 tells if more follow.

    Ordered by `c.id` alone, the planner reads the id index in order and stops after
    the page, instead of sorting every claim.
    """
    key = _SORT_KEYS[order]
    ordering = (
        f"c.id {direction}"
        if order is ClaimOrderField.ID
        else (f"{key} {direction}, c.id {direction}")
    )
    return (
        f"CALL () {{ {_CLAIM_WHERE} RETURN c ORDER BY {ordering} "
        "SKIP $offset LIMIT $limit + 1 }\n"
        "RETURN c {.*} AS props,\n"
        "  [(c)-[:SUPPORTED_BY]->(e:Evidence) | e.id] AS evidence,\n"
        "  [(c)-[:CITES]->(d:Claim) | d.id] AS cites"
    )


CLAIMS_PAGE: Final[dict[tuple[ClaimOrderField, bool], str]] = {
    (order, descending): _page_query(order, "DESC" if descending else "ASC")
    for order in ClaimOrderField
    for descending in (False, True)
}
"""Page queries, one constant per sort field and direction (the order is not a parameter,
so the planner can use an index for it)."""

CLAIMS_COUNT: Final = _CLAIM_WHERE + "RETURN count(c) AS total"


@dataclass(frozen=True)
class ClaimFilter:
    """Every field optional; a period filter keeps claims whose period overlaps it."""

    scope: str | None = None
    quantity: str | None = None
    source: str | None = None
    category: str | None = None
    from_year: int | None = None
    to_year: int | None = None
    flagged: bool | None = None
    scale_bound: bool | None = None


@dataclass(frozen=True)
class ClaimPage:
    total: int | None  # None when the caller did not ask for it
    has_next: bool
    claims: list[Owned[Claim]]


async def claims_page(
    reader: Reader,
    where: ClaimFilter,
    *,
    order: ClaimOrderField,
    descending: bool,
    offset: int,
    limit: int,
    with_total: bool,
) -> ClaimPage:
    """One page of filtered claims; the total (a second query) only when asked for."""
    filters = {
        "scope": where.scope,
        "quantity": where.quantity,
        "source": where.source,
        "category": where.category,
        "from_year": where.from_year,
        "to_year": where.to_year,
        "flagged": where.flagged,
        "scale_bound": where.scale_bound,
    }
    rows = await reader.rows(
        CLAIMS_PAGE[(order, descending)], **filters, offset=offset, limit=limit
    )
    total = None
    if with_total:
        (count,) = await reader.rows(CLAIMS_COUNT, **filters)
        total = int(count["total"])
    return ClaimPage(
        total=total,
        has_next=len(rows) > limit,
        claims=[stored.claim(row) for row in rows[:limit]],
    )
