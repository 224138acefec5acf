"""A figure exactly as its source states it: value, unit, interval, period, scale.

Normalization to an annual multiplier happens later, in reconcile/; the rules here are the
ones a single estimate can be checked against on its own. They include the limits that
keep every figure computable (docs/paper-format.md, "Limits"): a figure that validates
normalizes to a finite annual multiplier r with |log10 r| <= MAX_LOG10_R, an interval
level gives a finite, non-zero z, and factors stay far inside the float range, so that
nothing one file states can overflow the reconciliation of the others.
"""

from __future__ import annotations

import math
from typing import Final

from pydantic import Field, StrictInt, StrictStr, model_validator

from claimgraph.schemas.enums import Unit
from claimgraph.schemas.fields import (
    MAX_TEXT_CHARS,
    MAX_YEAR,
    MIN_YEAR,
    DomainModel,
    Finite,
    check_year,
    domain_error,
)

MAX_LOG10_R: Final = 10.0
"""A rate may claim at most ten orders of magnitude per year, either way (r within
1e-10..1e10): beyond anything measured (the steepest published price declines are about
three), and small enough that r, its interval and a pooled interval stay finite."""

MAX_TIME_MONTHS: Final = 12_000.0
"""The longest halving or doubling time, 1,000 years: longer ones are r = 1 to the precision
the arithmetic keeps. The shortest is the one MAX_LOG10_R allows, about 0.36 months."""

MAX_YEARS: Final = float(MAX_YEAR - MIN_YEAR)
"""The longest span a `factor_over_years` may cover: the whole range of allowed years."""

MAX_LOG10_FACTOR: Final = 100.0
"""A one-time factor or an absolute figure lies within 1e-100..1e100 in magnitude, so a
product of many of them (a decomposition) stays far from overflow."""

MIN_LEVEL: Final = 0.5
MAX_LEVEL: Final = 0.999
"""The coverage an interval may state: 50 % (an interquartile range) to 99.9 %. Outside it
the normal quantile tends to 0 or infinity and se(ln r) with it."""

MAX_COMPUTE_SCALE_FLOP: Final = 1e60
"""The largest compute scale a figure may be tied to (today's largest runs are about 1e27)."""

_LN10: Final = math.log(10.0)

_POSITIVE_UNITS: Final = {
    Unit.HALVING_TIME_MONTHS: "a halving time",
    Unit.DOUBLING_TIME_MONTHS: "a doubling time",
    Unit.MULTIPLIER_PER_YEAR: "a multiplier",
    Unit.FACTOR_OVER_YEARS: "a factor",
    Unit.ONE_TIME_FACTOR: "a factor",
}


def log10_rate(value: float, unit: Unit, years: float | None = None) -> float | None:
    """log10 of the annual multiplier r a figure states, computed without overflow.

    The DESIGN table in log space, for checking limits; None for units that are not rates,
    and math.inf or a NaN-free out-of-range value where r itself would not be representable.
    The inputs are assumed to pass the unit's sign rules (positive times and factors).
    """
    if unit in (Unit.HALVING_TIME_MONTHS, Unit.DOUBLING_TIME_MONTHS):
        return (12.0 / value) * math.log10(2.0)
    if unit is Unit.MULTIPLIER_PER_YEAR:
        return math.log10(value)
    if unit is Unit.PERCENT_PER_YEAR:
        return math.log1p(value / 100.0) / _LN10
    if unit is Unit.PERCENT_DECLINE_PER_YEAR:
        return -math.log1p(-value / 100.0) / _LN10
    if unit is Unit.ORDERS_OF_MAGNITUDE_PER_YEAR:
        return value
    if unit is Unit.FACTOR_OVER_YEARS and years is not None:
        return math.log10(value) / years
    return None


class Interval(DomainModel):
    """An uncertainty range in the estimate's own unit; `level` is its coverage (0.95) if stated."""

    low: Finite = Field(description="Low end, in the estimate's unit.")
    high: Finite = Field(description="High end, in the estimate's unit.")
    level: Finite | None = Field(
        default=None, description="Coverage as a fraction (0.95 for a 95% interval), if stated."
    )

    @model_validator(mode="after")
    def _ordered(self) -> Interval:
        if self.low > self.high:
            raise domain_error(f"interval low {self.low:g} is above high {self.high:g}", "low")
        if self.level is not None and not MIN_LEVEL <= self.level <= MAX_LEVEL:
            raise domain_error(
                f"interval level {self.level:g} must be a fraction within "
                f"{MIN_LEVEL:g}..{MAX_LEVEL:g} (0.95 for a 95% interval)",
                "level",
            )
        return self


class Period(DomainModel):
    """The calendar years a rate or factor covers (inclusive)."""

    start_year: StrictInt = Field(description="First year covered.")
    end_year: StrictInt = Field(description="Last year covered.")

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        check_year(self.start_year, "start_year", "start_year")
        check_year(self.end_year, "end_year", "end_year")
        if self.start_year > self.end_year:
            raise domain_error(
                f"start_year {self.start_year} is after end_year {self.end_year}", "start_year"
            )
        return self


