"""One page of claims, filtered and ordered, for the API's `claims` connection.

Pages are keyset pages: a cursor names the sort key and the id of the last claim seen,
and the next page starts after it (`n0.id > $after_id` on the id index for the id order),
so the last page of 100,000 claims costs what the first does; nothing is skipped, so no
filter runs on rows before the page. Only the filters given are part of the query text,
which lets the planner seek by the index of an equality filter (source, quantity,
category) and sort the few matches instead of scanning every claim. The query text is
put together from the fixed fragments below, chosen by which filters are set and by the
order, never from input; `totalCount` is a count in the same round trip, only when asked.
"""

from collections.abc import Mapping
from dataclasses import dataclass, fields
from enum import Enum
from functools import lru_cache
from typing import Any, Final

from claimgraph.graph.projection import Label, Shape, node_projection
from claimgraph.graph.read_runner import Reader


class ClaimOrderField(Enum):
    """What a page of claims is sorted by; ties always fall back to the claim id."""

    ID = "id"
    SOURCE_YEAR = "source_year"
    PERIOD_START = "period_start"
    QUANTITY = "quantity"
    SOURCE = "source"


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

    def given(self) -> dict[str, Any]:
        return {
            f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None
        }


_FILTERS: Final[dict[str, str]] = {
    "quantity": "n0.quantity_id = $quantity",
    "source": "n0.source_id = $source",
    "category": "n0.category = $category",
    "from_year": "coalesce(n0.period_end_year, -1) >= $from_year",
    "to_year": "coalesce(n0.period_start_year, 100000) <= $to_year",
    "scope": "$scope IN [(n0)-[:MEASURES]->(q:Quantity) | q.scope]",
    "flagged": "(size([(n0)<-[:FLAGS]-(f:Flag) | f.id]) > 0) = $flagged",
    "scale_bound": "(n0.compute_scale_flop IS NOT NULL "
    "OR 'scale_dependence' IN [(n0)<-[:FLAGS]-(f:Flag) | f.kind]) = $scale_bound",
}
"""One predicate per filter field. The relationship tests are pattern comprehensions so
that they expand from the claim: as EXISTS subqueries the planner started them from an
index over every :Flag instead."""

NO_KEY: Final = 1_000_000
"""What a missing year sorts as: after every year, where Cypher puts nulls."""

_SORT_KEYS: Final[dict[ClaimOrderField, str]] = {
    ClaimOrderField.ID: "n0.id",
    ClaimOrderField.SOURCE_YEAR: f"coalesce([(n0)<-[:MAKES]-(s:Source) | s.year][0], {NO_KEY})",
    ClaimOrderField.PERIOD_START: f"coalesce(n0.period_start_year, {NO_KEY})",
    ClaimOrderField.QUANTITY: "n0.quantity_id",
    ClaimOrderField.SOURCE: "n0.source_id",
}


def _where(filters: frozenset[str]) -> str:
    return "".join(f" AND {_FILTERS[name]}" for name in sorted(filters))


@lru_cache(maxsize=1024)
def page_query(
    order: ClaimOrderField,
    descending: bool,
    filters: frozenset[str],
    resumes: bool,
    with_total: bool,
    shape: Shape,
) -> str:
    """The page (and count) query for one combination of order, filters and shape."""
    direction, after = ("DESC", "<") if descending else ("ASC", ">")
    where = _where(filters)
    node = node_projection(shape)
    if order is ClaimOrderField.ID:
        start = f"n0.id {after} $after_id" if resumes else "n0.id IS NOT NULL"
        page = (
            f"MATCH (n0:Claim) WHERE {start} AND n0.owner IS NOT NULL{where} "
            f"WITH n0 ORDER BY n0.id {direction} LIMIT $limit "
            f"RETURN collect({{key: n0.id, id: n0.id, node: {node}}}) AS page"
        )
    else:
        resume = (
            f" WHERE key {after} $after_key OR (key = $after_key AND n0.id {after} $after_id)"
            if resumes
            else ""
        )
        page = (
            f"MATCH (n0:Claim) WHERE n0.id IS NOT NULL AND n0.owner IS NOT NULL{where} "
            f"WITH n0, {_SORT_KEYS[order]} AS key{resume} "
            f"WITH n0, key ORDER BY key {direction}, n0.id {direction} LIMIT $limit "
            f"RETURN collect({{key: key, id: n0.id, node: {node}}}) AS page"
        )
    if not with_total:
        return f"CALL () {{ {page} }} RETURN null AS total, page"
    count = f"MATCH (n0:Claim) WHERE n0.owner IS NOT NULL{where} RETURN count(n0) AS total"
    return f"CALL () {{ {count} }} CALL () {{ {page} }} RETURN total, page"


@dataclass(frozen=True)
class PageRow:
    """One claim of a page: its sort key and id (what its cursor holds) and its map."""

    key: Any
    id: str
    node: Mapping[str, Any]


@dataclass(frozen=True)
class ClaimPage:
    total: int | None  # None when the caller did not ask for it
    has_next: bool
    rows: list[PageRow]


@dataclass(frozen=True)
class After:
    """Where a page resumes: after the claim with this sort key and id."""

    key: Any
    id: str


async def claims_page(
    reader: Reader,
    where: ClaimFilter,
    *,
    order: ClaimOrderField,
    descending: bool,
    after: After | None,
    limit: int,
    with_total: bool,
    shape: Shape,
) -> ClaimPage:
    """One page of filtered claims read as `shape`, and the total when asked for."""
    given = where.given()
    query = page_query(order, descending, frozenset(given), after is not None, with_total, shape)
    params: dict[str, Any] = {**given, "limit": limit + 1}
    if after is not None:
        params.update(after_key=after.key, after_id=after.id)
    (row,) = await reader.rows(query, **params)
    rows = [PageRow(item["key"], item["id"], item["node"]) for item in row["page"]]
    total = None if row["total"] is None else int(row["total"])
    return ClaimPage(total=total, has_next=len(rows) > limit, rows=rows[:limit])


CLAIM_MODEL_SHAPE: Final = Shape(Label.CLAIM, whole=True)
"""A claim read whole, for the resolvers that build `Owned[Claim]` models."""
