"""Which estimates enter a pool: one source counts once, restatements add no weight, other
domains never pool. Pure arithmetic; the graph-level checks are in test_reconcile_*.py."""

import pytest

from claimgraph.reconcile.normalize import normalize
from claimgraph.reconcile.pooling import pool_estimates
from claimgraph.reconcile.selection import period_overlap, pool_domain, source_key
from claimgraph.schemas.enums import Unit
from claimgraph.schemas.reconciliation import EstimateRecord, LeftOutReason


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://arxiv.org/abs/2403.05812", "arxiv:2403.05812"),
        ("http://arxiv.org/pdf/2403.05812v2", "arxiv:2403.05812"),
        ("https://doi.org/10.1088/0026-1394/41/3/004", "doi:10.1088/0026-1394/41/3/004"),
        ("https://www.Example.org/post/", "url:example.org/post"),
        (None, "src-id"),
    ],
)
def test_a_source_is_known_by_its_arxiv_id_doi_or_page(url: str | None, key: str) -> None:
    assert source_key(url, "src-id") == key


def test_one_paper_filed_twice_under_two_ids_counts_once() -> None:
    # the same arXiv paper in two files (abs and pdf links): its figure counts once
    def rec(claim_id: str, url: str) -> EstimateRecord:
        return EstimateRecord(
            claim_id=claim_id,
            quantity_id="q",
            estimate=normalize(8, Unit.HALVING_TIME_MONTHS, low=5, high=14, level=0.95),
            source_key=source_key(url, claim_id),
        )

    a = rec("a-8mo", "https://arxiv.org/abs/2403.05812")
    b = rec("b-8mo", "https://arxiv.org/pdf/2403.05812v1")
    pooled = pool_estimates([a, b], "q")
    assert pooled.k == 1
    assert [(o.claim_id, o.reason) for o in pooled.left_out] == [("b-8mo", LeftOutReason.DUPLICATE)]


def test_periods_share_years_over_their_joint_span() -> None:
    # 2018-2025 vs 2019-2025: 7 shared of 8; 2012-2023 vs 2018-2025: 6 of 14; disjoint: 0
    assert period_overlap((2018, 2025), (2019, 2025)) == pytest.approx(7 / 8)
    assert period_overlap((2012, 2023), (2018, 2025)) == pytest.approx(6 / 14)
    assert period_overlap((2010, 2012), (2015, 2020)) == 0.0
    assert period_overlap(None, (2015, 2020)) is None


def test_the_pool_domain_is_the_quantitys_else_the_claims_most_named() -> None:
    def rec(claim_id: str, domain: str | None) -> EstimateRecord:
        return EstimateRecord(
            claim_id=claim_id,
            quantity_id="q",
            estimate=normalize(2, Unit.MULTIPLIER_PER_YEAR),
            domain=domain,
        )

    recs = [rec("a", "vision"), rec("b", "language"), rec("c", "language"), rec("d", None)]
    assert pool_domain(recs, "vision") == "vision"
    assert pool_domain(recs, "unspecified") == "language"
    assert pool_domain(recs, None) == "language"
    # a general figure clashes with no domain
    assert pool_domain([rec("e", "general")], None) is None
    pooled = pool_estimates(recs, "q", domain="unspecified")
    assert pooled.domain == "language"
    assert pooled.pooled_claim_ids == ["b", "c", "d"]
    assert [(o.claim_id, o.reason) for o in pooled.left_out] == [
        ("a", LeftOutReason.DIFFERENT_DOMAIN)
    ]


def test_a_figure_that_is_no_rate_is_left_out_in_plain_words() -> None:
    # a cost in dollars and a share are kept as stated; neither is a yearly rate to pool
    def rec(claim_id: str, value: float, unit: Unit) -> EstimateRecord:
        return EstimateRecord(claim_id=claim_id, quantity_id="q", estimate=normalize(value, unit))

    pooled = pool_estimates([rec("cost", 43_000, Unit.ABSOLUTE), rec("part", 0.9, Unit.SHARE)], "q")
    assert pooled.k == 0
    assert {o.claim_id: o.detail for o in pooled.left_out} == {
        "cost": "an absolute figure is not a yearly rate",
        "part": "a share figure is not a yearly rate",
    }