class Estimate(DomainModel):
    """A figure exactly as its source states it; normalization happens later, in reconcile."""

    value: Finite = Field(description="The number as stated, in its unit.")
    unit: Unit = Field(description="How the number is stated (halving time, factor, ...).")
    interval: Interval | None = Field(
        default=None, description="The stated uncertainty range, if any."
    )
    years: Finite | None = Field(
        default=None,
        description="For a factor over years only: the span it covers (600x in 7 years).",
    )
    period: Period | None = Field(default=None, description="The calendar years the figure covers.")
    compute_scale_flop: Finite | None = Field(
        default=None,
        description="Training compute (FLOP) at which alone the figure holds, if it is "
        "scale-bound.",
    )
    label: StrictStr | None = Field(
        default=None, description='For an absolute figure only: what it counts (e.g. "USD").'
    )

    @model_validator(mode="after")
    def _consistent(self) -> Estimate:
        self._check_years()
        self._check_range(self.value, "value")
        if self.interval is not None:
            self._check_range(self.interval.low, "interval", "low")
            self._check_range(self.interval.high, "interval", "high")
            if not self.interval.low <= self.value <= self.interval.high:
                raise domain_error(
                    f"value {self.value:g} lies outside its interval "
                    f"[{self.interval.low:g}, {self.interval.high:g}]",
                    "value",
                )
        scale = self.compute_scale_flop
        if scale is not None and not 0 < scale <= MAX_COMPUTE_SCALE_FLOP:
            raise domain_error(
                f"compute_scale_flop must be > 0 and at most {MAX_COMPUTE_SCALE_FLOP:g}, "
                f"got {scale:g}",
                "compute_scale_flop",
            )
        if self.label is not None and self.unit is not Unit.ABSOLUTE:
            raise domain_error(
                f"label is only for unit 'absolute' (it names what the number counts), "
                f"not for {self.unit.value!r}",
                "label",
            )
        if self.label is not None and len(self.label) > MAX_TEXT_CHARS:
            raise domain_error(f"label is longer than {MAX_TEXT_CHARS:,} characters", "label")
        return self

    def _check_years(self) -> None:
        if self.unit is Unit.FACTOR_OVER_YEARS:
            if self.years is None:
                raise domain_error(
                    "unit 'factor_over_years' needs years (the span the factor covers)", "unit"
                )
            if not 0 < self.years <= MAX_YEARS:
                raise domain_error(
                    f"years must be > 0 and at most {MAX_YEARS:g}, got {self.years:g}", "years"
                )
        elif self.years is not None:
            raise domain_error(
                f"years is only for unit 'factor_over_years', not for {self.unit.value!r}",
                "years",
            )

    def _check_range(self, number: float, *path: str) -> None:
        unit = self.unit
        what = _POSITIVE_UNITS.get(unit)
        where = " ".join(path)
        if what is not None and number <= 0:
            raise domain_error(
                f"{where} {number:g} must be > 0: {what} ({unit.value}) cannot be zero or negative",
                *path,
            )
        if unit is Unit.SHARE and not 0 <= number <= 1:
            raise domain_error(
                f"{where} {number:g} must be within 0..1 for unit 'share' (write 91% as 0.91)",
                *path,
            )
        if unit is Unit.PERCENT_DECLINE_PER_YEAR and not number < 100:
            raise domain_error(f"{where} {number:g}: a cost cannot fall by 100% or more", *path)
        if unit is Unit.PERCENT_PER_YEAR and not number > -100:
            raise domain_error(f"{where} {number:g}: a change below -100% is impossible", *path)
        if unit in (Unit.HALVING_TIME_MONTHS, Unit.DOUBLING_TIME_MONTHS) and (
            number > MAX_TIME_MONTHS
        ):
            raise domain_error(
                f"{where} {number:g} months is longer than {MAX_TIME_MONTHS:,.0f} months "
                "(1,000 years), the longest halving or doubling time allowed",
                *path,
            )
        if unit in (Unit.ONE_TIME_FACTOR, Unit.FACTOR_OVER_YEARS, Unit.ABSOLUTE) and (
            number != 0 and abs(math.log10(abs(number))) > MAX_LOG10_FACTOR
        ):
            raise domain_error(
                f"{where} {number:g} is outside the allowed magnitude "
                f"1e-{MAX_LOG10_FACTOR:g}..1e{MAX_LOG10_FACTOR:g}",
                *path,
            )
        log10_r = log10_rate(number, unit, self.years)
        if log10_r is not None and not abs(log10_r) <= MAX_LOG10_R:
            size = f"{log10_r:.3g}" if math.isfinite(log10_r) else "an unbounded number of"
            raise domain_error(
                f"{where} {number:g} {unit.value} means {size} orders of magnitude per year; "
                f"a rate may claim at most {MAX_LOG10_R:g} either way "
                f"(an annual multiplier between 1e-{MAX_LOG10_R:g} and 1e{MAX_LOG10_R:g})",
                *path,
            )


__all__ = [
    "MAX_COMPUTE_SCALE_FLOP",
    "MAX_LEVEL",
    "MAX_LOG10_FACTOR",
    "MAX_LOG10_R",
    "MAX_TIME_MONTHS",
    "MAX_YEARS",
    "MIN_LEVEL",
    "Estimate",
    "Interval",
    "Period",
    "log10_rate",
]
