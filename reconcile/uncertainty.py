"""Standard errors on the ln r scale, the scale on which estimates are pooled, and the
declared bases on which estimates without a stated confidence level get one.

A confidence interval on r is symmetric in ln r for log-normal-ish estimates, so its
half-width in ln r divided by the normal quantile of its level is the standard error.
Every rate is weighed under a basis (`weigh`): `stated` (an interval with its level),
`range` (an interval without one, read by RANGE_LEVEL), `imputed` (a point, by the
imputation rule of `UncertaintyRules`), or `none` (not pooled), and the result says so.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from scipy.stats import norm

from claimgraph.schemas.reconciliation import ImputationRule, UncertaintyBasis


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


RANGE_LEVEL = 0.90
"""A range stated without a level ("2-3x a year", "between A and B") is read as a 90 %
interval on ln r: the convention of Guesstimate and Squiggle, which read "a to b" as a 90 %
interval of a log-normal. A source giving a range means "most likely in here", not "surely
in here", and 90 % is the usual reading of that; a 95 % reading would weigh ranges ~19 %
more, a 50 % one ~3.6 times less."""

POINT_RELATIVE_HALF_WIDTH = 0.5
"""For the `relative` rule: a point r is read as the range ln r x (1 -/+ 0.5) at the range
level, i.e. known to within half its log rate either way. The best-measured estimate in the
corpus (Ho et al. 2024, 95 % interval 5-14 months around 8) is known to about -43 %/+60 %
of its log rate, so a bare point is given about that precision."""

SE_FLOOR = 0.01
"""No estimate enters with se(ln r) below 0.01 (about 1 % a year): a point at r = 1 would
otherwise get a zero variance from the relative rule."""


@dataclass(frozen=True)
class UncertaintyRules:
    """The declared conventions under which estimates without a stated level are weighed.

    imputation LARGEST_SE (the default) gives a point the largest se(ln r) among the pool's
    estimates with a stated or range interval: a figure stated with no interval at all is
    taken to be no more precise than the least precise one that has an interval. This is
    the conservative choice (Furukawa et al. 2006 impute missing spreads from the other
    studies; the largest avoids over-weighting a guess, and under-weighting one costs
    little). When no estimate of the pool has an interval, the `relative` rule is used.
    A rule based on the precision a figure is written to ("8 months" read as 7.5-8.5) was
    rejected: it measures typography, and made "1.68x" fifty times as weighty as "2x".
    """

    range_level: float = RANGE_LEVEL
    imputation: ImputationRule = ImputationRule.LARGEST_SE
    point_relative_half_width: float = POINT_RELATIVE_HALF_WIDTH
    se_floor: float = SE_FLOOR

    def describe(self) -> str:
        return (
            f"ranges without a level read as {self.range_level:.0%} intervals on ln r; "
            f"points weighed by the {self.imputation.value} rule"
        )


DEFAULT_RULES = UncertaintyRules()


def range_se(r_low: float, r_high: float, rules: UncertaintyRules = DEFAULT_RULES) -> float:
    """se(ln r) of a range without a level, read at the rules' range level."""
    return max(se_ln_r(r_low, r_high, rules.range_level), rules.se_floor)


def relative_se(r: float, rules: UncertaintyRules = DEFAULT_RULES) -> float:
    """se(ln r) of a point under the relative rule (see POINT_RELATIVE_HALF_WIDTH)."""
    half = rules.point_relative_half_width * abs(math.log(r))
    return max(half / z_for_level(rules.range_level), rules.se_floor)


def weigh(
    estimates: Sequence[tuple[float, float | None, float | None, float | None]],
    rules: UncertaintyRules = DEFAULT_RULES,
    assumed_point_se: float | None = None,
) -> list[tuple[UncertaintyBasis, float | None]]:
    """The basis and se(ln r) of each (r, r_low, r_high, stated se) in one pool.

    A stated se wins; then a range with two distinct ends; then a point, by the imputation
    rule (or by `assumed_point_se` when the caller fixes one).
    """
    first: list[tuple[UncertaintyBasis, float | None]] = []
    for _, low, high, stated in estimates:
        if stated is not None and stated > 0:
            first.append((UncertaintyBasis.STATED, max(stated, rules.se_floor)))
        elif low is not None and high is not None and high > low:
            first.append((UncertaintyBasis.RANGE, range_se(low, high, rules)))
        else:
            first.append((UncertaintyBasis.NONE, None))
    known = [se for basis, se in first if se is not None]
    largest = max(known) if known else None
    weighed: list[tuple[UncertaintyBasis, float | None]] = []
    for (r, _, _, _), (basis, se) in zip(estimates, first, strict=True):
        if basis is not UncertaintyBasis.NONE:
            weighed.append((basis, se))
        elif assumed_point_se is not None:
            weighed.append((UncertaintyBasis.IMPUTED, assumed_point_se))
        elif rules.imputation is ImputationRule.NONE:
            weighed.append((UncertaintyBasis.NONE, None))
        elif rules.imputation is ImputationRule.LARGEST_SE and largest is not None:
            weighed.append((UncertaintyBasis.IMPUTED, largest))
        else:
            weighed.append((UncertaintyBasis.IMPUTED, relative_se(r, rules)))
    return weighed
