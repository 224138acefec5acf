"""What the reconciliation step reads: every claim, the critiques targeting claims, the
decompositions and the rows each conflation rule matches. One query each, whatever the
graph's size; `read_inputs` returns them as the pass's plain inputs."""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from neo4j import ManagedTransaction

from claimgraph.graph.flag_rules import RULE_PARAMETERS, RULES, FlagRule
from claimgraph.schemas.reconciliation import Flag
from claimgraph.schemas.reconciliation_inputs import (
    ClaimInput,
    DecompositionInput,
    FactorInput,
    QuantityInput,
    ReconciliationInputs,
)

CLAIMS = """
MATCH (q:Quantity)<-[:MEASURES]-(c:Claim)
RETURN q.id AS quantity_id, [q.scope, q.domain, q.trend] AS quantity,
       collect([c.id, c.value, c.unit, c.interval_low, c.interval_high, c.interval_level,
                c.years, c.category, c.compute_scale_flop, c.period_start_year,
                c.period_end_year, c.source_id, c.upper_bound, c.domain]) AS claims
"""
"""Every measured claim, one row per quantity: the driver decodes a list per quantity far
faster than a record per claim, and the pass pools by quantity anyway. Unordered: the
pass orders what it computes itself."""

CRITIQUES = """
MATCH (k:Critique)-[:TARGETS]->(c:Claim)
OPTIONAL MATCH (k)-[:PROPOSES]->(a:Claim)
RETURN collect([c.id, k.id, k.kind, a.id]) AS targets
"""
"""Read from the critiques' side, as one list: few critiques, many claims, so this beats
an optional expand and a collect on every claim."""

CITATIONS = """
MATCH (c:Claim)-[:CITES]->(d:Claim)
RETURN collect([c.id, d.id]) AS cites
"""
"""Every claim-to-claim citation as one list: few claims cite, so one scan of the links beats
a pattern comprehension on every claim."""

SOURCE_URLS = """
MATCH (s:Source) WHERE s.url IS NOT NULL
RETURN collect([s.id, s.url]) AS urls
"""
"""Each source's url, which identifies it beyond its id (one paper in two files)."""


DECOMPOSITIONS = """
MATCH (d:Decomposition)-[:DECOMPOSES]->(t:Claim)
MATCH (d)-[f:FACTOR]->(x:Claim)
WITH d, t, f, x ORDER BY f.position
RETURN d.id AS id, d.tolerance AS tolerance,
       [t.id, t.value, t.unit, t.years] AS total,
       collect([x.id, x.value, x.unit, x.years]) AS factors
ORDER BY id
"""


@dataclass(frozen=True)
class FlagHit:
    rule: FlagRule
    subject: str
    label: str
    claims: list[str]
    detail: list[Any]
    mixed: list[str]

    @property
    def reason(self) -> str:
        return self.rule.reason.format(
            subject=self.subject,
            claims=self.claims,
            detail=self.detail,
            mixed=" and ".join(self.mixed),
        )


def claims(
    tx: ManagedTransaction,
) -> tuple[dict[str, list[ClaimInput]], dict[str, QuantityInput]]:
    """Claims by the id of the quantity they measure, and those quantities."""
    urls = dict(tx.run(SOURCE_URLS).single(strict=True)[0])
    cited: dict[str, list[str]] = defaultdict(list)
    for citing, cited_id in tx.run(CITATIONS).single(strict=True)[0]:
        cited[citing].append(cited_id)
    by_quantity: dict[str, list[ClaimInput]] = {}
    quantities: dict[str, QuantityInput] = {}
    for quantity_id, (scope, domain, trend), rows in tx.run(CLAIMS):
        quantities[quantity_id] = QuantityInput(quantity_id, scope, domain, trend)
        by_quantity[quantity_id] = [
            ClaimInput(
                id=c[0],
                quantity_id=quantity_id,
                value=c[1],
                unit=c[2],
                low=c[3],
                high=c[4],
                level=c[5],
                years=c[6],
                category=c[7],
                scale=c[8],
                start_year=c[9],
                end_year=c[10],
                source_id=c[11],
                source_url=urls.get(c[11]),
                upper_bound=bool(c[12]),
                domain=c[13],
                cites=tuple(sorted(cited.get(c[0], ()))),
            )
            for c in rows
        ]
    return by_quantity, quantities


def critiques(tx: ManagedTransaction) -> dict[str, list[tuple[str, str, str | None]]]:
    """(critique id, kind, alternative claim id or None) by the id of the claim targeted."""
    by_claim: dict[str, list[tuple[str, str, str | None]]] = defaultdict(list)
    for claim_id, critique_id, kind, alternative in tx.run(CRITIQUES).single(strict=True)[0]:
        by_claim[claim_id].append((critique_id, kind, alternative))
    return by_claim


def decompositions(tx: ManagedTransaction) -> list[DecompositionInput]:
    return [
        DecompositionInput(
            id=record["id"],
            tolerance=record["tolerance"],
            total=FactorInput(*record["total"]),
            factors=tuple(FactorInput(*f) for f in record["factors"]),
        )
        for record in tx.run(DECOMPOSITIONS)
    ]


RULE_QUERIES: dict[str, str] = {
    rule.name: f"CALL {{{rule.cypher}}}\n"
    "RETURN collect([subject, label, claims, detail, mixed]) AS hits"
    for rule in RULES
}
"""Each rule's rows as one list, which the driver decodes far faster than a record a row."""


def flag_hits(tx: ManagedTransaction) -> list[FlagHit]:
    hits: list[FlagHit] = []
    for rule in RULES:
        matches = tx.run(RULE_QUERIES[rule.name], RULE_PARAMETERS).single(strict=True)[0]
        hits.extend(
            FlagHit(
                rule=rule,
                subject=subject,
                label=label,
                claims=sorted(set(claims)),
                detail=detail,
                mixed=sorted({str(m) for m in mixed}),
            )
            for subject, label, claims, detail, mixed in matches
        )
    return sorted(hits, key=lambda h: (h.rule.kind.value, h.rule.name, h.subject))


def flag_of(hit: FlagHit) -> Flag:
    return Flag(
        id=f"flag:{hit.rule.name}:{hit.subject}",
        kind=hit.rule.kind,
        rule=hit.rule.name,
        subject=hit.subject,
        subject_label=hit.label,
        claims=hit.claims,
        reason=hit.reason,
        mixed=hit.mixed,
    )


def read_inputs(tx: ManagedTransaction) -> ReconciliationInputs:
    """Everything the pass computes from, read in one transaction."""
    by_quantity, quantities = claims(tx)
    return ReconciliationInputs(
        claims=by_quantity,
        quantities=quantities,
        critiques=critiques(tx),
        decompositions=decompositions(tx),
        flags=[flag_of(hit) for hit in flag_hits(tx)],
    )
