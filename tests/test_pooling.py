"""Random-effects pooling on ln r, checked against a published worked example."""

import math

import pytest

from claimgraph.reconcile.normalize import normalize
from claimgraph.reconcile.pooling import pool_estimates, random_effects
from claimgraph.schemas.enums import Unit
from claimgraph.schemas.reconciliation import (
    EstimateKind,
    EstimateRecord,
    LeftOutReason,
    NormalizedEstimate,
    PoolingMethod,
)

# Kacker (2004), "Combining information from interlaboratory evaluations using a random
# effects model", Metrologia 41(3):132-136, table 1: nine laboratories' means and their
# variances. Copied from statsmodels' own test suite (statsmodels/stats/tests/test_meta.py,
# class TestMetaK1), whose reference values (statsmodels/stats/tests/results/
# results_meta.py, exk1_dl and exk1_metafor) were computed with R metafor:
#   rma(y, v, method="DL"): b = 62.3901386044504, tau2 = 0.288049246973751,
#     ci 61.9084781058787..62.8717991030221, QE = 24.801897741835, I2 = 67.744403741711 %
#   rma(y, v, method="PM"): b = 62.4076199113286, tau2 = 0.705395309224248,
#     se = 0.338030602684471, ci 61.7450921043947..63.0701477182625
KACKER_EFF = [61.00, 61.40, 62.21, 62.30, 62.34, 62.60, 62.70, 62.84, 65.90]
KACKER_VAR = [0.2025, 1.2100, 0.0900, 0.2025, 0.3844, 0.5625, 0.0676, 0.0225, 1.8225]
Q = "llm-training-efficiency"


def test_kacker_dersimonian_laird_matches_metafor() -> None:
    fit = random_effects(KACKER_EFF, KACKER_VAR, PoolingMethod.DERSIMONIAN_LAIRD)
    assert fit.tau2 == pytest.approx(0.288049246973751, abs=1e-10)
    assert fit.mean == pytest.approx(62.3901386044504, abs=1e-10)
    assert fit.ci_low == pytest.approx(61.9084781058787, abs=1e-8)
    assert fit.ci_high == pytest.approx(62.8717991030221, abs=1e-8)
    assert fit.q == pytest.approx(24.801897741835, abs=1e-8)
    assert fit.i2 == pytest.approx(0.67744403741711, abs=1e-10)
    assert fit.k == 9


def test_kacker_paule_mandel_matches_metafor() -> None:
    fit = random_effects(KACKER_EFF, KACKER_VAR, PoolingMethod.PAULE_MANDEL)
    assert fit.converged
    assert fit.tau2 == pytest.approx(0.705395309224248, abs=1e-6)
    assert fit.mean == pytest.approx(62.4076199113286, abs=1e-6)
    assert fit.se == pytest.approx(0.338030602684471, abs=1e-6)
    assert fit.ci_low == pytest.approx(61.7450921043947, abs=1e-5)
    assert fit.ci_high == pytest.approx(63.0701477182625, abs=1e-5)
    # I2 is Higgins-Thompson's (Q - df)/Q whatever the tau2 estimator (see random_effects)
    assert fit.i2 == pytest.approx(0.67744403741711, abs=1e-10)


def _rate(claim_id: str, ln_r: float, se: float | None, **kw: object) -> EstimateRecord:
    """A record built directly on the ln r scale, as pooling sees it."""
    r = math.exp(ln_r)
    est = NormalizedEstimate(
        kind=EstimateKind.RATE,
        unit=Unit.MULTIPLIER_PER_YEAR,
        value=r,
        r=r,
        log10_r=ln_r / math.log(10),
        r_low=r,
        r_high=r,
        se_ln_r=se,
    )
    return EstimateRecord.model_validate(
        {"claim_id": claim_id, "quantity_id": Q, "estimate": est, **kw}
    )


def test_pool_estimates_reproduces_kacker_on_ln_r() -> None:
    # the same data read as ln r with se = sqrt(var): pooled ln r is metafor's PM b
    records = [
        _rate(f"lab-{i}", y, math.sqrt(v))
        for i, (y, v) in enumerate(zip(KACKER_EFF, KACKER_VAR, strict=True))
    ]
    pooled = pool_estimates(records, Q)
    assert pooled.method is PoolingMethod.PAULE_MANDEL
    assert pooled.k == 9
    assert pooled.ln_r == pytest.approx(62.4076199113286, abs=1e-6)
    assert pooled.tau2 == pytest.approx(0.705395309224248, abs=1e-6)
    assert pooled.log10_r == pytest.approx(62.4076199113286 / math.log(10), abs=1e-6)
    assert math.log(pooled.r_low or 0) == pytest.approx(61.7450921043947, abs=1e-5)
    assert math.log(pooled.r_high or 0) == pytest.approx(63.0701477182625, abs=1e-5)
    assert pooled.left_out == []
    assert pooled.assumption is None


def _epoch() -> EstimateRecord:
    # 8-month halving, 95 % interval 5..14 months
    est = normalize(8, Unit.HALVING_TIME_MONTHS, low=5, high=14, level=0.95)
    return EstimateRecord(claim_id="epoch-8mo", quantity_id=Q, estimate=est)


def _second() -> EstimateRecord:
    # a made-up second study: 2.5x/yr, 95 % interval 1.8..3.5
    est = normalize(2.5, Unit.MULTIPLIER_PER_YEAR, low=1.8, high=3.5, level=0.95)
    return EstimateRecord(claim_id="study-b", quantity_id=Q, estimate=est)


