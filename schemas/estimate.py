"""A figure exactly as its source states it: value, unit, interval, period, scale.

Normalization to an annual multiplier happens later, in reconcile/; the rules here are the
ones a single estimate can be checked against on its own.
"""

from __future__ import annotations

from typing import Final

from pydantic import Field, StrictFloat, StrictInt, StrictStr, model_validator

from claimgraph.schemas.enums import Unit
from claimgraph.schemas.fields import DomainModel, check_year, domain_error


class Interval(DomainModel):
    """An uncertainty range in the estimate's own unit; `level` is its coverage (0.95) if stated."""

    low: StrictFloat = Field(description="Low end, in the estimate's unit.")
    high: StrictFloat = Field(description="High end, in the estimate's unit.")
    level: StrictFloat | None = Field(
        default=None, description="Coverage as a fraction (0.95 for a 95% interval), if stated."
    )

    @model_validator(mode="after")
    def _ordered(self) -> Interval:
        if self.low > self.high:
            raise domain_error(f"interval low {self.low:g} is above high {self.high:g}", "low")
        if self.level is not None and not 0 < self.level < 1:
            raise domain_error(
                f"interval level {self.level:g} must be a fraction strictly between 0 and 1 "
                "(0.95 for a 95% interval)",
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


_POSITIVE_UNITS: Final = {
    Unit.HALVING_TIME_MONTHS: "a halving time",
    Unit.DOUBLING_TIME_MONTHS: "a doubling time",
    Unit.MULTIPLIER_PER_YEAR: "a multiplier",
    Unit.FACTOR_OVER_YEARS: "a factor",
    Unit.ONE_TIME_FACTOR: "a factor",
}


class Estimate(DomainModel):
    """A figure exactly as its source states it; normalization happens later, in reconcile."""

    value: StrictFloat = Field(description="The number as stated, in its unit.")
    unit: Unit = Field(description="How the number is stated (halving time, factor, ...).")
    interval: Interval | None = Field(
        default=None, description="The stated uncertainty range, if any."
    )
    years: StrictFloat | None = Field(
        default=None,
        description="For a factor over years only: the span it covers (600x in 7 years).",
    )
    period: Period | None = Field(default=None, description="The calendar years the figure covers.")
    compute_scale_flop: StrictFloat | None = Field(
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
        if self.compute_scale_flop is not None and self.compute_scale_flop <= 0:
            raise domain_error(
                f"compute_scale_flop must be > 0, got {self.compute_scale_flop:g}",
                "compute_scale_flop",
            )
        if self.label is not None and self.unit is not Unit.ABSOLUTE:
            raise domain_error(
                f"label is only for unit 'absolute' (it names what the number counts), "
                f"not for {self.unit.value!r}",
                "label",
            )
        return self

    def _check_years(self) -> None:
        if self.unit is Unit.FACTOR_OVER_YEARS:
            if self.years is None:
                raise domain_error(
                    "unit 'factor_over_years' needs years (the span the factor covers)", "unit"
                )
            if self.years <= 0:
                raise domain_error(f"years must be > 0, got {self.years:g}", "years")
        elif self.years is not None:
            raise domain_error(
                f"years is only for unit 'factor_over_years', not for {self.unit.value!r}",
                "years",
            )

    def _check_range(self, number: float, *path: str) -> None:
        what = _POSITIVE_UNITS.get(self.unit)
        where = " ".join(path)
        if what is not None and number <= 0:
            raise domain_error(
                f"{where} {number:g} must be > 0: {what} ({self.unit.value}) cannot be zero "
                "or negative",
                *path,
            )
        if self.unit is Unit.SHARE and not 0 <= number <= 1:
            raise domain_error(
                f"{where} {number:g} must be within 0..1 for unit 'share' (write 91% as 0.91)",
                *path,
            )
        if self.unit is Unit.PERCENT_DECLINE_PER_YEAR and not number < 100:
            raise domain_error(f"{where} {number:g}: a cost cannot fall by 100% or more", *path)
        if self.unit is Unit.PERCENT_PER_YEAR and not number > -100:
            raise domain_error(f"{where} {number:g}: a change below -100% is impossible", *path)


__all__ = ["Estimate", "Interval", "Period"]
