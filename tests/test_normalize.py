"""Normalization to the annual multiplier r: the seeds' arithmetic and its invariants."""

import math
from itertools import product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimgraph.reconcile.normalize import (
    convert,
    from_annual_multiplier,
    halving_months,
    normalize,
    to_annual_multiplier,
)
from claimgraph.reconcile.uncertainty import se_ln_r, z_for_level
from claimgraph.schemas.enums import RATE_UNITS, Unit
from claimgraph.schemas.reconciliation import EstimateKind

HALVING_UNITS = (Unit.HALVING_TIME_MONTHS, Unit.DOUBLING_TIME_MONTHS)
RATE_UNIT_LIST = sorted(RATE_UNITS)
UNIT_PAIRS = [
    (a, b)
    for a, b in product(RATE_UNIT_LIST, repeat=2)
    if not (a in HALVING_UNITS and b in HALVING_UNITS and a is not b)
]
"""Every pair convert() converts; halving <-> doubling is refused (see the test below)."""

growing_r = st.floats(min_value=1.001, max_value=1000.0)
any_r = st.floats(min_value=0.01, max_value=1000.0)
years_st = st.floats(min_value=0.25, max_value=30.0)


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


# --- the seeds' arithmetic (seed 003 and DESIGN.md) ---------------------------------


def test_eight_month_halving_is_2_83_per_year() -> None:
    # 2^(12/8) = 2^1.5 = 2.8284
    r = to_annual_multiplier(8, Unit.HALVING_TIME_MONTHS)
    assert r == pytest.approx(2**1.5)
    assert round(r, 2) == 2.83


def test_four_x_per_year_is_six_month_halving() -> None:
    # 12 ln2 / ln4 = 12 ln2 / (2 ln2) = 6
    assert convert(4, Unit.MULTIPLIER_PER_YEAR, Unit.HALVING_TIME_MONTHS) == pytest.approx(6.0)


def test_three_x_per_year_is_7_6_month_halving() -> None:
    # 12 ln2 / ln3 = 8.3178 / 1.0986 = 7.571
    months = convert(3, Unit.MULTIPLIER_PER_YEAR, Unit.HALVING_TIME_MONTHS)
    assert months == pytest.approx(7.571, abs=1e-3)
    assert round(months, 1) == 7.6


def test_600x_over_7_years_is_2_49_per_year_and_9_1_month_halving() -> None:
    # 600^(1/7) = e^(6.3969/7) = e^0.91385 = 2.4939; 12 ln2 / 0.91385 = 9.102 months
    est = normalize(600, Unit.FACTOR_OVER_YEARS, years=7)
    assert est.r == pytest.approx(2.4939, abs=1e-4)
    assert est.halving_months == pytest.approx(9.102, abs=1e-3)
    assert est.assumption is not None and "steady compounding" in est.assumption


def test_30_percent_per_year_over_7_years_is_6_3x() -> None:
    # 1.3^7 = 6.2749 (the post's hardware "=6")
    total = convert(30, Unit.PERCENT_PER_YEAR, Unit.FACTOR_OVER_YEARS, years=7)
    assert total == pytest.approx(6.2749, abs=1e-4)


def test_3_to_5x_since_2018_is_about_20_percent_per_year() -> None:
    # 2018 to the article's present taken as ~7 years:
    # 3^(1/7) = 1.1699, 5^(1/7) = 1.2585, midpoint 4^(1/7) = 1.2190 -> 17 %..26 %/yr, ~20 %
    est = normalize(
        4, Unit.FACTOR_OVER_YEARS, low=3, high=5, years=7, assumption="2018 to present ~7 years"
    )
    assert est.r_low == pytest.approx(1.1699, abs=1e-4)
    assert est.r_high == pytest.approx(1.2585, abs=1e-4)
    pct_low = from_annual_multiplier(est.r_low or 0, Unit.PERCENT_PER_YEAR)
    pct_high = from_annual_multiplier(est.r_high or 0, Unit.PERCENT_PER_YEAR)
    assert pct_low < 20 < pct_high
    assert est.se_ln_r is None  # a bare range carries no confidence level
    assert est.assumption is not None and est.assumption.startswith("2018 to present")


