"""Conflicts between estimates of one quantity, judged by each estimate's own basis, and
only the explanations that bear on the pair."""

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimgraph.reconcile import conflicts as conflicts_module
from claimgraph.reconcile.conflicts import conflicts_among, deviations_among, find_conflicts
from claimgraph.reconcile.normalize import normalize
from claimgraph.reconcile.pooling import pool_with_members
from claimgraph.schemas.enums import Category, CritiqueKind, Unit
from claimgraph.schemas.reconciliation import (
    CritiqueRef,
    EstimateRecord,
    ExplanationKind,
    UncertaintyBasis,
)

Q = "llm-training-efficiency"


def epoch(**kw: object) -> EstimateRecord:
    # Epoch: 8-month halving, 95 % interval 5..14 months -> r 2^(12/14)=1.811 .. 2^(12/5)=5.278
    est = normalize(8, Unit.HALVING_TIME_MONTHS, low=5, high=14, level=0.95)
    fields = {
        "claim_id": "epoch-8mo",
        "quantity_id": Q,
        "estimate": est,
        "category": Category.ALGORITHMIC,
    }
    return EstimateRecord.model_validate({**fields, **kw})


def core(**kw: object) -> EstimateRecord:
    # Byrnes: 3-5x of core algorithmic gains over 7 years -> r 3^(1/7)=1.170 .. 5^(1/7)=1.258,
    # a range without a level (basis range)
    est = normalize(4, Unit.FACTOR_OVER_YEARS, low=3, high=5, years=7)
    fields = {
        "claim_id": "byrnes-core-3to5x",
        "quantity_id": Q,
        "estimate": est,
        "category": Category.ALGORITHMIC,
    }
    return EstimateRecord.model_validate({**fields, **kw})


def point(
    claim_id: str, value: float, unit: Unit = Unit.MULTIPLIER_PER_YEAR, **kw: object
) -> EstimateRecord:
    return EstimateRecord.model_validate(
        {"claim_id": claim_id, "quantity_id": Q, "estimate": normalize(value, unit), **kw}
    )


SCALE = CritiqueRef(critique_id="gundlach-2025b-scale", kind=CritiqueKind.SCALE_DEPENDENCE)
MISATTRIBUTION = CritiqueRef(critique_id="k-misattributed", kind=CritiqueKind.MISATTRIBUTION)


def test_epoch_vs_core_algorithmic_is_a_conflict_between_a_stated_and_a_range() -> None:
    [c] = find_conflicts([epoch(), core()])
    assert (c.claim_a, c.claim_b) == ("byrnes-core-3to5x", "epoch-8mo")
    assert (c.a_basis, c.b_basis) == (UncertaintyBasis.RANGE, UncertaintyBasis.STATED)
    assert c.a_low == pytest.approx(3 ** (1 / 7)) and c.a_high == pytest.approx(5 ** (1 / 7))
    assert c.b_low == pytest.approx(2 ** (12 / 14)) and c.b_high == pytest.approx(2 ** (12 / 5))
    # log10(1.811 / 1.2585) = 0.158 orders of magnitude per year apart
    assert c.gap_log10 == pytest.approx(0.158, abs=1e-3)
    assert [e.kind for e in c.explanations] == [ExplanationKind.UNEXPLAINED]


def test_a_scale_dependence_critique_bears_against_a_scale_free_estimate() -> None:
    [c] = find_conflicts([epoch(critiques=[SCALE]), core()])
    assert c.explained
    [e] = c.explanations
    assert (e.kind, e.claim_id, e.critique_kind) == (
        ExplanationKind.CRITIQUE,
        "epoch-8mo",
        CritiqueKind.SCALE_DEPENDENCE,
    )


def test_a_scale_dependence_critique_does_not_explain_a_gap_with_another_scale_bound_one() -> None:
    bound = core(compute_scale_flop=1e23)
    [c] = find_conflicts([epoch(critiques=[SCALE]), bound])
    kinds = [e.kind for e in c.explanations]
    # the scale-bound core holds at a scale and Epoch is scale-invariant as filed: that is
    # the compute-scale explanation, but the critique itself does not bear
    assert ExplanationKind.CRITIQUE not in kinds and kinds == [ExplanationKind.COMPUTE_SCALE]


def test_a_misattribution_critique_explains_only_when_the_critiqued_side_is_larger() -> None:
    # misattribution says a figure is inflated by other drivers' gains: it explains Epoch
    # (larger) being above core, but not core (smaller) being below Epoch
    [above] = find_conflicts([epoch(critiques=[MISATTRIBUTION]), core()])
    assert above.explained
    [below] = find_conflicts([epoch(), core(critiques=[MISATTRIBUTION])])
    assert not below.explained


def test_a_critique_proposing_the_other_side_bears_whatever_its_kind() -> None:
    method = CritiqueRef(
        critique_id="k-method", kind=CritiqueKind.METHODOLOGY, alternative="byrnes-core-3to5x"
    )
    [c] = find_conflicts([epoch(critiques=[method]), core()])
    assert c.explained and "proposes byrnes-core-3to5x" in c.explanations[0].detail


def test_category_explains_only_when_categories_differ() -> None:
    [c] = find_conflicts([epoch(category=Category.MIXED), core()])
    assert [e.kind for e in c.explanations] == [ExplanationKind.CATEGORY]


