"""Random-effects pooling on ln r, checked against a published worked example."""

import math

import pytest

from claimgraph.reconcile.normalize import normalize
from claimgraph.reconcile.pooling import pool_estimates, random_effects
from claimgraph.schemas.enums import Trend, Unit
from claimgraph.schemas.reconciliation import (
    EstimateKind,
    EstimateRecord,
    LeftOutReason,
    NormalizedEstimate,
    PoolingMethod,
    UncertaintyBasis,
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
    # The reported interval is HKSJ: Paule-Mandel leaves the scale at 1, so it is metafor's
    # se with a t(8) quantile: 62.4076 -/+ 2.306004 * 0.338031 = 61.6281 .. 63.1871.
    assert pooled.hksj_scale == pytest.approx(1.0, abs=1e-6)
    assert math.log(pooled.r_low or 0) == pytest.approx(61.628119943712655, abs=1e-5)
    assert math.log(pooled.r_high or 0) == pytest.approx(63.18711987894455, abs=1e-5)
    assert pooled.left_out == []
    assert pooled.assumption is None
    assert (pooled.k_stated, pooled.k_range, pooled.k_imputed) == (9, 0, 0)


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
    # every rate of the quantity pools, whatever its scale; the point (dario) is imputed
    assert pooled.pooled_claim_ids == ["at-scale", "dario-4x", "epoch-8mo", "study-b"]
    assert pooled.k == 4 and (pooled.k_stated, pooled.k_imputed) == (3, 1)
    assert [(lo.claim_id, lo.reason) for lo in pooled.left_out] == [
        ("inference-3x", LeftOutReason.DIFFERENT_QUANTITY),
        ("moe-2x", LeftOutReason.ONE_TIME_FACTOR),
        ("share", LeftOutReason.NOT_A_RATE),
    ]
    assert pooled.r_low is not None and pooled.r is not None and pooled.r_high is not None
    assert pooled.r_low < pooled.r < pooled.r_high
    assert pooled.halving_months == pytest.approx(12 * math.log(2) / math.log(pooled.r))
    assert pooled.tau2 is not None and pooled.tau2 >= 0
    assert pooled.i2 is not None and 0 <= pooled.i2 <= 1


def test_pooling_at_a_stated_scale_leaves_out_the_others() -> None:
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
    # By default a point takes the largest stated se of its pool (Epoch's 0.2728, not
    # study-b's (ln 3.5 - ln 1.8)/3.92 = 0.1697), and the assumption says so.
    imputed = pool_estimates([_epoch(), _second(), _dario()], Q)
    assert "dario-4x" in imputed.pooled_claim_ids
    row = next(e for e in imputed.estimates if e.claim_id == "dario-4x")
    assert row.basis is UncertaintyBasis.IMPUTED
    assert row.se_ln_r == pytest.approx((2.4 - 12 / 14) * math.log(2) / (2 * 1.959964), rel=1e-6)
    assert imputed.assumption is not None and "largest_se" in imputed.assumption

    with_ = pool_estimates([_epoch(), _second(), _dario()], Q, assume_se_for_points=0.35)
    assert with_.pooled_claim_ids == ["dario-4x", "epoch-8mo", "study-b"]
    assert with_.k == 3
    assert with_.assumption is not None
    assert "dario-4x" in with_.assumption and "0.35" in with_.assumption
    assert with_.left_out == []


def test_k1_returns_the_single_estimate_without_heterogeneity() -> None:
    epoch = _epoch()
    pooled = pool_estimates([epoch], Q)
    assert pooled.k == 1
    assert pooled.r == pytest.approx(epoch.estimate.r)
    # the single estimate's own interval, rebuilt from its se: 1.811..5.278
    assert pooled.r_low == pytest.approx(epoch.estimate.r_low)
    assert pooled.r_high == pytest.approx(epoch.estimate.r_high)
    assert pooled.tau2 is None and pooled.i2 is None and pooled.q is None
    assert pooled.note is not None and "k=1" in pooled.note


def test_k0_says_nothing_could_be_pooled() -> None:
    moe = EstimateRecord(
        claim_id="moe-2x", quantity_id=Q, estimate=normalize(2, Unit.ONE_TIME_FACTOR)
    )
    pooled = pool_estimates([moe], Q)
    assert pooled.k == 0
    assert pooled.r is None and pooled.r_low is None and pooled.halving_months is None
    assert pooled.note is not None and "nothing could be pooled" in pooled.note
    assert [lo.claim_id for lo in pooled.left_out] == ["moe-2x"]


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


# --- HKSJ and the prediction interval, against metafor -----------------------------------
# statsmodels' own test suite (statsmodels/stats/tests/results/results_meta.py, exk1_dl_hksj)
# lists R metafor's rma(y, v, method="DL", test="knha") on Kacker's data:
#   b = 62.3901386044504, se = 0.29477605699879, ci 61.710383798052 .. 63.0698934108488,
#   vb = 0.0868929237797541, tau2 = 0.288049246973751.
# The scale here is (0.294776 / 0.245750)^2 = 1.4388 > 1, so the modified HKSJ (scale never
# below 1) is metafor's plain knha.


def test_hksj_interval_matches_metafor_knha() -> None:
    fit = random_effects(KACKER_EFF, KACKER_VAR, PoolingMethod.DERSIMONIAN_LAIRD)
    assert fit.hksj_scale == pytest.approx((0.29477605699879 / 0.245749668040304) ** 2)
    assert fit.hksj_se == pytest.approx(0.29477605699879, abs=1e-10)
    assert fit.hksj_low == pytest.approx(61.710383798052, abs=1e-8)
    assert fit.hksj_high == pytest.approx(63.0698934108488, abs=1e-8)


def test_prediction_interval_is_metafors_knha_prediction_interval() -> None:
    # metafor's predict() with test="knha": b -/+ t(0.975, k-1) sqrt(vb + tau2). With the
    # cited DL figures: sqrt(0.0868929 + 0.2880492) = 0.612326; t(0.975, 8) = 2.306004;
    # 62.3901 -/+ 1.41203 = 60.97811 .. 63.80216.
    fit = random_effects(KACKER_EFF, KACKER_VAR, PoolingMethod.DERSIMONIAN_LAIRD)
    assert fit.pi_low == pytest.approx(60.97811412312718, abs=1e-8)
    assert fit.pi_high == pytest.approx(63.80216308577362, abs=1e-8)
    # with Paule-Mandel (metafor's PM b, se and tau2 above): 62.4076 -/+ 2.306004 *
    # sqrt(0.1142647 + 0.7053953) = 60.31988 .. 64.49536
    pm = random_effects(KACKER_EFF, KACKER_VAR, PoolingMethod.PAULE_MANDEL)
    assert pm.pi_low == pytest.approx(60.319877316304634, abs=1e-5)
    assert pm.pi_high == pytest.approx(64.49536250635258, abs=1e-5)


def test_hksj_scale_below_one_is_floored() -> None:
    # Two estimates closer than their se predict: Q = 0.0005 < df = 1, so tau2 = 0 and the
    # WLS scale is Q / 1 = 0.0005; the modified HKSJ uses 1, never an interval narrower than
    # the plain one: se = sqrt(1 / (10 + 10)) = 0.2236, t(0.975, 1) = 12.7062.
    fit = random_effects([1.0, 1.01], [0.1, 0.1])
    assert fit.hksj_scale == 1.0
    assert fit.hksj_high - fit.mean == pytest.approx(12.706204736174694 * math.sqrt(0.05))


def test_q_tau2_and_i2_are_never_negative() -> None:
    # identical effects: Q is 0 up to rounding (statsmodels can return -1e-15), tau2 = 0
    fit = random_effects([0.3, 0.3, 0.3], [0.01, 0.02, 0.03])
    assert fit.q >= 0.0 and fit.tau2 == 0.0 and fit.i2 == 0.0


# --- bases ---------------------------------------------------------------------------------


def _point(
    claim_id: str, value: float, unit: Unit = Unit.MULTIPLIER_PER_YEAR, **kw: object
) -> EstimateRecord:
    return EstimateRecord.model_validate(
        {"claim_id": claim_id, "quantity_id": Q, "estimate": normalize(value, unit), **kw}
    )


def test_a_range_without_level_is_read_as_a_90_percent_interval() -> None:
    # "2-3x per year": ln 2 = 0.6931, ln 3 = 1.0986; se = (1.0986 - 0.6931) / (2 * 1.6449)
    # = 0.12326. Pooled alone it returns the range itself as its interval.
    rec = EstimateRecord(
        claim_id="two-to-three",
        quantity_id=Q,
        estimate=normalize(2.5, Unit.MULTIPLIER_PER_YEAR, low=2, high=3),
    )
    pooled = pool_estimates([rec], Q)
    (row,) = pooled.estimates
    assert row.basis is UncertaintyBasis.RANGE
    assert row.se_ln_r == pytest.approx(math.log(1.5) / (2 * 1.6448536), rel=1e-6)
    assert pooled.r_low == pytest.approx(2.0) and pooled.r_high == pytest.approx(3.0)
    assert pooled.k_range == 1 and pooled.assumption is not None and "90%" in pooled.assumption


def test_points_alone_use_the_relative_rule() -> None:
    # No estimate has an interval: 30 %/yr -> ln 1.3 = 0.26236; se = 0.5 * 0.26236 / 1.6449
    # = 0.07975; 4x/yr -> ln 4 = 1.38629, se = 0.42140.
    pooled = pool_estimates([_point("a", 30, Unit.PERCENT_PER_YEAR), _point("b", 4)], Q)
    se = {e.claim_id: e.se_ln_r for e in pooled.estimates}
    assert se["a"] == pytest.approx(0.5 * math.log(1.3) / 1.6448536, rel=1e-6)
    assert se["b"] == pytest.approx(0.5 * math.log(4) / 1.6448536, rel=1e-6)
    assert pooled.assumption is not None and "relative rule" in pooled.assumption


def test_weights_sum_to_one_and_follow_the_random_effects_variances() -> None:
    pooled = pool_estimates([_epoch(), _second(), _dario()], Q)
    tau2 = pooled.tau2 or 0.0
    raw = {e.claim_id: 1 / (e.se_ln_r**2 + tau2) for e in pooled.estimates}
    total = sum(raw.values())
    for e in pooled.estimates:
        assert e.weight == pytest.approx(raw[e.claim_id] / total)


# --- one figure counts once ------------------------------------------------------------------


def test_one_source_restating_a_figure_in_two_units_counts_once() -> None:
    # Hernandez & Brown: 44x over 7 years = 44^(1/7) = 1.717/yr; a 16-month doubling =
    # 2^(12/16) = 1.682/yr: 2.1 % apart, one source: the second is a duplicate.
    a = EstimateRecord(
        claim_id="hb-44x",
        quantity_id=Q,
        estimate=normalize(44, Unit.FACTOR_OVER_YEARS, years=7),
        source_key="arxiv:2005.04305",
    )
    b = _point("hb-16mo", 16, Unit.DOUBLING_TIME_MONTHS, source_key="arxiv:2005.04305")
    pooled = pool_estimates([a, b], Q)
    assert pooled.k == 1 and pooled.pooled_claim_ids == ["hb-16mo"]
    assert [(o.claim_id, o.reason) for o in pooled.left_out] == [
        ("hb-44x", LeftOutReason.DUPLICATE)
    ]


def test_two_figures_of_one_source_that_differ_both_count() -> None:
    # Byrnes: 3-5x over 7 years (1.219/yr) and 2x over 7 years (1.104/yr): 10 % apart
    core = EstimateRecord(
        claim_id="core",
        quantity_id=Q,
        estimate=normalize(4, Unit.FACTOR_OVER_YEARS, low=3, high=5, years=7),
        source_key="byrnes",
    )
    nano = EstimateRecord(
        claim_id="nano",
        quantity_id=Q,
        estimate=normalize(2, Unit.FACTOR_OVER_YEARS, years=7),
        source_key="byrnes",
    )
    assert pool_estimates([core, nano], Q).k == 2


def test_a_restatement_of_a_cited_claim_adds_no_weight() -> None:
    # news coverage: 16000x over 7 years = 3.986/yr, citing a 4x/yr claim (0.35 % apart)
    original = _point("lab-4x", 4)
    news = EstimateRecord(
        claim_id="news-16000x",
        quantity_id=Q,
        estimate=normalize(16000, Unit.FACTOR_OVER_YEARS, years=7),
        cites=["lab-4x"],
    )
    pooled = pool_estimates([original, news], Q)
    assert pooled.pooled_claim_ids == ["lab-4x"]
    assert pooled.left_out[0].reason is LeftOutReason.RESTATEMENT


def test_estimates_of_another_domain_and_bounds_never_pool() -> None:
    vision = _point("imagenet", 1.7, domain="vision")
    bound = _point("at-most-3x", 3, upper_bound=True)
    pooled = pool_estimates([_epoch(), vision, bound], Q, domain="language")
    assert pooled.pooled_claim_ids == ["epoch-8mo"] and pooled.domain == "language"
    assert {(o.claim_id, o.reason) for o in pooled.left_out} == {
        ("imagenet", LeftOutReason.DIFFERENT_DOMAIN),
        ("at-most-3x", LeftOutReason.UPPER_BOUND),
    }


def test_growth_quantities_report_a_doubling_time() -> None:
    # FLOP per dollar grows 30 %/yr: doubling 12 ln 2 / ln 1.3 = 31.70 months, no halving
    pooled = pool_estimates([_point("flop", 30, Unit.PERCENT_PER_YEAR)], Q, trend=Trend.GROWTH)
    assert pooled.doubling_months == pytest.approx(12 * math.log(2) / math.log(1.3))
    assert pooled.halving_months is None
    cost = pool_estimates([_point("flop", 30, Unit.PERCENT_PER_YEAR)], Q)
    assert cost.halving_months == pytest.approx(31.70, abs=0.01) and cost.doubling_months is None