def test_4x_per_year_over_7_years_is_16384() -> None:
    # 4^7 = 16,384: the post's "16,000x"
    assert convert(4, Unit.MULTIPLIER_PER_YEAR, Unit.FACTOR_OVER_YEARS, years=7) == 16384


def test_table_rows() -> None:
    # DESIGN.md's table, one row each
    assert to_annual_multiplier(12, Unit.DOUBLING_TIME_MONTHS) == 2.0  # 2^(12/12)
    assert to_annual_multiplier(3, Unit.MULTIPLIER_PER_YEAR) == 3.0
    assert to_annual_multiplier(50, Unit.PERCENT_PER_YEAR) == 1.5  # 1 + 50/100
    assert to_annual_multiplier(50, Unit.PERCENT_DECLINE_PER_YEAR) == 2.0  # 1 / (1 - 0.5)
    assert to_annual_multiplier(0.5, Unit.ORDERS_OF_MAGNITUDE_PER_YEAR) == pytest.approx(
        math.sqrt(10)
    )  # 10^0.5
    assert to_annual_multiplier(16, Unit.FACTOR_OVER_YEARS, years=2) == 4.0  # 16^(1/2)


# --- uncertainty --------------------------------------------------------------------


def test_z_for_95_percent() -> None:
    assert z_for_level(0.95) == pytest.approx(1.959964, abs=1e-6)


def test_epoch_interval_maps_endpoint_by_endpoint_and_swaps() -> None:
    # 5..14-month halving at 95 %: 2^(12/14) = 1.811, 2^(12/5) = 5.278 (longer T, smaller r)
    est = normalize(8, Unit.HALVING_TIME_MONTHS, low=5, high=14, level=0.95)
    assert est.r_low == pytest.approx(1.811, abs=1e-3)
    assert est.r_high == pytest.approx(5.278, abs=1e-3)
    # se(ln r) = (ln 5.278 - ln 1.811) / (2 * 1.959964) = 1.0697 / 3.9199 = 0.2729
    assert est.se_ln_r == pytest.approx(0.2729, abs=1e-4)
    assert est.se_ln_r == pytest.approx(se_ln_r(est.r_low or 0, est.r_high or 0, 0.95))


def test_point_estimate_has_no_se() -> None:
    est = normalize(4, Unit.MULTIPLIER_PER_YEAR)
    assert est.kind is EstimateKind.RATE
    assert est.se_ln_r is None
    assert est.r_low == est.r_high == est.r == 4


# --- non-rates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "kind"),
    [
        (Unit.ONE_TIME_FACTOR, EstimateKind.FACTOR),
        (Unit.SHARE, EstimateKind.SHARE),
        (Unit.ABSOLUTE, EstimateKind.ABSOLUTE),
    ],
)
def test_non_rates_are_kept_as_stated(unit: Unit, kind: EstimateKind) -> None:
    # MoE ~2x is a one-time factor: never an r
    est = normalize(2, unit, low=1.5, high=3)
    assert est.kind is kind
    assert (est.value, est.low, est.high) == (2, 1.5, 3)
    assert est.r is None and est.halving_months is None and est.se_ln_r is None


def test_one_time_factor_has_no_rate() -> None:
    with pytest.raises(ValueError, match="not a rate unit"):
        to_annual_multiplier(20, Unit.ONE_TIME_FACTOR)


# --- input errors -------------------------------------------------------------------


def test_factor_over_years_needs_years() -> None:
    with pytest.raises(ValueError, match="years"):
        to_annual_multiplier(600, Unit.FACTOR_OVER_YEARS)


def test_no_halving_time_without_growth() -> None:
    assert halving_months(1.0) is None
    with pytest.raises(ValueError, match="no halving"):
        from_annual_multiplier(0.9, Unit.HALVING_TIME_MONTHS)


