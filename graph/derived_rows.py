"""Reconciliation results as the nodes and links that store them (:Consensus, :Conflict, ...).

The shape of each derived node is the graph's concern: flat properties, a caption
(`name`) for Neo4j Browser, and links to the claims, critiques and quantities it is
about. `derived_store.sync` writes the difference between these rows and what is stored.
"""

from claimgraph.graph.captions import consensus_caption, flag_caption
from claimgraph.graph.derived_store import DerivedLabel, DerivedLink, DerivedLinkRow, DerivedRow
from claimgraph.schemas.reconciliation import (
    Conflict,
    DecompositionResult,
    ExplanationKind,
    Flag,
    PooledEstimate,
    ReconciliationResult,
)


def derived_rows(result: ReconciliationResult) -> list[DerivedRow]:
    """Every row one pass stores, consensus values first."""
    return [
        *(consensus_row(p) for p in result.pooled),
        *(conflict_row(c) for c in result.conflicts),
        *(flag_row(f) for f in result.flags),
        *(factor_check_row(d) for d in result.decompositions),
    ]


def consensus_row(pooled: PooledEstimate) -> DerivedRow:
    links = [DerivedLinkRow(DerivedLink.SUMMARIZES, pooled.quantity_id)]
    links += [DerivedLinkRow(DerivedLink.POOLS, c) for c in pooled.pooled_claim_ids]
    links += [
        DerivedLinkRow(
            DerivedLink.LEAVES_OUT, out.claim_id, {"reason": out.reason.value, "detail": out.detail}
        )
        for out in pooled.left_out
    ]
    props = pooled.model_dump(mode="json", exclude={"left_out", "pooled_claim_ids"})
    props["name"] = _consensus_caption(pooled)
    props["caption"] = consensus_caption(pooled)
    return DerivedRow(
        DerivedLabel.CONSENSUS, f"consensus:{pooled.quantity_id}", props, tuple(links)
    )


def _consensus_caption(pooled: PooledEstimate) -> str:
    if pooled.r is None:
        return f"nothing pooled (k={pooled.k})"
    return f"{pooled.r:.2f}x/yr (k={pooled.k})"


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