def _dario() -> EstimateRecord:
    # "~4x/year", a point with no interval
    est = normalize(4, Unit.MULTIPLIER_PER_YEAR)
    return EstimateRecord(claim_id="dario-4x", quantity_id=Q, estimate=est)


def test_left_out_reasons_are_listed_and_sorted() -> None:
    records = [
        _second(),
        _epoch(),
        _dario(),
        EstimateRecord(
            claim_id="moe-2x", quantity_id=Q, estimate=normalize(2, Unit.ONE_TIME_FACTOR)
        ),
        EstimateRecord(claim_id="share", quantity_id=Q, estimate=normalize(0.3, Unit.SHARE)),
        EstimateRecord(
            claim_id="inference-3x",
            quantity_id="llm-inference-efficiency",
            estimate=normalize(3, Unit.MULTIPLIER_PER_YEAR, low=2, high=4, level=0.9),
        ),
        EstimateRecord(
            claim_id="at-scale",
            quantity_id=Q,
            estimate=normalize(5, Unit.MULTIPLIER_PER_YEAR, low=3, high=8, level=0.95),
            compute_scale_flop=1e25,
        ),
    ]
    pooled = pool_estimates(records, Q)
    assert pooled.pooled_claim_ids == ["epoch-8mo", "study-b"]
    assert pooled.k == 2
    assert [(lo.claim_id, lo.reason) for lo in pooled.left_out] == [
        ("at-scale", LeftOutReason.DIFFERENT_SCALE),
        ("dario-4x", LeftOutReason.NO_INTERVAL),
        ("inference-3x", LeftOutReason.DIFFERENT_QUANTITY),
        ("moe-2x", LeftOutReason.ONE_TIME_FACTOR),
        ("share", LeftOutReason.NOT_A_RATE),
    ]
    assert pooled.r_low is not None and pooled.r is not None and pooled.r_high is not None
    assert pooled.r_low < pooled.r < pooled.r_high
    assert pooled.halving_months == pytest.approx(12 * math.log(2) / math.log(pooled.r))
    assert pooled.tau2 is not None and pooled.tau2 >= 0
    assert pooled.i2 is not None and 0 <= pooled.i2 <= 1


def test_pooling_at_a_stated_scale_leaves_out_scale_invariant_ones() -> None:
    at_scale = EstimateRecord(
        claim_id="at-scale",
        quantity_id=Q,
        estimate=normalize(5, Unit.MULTIPLIER_PER_YEAR, low=3, high=8, level=0.95),
        compute_scale_flop=1e25,
    )
    pooled = pool_estimates([at_scale, _epoch()], Q, at_scale_flop=1e25)
    assert pooled.pooled_claim_ids == ["at-scale"]
    assert [lo.reason for lo in pooled.left_out] == [LeftOutReason.DIFFERENT_SCALE]


def test_points_are_pooled_only_under_a_visible_assumption() -> None:
    without = pool_estimates([_epoch(), _second(), _dario()], Q)
    assert "dario-4x" not in without.pooled_claim_ids
    assert without.assumption is None

    with_ = pool_estimates([_epoch(), _second(), _dario()], Q, assume_se_for_points=0.35)
    assert with_.pooled_claim_ids == ["dario-4x", "epoch-8mo", "study-b"]
    assert with_.k == 3
    assert with_.assumption is not None
    assert "dario-4x" in with_.assumption and "0.35" in with_.assumption
    assert with_.left_out == []


def test_k1_returns_the_single_estimate_without_heterogeneity() -> None:
    epoch = _epoch()
    pooled = pool_estimates([epoch, _dario()], Q)
    assert pooled.k == 1
    assert pooled.r == pytest.approx(epoch.estimate.r)
    # the single estimate's own interval, rebuilt from its se: 1.811..5.278
    assert pooled.r_low == pytest.approx(epoch.estimate.r_low)
    assert pooled.r_high == pytest.approx(epoch.estimate.r_high)
    assert pooled.tau2 is None and pooled.i2 is None and pooled.q is None
    assert pooled.note is not None and "k=1" in pooled.note


def test_k0_says_nothing_could_be_pooled() -> None:
    pooled = pool_estimates([_dario()], Q)
    assert pooled.k == 0
    assert pooled.r is None and pooled.r_low is None and pooled.halving_months is None
    assert pooled.note is not None and "nothing could be pooled" in pooled.note
    assert [lo.claim_id for lo in pooled.left_out] == ["dario-4x"]


def test_homogeneous_estimates_give_zero_tau2_with_either_method() -> None:
    # Q < df: statsmodels' DL returns a negative tau2, which we read as 0 (= fixed effect)
    effects, variances = [1.0, 1.01], [0.1, 0.1]
    for method in PoolingMethod:
        fit = random_effects(effects, variances, method)
        assert fit.tau2 == 0.0
        assert fit.i2 == 0.0
        assert fit.mean == pytest.approx(1.005)
        assert fit.se == pytest.approx(math.sqrt(0.05))  # 1 / (1/0.1 + 1/0.1)


def test_pooling_is_deterministic_in_input_order() -> None:
    records = [_epoch(), _second(), _dario()]
    assert pool_estimates(records, Q) == pool_estimates(list(reversed(records)), Q)


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="at least two"):
        random_effects([1.0], [0.1])
    with pytest.raises(ValueError, match="positive"):
        random_effects([1.0, 2.0], [0.1, 0.0])
    with pytest.raises(ValueError, match="positive"):
        pool_estimates([_dario()], Q, assume_se_for_points=0.0)