def test_bad_intervals_are_refused() -> None:
    with pytest.raises(ValueError, match="both ends"):
        normalize(8, Unit.HALVING_TIME_MONTHS, low=5)
    with pytest.raises(ValueError, match="low <= value <= high"):
        normalize(8, Unit.HALVING_TIME_MONTHS, low=9, high=14)
    with pytest.raises(ValueError, match="without an interval"):
        normalize(8, Unit.HALVING_TIME_MONTHS, level=0.95)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (Unit.DOUBLING_TIME_MONTHS, Unit.HALVING_TIME_MONTHS),
        (Unit.HALVING_TIME_MONTHS, Unit.DOUBLING_TIME_MONTHS),
    ],
)
def test_halving_and_doubling_times_are_not_silently_converted(a: Unit, b: Unit) -> None:
    # Both read r = 2^(12/T): a 6-month doubling and a 6-month halving are the same r = 4,
    # so the only "conversion" is the identity, which would hide that the two describe
    # one trend from its two sides. convert refuses, and says why.
    assert to_annual_multiplier(6, a) == to_annual_multiplier(6, b) == pytest.approx(4.0)
    with pytest.raises(ValueError, match=r"not converted into each other.*trend"):
        convert(6, a, b)
    # a halving time still converts to and from every other unit: 6 months = 4x/yr
    assert convert(6, a, Unit.MULTIPLIER_PER_YEAR) == pytest.approx(4.0)


def test_bad_level_is_refused() -> None:
    with pytest.raises(ValueError, match="level"):
        z_for_level(95)


# --- properties ---------------------------------------------------------------------


@pytest.mark.parametrize(("a", "b"), UNIT_PAIRS, ids=[f"{a}->{b}" for a, b in UNIT_PAIRS])
@given(r=growing_r, years=years_st)
def test_round_trip_between_every_pair_of_rate_units(
    a: Unit, b: Unit, r: float, years: float
) -> None:
    value_a = from_annual_multiplier(r, a, years)
    value_b = convert(value_a, a, b, years)
    assert close(value_b, from_annual_multiplier(r, b, years))
    assert close(convert(value_b, b, a, years), value_a)
    assert close(to_annual_multiplier(value_a, a, years), r)


@pytest.mark.parametrize("unit", sorted(RATE_UNITS - set(HALVING_UNITS)))
@given(r=any_r, years=years_st)
def test_round_trip_through_r_when_shrinking(unit: Unit, r: float, years: float) -> None:
    # units other than halving times also express r < 1 (a cost that grows)
    assert close(to_annual_multiplier(from_annual_multiplier(r, unit, years), unit, years), r)


@pytest.mark.parametrize("unit", HALVING_UNITS)
@given(t1=st.floats(0.5, 600.0), t2=st.floats(0.5, 600.0))
def test_longer_halving_time_is_smaller_r(unit: Unit, t1: float, t2: float) -> None:
    r1, r2 = to_annual_multiplier(t1, unit), to_annual_multiplier(t2, unit)
    if t1 < t2:
        assert r1 >= r2  # adjacent floats may round to the same r
    if t2 > t1 * (1 + 1e-9):
        assert r1 > r2


@st.composite
def stated_interval(draw: st.DrawFn) -> tuple[Unit, float, float, float]:
    """A rate unit with low <= value <= high drawn inside that unit's domain."""
    unit = draw(st.sampled_from(RATE_UNIT_LIST))
    lo_bound, hi_bound = {
        Unit.HALVING_TIME_MONTHS: (0.5, 600.0),
        Unit.DOUBLING_TIME_MONTHS: (0.5, 600.0),
        Unit.MULTIPLIER_PER_YEAR: (0.01, 1000.0),
        Unit.PERCENT_PER_YEAR: (-99.0, 1000.0),
        Unit.PERCENT_DECLINE_PER_YEAR: (-1000.0, 99.0),
        Unit.ORDERS_OF_MAGNITUDE_PER_YEAR: (-3.0, 3.0),
        Unit.FACTOR_OVER_YEARS: (0.01, 1e6),
    }[unit]
    low, value, high = sorted(draw(st.floats(lo_bound, hi_bound)) for _ in range(3))
    return unit, low, value, high


@given(stated=stated_interval(), years=years_st, level=st.floats(0.5, 0.999))
def test_interval_mapping_keeps_low_le_r_le_high(
    stated: tuple[Unit, float, float, float], years: float, level: float
) -> None:
    unit, low, value, high = stated
    est = normalize(value, unit, low=low, high=high, level=level, years=years)
    assert est.r_low is not None and est.r is not None and est.r_high is not None
    assert est.r_low <= est.r <= est.r_high
    assert est.se_ln_r is None or est.se_ln_r >= 0
