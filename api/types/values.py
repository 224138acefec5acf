"""GraphQL types of plain values: an estimate as stated and as normalized.

They refer to no other object type, so every other types module may use them.
"""

from claimgraph.api.types import enums as _enums  # noqa: F401  (registers the enums first)
from claimgraph.api.types.base import build, from_pydantic
from claimgraph.schemas.estimate import Estimate, Interval, Period
from claimgraph.schemas.models import Locator
from claimgraph.schemas.reconciliation import NormalizedEstimate


@from_pydantic(Interval, name="Interval")
class IntervalType:
    pass


@from_pydantic(Period, name="Period")
class PeriodType:
    pass


@from_pydantic(Estimate, name="Estimate")
class EstimateType:
    pass


@from_pydantic(Locator, name="Locator")
class LocatorType:
    pass


@from_pydantic(NormalizedEstimate, name="NormalizedEstimate")
class NormalizedEstimateType:
    pass


def normalized_type(estimate: NormalizedEstimate) -> NormalizedEstimateType:
    return build(NormalizedEstimateType, estimate)
