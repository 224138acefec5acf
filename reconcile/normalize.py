"""Every stated rate to one scale: the annual multiplier r (times better per year).

Sources state the same kind of trend as halving times, percent per year, orders of
magnitude per year or a total factor over some years; comparing or pooling them needs
one scale. r is that scale, shown also as log10 r and as the halving time
12 ln2 / ln r months. One-time factors, shares and absolutes are kept as stated:
turning a one-time factor into a rate would invent a trend (the `ceiling` flag).
"""

import math
from dataclasses import dataclass

from claimgraph.reconcile.uncertainty import se_ln_r
from claimgraph.schemas.enums import RATE_UNITS, Unit
from claimgraph.schemas.reconciliation import EstimateKind, NormalizedEstimate

_KIND_OF_NON_RATE: dict[Unit, EstimateKind] = {
    Unit.ONE_TIME_FACTOR: EstimateKind.FACTOR,
    Unit.SHARE: EstimateKind.SHARE,
    Unit.ABSOLUTE: EstimateKind.ABSOLUTE,
}


def _require_rate_unit(unit: Unit) -> None:
    if unit not in RATE_UNITS:
        raise ValueError(f"{unit.value} is not a rate unit and has no annual multiplier")


def _require_years(unit: Unit, years: float | None) -> float:
    if years is None or not years > 0:
        raise ValueError(f"{unit.value} needs a positive number of years, got {years}")
    return years


def to_annual_multiplier(value: float, unit: Unit, years: float | None = None) -> float:
    """r for a figure stated in a rate unit (the DESIGN table); `years` only for F over Y."""
    _require_rate_unit(unit)
    if unit in (Unit.HALVING_TIME_MONTHS, Unit.DOUBLING_TIME_MONTHS):
        if not value > 0:
            raise ValueError(f"a halving or doubling time must be positive, got {value}")
        return float(2.0 ** (12.0 / value))
    if unit is Unit.MULTIPLIER_PER_YEAR:
        if not value > 0:
            raise ValueError(f"a multiplier per year must be positive, got {value}")
        return value
    if unit is Unit.PERCENT_PER_YEAR:
        if not value > -100:
            raise ValueError(f"a yearly change must be above -100 %, got {value}")
        return 1.0 + value / 100.0
    if unit is Unit.PERCENT_DECLINE_PER_YEAR:
        if not value < 100:
            raise ValueError(f"a cost cannot fall by 100 % or more per year, got {value}")
        return 1.0 / (1.0 - value / 100.0)
    if unit is Unit.ORDERS_OF_MAGNITUDE_PER_YEAR:
        return float(10.0**value)
    # Unit.FACTOR_OVER_YEARS
    y = _require_years(unit, years)
    if not value > 0:
        raise ValueError(f"a factor must be positive, got {value}")
    return float(value ** (1.0 / y))


def from_annual_multiplier(r: float, unit: Unit, years: float | None = None) -> float:
    """The inverse of `to_annual_multiplier`: r expressed in a rate unit."""
    _require_rate_unit(unit)
    if not r > 0:
        raise ValueError(f"an annual multiplier must be positive, got {r}")
    if unit in (Unit.HALVING_TIME_MONTHS, Unit.DOUBLING_TIME_MONTHS):
        months = halving_months(r)
        if months is None:
            raise ValueError(f"r = {r} <= 1 has no halving or doubling time")
        return months
    if unit is Unit.MULTIPLIER_PER_YEAR:
        return r
    if unit is Unit.PERCENT_PER_YEAR:
        return 100.0 * (r - 1.0)
    if unit is Unit.PERCENT_DECLINE_PER_YEAR:
        return 100.0 * (1.0 - 1.0 / r)
    if unit is Unit.ORDERS_OF_MAGNITUDE_PER_YEAR:
        return math.log10(r)
    # Unit.FACTOR_OVER_YEARS
    return float(r ** _require_years(unit, years))


_TIMES = frozenset({Unit.HALVING_TIME_MONTHS, Unit.DOUBLING_TIME_MONTHS})