def test_period_explains_only_when_less_than_half_the_span_is_shared() -> None:
    # 2018-2025 and 2019-2025 share 7 of 8 years: no period explanation
    [c] = find_conflicts(
        [
            epoch(period_start_year=2019, period_end_year=2025),
            core(period_start_year=2018, period_end_year=2025),
        ]
    )
    assert [e.kind for e in c.explanations] == [ExplanationKind.UNEXPLAINED]
    # 2012-2023 and 2018-2025 share 6 of 14 years (43 %): a period explanation
    [c] = find_conflicts(
        [
            epoch(period_start_year=2012, period_end_year=2023),
            core(period_start_year=2018, period_end_year=2025),
        ]
    )
    assert [e.kind for e in c.explanations] == [ExplanationKind.PERIOD]
    assert "43%" in c.explanations[0].detail


def test_compute_scale_explains_when_one_is_bound_and_the_other_not() -> None:
    [c] = find_conflicts([epoch(compute_scale_flop=2e23), core()])
    assert [e.kind for e in c.explanations] == [ExplanationKind.COMPUTE_SCALE]


def test_points_are_judged_by_their_imputed_uncertainty_not_a_fixed_slack() -> None:
    # "doubling about every 6 months" (r = 4) and "4.5x per year": with no interval in the
    # pool each point gets the relative rule, se = 0.5 ln r / 1.645: 0.421 and 0.457. Their
    # 95 % intervals, 4 e^(-/+0.826) = 1.75..9.14 and 4.5 e^(-/+0.896) = 1.84..11.0, overlap.
    six_months = point("six-months", 6, Unit.DOUBLING_TIME_MONTHS)
    four_and_half = point("four-and-half", 4.5)
    assert find_conflicts([six_months, four_and_half]) == []
    # 8-month halving (2.83/yr, 95 %: 2.83 e^(-/+0.620) = 1.52..5.26) and 1.1/yr
    # (1.1 e^(-/+0.0568) = 1.04..1.16) are apart
    (conflict,) = find_conflicts([point("fast", 8, Unit.HALVING_TIME_MONTHS), point("slow", 1.1)])
    assert (conflict.a_basis, conflict.b_basis) == (UncertaintyBasis.IMPUTED,) * 2
    assert conflict.a_low == pytest.approx(
        2**1.5 * math.exp(-1.959964 * 0.5 * 1.5 * math.log(2) / 1.6448536), rel=1e-6
    )


def test_only_pooled_rates_of_one_quantity_are_compared() -> None:
    other = EstimateRecord(
        claim_id="inference-30x",
        quantity_id="llm-inference-efficiency",
        estimate=normalize(30, Unit.MULTIPLIER_PER_YEAR),
    )
    factor = EstimateRecord(
        claim_id="optim-20x", quantity_id=Q, estimate=normalize(20, Unit.ONE_TIME_FACTOR)
    )
    assert find_conflicts([core(), other, factor]) == []


def test_an_outlier_lies_outside_the_others_prediction_interval() -> None:
    # Epoch (2.83/yr) against core (1.219) and a 2x-in-7-years point (1.104, imputed with
    # Epoch's se 0.2728): the two others pool with tau2 = 0 to 1.218/yr, HKSJ interval with
    # t(0.975, 1) = 12.71: 1.218 e^(-/+12.71 * 0.02211) = 0.920 .. 1.613; Epoch is outside.
    nano = EstimateRecord(
        claim_id="nano-2x",
        quantity_id=Q,
        estimate=normalize(2, Unit.FACTOR_OVER_YEARS, years=7),
        category=Category.ALGORITHMIC,
    )
    pooled, members = pool_with_members([epoch(critiques=[SCALE]), core(), nano], Q)
    [deviation] = deviations_among(pooled, members)
    assert deviation.claim_id == "epoch-8mo"
    assert deviation.others_r == pytest.approx(1.218, abs=1e-3)
    assert deviation.others_pi_low == pytest.approx(0.920, abs=1e-3)
    assert deviation.others_pi_high == pytest.approx(1.613, abs=1e-3)
    assert deviation.std_residual > 1.96 and deviation.explained
    assert deviation.explanations[0].critique_kind is CritiqueKind.SCALE_DEPENDENCE


@given(
    st.lists(
        st.tuples(
            st.floats(min_value=1.01, max_value=20),
            st.one_of(st.none(), st.floats(min_value=1.01, max_value=3.0)),
        ),
        min_size=0,
        max_size=25,
    )
)
def test_sweep_finds_exactly_the_pairs_a_pairwise_check_finds(
    figures: list[tuple[float, float | None]],
) -> None:
    """The sorted sweep is an optimization of the pairwise definition, nothing more."""
    records = []
    for index, (r, spread) in enumerate(figures):
        low, high = (None, None) if spread is None else (r / spread, r * spread)
        estimate = normalize(r, Unit.MULTIPLIER_PER_YEAR, low=low, high=high)
        records.append(EstimateRecord(claim_id=f"c{index:02d}", quantity_id="q", estimate=estimate))
    _, members = pool_with_members(records, "q")
    pairwise = [
        found
        for a, b in itertools.combinations(sorted(members, key=lambda m: m.claim_id), 2)
        if (found := conflicts_module._conflict("q", a, b)) is not None
    ]
    assert conflicts_among("q", members) == pairwise
