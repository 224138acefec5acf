"""Has a set of one-time gains been compounded into a yearly rate (the `ceiling` flag)?

Optimizations (kernels, precision, parallelism) have a ceiling: once taken, a gain is
not taken again. A yearly rate sustained for Y years needs a total of rate^Y; if the
one-time factors said to produce it give far less, the rate is a compounded ceiling.
"""

import math
from collections.abc import Sequence

from claimgraph.schemas.reconciliation import CeilingCheck


def check_ceiling(
    annual_rate: float, years: float, one_time_factors: Sequence[float]
) -> CeilingCheck:
    """What annual_rate over years needs (rate^Y) against the product of the factors.

    The factors' product is the most they can give in total; spread over the same
    years it supports at most product^(1/Y) per year.
    """
    if not annual_rate > 0 or not years > 0:
        raise ValueError("the annual rate and the years must be positive")
    if any(not f > 0 for f in one_time_factors):
        raise ValueError("one-time factors must be positive")
    required = annual_rate**years
    product = math.prod(one_time_factors)
    shortfall = required / product
    return CeilingCheck(
        annual_rate=annual_rate,
        years=years,
        required_multiplier=required,
        factor_product=product,
        shortfall=shortfall,
        shortfall_log10=math.log10(shortfall),
        rate_supported_by_factors=product ** (1.0 / years),
        exceeds=required > product,
    )