def convert(value: float, from_unit: Unit, to_unit: Unit, years: float | None = None) -> float:
    """A rate from one unit to another through r; `years` is the Y of F-over-Y on either side.

    A halving time and a doubling time are refused as each other's conversion: both read
    r = 2^(12/T), so "cost halves every 6 months" and "efficiency doubles every 6 months"
    are one trend seen from its two sides, and which one a figure is depends on the
    quantity (its trend), not on arithmetic. Returning the number unchanged would look
    like a conversion that happened.
    """
    if from_unit in _TIMES and to_unit in _TIMES and from_unit is not to_unit:
        raise ValueError(
            f"{from_unit.value} and {to_unit.value} are not converted into each other: both "
            "mean r = 2^(12/T), the halving time of a cost being the doubling time of the "
            "efficiency that buys it; which one a figure is depends on its quantity's trend "
            "(cost_falls: halving, growth: doubling), so the number stays the same"
        )
    return from_annual_multiplier(to_annual_multiplier(value, from_unit, years), to_unit, years)


def halving_months(r: float) -> float | None:
    """12 ln2 / ln r months; None when r <= 1, where nothing halves."""
    if not r > 1.0:
        return None
    return 12.0 * math.log(2.0) / math.log(r)


@dataclass(frozen=True, slots=True)
class PlainEstimate:
    """The fields of a NormalizedEstimate as a plain value: the reconciliation pass builds
    one per stored claim, where a validated model cost more than the arithmetic."""

    kind: EstimateKind
    unit: Unit
    value: float
    low: float | None = None
    high: float | None = None
    level: float | None = None
    years: float | None = None
    r: float | None = None
    log10_r: float | None = None
    halving_months: float | None = None
    r_low: float | None = None
    r_high: float | None = None
    se_ln_r: float | None = None
    assumption: str | None = None


def _float(x: float | None) -> float | None:
    return None if x is None else float(x)


def normalize(
    value: float,
    unit: Unit,
    *,
    low: float | None = None,
    high: float | None = None,
    level: float | None = None,
    years: float | None = None,
    assumption: str | None = None,
) -> NormalizedEstimate:
    """A stated figure as a NormalizedEstimate (see `normalize_plain`)."""
    plain = normalize_plain(
        value, unit, low=low, high=high, level=level, years=years, assumption=assumption
    )
    return NormalizedEstimate(**{name: getattr(plain, name) for name in _FIELDS})


def normalize_plain(
    value: float,
    unit: Unit,
    *,
    low: float | None = None,
    high: float | None = None,
    level: float | None = None,
    years: float | None = None,
    assumption: str | None = None,
) -> PlainEstimate:
    """A stated figure normalized, as a plain value with the model's float coercion.

    Interval endpoints map one by one and are re-sorted, because a longer halving
    time is a smaller r. se(ln r) is computed only when a confidence level is stated:
    a bare range ("3-5x") is a spread of opinion, not a confidence interval.
    """
    if (low is None) != (high is None):
        raise ValueError("an interval needs both ends")
    if low is not None and high is not None and not low <= value <= high:
        raise ValueError(f"need low <= value <= high, got {low} <= {value} <= {high}")
    if level is not None and low is None:
        raise ValueError("a confidence level was given without an interval")
    value, low, high = float(value), _float(low), _float(high)
    level, years = _float(level), _float(years)

    if unit not in RATE_UNITS:
        return PlainEstimate(
            kind=_KIND_OF_NON_RATE[unit],
            unit=unit,
            value=value,
            low=low,
            high=high,
            level=level,
            years=years,
            assumption=assumption,
        )

    r = float(to_annual_multiplier(value, unit, years))
    r_low = r_high = r
    se: float | None = None
    if low is not None and high is not None:
        ends = sorted(float(to_annual_multiplier(end, unit, years)) for end in (low, high))
        r_low, r_high = ends[0], ends[1]
        if level is not None and r_high > r_low:
            se = se_ln_r(r_low, r_high, level)

    notes = [assumption] if assumption else []
    if unit is Unit.FACTOR_OVER_YEARS:
        notes.append(f"F over {years:g} years read as steady compounding, r = F^(1/{years:g})")

    return PlainEstimate(
        kind=EstimateKind.RATE,
        unit=unit,
        value=value,
        low=low,
        high=high,
        level=level,
        years=years,
        r=r,
        log10_r=math.log10(r),
        halving_months=halving_months(r),
        r_low=r_low,
        r_high=r_high,
        se_ln_r=se,
        assumption="; ".join(notes) or None,
    )


_FIELDS = tuple(PlainEstimate.__dataclass_fields__)
