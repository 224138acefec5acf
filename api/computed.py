"""What the API computes on read with reconcile/: a claim's normalized estimate, a pool
recomputed without some claims.

Nothing normalized is stored on claims: the arithmetic lives in `reconcile/`, and
computing it here keeps the API's numbers identical to the reconciliation step's.
"""

from collections.abc import Sequence

from claimgraph.graph.stored_models import Owned
from claimgraph.reconcile.normalize import normalize
from claimgraph.reconcile.pooling import pool_estimates
from claimgraph.schemas.models import Claim
from claimgraph.schemas.reconciliation import EstimateRecord, NormalizedEstimate, PooledEstimate


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


def estimate_record(claim: Claim) -> EstimateRecord:
    """What pooling needs of a claim (critiques play no part in a pooled value)."""
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
    )


def pool_without(
    quantity_id: str,
    claims: Sequence[Owned[Claim]],
    excluded: set[str],
    assume_se_for_points: float | None,
) -> PooledEstimate:
    """The quantity's pool recomputed by reconcile.pooling without the `excluded` claims."""
    records = [estimate_record(c.model) for c in claims if c.model.id not in excluded]
    return pool_estimates(records, quantity_id, assume_se_for_points=assume_se_for_points)
