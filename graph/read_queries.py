"""Named Cypher for the API's reads: constants with parameters, one query per loader batch.

Every function takes the request's `Reader` (which counts and times each call) and a
batch of keys, runs exactly one query, and returns models grouped by key, so a
DataLoader turns any number of lookups in one tick into a single round trip. Nodes
without an `owner` are stubs left by a link to a file not yet ingested; reads skip them.
"""

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Final

from claimgraph.graph import stored_models as stored
from claimgraph.graph.read_runner import Reader, Row
from claimgraph.graph.stored_models import Owned
from claimgraph.schemas.models import (
    Claim,
    Critique,
    Decomposition,
    Evidence,
    Grouping,
    Quantity,
    Source,
)
from claimgraph.schemas.reconciliation import Conflict, DecompositionResult, Flag, PooledEstimate

_CLAIM: Final = (
    "c {.*} AS props, [(c)-[:SUPPORTED_BY]->(e:Evidence) | e.id] AS evidence, "
    "[(c)-[:CITES]->(d:Claim) | d.id] AS cites"
)
_CRITIQUE: Final = (
    "k {.*} AS props, [(k)-[:TARGETS]->(t:Claim) | t.id] AS targets, "
    "head([(k)-[:PROPOSES]->(a:Claim) | a.id]) AS alternative"
)
_SOURCE: Final = "s {.*} AS props, [(s)-[:CITES]->(t:Source) | t.id] AS cites"
_CONFLICT: Final = (
    "x {.*} AS props, [(x)-[:EXPLAINED_BY]->(k:Critique) | k {.id, .kind}] AS critiques"
)

