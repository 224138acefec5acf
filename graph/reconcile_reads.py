"""What the reconciliation step reads: every claim with its critiques, the decompositions,
and the rows each conflation rule matches. One query each, whatever the graph's size."""

from dataclasses import dataclass
from typing import Any

from neo4j import ManagedTransaction, Result

from graph.flag_rules import RULE_PARAMETERS, RULES, FlagRule

CLAIMS = """
MATCH (c:Claim)-[:MEASURES]->(q:Quantity)
OPTIONAL MATCH (k:Critique)-[:TARGETS]->(c)
WITH c, q, collect(k {.id, .kind}) AS critiques
RETURN c.id AS id, q.id AS quantity_id, q.scope AS scope, c.value AS value, c.unit AS unit,
       c.interval_low AS low, c.interval_high AS high, c.interval_level AS level,
       c.years AS years, c.category AS category, c.compute_scale_flop AS scale,
       c.period_start_year AS start_year, c.period_end_year AS end_year,
       c.upper_bound AS upper_bound, critiques
ORDER BY id
"""

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


def claims(tx: ManagedTransaction) -> list[dict[str, Any]]:
    return _rows(tx.run(CLAIMS))


def decompositions(tx: ManagedTransaction) -> list[dict[str, Any]]:
    return _rows(tx.run(DECOMPOSITIONS))


def _rows(result: Result) -> list[dict[str, Any]]:
    """Records as dicts, zipped with the keys: the queries return plain values and maps,
    and `Record.data()`'s recursive conversion of graph types was most of the read time."""
    keys = result.keys()
    return [dict(zip(keys, record, strict=True)) for record in result]


def flag_hits(tx: ManagedTransaction) -> list[FlagHit]:
    hits: list[FlagHit] = []
    for rule in RULES:
        for record in tx.run(rule.cypher, RULE_PARAMETERS):
            hits.append(
                FlagHit(
                    rule=rule,
                    subject=record["subject"],
                    label=record["label"],
                    claims=sorted(record["claims"]),
                    detail=list(record["detail"]),
                )
            )
    return sorted(hits, key=lambda h: (h.rule.kind.value, h.rule.name, h.subject))
