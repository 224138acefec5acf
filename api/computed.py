"""What the API computes on read with reconcile/: a claim's normalized estimate, a pool
recomputed without some claims.

Nothing normalized is stored on claims: the arithmetic lives in `reconcile/`, and
computing it here keeps the API's numbers identical to the reconciliation step's.
"""

from collections.abc import Mapping, Sequence

from claimgraph.graph.stored_models import Owned
from claimgraph.reconcile.normalize import normalize
from claimgraph.reconcile.pooling import pool_estimates
from claimgraph.reconcile.selection import source_key
from claimgraph.schemas.models import Claim, Critique, Quantity
from claimgraph.schemas.reconciliation import (
    CritiqueRef,
    EstimateRecord,
    NormalizedEstimate,
    PooledEstimate,
)


def normalized(claim: Claim) -> NormalizedEstimate:
    estimate = claim.estimate
    interval = estimate.interval
    return normalize(
        estimate.value,
        estimate.unit,
        low=interval.low if interval else None,
        high=interval.high if interval else None,
        level=interval.level if interval else None,
        years=estimate.years,
    )


def estimate_record(
    claim: Claim,
    source_id: str | None = None,
    critiques: Sequence[Critique] = (),
    source_url: str | None = None,
) -> EstimateRecord:
    """What pooling needs of a claim: its figure, context, source and critiques."""
    estimate = claim.estimate
    period = estimate.period
    return EstimateRecord(
        claim_id=claim.id,
        quantity_id=claim.quantity,
        estimate=normalized(claim),
        category=claim.category,
        compute_scale_flop=estimate.compute_scale_flop,
        period_start_year=period.start_year if period else None,
        period_end_year=period.end_year if period else None,
        critiques=[
            CritiqueRef(critique_id=c.id, kind=c.kind, alternative=c.alternative)
            for c in sorted(critiques, key=lambda c: c.id)
            if claim.id in c.targets
        ],
        source_key=source_key(source_url, source_id),
        upper_bound=claim.upper_bound,
        domain=claim.domain.value if claim.domain else None,
        cites=sorted(claim.cites),
    )


def pool_without(
    quantity: Quantity,
    claims: Sequence[Owned[Claim]],
    excluded: set[str],
    assume_se_for_points: float | None,
    critiques: Mapping[str, Sequence[Critique]] | None = None,
    cited: Sequence[Owned[Claim]] = (),
) -> PooledEstimate:
    """The quantity's pool recomputed by reconcile.pooling without the `excluded` claims,
    with the critiques of its claims and the claims they cite, as the stored pool has."""
    by_claim = critiques or {}
    records = [
        estimate_record(c.model, c.source_id, by_claim.get(c.model.id, ()))
        for c in claims
        if c.model.id not in excluded
    ]
    lookup = {c.model.id: estimate_record(c.model, c.source_id) for c in cited}
    return pool_estimates(
        records,
        quantity.id,
        assume_se_for_points=assume_se_for_points,
        domain=quantity.domain.value,
        trend=quantity.reads_as,
        cited=lookup,
    )