SOURCES_BY_ID: Final = (
    "UNWIND $ids AS key MATCH (s:Source {id: key}) WHERE s.owner IS NOT NULL RETURN key, " + _SOURCE
)
ALL_SOURCES: Final = (
    "MATCH (s:Source) WHERE s.owner IS NOT NULL RETURN s.id AS key, " + _SOURCE + " ORDER BY key"
)
CITING_SOURCES: Final = (
    "UNWIND $ids AS key MATCH (s:Source)-[:CITES]->(:Source {id: key}) "
    "WHERE s.owner IS NOT NULL RETURN key, " + _SOURCE + " ORDER BY s.id"
)
QUANTITIES_BY_ID: Final = (
    "UNWIND $ids AS key MATCH (q:Quantity {id: key}) WHERE q.owner IS NOT NULL "
    "RETURN key, q {.*} AS props"
)
ALL_QUANTITIES: Final = (
    "MATCH (q:Quantity) WHERE q.owner IS NOT NULL RETURN q.id AS key, q {.*} AS props ORDER BY key"
)
CLAIMS_BY_ID: Final = (
    "UNWIND $ids AS key MATCH (c:Claim {id: key}) WHERE c.owner IS NOT NULL RETURN key, " + _CLAIM
)
CLAIMS_BY_SOURCE: Final = (
    "UNWIND $ids AS key MATCH (c:Claim {source_id: key}) WHERE c.owner IS NOT NULL "
    "RETURN key, " + _CLAIM + " ORDER BY c.id"
)
CLAIMS_BY_QUANTITY: Final = (
    "UNWIND $ids AS key MATCH (c:Claim {quantity_id: key}) WHERE c.owner IS NOT NULL "
    "RETURN key, " + _CLAIM + " ORDER BY c.id"
)
CITED_CLAIMS: Final = (
    "UNWIND $ids AS key MATCH (:Claim {id: key})-[:CITES]->(c:Claim) WHERE c.owner IS NOT NULL "
    "RETURN key, " + _CLAIM + " ORDER BY c.id"
)
CITING_CLAIMS: Final = (
    "UNWIND $ids AS key MATCH (c:Claim)-[:CITES]->(:Claim {id: key}) WHERE c.owner IS NOT NULL "
    "RETURN key, " + _CLAIM + " ORDER BY c.id"
)
EVIDENCE_BY_ID: Final = (
    "UNWIND $ids AS key MATCH (e:Evidence {id: key}) WHERE e.owner IS NOT NULL "
    "RETURN key, e {.*} AS props"
)
EVIDENCE_BY_CLAIM: Final = (
    "UNWIND $ids AS key MATCH (:Claim {id: key})-[:SUPPORTED_BY]->(e:Evidence) "
    "WHERE e.owner IS NOT NULL RETURN key, e {.*} AS props ORDER BY e.id"
)
CRITIQUES_BY_ID: Final = (
    "UNWIND $ids AS key MATCH (k:Critique {id: key}) WHERE k.owner IS NOT NULL "
    "RETURN key, " + _CRITIQUE
)
CRITIQUES_BY_TARGET: Final = (
    "UNWIND $ids AS key MATCH (k:Critique)-[:TARGETS]->(:Claim {id: key}) "
    "WHERE k.owner IS NOT NULL RETURN key, " + _CRITIQUE + " ORDER BY k.id"
)
CRITIQUES_BY_SOURCE: Final = (
    "UNWIND $ids AS key MATCH (:Source {id: key})-[:MAKES]->(k:Critique) "
    "RETURN key, " + _CRITIQUE + " ORDER BY k.id"
)
ALL_CRITIQUES: Final = (
    "MATCH (k:Critique) WHERE k.owner IS NOT NULL RETURN k.id AS key, "
    + _CRITIQUE
    + " ORDER BY key"
)
GROUPINGS_BY_ID: Final = (
    "UNWIND $ids AS key MATCH (g:Grouping {id: key}) WHERE g.owner IS NOT NULL "
    "RETURN key, g {.*} AS props, [(g)-[:INCLUDES]->(c:Claim) | c.id] AS claims"
)
DECOMPOSITIONS_BY_TOTAL: Final = (
    "UNWIND $ids AS key MATCH (d:Decomposition)-[:DECOMPOSES]->(:Claim {id: key}) "
    "WHERE d.owner IS NOT NULL "
    "OPTIONAL MATCH (check:FactorCheck)-[:CHECKS]->(d) "
    "RETURN key, d {.*} AS props, key AS total, "
    "[(d)-[f:FACTOR]->(x:Claim) | [f.position, x.id]] AS factors, check {.*} AS check "
    "ORDER BY d.id"
)
FLAGS_BY_CLAIM: Final = (
    "UNWIND $ids AS key MATCH (f:Flag)-[r:FLAGS|INVOLVES]->(:Claim {id: key}) "
    "RETURN key, type(r) AS role, f {.*} AS props ORDER BY f.id"
)
FLAGS_BY_GROUPING: Final = (
    "UNWIND $ids AS key MATCH (f:Flag)-[:FLAGS]->(:Grouping {id: key}) "
    "RETURN key, f {.*} AS props ORDER BY f.id"
)
FLAGS: Final = (
    "MATCH (f:Flag) WHERE $kind IS NULL OR f.kind = $kind "
    "RETURN f {.*} AS props ORDER BY f.kind, f.subject, f.rule"
)
CONSENSUS_BY_QUANTITY: Final = (
    "UNWIND $ids AS key MATCH (c:Consensus)-[:SUMMARIZES]->(:Quantity {id: key}) "
    "RETURN key, c {.*} AS props, [(c)-[:POOLS]->(p:Claim) | p.id] AS pooled, "
    "[(c)-[l:LEAVES_OUT]->(o:Claim) | {claim_id: o.id, reason: l.reason, detail: l.detail}] "
    "AS left_out"
)
CONFLICTS_BY_QUANTITY: Final = (
    "UNWIND $ids AS key MATCH (x:Conflict {quantity_id: key}) "
    "RETURN key, " + _CONFLICT + " ORDER BY x.id"
)
ALL_CONFLICTS: Final = (
    "MATCH (x:Conflict) RETURN x.quantity_id AS key, " + _CONFLICT + " ORDER BY key, x.id"
)
SOURCE_CRITIQUES: Final = """
MATCH (critic:Source)-[:MAKES]->(k:Critique)-[:TARGETS]->(c:Claim)<-[:MAKES]-(target:Source)
WITH critic.id AS critic, target.id AS target, k, c ORDER BY k.id, c.id
RETURN critic, target, collect(DISTINCT k.id) AS critiques, collect(DISTINCT k.kind) AS kinds,
       collect(DISTINCT c.id) AS claims
ORDER BY critic, target
"""
SEARCH: Final = """
CALL db.index.fulltext.queryNodes('text_search', $text) YIELD node, score
WHERE node.owner IS NOT NULL
RETURN head([l IN labels(node) WHERE l IN ['Claim', 'Source', 'Critique', 'Evidence']]) AS label,
       node.id AS id, score
ORDER BY score DESC, id
LIMIT $limit
"""


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


