"""What the reconciliation step reads: every claim, the critiques targeting claims, the
decompositions and the rows each conflation rule matches. One query each, whatever the
graph's size."""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, NamedTuple

from neo4j import ManagedTransaction, Result

from claimgraph.graph.flag_rules import RULE_PARAMETERS, RULES, FlagRule

CLAIMS = """
MATCH (q:Quantity)<-[:MEASURES]-(c:Claim)
RETURN q.id AS quantity_id,
       collect([c.id, c.value, c.unit, c.interval_low, c.interval_high, c.interval_level,
                c.years, c.category, c.compute_scale_flop, c.period_start_year,
                c.period_end_year]) AS claims
"""
"""Every measured claim, one row per quantity: the driver decodes a list per quantity far
faster than a record per claim, and the pass pools by quantity anyway. Unordered: the
pass orders what it computes itself."""

CRITIQUES = """
MATCH (k:Critique)-[:TARGETS]->(c:Claim)
RETURN collect([c.id, k.id, k.kind]) AS targets
"""
"""Read from the critiques' side, as one list: few critiques, many claims, so this beats
an optional expand and a collect on every claim."""


class ClaimRow(NamedTuple):
    """A claim's entry in CLAIMS, in its column order."""

    id: str
    value: float
    unit: str
    low: float | None
    high: float | None
    level: float | None
    years: float | None
    category: str | None
    scale: float | None
    start_year: int | None
    end_year: int | None


DECOMPOSITIONS = """
MATCH (d:Decomposition)-[:DECOMPOSES]->(t:Claim)
MATCH (d)-[f:FACTOR]->(x:Claim)
WITH d, t, f, x ORDER BY f.position
RETURN d.id AS id, d.tolerance AS tolerance,
       t {.id, .value, .unit, .years} AS total,
       collect(x {.id, .value, .unit, .years, .category}) AS factors
ORDER BY id
"""


@dataclass(frozen=True)
class FlagHit:
    rule: FlagRule
    subject: str
    label: str
    claims: list[str]
    detail: list[Any]

    @property
    def reason(self) -> str:
        return self.rule.reason.format(subject=self.subject, claims=self.claims, detail=self.detail)


def claims(tx: ManagedTransaction) -> dict[str, list[ClaimRow]]:
    """Claims by the id of the quantity they measure."""
    return {quantity_id: [ClaimRow(*c) for c in rows] for quantity_id, rows in tx.run(CLAIMS)}


def critiques(tx: ManagedTransaction) -> dict[str, list[tuple[str, str]]]:
    """(critique id, kind) pairs by the id of the claim they target."""
    by_claim: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for claim_id, critique_id, kind in tx.run(CRITIQUES).single(strict=True)[0]:
        by_claim[claim_id].append((critique_id, kind))
    return by_claim


def decompositions(tx: ManagedTransaction) -> list[dict[str, Any]]:
    return _rows(tx.run(DECOMPOSITIONS))


def _rows(result: Result) -> list[dict[str, Any]]:
    """Records as dicts, zipped with the keys: the queries return plain values and maps,
    and `Record.data()`'s recursive conversion of graph types was most of the read time."""
    keys = result.keys()
    return [dict(zip(keys, record, strict=True)) for record in result]


RULE_QUERIES: dict[str, str] = {
    rule.name: f"CALL {{{rule.cypher}}}\nRETURN collect([subject, label, claims, detail]) AS hits"
    for rule in RULES
}
"""Each rule's rows as one list, which the driver decodes far faster than a record a row."""


def flag_hits(tx: ManagedTransaction) -> list[FlagHit]:
    hits: list[FlagHit] = []
    for rule in RULES:
        matches = tx.run(RULE_QUERIES[rule.name], RULE_PARAMETERS).single(strict=True)[0]
        hits.extend(
            FlagHit(rule=rule, subject=subject, label=label, claims=sorted(claims), detail=detail)
            for subject, label, claims, detail in matches
        )
    return sorted(hits, key=lambda h: (h.rule.kind.value, h.rule.name, h.subject))
