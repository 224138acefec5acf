"""Named Cypher for the API's reads: constants with parameters, one query per loader batch.

Every function takes the request's `Reader` (which counts and times each call) and a
batch of keys, runs exactly one query, and returns models grouped by key, so a
DataLoader turns any number of lookups in one tick into a single round trip. Nodes
without an `owner` are stubs left by a link to a file not yet ingested; reads skip them.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
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
