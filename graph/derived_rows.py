"""Reconciliation results as the nodes and links that store them (:Consensus, :Conflict, ...).

The shape of each derived node is the graph's concern: flat properties, a caption
(`name`) for Neo4j Browser, and links to the claims, critiques and quantities it is
about. `derived_store.sync` writes the difference between these rows and what is stored.
"""

import json
from typing import Any

from claimgraph.graph.captions import consensus_caption, flag_caption
from claimgraph.graph.derived_store import DerivedLabel, DerivedLink, DerivedLinkRow, DerivedRow
from claimgraph.schemas.reconciliation import (
    Conflict,
    DecompositionResult,
    Deviation,
    ExplanationKind,
    Flag,
    PooledEstimate,
    PoolSummary,
    ReconciliationResult,
)

NESTED = (
    "estimates",
    "leave_one_out",
    "stated_only",
    "without_critiqued",
    "critique_adjusted",
    "subgroups",
    "moderators",
)
"""PooledEstimate fields that are lists of records or nested records: stored in `detail_json`
(read back by graph.stored_models) and, for a curator, as flat properties and link
properties."""
SUMMARIES = ("stated_only", "without_critiqued", "critique_adjusted")
SUMMARY_FIELDS = ("k", "r", "r_low", "r_high", "pi_low", "pi_high", "tau2", "claim_ids")


def derived_rows(result: ReconciliationResult) -> list[DerivedRow]:
    """Every row one pass stores, consensus values first."""
    return [
        *(consensus_row(p) for p in result.pooled),
        *(conflict_row(c) for c in result.conflicts),
        *(flag_row(f) for f in result.flags),
        *(factor_check_row(d) for d in result.decompositions),
        *(deviation_row(d) for d in result.deviations),
    ]


def _pools_props(pooled: PooledEstimate) -> dict[str, dict[str, Any]]:
    """Per pooled claim: its basis, se, weight and leave-one-out values (no nulls)."""
    by_claim: dict[str, dict[str, Any]] = {}
    for row in pooled.estimates:
        by_claim[row.claim_id] = {
            "basis": row.basis.value,
            "r": row.r,
            "r_low": row.r_low,
            "r_high": row.r_high,
            "se_ln_r": row.se_ln_r,
            "weight": row.weight,
        }
    for loo in pooled.leave_one_out:
        extra = {
            "without_r": loo.r,
            "without_r_low": loo.r_low,
            "without_r_high": loo.r_high,
            "influence_log10": loo.influence_log10,
            "std_residual": loo.std_residual,
            "outside_prediction": loo.outside_prediction,
        }
        by_claim.setdefault(loo.claim_id, {}).update(
            {key: value for key, value in extra.items() if value is not None}
        )
    return by_claim


def _summary_props(prefix: str, summary: PoolSummary | None) -> dict[str, Any]:
    if summary is None:
        return {}
    dumped = summary.model_dump(mode="json")
    return {f"{prefix}_{name}": dumped[name] for name in SUMMARY_FIELDS}


def consensus_row(pooled: PooledEstimate) -> DerivedRow:
    links = [DerivedLinkRow(DerivedLink.SUMMARIZES, pooled.quantity_id)]
    per_claim = _pools_props(pooled)
    links += [
        DerivedLinkRow(DerivedLink.POOLS, c, per_claim.get(c, {})) for c in pooled.pooled_claim_ids
    ]
    links += [
        DerivedLinkRow(
            DerivedLink.LEAVES_OUT, out.claim_id, {"reason": out.reason.value, "detail": out.detail}
        )
        for out in pooled.left_out
    ]
    props = pooled.model_dump(mode="json", exclude={"left_out", "pooled_claim_ids", *NESTED})
    props["detail_json"] = json.dumps(
        pooled.model_dump(mode="json", include=set(NESTED)), sort_keys=True
    )
    for prefix in SUMMARIES:
        props.update(_summary_props(prefix, getattr(pooled, prefix)))
    explained = [m for m in pooled.moderators if m.r2 is not None]
    props["moderator_names"] = [m.moderator.value for m in explained]
    props["moderator_r2"] = [m.r2 for m in explained]
    props["name"] = _consensus_caption(pooled)
    props["caption"] = consensus_caption(pooled)
    return DerivedRow(
        DerivedLabel.CONSENSUS, f"consensus:{pooled.quantity_id}", props, tuple(links)
    )


