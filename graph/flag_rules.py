"""Conflation rules as graph patterns: each a named, parameter-free read query.

Every rule returns rows of (subject, label, claims, detail): the node the flag
is about (a claim or a grouping), the claims involved and the facts the reason
sentence is made from. The kind and the wording of the reason live with the
rule, so a flag in the graph says which rule fired and why.
"""

from dataclasses import dataclass

from claimgraph.schemas.enums import FlagKind

PER_YEAR_UNITS = [
    "halving_time_months",
    "doubling_time_months",
    "multiplier_per_year",
    "percent_per_year",
    "percent_decline_per_year",
    "orders_of_magnitude_per_year",
]
"""Units that state a yearly trend outright (a factor over Y years is a total, not a trend)."""


@dataclass(frozen=True)
class FlagRule:
    name: str
    kind: FlagKind
    cypher: str
    reason: str  # formatted with the row's fields: {subject}, {claims}, {detail}


RULES: tuple[FlagRule, ...] = (
    FlagRule(
        name="grouping_mixes_training_and_inference",
        kind=FlagKind.TRAINING_INFERENCE,
        cypher="""
            MATCH (g:Grouping)-[:INCLUDES]->(c:Claim)-[:MEASURES]->(q:Quantity)
            WITH g, collect(DISTINCT q.scope) AS scopes, collect(c.id) AS claims
            WHERE 'training' IN scopes AND 'inference' IN scopes
            RETURN g.id AS subject, 'Grouping' AS label, claims,
                   [s IN scopes WHERE s IN ['training', 'inference']] AS detail
        """,
        reason="{subject} presents training and inference figures together as one trend.",
    ),
    FlagRule(
        name="citation_crosses_training_and_inference",
        kind=FlagKind.TRAINING_INFERENCE,
        cypher="""
            MATCH (c:Claim)-[:MEASURES]->(q:Quantity)
            MATCH (c)-[:CITES]->(d:Claim)-[:MEASURES]->(dq:Quantity)
            WITH c, q, collect(DISTINCT dq.scope) AS cited_scopes, collect(d.id) AS cited
            WITH c, cited, [s IN ['training', 'inference']
                            WHERE s IN cited_scopes OR s = q.scope] AS sides
            WHERE size(sides) = 2
            RETURN c.id AS subject, 'Claim' AS label, [c.id] + cited AS claims, sides AS detail
        """,
        reason="{subject} rests on cited figures of both training and inference scope.",
    ),
    FlagRule(
        name="evidence_of_the_other_scope",
        kind=FlagKind.TRAINING_INFERENCE,
        cypher="""
            MATCH (c:Claim)-[:MEASURES]->(q:Quantity), (c)-[:SUPPORTED_BY]->(e:Evidence)
            WHERE q.scope IN ['training', 'inference'] AND e.scope IN ['training', 'inference']
              AND e.scope <> q.scope
            RETURN c.id AS subject, 'Claim' AS label, [c.id] AS claims,
                   [q.scope, e.scope, e.id] AS detail
        """,
        reason="{subject} is a {detail[0]} claim backed by {detail[1]} evidence ({detail[2]}).",
    ),
    FlagRule(
        name="scope_not_stated",
        kind=FlagKind.UNSCOPED,
        cypher="""
            MATCH (c:Claim)-[:MEASURES]->(q:Quantity {scope: 'unspecified'})
            RETURN c.id AS subject, 'Claim' AS label, [c.id] AS claims, [q.id] AS detail
        """,
        reason="{subject} speaks of efficiency progress without saying training or inference.",
    ),
    FlagRule(
        name="scale_bound_beside_scale_free",
        kind=FlagKind.SCALE_DEPENDENCE,
        cypher="""
            MATCH (q:Quantity)<-[:MEASURES]-(c:Claim)
            WITH q, collect(CASE WHEN c.compute_scale_flop IS NOT NULL THEN c END) AS bound,
                 collect(CASE WHEN c.compute_scale_flop IS NULL THEN c.id END) AS free
            WHERE size(bound) > 0 AND size(free) > 0
            UNWIND bound AS c
            UNWIND free AS other
            WITH c, collect(other) AS others
            RETURN c.id AS subject, 'Claim' AS label, [c.id] + others AS claims,
                   [toString(c.compute_scale_flop)] AS detail
        """,
        reason="{subject} holds only at {detail[0]} FLOP but sits beside scale-invariant figures.",
    ),
    FlagRule(
        name="critiqued_as_scale_dependent",
        kind=FlagKind.SCALE_DEPENDENCE,
        cypher="""
            MATCH (k:Critique {kind: 'scale_dependence'})-[:TARGETS]->(c:Claim)
            MATCH (c)-[:MEASURES]->(q:Quantity)<-[:MEASURES]-(o:Claim)
            WHERE o <> c
            WITH c, collect(DISTINCT k.id) AS critiques, collect(DISTINCT o.id) AS others
            RETURN c.id AS subject, 'Claim' AS label, [c.id] + others AS claims,
                   critiques AS detail
        """,
        reason="{subject} is argued to depend on compute scale ({detail[0]}) yet is compared "
        "with other estimates of its quantity.",
    ),
    FlagRule(
        name="optimizations_as_yearly_trend",
        kind=FlagKind.CEILING,
        cypher="""
            MATCH (c:Claim {category: 'optimization'})
            WHERE c.unit IN $per_year_units
            RETURN c.id AS subject, 'Claim' AS label, [c.id] AS claims, [c.unit] AS detail
        """,
        reason="{subject} states implementation optimizations, which have a ceiling, "
        "as a yearly trend.",
    ),
    FlagRule(
        name="critiqued_as_compounded_optimizations",
        kind=FlagKind.CEILING,
        cypher="""
            MATCH (k:Critique {kind: 'ceiling'})-[:TARGETS]->(c:Claim)
            WHERE c.unit IN $per_year_units OR c.unit = 'factor_over_years'
            WITH c, collect(k.id) AS critiques
            RETURN c.id AS subject, 'Claim' AS label, [c.id] AS claims, critiques AS detail
        """,
        reason="{subject} compounds one-time multipliers into a rate; {detail[0]} argues "
        "they have a ceiling.",
    ),
    FlagRule(
        name="inference_compute_growth",
        kind=FlagKind.TASK_SIZE,
        cypher="""
            MATCH (c:Claim)-[:MEASURES]->(q:Quantity {scope: 'compute'})
            WHERE EXISTS { (c)-[:SUPPORTED_BY]->(:Evidence {scope: 'inference'}) }
               OR EXISTS { (c)-[:CITES]->(:Claim)-[:MEASURES]->(:Quantity {scope: 'inference'}) }
            RETURN c.id AS subject, 'Claim' AS label, [c.id] AS claims, [q.id] AS detail
        """,
        reason="{subject} counts growth in inference compute, which larger tasks alone "
        "produce; it says nothing of compute per unit of human cost.",
    ),
)

RULE_PARAMETERS = {"per_year_units": PER_YEAR_UNITS}
