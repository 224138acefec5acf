"""What the API computes on read with reconcile/: a claim's normalized estimate, a pool
recomputed without some claims.

Nothing normalized is stored on claims: the arithmetic lives in `reconcile/`, and
computing it here keeps the API's numbers identical to the reconciliation step's.
"""

import math
from collections.abc import Sequence
from typing import Any, Final

from pydantic import BaseModel

from claimgraph.api.errors import BAD_USER_INPUT, VALUE_OUT_OF_RANGE, ApiError
from claimgraph.graph.stored_models import Owned
from claimgraph.reconcile.normalize import convert, normalize
from claimgraph.reconcile.pooling import pool_estimates
from claimgraph.schemas.enums import Unit
from claimgraph.schemas.models import Claim
from claimgraph.schemas.reconciliation import EstimateRecord, NormalizedEstimate, PooledEstimate

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
    quantity_id: str,
    claims: Sequence[Owned[Claim]],
    excluded: set[str],
    assume_se_for_points: float | None,
) -> PooledEstimate:
    """The quantity's pool recomputed by reconcile.pooling without the `excluded` claims."""
    low, high = ASSUMED_SE_RANGE
    if assume_se_for_points is not None and not low <= assume_se_for_points <= high:
        raise ApiError(
            VALUE_OUT_OF_RANGE,
            f"assumeSeForPoints {assume_se_for_points:g} is outside {low:g}..{high:g} "
            "(an se of ln r)",
            range=[low, high],
        )
    records = [estimate_record(c.model) for c in claims if c.model.id not in excluded]
    try:
        pooled = pool_estimates(records, quantity_id, assume_se_for_points=assume_se_for_points)
    except ARITHMETIC_ERRORS as error:
        raise _out_of_range("the pooled value") from error
    finite(pooled, "the pooled value")
    return pooled
