"""Decomposition of a total into factors, and the ceiling check on compounded factors."""

import math

import pytest

from claimgraph.reconcile.ceiling import check_ceiling
from claimgraph.reconcile.decomposition import check_decomposition

# Seed 003 section 3: nanochat vs GPT-2, 600x cheaper after 7 years, split as
# 6x hardware, 2x core algorithms, 10x optimizations, 5x data.
NANOCHAT = [("hardware", 6.0), ("algorithmic", 2.0), ("optimization", 10.0), ("data", 5.0)]


def test_nanochat_factors_multiply_to_600() -> None:
    # 6 * 2 * 10 * 5 = 600
    check = check_decomposition(NANOCHAT, 600, years=7)
    assert check.product == 600
    assert check.relative_error == 0
    assert check.consistent


def test_nanochat_log_shares() -> None:
    # ln 6 / ln 600 = 1.7918 / 6.3969 = 0.2801; ln 10 / ln 600 = 0.3600; shares sum to 1
    check = check_decomposition(NANOCHAT, 600)
    shares = {f.label: f.log_share for f in check.factors}
    assert shares["hardware"] == pytest.approx(0.2801, abs=1e-4)
    assert shares["optimization"] == pytest.approx(0.3600, abs=1e-4)
    assert math.fsum(s or 0 for s in shares.values()) == pytest.approx(1.0)


def test_nanochat_implied_rate() -> None:
    # 600^(1/7) = 2.4939x/yr; 12 ln2 / ln 2.4939 = 9.102-month halving
    check = check_decomposition(NANOCHAT, 600, years=7)
    assert check.implied_r == pytest.approx(2.4939, abs=1e-4)
    assert check.implied_halving_months == pytest.approx(9.102, abs=1e-3)
    assert check.implied_log10_r == pytest.approx(math.log10(600) / 7)


def test_inconsistent_total_is_reported() -> None:
    # 6 * 2 * 10 * 5 = 600, not 1000: relative error 0.4
    check = check_decomposition(NANOCHAT, 1000)
    assert not check.consistent
    assert check.relative_error == pytest.approx(0.4)
    assert check.implied_r is None


def test_total_of_one_has_no_log_shares() -> None:
    check = check_decomposition([("a", 2.0), ("b", 0.5)], 1.0)
    assert check.consistent
    assert all(f.log_share is None for f in check.factors)


def test_bad_factors_are_refused() -> None:
    with pytest.raises(ValueError, match="positive"):
        check_decomposition([("a", 0.0)], 600)
    with pytest.raises(ValueError, match="years"):
        check_decomposition(NANOCHAT, 600, years=0)


def test_ceiling_4x_per_year_for_7_years_vs_optimizations_up_to_20x() -> None:
    # 4^7 = 16,384 needed; optimizations give at most 20x: 16384 / 20 = 819.2x short,
    # log10 819.2 = 2.91 orders of magnitude; 20x over 7 years is 20^(1/7) = 1.534x/yr
    check = check_ceiling(4, 7, [20])
    assert check.required_multiplier == 16384
    assert check.factor_product == 20
    assert check.shortfall == pytest.approx(819.2)
    assert check.shortfall_log10 == pytest.approx(2.913, abs=1e-3)
    assert check.rate_supported_by_factors == pytest.approx(1.534, abs=1e-3)
    assert check.exceeds


def test_ceiling_not_exceeded_when_factors_cover_the_rate() -> None:
    # FlashAttention 3x * MoE 2x = 6x covers 1.25x/yr over 7 years = 4.77x
    check = check_ceiling(1.25, 7, [3, 2])
    assert check.required_multiplier == pytest.approx(4.768, abs=1e-3)
    assert not check.exceeds


def test_ceiling_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="positive"):
        check_ceiling(4, 0, [20])
    with pytest.raises(ValueError, match="positive"):
        check_ceiling(4, 7, [-1])
