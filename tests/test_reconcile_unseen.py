"""Reconciliation on papers the code was not written for (tests/papers/): published trend
figures outside the corpus, paraphrased, and conflation traps built on them. Ingested into
a real Neo4j; expected figures worked by hand in each test's comment."""

import math
from pathlib import Path

import pytest
from neo4j import Driver

from claimgraph.graph.connection import ConnectionTarget
from claimgraph.ingest.pipeline import ingest_paths
from claimgraph.schemas.reconciliation import (
    LeftOutReason,
    PooledEstimate,
    ReconciliationResult,
    UncertaintyBasis,
)

PAPERS = Path(__file__).parent / "papers"
Z90 = 1.6448536269514722


@pytest.fixture(scope="module")
def unseen(session_driver: Driver, neo4j_target: ConnectionTarget) -> ReconciliationResult:
    session_driver.execute_query("MATCH (n) DETACH DELETE n", database_=neo4j_target.database)
    report = ingest_paths(session_driver, neo4j_target.database, [PAPERS])
    assert report.reconciliation is not None
    return report.reconciliation


def pool(result: ReconciliationResult, quantity_id: str) -> PooledEstimate:
    return next(p for p in result.pooled if p.quantity_id == quantity_id)


def test_every_rate_with_a_value_pools_under_some_basis_or_says_why(
    unseen: ReconciliationResult,
) -> None:
    left = {out.claim_id: out.reason for p in unseen.pooled for out in p.left_out}
    pooled = {c for p in unseen.pooled for c in p.pooled_claim_ids}
    # the only rates left out are the restatements, the duplicate and the misfiled figure
    assert {c: r for c, r in left.items() if r not in (LeftOutReason.ONE_TIME_FACTOR,)} == {
        "erdil-2022-vision-2-5x-per-year": LeftOutReason.DUPLICATE,
        "vision-digest-halving-9mo": LeftOutReason.RESTATEMENT,
        "trap-llm-efficiency-from-vision": LeftOutReason.RESTATEMENT,
        "trap-llm-efficiency-from-compute-growth": LeftOutReason.RESTATEMENT,
        "trap-imagenet-under-llm": LeftOutReason.DIFFERENT_DOMAIN,
    }
    assert {
        "erdil-2022-vision-halving-9mo",
        "sevilla-2022-compute-doubling-6mo",
        "ai-and-compute-doubling-3-4mo",
        "hobbhahn-2022-gpu-doubling-2-5-years",
        "koomey-2011-doubling-1-57-years",
        "cottier-2025-price-9-to-900x-per-year",
        "clean-lm-1-4-to-2-3x-per-year",
        "trap-rate-from-speedups-2x-per-year",
    } == pooled
    assert unseen.skipped == []


def test_vision_pool_counts_one_paper_once(unseen: ReconciliationResult) -> None:
    # Erdil & Besiroglu: 9-month halving = 2^(12/9) = 2.520/yr, 95 % 4..25 months =
    # 2^(12/25) = 1.395 .. 2^(12/4) = 8. Their "2.5x a year" is the same figure (0.8 %
    # apart, same source) and the digest only restates it: k = 1.
    p = pool(unseen, "imagenet-training-algorithmic-efficiency")
    assert p.k == 1 and p.k_stated == 1 and p.domain == "vision"
    assert p.r == pytest.approx(2 ** (12 / 9))
    assert p.r_low == pytest.approx(2 ** (12 / 25)) and p.r_high == pytest.approx(8.0)
    assert p.halving_months == pytest.approx(9.0) and p.doubling_months is None


def test_range_without_level_is_weighed_as_a_90_percent_interval(
    unseen: ReconciliationResult,
) -> None:
    # Inference prices fall 9x..900x a year (median 50): se = ln(900/9) / (2 * 1.6449) = 1.400
    p = pool(unseen, "llm-inference-price-fixed-performance")
    (row,) = p.estimates
    assert row.basis is UncertaintyBasis.RANGE
    assert row.se_ln_r == pytest.approx(math.log(100) / (2 * Z90))
    assert p.r == pytest.approx(50) and p.r_low == pytest.approx(9)
    assert p.r_high == pytest.approx(900)
    # a cost that falls 50-fold a year halves every 12 ln 2 / ln 50 = 2.126 months
    assert p.halving_months == pytest.approx(12 * math.log(2) / math.log(50))


