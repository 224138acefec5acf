"""Conflation rules as graph patterns: each a named read query taking only constant parameters.

Every rule returns rows of (subject, label, claims, detail, mixed): the node the flag is
about (a claim or a grouping), the claims involved, the facts the reason sentence is made
from, and the two (or more) scopes, quantities or domains it found mixed. The kind and
the wording of the reason live with the rule, so a flag in the graph says which rule
fired and why. Rules are structural: they read scopes, quantities, domains, citations,
evidence, groupings and factors, never words of a statement.

Scopes compared are the named ones (training, inference, hardware, compute, capability,
data); `unspecified` is the `unscoped` flag's business. Domains compared are the named
task domains; `general` and `unspecified` clash with none. A claim's domain is its own,
else its quantity's.
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

RATE_UNITS = [*PER_YEAR_UNITS, "factor_over_years"]
NAMED_SCOPES = ["training", "inference", "hardware", "compute", "capability", "data"]
EFFICIENCY_SCOPES = ["training", "inference", "hardware"]
"""Scopes whose quantities are efficiencies; compute spent growing is not one of them."""
UNCLASHING_DOMAINS = ["general", "unspecified"]
CONTRASTING_WORDS = ["contrast", "disagree", "differ", "distinct", "separate", "opposed"]
"""A grouping whose `presented_as` contains one of these sets figures apart on purpose."""


@dataclass(frozen=True)
class FlagRule:
    name: str
    kind: FlagKind
    cypher: str
    reason: str  # formatted with the row's fields: {subject}, {claims}, {detail}, {mixed}


_AGREEING = "NONE(w IN $contrasting WHERE toLower(g.presented_as) CONTAINS w)"
_DOMAIN = "coalesce(c.domain, q.domain, 'unspecified')"
_COMPUTE_VS_EFFICIENCY = (
    "(size(sides) = 2 AND 'compute' IN sides AND any(s IN sides WHERE s IN $efficiency_scopes))"
)

RULES: tuple[FlagRule, ...] = (
    FlagRule(
        name="grouping_mixes_training_and_inference",
        kind=FlagKind.TRAINING_INFERENCE,
        cypher=f"""
            MATCH (g:Grouping)-[:INCLUDES]->(c:Claim)-[:MEASURES]->(q:Quantity)
            WHERE {_AGREEING}
            WITH * ORDER BY q.scope, c.id
            WITH g, collect(DISTINCT q.scope) AS scopes, collect(c.id) AS claims
            WHERE 'training' IN scopes AND 'inference' IN scopes
            RETURN g.id AS subject, 'Grouping' AS label, claims,
                   [s IN scopes WHERE s IN ['training', 'inference']] AS detail,
                   [s IN scopes WHERE s IN $named_scopes] AS mixed
        """,
        reason="{subject} presents training and inference figures together as one trend.",
    ),
    FlagRule(
        name="grouping_mixes_scopes",
        kind=FlagKind.TRAINING_INFERENCE,
        cypher=f"""
            MATCH (g:Grouping)-[:INCLUDES]->(c:Claim)-[:MEASURES]->(q:Quantity)
            WHERE {_AGREEING}
            WITH * ORDER BY q.scope, c.id
            WITH g, collect(DISTINCT q.scope) AS scopes, collect(c.id) AS claims
            WITH g, claims, [s IN scopes WHERE s IN $named_scopes] AS sides
            WHERE size(sides) >= 2 AND NOT ('training' IN sides AND 'inference' IN sides)
              AND NOT {_COMPUTE_VS_EFFICIENCY}
            RETURN g.id AS subject, 'Grouping' AS label, claims, sides AS detail, sides AS mixed
        """,
        reason="{subject} presents figures of different scopes ({mixed}) as agreeing.",
    ),
    FlagRule(
        name="grouping_mixes_quantities",
        kind=FlagKind.TRAINING_INFERENCE,
        cypher=f"""
            MATCH (g:Grouping)-[:INCLUDES]->(c:Claim)-[:MEASURES]->(q:Quantity)
            WHERE {_AGREEING}
            WITH * ORDER BY q.scope, q.id
            WITH g, collect(DISTINCT q.scope) AS scopes, collect(DISTINCT q.id) AS quantities,
                 collect(c.id) AS claims
            WHERE size([s IN scopes WHERE s IN $named_scopes]) <= 1 AND size(quantities) >= 2
            RETURN g.id AS subject, 'Grouping' AS label, claims, quantities AS detail,
                   quantities AS mixed
        """,
        reason="{subject} presents estimates of different quantities ({mixed}) as agreeing.",
    ),
    FlagRule(
        name="grouping_mixes_domains",
        kind=FlagKind.TRAINING_INFERENCE,
        cypher=f"""
            MATCH (g:Grouping)-[:INCLUDES]->(c:Claim)-[:MEASURES]->(q:Quantity)
            WHERE {_AGREEING}
            WITH * ORDER BY {_DOMAIN}, c.id
            WITH g, collect(DISTINCT {_DOMAIN}) AS domains, collect(c.id) AS claims
            WITH g, claims, [d IN domains WHERE NOT d IN $unclashing_domains] AS named
            WHERE size(named) >= 2
            RETURN g.id AS subject, 'Grouping' AS label, claims, named AS detail, named AS mixed
        """,
        reason="{subject} presents figures of different task domains ({mixed}) as agreeing.",
    ),
    FlagRule(
        name="citation_crosses_training_and_inference",
        kind=FlagKind.TRAINING_INFERENCE,
        cypher="""
            MATCH (c:Claim)-[:MEASURES]->(q:Quantity)
            MATCH (c)-[:CITES]->(d:Claim)-[:MEASURES]->(dq:Quantity)
            WHERE NOT (c)-[:HAS_FACTOR]->(d)
            WITH * ORDER BY dq.scope, d.id
            WITH c, q, collect(DISTINCT dq.scope) AS cited_scopes, collect(d.id) AS cited
            WITH c, cited, [s IN ['training', 'inference']
                            WHERE s IN cited_scopes OR s = q.scope] AS sides
            WHERE size(sides) = 2
            RETURN c.id AS subject, 'Claim' AS label, [c.id] + cited AS claims, sides AS detail,
                   sides AS mixed
        """,
        reason="{subject} rests on cited figures of both training and inference scope.",
    ),
    FlagRule(
        name="citation_crosses_scopes",
        kind=FlagKind.TRAINING_INFERENCE,
        cypher=f"""
            MATCH (c:Claim)-[:MEASURES]->(q:Quantity)
            MATCH (c)-[:CITES]->(d:Claim)-[:MEASURES]->(dq:Quantity)
            WHERE NOT (c)-[:HAS_FACTOR]->(d) AND dq.scope <> q.scope
            WITH * ORDER BY dq.scope, d.id
            WITH c, q, collect(DISTINCT dq.scope) AS cited_scopes, collect(d.id) AS cited
            WITH c, cited, [s IN $named_scopes WHERE s IN cited_scopes OR s = q.scope] AS sides
            WHERE size(sides) >= 2 AND NOT ('training' IN sides AND 'inference' IN sides)
              AND NOT {_COMPUTE_VS_EFFICIENCY}
            RETURN c.id AS subject, 'Claim' AS label, [c.id] + cited AS claims, sides AS detail,
                   sides AS mixed
        """,
        reason="{subject} rests on cited figures of another scope ({mixed}).",
    ),
    FlagRule(
        name="citation_of_another_domain",
        kind=FlagKind.TRAINING_INFERENCE,
        cypher=f"""
            MATCH (c:Claim)-[:MEASURES]->(q:Quantity)
            MATCH (c)-[:CITES]->(d:Claim)-[:MEASURES]->(dq:Quantity)
            WITH c, {_DOMAIN} AS own, d, coalesce(d.domain, dq.domain, 'unspecified') AS theirs
            WHERE NOT own IN $unclashing_domains AND NOT theirs IN $unclashing_domains
              AND own <> theirs
            WITH * ORDER BY d.id, theirs
            WITH c, own, collect(d.id) AS cited, collect(DISTINCT theirs) AS others
            RETURN c.id AS subject, 'Claim' AS label, [c.id] + cited AS claims,
                   [own] + others AS detail, [own] + others AS mixed
        """,
        reason="{subject} is a {detail[0]} figure resting on a cited {detail[1]} figure.",
    ),
    FlagRule(
        name="citation_of_another_quantity",
        kind=FlagKind.TRAINING_INFERENCE,
        cypher=f"""
            MATCH (c:Claim)-[:MEASURES]->(q:Quantity)
            MATCH (c)-[:CITES]->(d:Claim)-[:MEASURES]->(dq:Quantity)
            WHERE c.unit IN $rate_units AND d.unit IN $rate_units AND dq.id <> q.id
              AND dq.scope = q.scope AND NOT (c)-[:HAS_FACTOR]->(d)
              AND {_DOMAIN} = coalesce(d.domain, dq.domain, 'unspecified')
            WITH * ORDER BY d.id, dq.id
            WITH c, q, collect(d.id) AS cited, collect(DISTINCT dq.id) AS others
            RETURN c.id AS subject, 'Claim' AS label, [c.id] + cited AS claims,
                   [q.id] + others AS detail, [q.id] + others AS mixed
        """,
        reason="{subject} estimates {detail[0]} but rests on a cited rate of {detail[1]}.",
    ),
    FlagRule(
        name="evidence_of_the_other_scope",
        kind=FlagKind.TRAINING_INFERENCE,
        cypher=f"""
            MATCH (c:Claim)-[:MEASURES]->(q:Quantity), (c)-[:SUPPORTED_BY]->(e:Evidence)
            WHERE q.scope IN $named_scopes AND e.scope IN $named_scopes AND e.scope <> q.scope
            WITH c, q, e, [q.scope, e.scope] AS sides
            WHERE NOT {_COMPUTE_VS_EFFICIENCY}
            RETURN c.id AS subject, 'Claim' AS label, [c.id] AS claims,
                   [q.scope, e.scope, e.id] AS detail, sides AS mixed
        """,
        reason="{subject} is a {detail[0]} claim backed by {detail[1]} evidence ({detail[2]}).",
    ),
    FlagRule(
        name="evidence_of_another_domain",
        kind=FlagKind.TRAINING_INFERENCE,
        cypher=f"""
            MATCH (c:Claim)-[:MEASURES]->(q:Quantity), (c)-[:SUPPORTED_BY]->(e:Evidence)
            WITH c, e, {_DOMAIN} AS own
            WHERE e.domain IS NOT NULL AND NOT e.domain IN $unclashing_domains
              AND NOT own IN $unclashing_domains AND e.domain <> own
            RETURN c.id AS subject, 'Claim' AS label, [c.id] AS claims,
                   [own, e.domain, e.id] AS detail, [own, e.domain] AS mixed
        """,
        reason="{subject} is a {detail[0]} figure backed by {detail[1]} evidence ({detail[2]}).",
    ),
    FlagRule(
        name="claim_domain_differs_from_quantity",
        kind=FlagKind.TRAINING_INFERENCE,
        cypher="""
            MATCH (c:Claim)-[:MEASURES]->(q:Quantity)
            WHERE c.domain IS NOT NULL AND NOT c.domain IN $unclashing_domains
              AND q.domain IS NOT NULL AND NOT q.domain IN $unclashing_domains
              AND c.domain <> q.domain
            RETURN c.id AS subject, 'Claim' AS label, [c.id] AS claims,
                   [c.domain, q.domain, q.id] AS detail, [c.domain, q.domain] AS mixed
        """,
        reason="{subject} measures {detail[0]} but is filed under the {detail[1]} quantity "
        "{detail[2]}; it is not pooled there.",
    ),
    FlagRule(
        name="compute_growth_as_efficiency",
        kind=FlagKind.TRAINING_INFERENCE,
        cypher="""
            MATCH (c:Claim)-[:MEASURES]->(q:Quantity)
            WHERE q.scope IN $efficiency_scopes
            OPTIONAL MATCH (c)-[:CITES]->(d:Claim)-[:MEASURES]->(:Quantity {scope: 'compute'})
            WHERE NOT (c)-[:HAS_FACTOR]->(d)
            OPTIONAL MATCH (c)-[:SUPPORTED_BY]->(e:Evidence {scope: 'compute'})
            WITH * ORDER BY d.id, e.id
            WITH c, q, collect(DISTINCT d.id) AS cited, collect(DISTINCT e.id) AS evidence
            WHERE size(cited) > 0 OR size(evidence) > 0
            RETURN c.id AS subject, 'Claim' AS label, [c.id] + cited AS claims,
                   [q.scope] + cited + evidence AS detail, [q.scope, 'compute'] AS mixed
        """,
        reason="{subject} states {detail[0]} efficiency but rests on growth of compute "
        "spent ({detail[1]}).",
    ),
    FlagRule(
        name="grouping_presents_compute_growth_as_efficiency",
        kind=FlagKind.TRAINING_INFERENCE,
        cypher=f"""
            MATCH (g:Grouping)-[:INCLUDES]->(c:Claim)-[:MEASURES]->(q:Quantity)
            WHERE {_AGREEING}
            WITH * ORDER BY q.scope, c.id
            WITH g, collect(DISTINCT q.scope) AS scopes, collect(c.id) AS claims
            WHERE 'compute' IN scopes AND any(s IN scopes WHERE s IN $efficiency_scopes)
            RETURN g.id AS subject, 'Grouping' AS label, claims,
                   [s IN scopes WHERE s IN $efficiency_scopes] AS detail,
                   ['compute'] + [s IN scopes WHERE s IN $efficiency_scopes] AS mixed
        """,
        reason="{subject} presents growth of compute spent as agreeing with {detail[0]} "
        "efficiency.",
    ),
    FlagRule(
        name="scope_not_stated",
        kind=FlagKind.UNSCOPED,
        cypher="""
            MATCH (c:Claim)-[:MEASURES]->(q:Quantity {scope: 'unspecified'})
            RETURN c.id AS subject, 'Claim' AS label, [c.id] AS claims, [q.id] AS detail,
                   [] AS mixed
        """,
        reason="{subject} speaks of efficiency progress without saying training or inference.",
    ),
    FlagRule(
        name="scale_bound_beside_scale_free",
        kind=FlagKind.SCALE_DEPENDENCE,
        cypher="""
            MATCH (q:Quantity)<-[:MEASURES]-(c:Claim)
            WITH * ORDER BY c.id
            WITH q, collect(CASE WHEN c.compute_scale_flop IS NOT NULL THEN c END) AS bound,
                 collect(CASE WHEN c.compute_scale_flop IS NULL THEN c.id END) AS free
            WHERE size(bound) > 0 AND size(free) > 0
            UNWIND bound AS c
            UNWIND free AS other
            WITH * ORDER BY other
            WITH c, collect(other) AS others
            RETURN c.id AS subject, 'Claim' AS label, [c.id] + others AS claims,
                   [toString(c.compute_scale_flop)] AS detail, [] AS mixed
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
            WITH * ORDER BY k.id, o.id
            WITH c, collect(DISTINCT k.id) AS critiques, collect(DISTINCT o.id) AS others
            RETURN c.id AS subject, 'Claim' AS label, [c.id] + others AS claims,
                   critiques AS detail, [] AS mixed
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
            RETURN c.id AS subject, 'Claim' AS label, [c.id] AS claims, [c.unit] AS detail,
                   [] AS mixed
        """,
        reason="{subject} states implementation optimizations, which have a ceiling, "
        "as a yearly trend.",
    ),
    FlagRule(
        name="rate_built_from_one_time_factors",
        kind=FlagKind.CEILING,
        cypher="""
            MATCH (c:Claim)-[:CITES|HAS_FACTOR]->(s:Claim)
            WHERE c.unit IN $per_year_units
            WITH * ORDER BY s.id
            WITH c, collect(DISTINCT s) AS support
            WITH c, [s IN support WHERE s.unit = 'one_time_factor' | s.id] AS one_time,
                 [s IN support WHERE s.unit IN $rate_units] AS rates
            WHERE size(one_time) > 0 AND size(rates) = 0
            RETURN c.id AS subject, 'Claim' AS label, [c.id] + one_time AS claims,
                   one_time AS detail, [] AS mixed
        """,
        reason="{subject} is a yearly rate whose only support is one-time factors "
        "({detail[0]}...), which do not compound into a trend.",
    ),
    FlagRule(
        name="critiqued_as_compounded_optimizations",
        kind=FlagKind.CEILING,
        cypher="""
            MATCH (k:Critique {kind: 'ceiling'})-[:TARGETS]->(c:Claim)
            WHERE c.unit IN $per_year_units OR c.unit = 'factor_over_years'
            WITH * ORDER BY k.id
            WITH c, collect(k.id) AS critiques
            RETURN c.id AS subject, 'Claim' AS label, [c.id] AS claims, critiques AS detail,
                   [] AS mixed
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
            RETURN c.id AS subject, 'Claim' AS label, [c.id] AS claims, [q.id] AS detail,
                   [] AS mixed
        """,
        reason="{subject} counts growth in inference compute, which larger tasks alone "
        "produce; it says nothing of compute per unit of human cost.",
    ),
)

RULE_PARAMETERS = {
    "per_year_units": PER_YEAR_UNITS,
    "rate_units": RATE_UNITS,
    "named_scopes": NAMED_SCOPES,
    "efficiency_scopes": EFFICIENCY_SCOPES,
    "unclashing_domains": UNCLASHING_DOMAINS,
    "contrasting": CONTRASTING_WORDS,
}