@dataclass(frozen=True)
class SearchHit:
    label: str
    id: str
    score: float


@dataclass(frozen=True)
class SourceCritiques:
    """One source critiquing another's claims, aggregated over its critiques."""

    critic: str
    target: str
    critiques: list[str]
    kinds: list[str]
    claims: list[str]


@dataclass(frozen=True)
class StoredFlag:
    """A flag and whether the claim it was read for is its subject or merely involved."""

    flag: Flag
    subject: bool


def _by_key(rows: Sequence[Row], build: Any) -> dict[str, Any]:
    return {row["key"]: build(row) for row in rows}


def _grouped(rows: Sequence[Row], build: Any) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        out[row["key"]].append(build(row))
    return dict(out)


async def sources_by_id(reader: Reader, ids: Sequence[str]) -> dict[str, Source]:
    return _by_key(await reader.rows(SOURCES_BY_ID, ids=list(ids)), stored.source)


async def all_sources(reader: Reader) -> list[Source]:
    return [stored.source(row) for row in await reader.rows(ALL_SOURCES)]


async def citing_sources(reader: Reader, ids: Sequence[str]) -> dict[str, list[Source]]:
    return _grouped(await reader.rows(CITING_SOURCES, ids=list(ids)), stored.source)


async def quantities_by_id(reader: Reader, ids: Sequence[str]) -> dict[str, Quantity]:
    return _by_key(await reader.rows(QUANTITIES_BY_ID, ids=list(ids)), stored.quantity)


async def all_quantities(reader: Reader) -> list[Quantity]:
    return [stored.quantity(row) for row in await reader.rows(ALL_QUANTITIES)]


async def claims_by_id(reader: Reader, ids: Sequence[str]) -> dict[str, Owned[Claim]]:
    return _by_key(await reader.rows(CLAIMS_BY_ID, ids=list(ids)), stored.claim)


async def claims_by_source(reader: Reader, ids: Sequence[str]) -> dict[str, list[Owned[Claim]]]:
    return _grouped(await reader.rows(CLAIMS_BY_SOURCE, ids=list(ids)), stored.claim)


async def claims_by_quantity(reader: Reader, ids: Sequence[str]) -> dict[str, list[Owned[Claim]]]:
    return _grouped(await reader.rows(CLAIMS_BY_QUANTITY, ids=list(ids)), stored.claim)


async def cited_claims(reader: Reader, ids: Sequence[str]) -> dict[str, list[Owned[Claim]]]:
    return _grouped(await reader.rows(CITED_CLAIMS, ids=list(ids)), stored.claim)


async def citing_claims(reader: Reader, ids: Sequence[str]) -> dict[str, list[Owned[Claim]]]:
    return _grouped(await reader.rows(CITING_CLAIMS, ids=list(ids)), stored.claim)


async def evidence_by_id(reader: Reader, ids: Sequence[str]) -> dict[str, Evidence]:
    return _by_key(await reader.rows(EVIDENCE_BY_ID, ids=list(ids)), stored.evidence)


async def evidence_by_claim(reader: Reader, ids: Sequence[str]) -> dict[str, list[Evidence]]:
    return _grouped(await reader.rows(EVIDENCE_BY_CLAIM, ids=list(ids)), stored.evidence)