def test_growth_quantities_report_doubling_times(unseen: ReconciliationResult) -> None:
    # GPU FLOP/s per dollar doubling every 30 months: r = 2^(12/30) = 1.3195
    gpu = pool(unseen, "gpu-flop-per-dollar")
    assert gpu.r == pytest.approx(2**0.4) and gpu.doubling_months == pytest.approx(30)
    assert gpu.halving_months is None
    # Koomey: 1.57 years = 18.84 months
    assert pool(unseen, "computations-per-joule").doubling_months == pytest.approx(18.84)


def test_the_llm_pool_leaves_out_the_traps_and_pools_the_rest(
    unseen: ReconciliationResult,
) -> None:
    # Clean study 1.4..2.3x (range): ln 1.8 = 0.58779, se = ln(2.3/1.4) / 3.2897 = 0.15091.
    # The rate built from one-time speedups (2x, a point) takes that se (largest_se rule):
    # ln 2 = 0.69315. Equal variances: Q = (0.69315 - 0.58779)^2 / (2 * 0.15091^2) = 0.2437
    # < df = 1, so tau2 = 0 and the pool is the mean, e^0.64047 = 1.8974/yr. HKSJ: scale
    # 0.24 is floored at 1, se = 0.15091 / sqrt 2 = 0.10671, t(0.975, 1) = 12.706:
    # e^(0.64047 -/+ 1.35583) = 0.4890 .. 7.362.
    p = pool(unseen, "lm-training-algorithmic-efficiency-unseen")
    assert p.pooled_claim_ids == [
        "clean-lm-1-4-to-2-3x-per-year",
        "trap-rate-from-speedups-2x-per-year",
    ]
    assert (p.k_range, p.k_imputed) == (1, 1)
    assert p.tau2 == 0 and p.q == pytest.approx(0.2437, abs=1e-4)
    assert p.r == pytest.approx(math.sqrt(1.8 * 2))
    assert p.r_low == pytest.approx(0.4890, abs=1e-4) and p.r_high == pytest.approx(7.362, abs=1e-3)


def test_compute_growth_pool_and_its_unexplained_outlier(unseen: ReconciliationResult) -> None:
    # Two points, no interval: the relative rule. Sevilla's 6-month doubling (r = 4):
    # se = 0.5 ln 4 / 1.6449 = 0.4214, its own 95 % interval 4 e^(-/+0.826) = 1.751 .. 9.135.
    # AI and Compute's 3.4 months (r = 2^(12/3.4) = 11.55) lies above it: an outlier
    # against the other estimate. Their periods 2010-2022 and 2012-2018 share 7 of 13 years
    # (54 %), so no period explanation: unexplained.
    p = pool(unseen, "frontier-training-compute-growth")
    assert p.k_imputed == 2 and p.doubling_months is not None and p.halving_months is None
    (dev,) = [d for d in unseen.deviations if d.quantity_id == p.quantity_id]
    assert dev.claim_id == "ai-and-compute-doubling-3-4mo"
    assert dev.r == pytest.approx(2 ** (12 / 3.4))
    assert dev.others_pi_high == pytest.approx(4 * math.exp(1.959964 * 0.5 * math.log(4) / Z90))
    assert dev.explained is False
    # the two point intervals still overlap, so they are not a conflicting pair
    assert not [c for c in unseen.conflicts if c.quantity_id == p.quantity_id]


def test_every_trap_is_flagged_and_no_clean_claim_is(
    unseen: ReconciliationResult, session_driver: Driver, neo4j_target: ConnectionTarget
) -> None:
    records, _, _ = session_driver.execute_query(
        "MATCH (f:Flag) RETURN f.kind AS kind, f.rule AS rule, f.subject AS subject, "
        "f.mixed AS mixed",
        database_=neo4j_target.database,
    )
    found = {(r["kind"], r["rule"], r["subject"]): sorted(r["mixed"]) for r in records}
    assert found == {
        (
            "training_inference",
            "grouping_presents_compute_growth_as_efficiency",
            "trap-compute-and-efficiency-agree",
        ): ["compute", "training"],
        (
            "training_inference",
            "citation_of_another_domain",
            "trap-llm-efficiency-from-vision",
        ): ["language", "vision"],
        (
            "training_inference",
            "compute_growth_as_efficiency",
            "trap-llm-efficiency-from-compute-growth",
        ): ["compute", "training"],
        ("ceiling", "rate_built_from_one_time_factors", "trap-rate-from-speedups-2x-per-year"): [],
        (
            "training_inference",
            "claim_domain_differs_from_quantity",
            "trap-imagenet-under-llm",
        ): ["language", "vision"],
    }
