"""What the API computes on read with reconcile/: a claim's normalized estimate, a pool
recomputed without some claims.

Nothing normalized is stored on claims: the arithmetic lives in `reconcile/`, and
computing it here keeps the API's numbers identical to the reconciliation step's.
"""

import math
from collections.abc import Mapping, Sequence
from typing import Any, Final

from pydantic import BaseModel

from claimgraph.api.errors import BAD_USER_INPUT, VALUE_OUT_OF_RANGE, ApiError
from claimgraph.graph.stored_models import Owned
from claimgraph.ingest.weighing import configured_rules
from claimgraph.reconcile.normalize import convert, normalize
from claimgraph.reconcile.pooling import pool_estimates
from claimgraph.reconcile.selection import source_key
from claimgraph.schemas.enums import Unit
from claimgraph.schemas.models import Claim, Critique, Quantity
from claimgraph.schemas.reconciliation import (
    CritiqueRef,
    EstimateRecord,
    NormalizedEstimate,
    PooledEstimate,
)

ASSUMED_SE_RANGE: Final = (1e-6, 10.0)
"""An assumed se(ln r) for points: 10 already spans a factor of e^±19.6 at 95 %; outside
this range the pool's weights (1/se²) overflow or vanish."""
ARITHMETIC_ERRORS: Final = (OverflowError, ZeroDivisionError, FloatingPointError)


def normalized(claim: Claim) -> NormalizedEstimate:
    """A stored estimate whose r overflows a float is reported, not a server error."""
    estimate = claim.estimate
    interval = estimate.interval
    try:
        result = normalize(
            estimate.value,
            estimate.unit,
            low=interval.low if interval else None,
            high=interval.high if interval else None,
            level=interval.level if interval else None,
            years=estimate.years,
        )
    except ARITHMETIC_ERRORS as error:
        raise _out_of_range(f"claim {claim.id}'s estimate") from error
    finite(result, f"claim {claim.id}'s estimate")
    return result


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


def converted(value: float, from_unit: Unit, to_unit: Unit, years: float | None) -> float:
    """`convert`, with a coded error where the input is not a rate or the result no float."""
    try:
        result = convert(value, from_unit, to_unit, years)
    except ValueError as error:
        raise ApiError(BAD_USER_INPUT, str(error)) from error
    except ARITHMETIC_ERRORS as error:
        raise _out_of_range(f"{value:g} {from_unit.value} as {to_unit.value}") from error
    if not math.isfinite(result):
        raise _out_of_range(f"{value:g} {from_unit.value} as {to_unit.value}")
    return result


def _out_of_range(what: str) -> ApiError:
    return ApiError(
        VALUE_OUT_OF_RANGE, f"{what} is beyond the range of a 64-bit float (about 1.8e308)"
    )


def finite(model: BaseModel, what: str) -> None:
    """Refuse a result holding inf or NaN anywhere (GraphQL's Float cannot carry them)."""
    if not _all_finite(model.model_dump()):
        raise _out_of_range(what)


def _all_finite(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_all_finite(item) for item in value.values())
    if isinstance(value, list | tuple):
        return all(_all_finite(item) for item in value)
    return True


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
    low, high = ASSUMED_SE_RANGE
    if assume_se_for_points is not None and not low <= assume_se_for_points <= high:
        raise ApiError(
            VALUE_OUT_OF_RANGE,
            f"assumeSeForPoints {assume_se_for_points:g} is outside {low:g}..{high:g} "
            "(an se of ln r)",
            range=[low, high],
        )
    by_claim = critiques or {}
    records = [
        estimate_record(c.model, c.source_id, by_claim.get(c.model.id, ()))
        for c in claims
        if c.model.id not in excluded
    ]
    lookup = {c.model.id: estimate_record(c.model, c.source_id) for c in cited}
    try:
        pooled = pool_estimates(
            records,
            quantity.id,
            assume_se_for_points=assume_se_for_points,
            rules=configured_rules(),
            domain=quantity.domain.value,
            trend=quantity.reads_as,
            cited=lookup,
        )
    except ARITHMETIC_ERRORS as error:
        raise _out_of_range("the pooled value") from error
    finite(pooled, "the pooled value")
    return pooled