async def critiques_by_id(reader: Reader, ids: Sequence[str]) -> dict[str, Owned[Critique]]:
    return _by_key(await reader.rows(CRITIQUES_BY_ID, ids=list(ids)), stored.critique)


async def critiques_by_target(
    reader: Reader, ids: Sequence[str]
) -> dict[str, list[Owned[Critique]]]:
    return _grouped(await reader.rows(CRITIQUES_BY_TARGET, ids=list(ids)), stored.critique)


async def critiques_by_source(
    reader: Reader, ids: Sequence[str]
) -> dict[str, list[Owned[Critique]]]:
    return _grouped(await reader.rows(CRITIQUES_BY_SOURCE, ids=list(ids)), stored.critique)


async def all_critiques(reader: Reader) -> list[Owned[Critique]]:
    return [stored.critique(row) for row in await reader.rows(ALL_CRITIQUES)]


async def groupings_by_id(reader: Reader, ids: Sequence[str]) -> dict[str, Owned[Grouping]]:
    return _by_key(await reader.rows(GROUPINGS_BY_ID, ids=list(ids)), stored.grouping)


@dataclass(frozen=True)
class StoredDecomposition:
    decomposition: Owned[Decomposition]
    check: DecompositionResult | None


def _decomposition(row: Row) -> StoredDecomposition:
    check = None
    if row["check"] is not None:
        check = stored.factor_check({"props": row["check"], "decomposition_id": row["props"]["id"]})
    return StoredDecomposition(stored.decomposition(row), check)


async def decompositions_by_total(
    reader: Reader, ids: Sequence[str]
) -> dict[str, list[StoredDecomposition]]:
    return _grouped(await reader.rows(DECOMPOSITIONS_BY_TOTAL, ids=list(ids)), _decomposition)


async def flags_by_claim(reader: Reader, ids: Sequence[str]) -> dict[str, list[StoredFlag]]:
    rows = await reader.rows(FLAGS_BY_CLAIM, ids=list(ids))
    return _grouped(rows, lambda row: StoredFlag(stored.flag(row), row["role"] == "FLAGS"))


async def flags_by_grouping(reader: Reader, ids: Sequence[str]) -> dict[str, list[Flag]]:
    return _grouped(await reader.rows(FLAGS_BY_GROUPING, ids=list(ids)), stored.flag)


async def flags(reader: Reader, kind: str | None) -> list[Flag]:
    return [stored.flag(row) for row in await reader.rows(FLAGS, kind=kind)]


async def consensus_by_quantity(reader: Reader, ids: Sequence[str]) -> dict[str, PooledEstimate]:
    return _by_key(await reader.rows(CONSENSUS_BY_QUANTITY, ids=list(ids)), stored.pooled)


async def conflicts_by_quantity(reader: Reader, ids: Sequence[str]) -> dict[str, list[Conflict]]:
    return _grouped(await reader.rows(CONFLICTS_BY_QUANTITY, ids=list(ids)), stored.conflict)


async def all_conflicts(reader: Reader) -> list[Conflict]:
    return [stored.conflict(row) for row in await reader.rows(ALL_CONFLICTS)]


async def source_critiques(reader: Reader) -> list[SourceCritiques]:
    return [SourceCritiques(**row) for row in await reader.rows(SOURCE_CRITIQUES)]


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


_LUCENE_SPECIAL: Final = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')
_LUCENE_OPERATORS: Final = re.compile(r"\b(AND|OR|NOT|TO)\b")


def lucene_escape(text: str) -> str:
    """User text as literal Lucene terms: special characters escaped, operators lower-cased."""
    escaped = _LUCENE_SPECIAL.sub(r"\\\1", text)
    return _LUCENE_OPERATORS.sub(lambda m: m.group(1).lower(), escaped)


async def search(reader: Reader, text: str, limit: int) -> list[SearchHit]:
    rows = await reader.rows(SEARCH, text=lucene_escape(text), limit=limit)
    return [SearchHit(row["label"], row["id"], row["score"]) for row in rows]
