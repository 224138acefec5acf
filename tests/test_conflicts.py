"""Conflicts between estimates of one quantity, and what explains them."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimgraph.reconcile import conflicts as conflicts_module
from claimgraph.reconcile.conflicts import find_conflicts
from claimgraph.reconcile.normalize import normalize
from claimgraph.schemas.enums import Category, CritiqueKind, Unit
from claimgraph.schemas.reconciliation import CritiqueRef, EstimateRecord, ExplanationKind

Q = "llm-training-efficiency"


def epoch(**kw: object) -> EstimateRecord:
    # Epoch: 8-month halving, 95 % interval ~5..14 months -> r 2^(12/14)=1.81 .. 2^(12/5)=5.28
    est = normalize(8, Unit.HALVING_TIME_MONTHS, low=5, high=14, level=0.95)
    fields = {"claim_id": "epoch-8mo", "quantity_id": Q, "estimate": est}
    return EstimateRecord.model_validate({**fields, **kw})


def core(**kw: object) -> EstimateRecord:
    # Byrnes (seed 003 section 1.1): 3-5x of core algorithmic gains over ~7 years
    # -> r 3^(1/7)=1.17 .. 5^(1/7)=1.26
    est = normalize(4, Unit.FACTOR_OVER_YEARS, low=3, high=5, years=7)
    fields = {
        "claim_id": "byrnes-core-3to5x",
        "quantity_id": Q,
        "estimate": est,
        "category": Category.ALGORITHMIC,
    }
    return EstimateRecord.model_validate({**fields, **kw})


SCALE_CRITIQUE = CritiqueRef(critique_id="gundlach-2025b-scale", kind=CritiqueKind.SCALE_DEPENDENCE)


def test_epoch_vs_core_algorithmic_is_a_conflict() -> None:
    [c] = find_conflicts([epoch(category=Category.ALGORITHMIC), core()])
    # ordered by claim id: "byrnes..." < "epoch..."
    assert (c.claim_a, c.claim_b) == ("byrnes-core-3to5x", "epoch-8mo")
    assert c.a_low == pytest.approx(1.17, abs=0.01) and c.a_high == pytest.approx(1.26, abs=0.01)
    assert c.b_low == pytest.approx(1.81, abs=0.01) and c.b_high == pytest.approx(5.28, abs=0.01)
    # log10(1.811 / 1.2585) = 0.158 orders of magnitude per year apart
    assert c.gap_log10 == pytest.approx(0.158, abs=1e-3)


def test_explained_by_a_scale_dependence_critique_when_given() -> None:
    epoch_rec = epoch(category=Category.ALGORITHMIC, critiques=[SCALE_CRITIQUE])
    [c] = find_conflicts([epoch_rec, core()])
    assert c.explained
    [e] = c.explanations
    assert e.kind is ExplanationKind.CRITIQUE
    assert (e.claim_id, e.critique_id, e.critique_kind) == (
        "epoch-8mo",
        "gundlach-2025b-scale",
        CritiqueKind.SCALE_DEPENDENCE,
    )


def test_else_explained_by_category_difference() -> None:
    [c] = find_conflicts([epoch(category=Category.MIXED), core()])
    assert c.explained
    assert [e.kind for e in c.explanations] == [ExplanationKind.CATEGORY]
    assert "mixed" in c.explanations[0].detail and "algorithmic" in c.explanations[0].detail


def test_else_unexplained() -> None:
    [c] = find_conflicts([epoch(category=Category.ALGORITHMIC), core()])
    assert not c.explained
    assert [e.kind for e in c.explanations] == [ExplanationKind.UNEXPLAINED]


def test_unknown_category_explains_nothing() -> None:
    [c] = find_conflicts([epoch(), core()])
    assert [e.kind for e in c.explanations] == [ExplanationKind.UNEXPLAINED]


def test_every_explanation_is_listed_in_a_fixed_order() -> None:
    a = epoch(
        category=Category.MIXED,
        critiques=[
            SCALE_CRITIQUE,
            CritiqueRef(critique_id="c-method", kind=CritiqueKind.METHODOLOGY),
        ],
        compute_scale_flop=1e25,
        period_start_year=2012,
        period_end_year=2023,
    )
    b = core(period_start_year=2018, period_end_year=2025)
    [c] = find_conflicts([a, b])
    assert [(e.kind, e.critique_id) for e in c.explanations] == [
        (ExplanationKind.CRITIQUE, "c-method"),
        (ExplanationKind.CRITIQUE, "gundlach-2025b-scale"),
        (ExplanationKind.CATEGORY, None),
        (ExplanationKind.COMPUTE_SCALE, None),
        (ExplanationKind.PERIOD, None),
    ]
    assert "2012-2023" in c.explanations[-1].detail


def test_overlapping_intervals_do_not_conflict() -> None:
    # Dario's ~4x/yr point lies inside Epoch's 1.81..5.28
    dario = EstimateRecord(
        claim_id="dario-4x", quantity_id=Q, estimate=normalize(4, Unit.MULTIPLIER_PER_YEAR)
    )
    assert find_conflicts([epoch(), dario]) == []


def test_the_same_r_through_two_units_is_not_a_conflict() -> None:
    # 4x/yr and a 6-month halving are the same r; two points compare as points
    a = EstimateRecord(claim_id="a", quantity_id=Q, estimate=normalize(4, Unit.MULTIPLIER_PER_YEAR))
    b = EstimateRecord(claim_id="b", quantity_id=Q, estimate=normalize(6, Unit.HALVING_TIME_MONTHS))
    c = EstimateRecord(claim_id="c", quantity_id=Q, estimate=normalize(3, Unit.MULTIPLIER_PER_YEAR))
    assert [(x.claim_a, x.claim_b) for x in find_conflicts([a, b, c])] == [("a", "c"), ("b", "c")]


def test_only_rates_of_the_same_quantity_are_compared() -> None:
    other = EstimateRecord(
        claim_id="inference-3x",
        quantity_id="llm-inference-efficiency",
        estimate=normalize(30, Unit.MULTIPLIER_PER_YEAR),
    )
    factor = EstimateRecord(
        claim_id="optim-20x", quantity_id=Q, estimate=normalize(20, Unit.ONE_TIME_FACTOR)
    )
    assert find_conflicts([core(), other, factor]) == []


def test_ordering_is_deterministic() -> None:
    recs = [
        EstimateRecord(
            claim_id=name, quantity_id=q, estimate=normalize(v, Unit.MULTIPLIER_PER_YEAR)
        )
        for name, q, v in [("z", "q2", 2), ("y", "q1", 3), ("x", "q1", 2), ("w", "q2", 5)]
    ]
    got = [(c.quantity_id, c.claim_a, c.claim_b) for c in find_conflicts(recs)]
    assert got == [("q1", "x", "y"), ("q2", "w", "z")]
    assert find_conflicts(list(reversed(recs))) == find_conflicts(recs)


def test_one_figure_restated_in_two_units_is_not_a_conflict() -> None:
    # Hernandez & Brown: 44x over 7 years -> 44^(1/7) = 1.717/yr; a 16-month doubling ->
    # 2^(12/16) = 1.682/yr. The two points differ by 2 %, inside the 5 % rounding slack.
    a = normalize(44, Unit.FACTOR_OVER_YEARS, years=7)
    b = normalize(16, Unit.DOUBLING_TIME_MONTHS)
    records = [
        EstimateRecord(claim_id="hb-44x", quantity_id="q", estimate=a),
        EstimateRecord(claim_id="hb-16mo", quantity_id="q", estimate=b),
    ]
    assert find_conflicts(records) == []


def test_points_further_apart_than_rounding_still_conflict() -> None:
    # 8-month halving -> 2^1.5 = 2.83/yr against 1.3/yr: even with 5 % slack on each
    # (2.69 vs 1.365) they stay apart.
    a = normalize(8, Unit.HALVING_TIME_MONTHS)
    b = normalize(1.3, Unit.MULTIPLIER_PER_YEAR)
    records = [
        EstimateRecord(claim_id="fast", quantity_id="q", estimate=a),
        EstimateRecord(claim_id="slow", quantity_id="q", estimate=b),
    ]
    (conflict,) = find_conflicts(records)
    assert conflict.claim_a == "fast" and conflict.explained is False


@given(
    st.lists(
        st.tuples(
            st.floats(min_value=1.01, max_value=20),
            st.one_of(st.none(), st.floats(min_value=1.0, max_value=3.0)),
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
    pairwise = [
        found
        for a, b in itertools.combinations(sorted(records, key=lambda x: x.claim_id), 2)
        if (found := conflicts_module._conflict(a, b)) is not None
    ]
    assert find_conflicts(records) == pairwise
