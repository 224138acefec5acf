"""Standard errors on the ln r scale, the scale on which estimates are pooled.

A confidence interval on r is symmetric in ln r for log-normal-ish estimates, so its
half-width in ln r divided by the normal quantile of its level is the standard error.
"""

import math
from functools import lru_cache

from scipy.stats import norm


@lru_cache(maxsize=64)
def z_for_level(level: float) -> float:
    """Two-sided normal quantile for a confidence level (0.95 -> 1.959964).

    Cached: a corpus states a handful of levels, and scipy's ppf costs ~60 us a call,
    which dominated normalizing 100,000 claims.
    """
    if not 0.0 < level < 1.0:
        raise ValueError(f"confidence level must be strictly between 0 and 1, got {level}")
    return float(norm.ppf(0.5 + level / 2.0))


def se_ln_r(r_low: float, r_high: float, level: float) -> float:
    """se(ln r) = (ln r_high - ln r_low) / (2 z): the interval's half-width in ln r over z."""
    if not 0.0 < r_low <= r_high:
        raise ValueError(f"need 0 < r_low <= r_high, got {r_low}..{r_high}")
    return (math.log(r_high) - math.log(r_low)) / (2.0 * z_for_level(level))