def _consensus_caption(pooled: PooledEstimate) -> str:
    if pooled.r is None:
        return f"nothing pooled (k={pooled.k})"
    return f"{pooled.r:.2f}x/yr (k={pooled.k})"


def deviation_row(deviation: Deviation) -> DerivedRow:
    links = [DerivedLinkRow(DerivedLink.DEVIATES, deviation.claim_id)]
    links += [
        DerivedLinkRow(DerivedLink.DEVIATION_EXPLAINED_BY, e.critique_id)
        for e in deviation.explanations
        if e.kind is ExplanationKind.CRITIQUE and e.critique_id is not None
    ]
    props = deviation.model_dump(mode="json", exclude={"explanations"})
    props["explanations"] = [e.detail for e in deviation.explanations]
    props["explanation_kinds"] = [e.kind.value for e in deviation.explanations]
    props["name"] = "explained outlier" if deviation.explained else "UNEXPLAINED outlier"
    return DerivedRow(
        DerivedLabel.DEVIATION,
        f"deviation:{deviation.quantity_id}:{deviation.claim_id}",
        props,
        tuple(links),
    )


def conflict_row(conflict: Conflict) -> DerivedRow:
    links = [
        DerivedLinkRow(DerivedLink.BETWEEN, conflict.claim_a, {"side": "a"}),
        DerivedLinkRow(DerivedLink.BETWEEN, conflict.claim_b, {"side": "b"}),
    ]
    links += [
        DerivedLinkRow(DerivedLink.EXPLAINED_BY, e.critique_id)
        for e in conflict.explanations
        if e.kind is ExplanationKind.CRITIQUE and e.critique_id is not None
    ]
    props = conflict.model_dump(mode="json", exclude={"explanations"})
    props["explanations"] = [e.detail for e in conflict.explanations]
    props["explanation_kinds"] = [e.kind.value for e in conflict.explanations]
    props["name"] = "explained conflict" if conflict.explained else "UNEXPLAINED conflict"
    return DerivedRow(
        DerivedLabel.CONFLICT,
        f"conflict:{conflict.claim_a}:{conflict.claim_b}",
        props,
        tuple(links),
    )


def flag_row(flag: Flag) -> DerivedRow:
    subject_link = (
        DerivedLink.FLAGS_GROUPING if flag.subject_label == "Grouping" else DerivedLink.FLAGS_CLAIM
    )
    links = [DerivedLinkRow(subject_link, flag.subject)]
    links += [DerivedLinkRow(DerivedLink.INVOLVES, c) for c in flag.claims if c != flag.subject]
    props = flag.model_dump(mode="json", exclude={"id"})
    props["name"] = flag.kind.value
    props["caption"] = flag_caption(flag)
    return DerivedRow(DerivedLabel.FLAG, flag.id, props, tuple(links))


def factor_check_row(result: DecompositionResult) -> DerivedRow:
    check = result.check
    props = check.model_dump(mode="json", exclude={"factors"})
    props["factor_ids"] = [f.label for f in check.factors]
    props["factor_values"] = [f.factor for f in check.factors]
    props["factor_log_shares"] = [f.log_share for f in check.factors]
    props["total_claim_id"] = result.total_claim_id
    props["name"] = "factors consistent" if check.consistent else "factors INCONSISTENT"
    link = DerivedLinkRow(DerivedLink.CHECKS, result.decomposition_id)
    return DerivedRow(DerivedLabel.FACTOR_CHECK, f"check:{result.decomposition_id}", props, (link,))
