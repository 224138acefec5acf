"""The analyst's questions, asked over GraphQL of the shipped corpus.

The corpus is ingested once for the module with the CLI's own pipeline; every test only
reads. Expected numbers are worked by hand in the comments.
"""

import math
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from claimgraph.graph.connection import ConnectionTarget
from claimgraph.schemas.ingest_report import IngestReport
from tests.api_support import api_client, data

EPOCH = "epoch-2024-training-halving-8mo"
CORE = "byrnes-2026-core-algorithmic-3-5x-since-2018"
NEWS = "pseedr-algorithmic-progress-halving-6-8mo"
GROUPING = "byrnes-2026-three-sources-agree"
BYRNES = "byrnes-2026-nature-of-llm-algorithmic-progress"
TRAINING_Q = "llm-training-algorithmic-efficiency"


@pytest.fixture(scope="module")
def client(corpus_loaded: IngestReport, neo4j_target: ConnectionTarget) -> Iterator[TestClient]:
    with api_client(neo4j_target) as test_client:
        yield test_client


def _nodes(connection: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in connection["edges"]]


def test_1_every_training_claim_normalized_with_source_and_year(client: TestClient) -> None:
    result = data(
        client,
        """{ claims(filter: {scope: TRAINING}, first: 100) {
              totalCount pageInfo { hasNextPage }
              edges { node { id quantity { scope }
                estimate { value unit years }
                normalized { kind r log10R halvingMonths rLow rHigh seLnR }
                source { id year } } } } }""",
    )["claims"]
    claims = {c["id"]: c for c in _nodes(result)}
    assert result["totalCount"] == len(claims) == 28
    assert result["pageInfo"]["hasNextPage"] is False
    assert {c["quantity"]["scope"] for c in claims.values()} == {"TRAINING"}
    assert all(c["source"]["year"] is not None for c in claims.values())
    epoch = claims[EPOCH]
    # 8-month halving: r = 2^(12/8) = 2.828/yr, log10 r = 1.5 log10 2 = 0.4515;
    # 95 % interval 5..14 months -> r from 2^(12/14) = 1.811 to 2^(12/5) = 5.278;
    # se(ln r) = (2.4 ln2 - (6/7) ln2) / (2 * 1.96) = 1.0694 / 3.92 = 0.2728.
    assert epoch["source"] == {"id": "ho-2024-algorithmic-progress-lms", "year": 2024}
    norm = epoch["normalized"]
    assert norm["kind"] == "RATE"
    assert norm["r"] == pytest.approx(2**1.5) and norm["r"] == pytest.approx(2.828, abs=1e-3)
    assert norm["log10R"] == pytest.approx(1.5 * math.log10(2))
    assert norm["halvingMonths"] == pytest.approx(8.0)
    assert (norm["rLow"], norm["rHigh"]) == (
        pytest.approx(2 ** (12 / 14)),
        pytest.approx(2 ** (12 / 5)),
    )
    assert norm["seLnR"] == pytest.approx((2.4 - 12 / 14) * math.log(2) / (2 * 1.959964), rel=1e-5)
    # the core algorithms: 4x over 7 years -> r = 4^(1/7) = 1.219, halving 12 ln2 / ln r = 42 months
    core = claims[CORE]["normalized"]
    assert core["r"] == pytest.approx(4 ** (1 / 7)) and core["halvingMonths"] == pytest.approx(42)
    assert core["seLnR"] is None  # a 3-5x range with no stated level is not a confidence interval
    # a one-time factor keeps its value and has no r
    moe = claims["byrnes-2026-moe-2x"]
    assert moe["normalized"]["kind"] == "FACTOR" and moe["normalized"]["r"] is None


def test_2_reconciled_training_efficiency_with_conflicts_and_explanations(
    client: TestClient,
) -> None:
    quantity = data(
        client,
        """query($q: ID!) { quantity(id: $q) {
              reconciliation { k kStated kRange kImputed r rLow rHigh piLow piHigh tau2 i2 q
                method pooledClaimIds estimates { claimId basis weight }
                statedOnly { k r claimIds } critiqueAdjusted { k r claimIds } adjustments
                bestModerator bestModeratorR2 bestModeratorAliases explanation
                leaveOneOut { claimId r influenceLog10 outsidePrediction }
                leftOut { claimId reason detail } }
              conflicts { claimA claimB explained gapLog10
                          explanations { kind detail critiqueKind
                                         critique { id source { id } } } } } }""",
        {"q": TRAINING_Q},
    )["quantity"]
    pooled = quantity["reconciliation"]
    # The README's question. Every estimate is weighed: Epoch stated (se 0.2728), the
    # post's 3-5x a range read at 90 % (se 0.0222), nanochat's 2x a point imputed with
    # Epoch's se; Amodei's 1.68x restates the ImageNet figure it cites and adds no weight.
    # All three pool to 1.520/yr (Paule-Mandel tau2 = 0.2027; worked in
    # test_reconcile_graph); the stated-only pool is Epoch's 2.828/yr alone; leaving Epoch
    # out, as its critique asks, gives 1.218/yr, and scale-boundness explains all of tau2.
    assert (pooled["k"], pooled["kStated"], pooled["kRange"], pooled["kImputed"]) == (3, 1, 1, 1)
    assert pooled["method"] == "PAULE_MANDEL"
    assert pooled["r"] == pytest.approx(1.520, abs=1e-3)
    assert pooled["rLow"] < pooled["r"] < pooled["rHigh"]
    assert pooled["piLow"] < pooled["rLow"] and pooled["piHigh"] > pooled["rHigh"]
    assert pooled["pooledClaimIds"] == sorted([EPOCH, CORE, "byrnes-2026-nanochat-algorithms-2x"])
    assert {e["claimId"]: e["basis"] for e in pooled["estimates"]} == {
        EPOCH: "STATED",
        CORE: "RANGE",
        "byrnes-2026-nanochat-algorithms-2x": "IMPUTED",
    }
    assert pooled["statedOnly"] == {"k": 1, "r": pytest.approx(2**1.5), "claimIds": [EPOCH]}
    adjusted = pooled["critiqueAdjusted"]
    assert adjusted["claimIds"] == [CORE, "byrnes-2026-nanochat-algorithms-2x"]
    assert adjusted["r"] == pytest.approx(1.218, abs=1e-3)
    assert pooled["bestModerator"] == "SCALE_BOUND" and pooled["bestModeratorR2"] == 1.0
    loo = {row["claimId"]: row for row in pooled["leaveOneOut"]}
    assert loo[EPOCH]["outsidePrediction"] is True
    assert loo[EPOCH]["r"] == pytest.approx(1.218, abs=1e-3)
    assert [(o["claimId"], o["reason"]) for o in pooled["leftOut"]] == [
        ("amodei-2025-algorithmic-shift-1-68x-per-year", "RESTATEMENT"),
    ]
    # Epoch 1.811..5.278 vs the core algorithms 3^(1/7) = 1.170 .. 5^(1/7) = 1.258: disjoint,
    # gap log10(1.811 / 1.258) = 0.158; explained by Byrnes' scale_dependence critique.
    conflicts = {(c["claimA"], c["claimB"]): c for c in quantity["conflicts"]}
    epoch_core = conflicts[(CORE, EPOCH)]
    assert epoch_core["explained"] is True
    assert epoch_core["gapLog10"] == pytest.approx(math.log10(2 ** (12 / 14) / 5 ** (1 / 7)))
    critiques = [e for e in epoch_core["explanations"] if e["kind"] == "CRITIQUE"]
    assert critiques == [
        {
            "kind": "CRITIQUE",
            "detail": f"{EPOCH} is targeted by a scale_dependence critique "
            f"(byrnes-2026-epoch-halving-is-scale-dependent); it proposes {CORE} instead",
            "critiqueKind": "SCALE_DEPENDENCE",
            "critique": {
                "id": "byrnes-2026-epoch-halving-is-scale-dependent",
                "source": {"id": BYRNES},
            },
        }
    ]


def test_3_claims_and_groupings_that_conflate_training_and_inference(client: TestClient) -> None:
    flags = data(
        client,
        """{ flags(kind: TRAINING_INFERENCE) { kind subject subjectLabel rule reason
              subjectGrouping { id source { id } claims { id quantity { scope } } }
              subjectClaim { id source { id } } } }""",
    )["flags"]
    by_subject = {f["subject"]: f for f in flags}
    # and the 1.68x figure resting on the ImageNet doubling it cites (language vs vision)
    assert set(by_subject) == {GROUPING, NEWS, "amodei-2025-algorithmic-shift-1-68x-per-year"}
    grouping = by_subject[GROUPING]
    assert grouping["subjectLabel"] == "Grouping"
    assert grouping["rule"] == "grouping_mixes_training_and_inference"
    assert grouping["reason"] == (
        f"{GROUPING} presents training and inference figures together as one trend."
    )
    scopes = {c["id"]: c["quantity"]["scope"] for c in grouping["subjectGrouping"]["claims"]}
    assert scopes == {
        EPOCH: "TRAINING",
        "amodei-2025-training-efficiency-4x-per-year": "TRAINING",
        "gundlach-2025a-inference-efficiency-3x-per-year": "INFERENCE",
    }
    news = by_subject[NEWS]
    assert news["subjectLabel"] == "Claim" and news["subjectGrouping"] is None
    assert news["rule"] == "citation_crosses_training_and_inference"
    assert news["reason"] == (
        f"{NEWS} rests on cited figures of both training and inference scope."
    )
    assert news["subjectClaim"]["id"] == NEWS


def test_4_critiques_of_epochs_8_month_figure_and_who_makes_them(client: TestClient) -> None:
    claim = data(
        client,
        """query($id: ID!) { claim(id: $id) { critiques { id kind summary
              source { id title authors year } } } }""",
        {"id": EPOCH},
    )["claim"]
    (critique,) = claim["critiques"]
    assert critique["id"] == "byrnes-2026-epoch-halving-is-scale-dependent"
    assert critique["kind"] == "SCALE_DEPENDENCE"
    assert "scale" in critique["summary"]
    assert critique["source"] == {
        "id": BYRNES,
        "title": "The nature of LLM algorithmic progress",
        "authors": ["Steven Byrnes"],
        "year": 2026,
    }
    # the same through the root query, by target
    same = data(client, "query($t: ID!) { critiques(target: $t) { id } }", {"t": EPOCH})
    assert same["critiques"] == [{"id": critique["id"]}]


def test_5_nanochat_600x_factors_product_and_implied_halving(client: TestClient) -> None:
    decomposition = data(
        client,
        """{ decomposition(claim: "byrnes-2026-nanochat-600x-in-7-years") {
              id total { estimate { value years } } factors { id estimate { value } }
              check { statedTotal product consistent relativeError impliedR impliedLog10R
                      impliedHalvingMonths factors { label factor logShare } } } }""",
    )["decomposition"]
    assert decomposition["id"] == "byrnes-2026-nanochat-600x-decomposition"
    assert decomposition["total"]["estimate"] == {"value": 600.0, "years": 7.0}
    # hardware 6 x algorithms 2 x optimizations 10 x data 5 = 600, the stated total
    assert [(f["id"], f["estimate"]["value"]) for f in decomposition["factors"]] == [
        ("byrnes-2026-nanochat-hardware-6x", 6.0),
        ("byrnes-2026-nanochat-algorithms-2x", 2.0),
        ("byrnes-2026-nanochat-optimizations-10x", 10.0),
        ("byrnes-2026-nanochat-data-5x", 5.0),
    ]
    check = decomposition["check"]
    assert check["product"] == pytest.approx(600) and check["statedTotal"] == 600
    assert check["consistent"] is True and check["relativeError"] == pytest.approx(0)
    # 600 over 7 years: r = 600^(1/7) = 2.494/yr; halving 12 ln2 / ln(600^(1/7))
    # = 8.318 / 0.9138 = 9.10 months
    assert check["impliedR"] == pytest.approx(600 ** (1 / 7))
    assert check["impliedHalvingMonths"] == pytest.approx(
        12 * math.log(2) / math.log(600 ** (1 / 7))
    )
    assert check["impliedHalvingMonths"] == pytest.approx(9.10, abs=0.01)
    # hardware's share of the log total: ln 6 / ln 600 = 1.792 / 6.397 = 28.0 %
    shares = {f["label"]: f["logShare"] for f in check["factors"]}
    assert shares["byrnes-2026-nanochat-hardware-6x"] == pytest.approx(math.log(6) / math.log(600))


def test_6_convert_between_units(client: TestClient) -> None:
    result = data(
        client,
        """{ perYear: convert(value: 8, from: HALVING_TIME_MONTHS, to: MULTIPLIER_PER_YEAR)
             halving: convert(value: 3, from: MULTIPLIER_PER_YEAR, to: HALVING_TIME_MONTHS)
             factor: convert(value: 600, from: FACTOR_OVER_YEARS, to: HALVING_TIME_MONTHS,
                             years: 7) }""",
    )
    # 8-month halving: 2^(12/8) = 2^1.5 = 2.828x per year
    assert result["perYear"] == pytest.approx(2**1.5) and result["perYear"] == pytest.approx(
        2.828, abs=1e-3
    )
    # 3x per year: 12 ln2 / ln3 = 8.318 / 1.0986 = 7.57 months
    assert result["halving"] == pytest.approx(12 * math.log(2) / math.log(3))
    assert result["halving"] == pytest.approx(7.57, abs=0.01)
    # 600x in 7 years: 9.10-month halving, as in question 5
    assert result["factor"] == pytest.approx(9.10, abs=0.01)


def test_7_which_sources_critique_which(client: TestClient) -> None:
    rows = data(
        client,
        "{ sourceCritiques { critic { id } target { id } count kinds claims { id } } }",
    )["sourceCritiques"]
    edges = {(r["critic"]["id"], r["target"]["id"]): r for r in rows}
    # Byrnes' post is the corpus' critic: of Amodei's 4x/yr (three critiques: the
    # ceiling of optimizations, and data and inference gains misattributed to
    # algorithms), of Epoch's 8 months (scale dependence), of Gundlach 2025a's inference
    # 3x/yr, of Gundlach 2025b's tokenizer penalty, and of its own illustration.
    assert set(edges) == {
        (BYRNES, "amodei-2025-on-deepseek-and-export-controls"),
        (BYRNES, BYRNES),
        (BYRNES, "gundlach-2025a-price-of-progress"),
        (BYRNES, "gundlach-2025b-origin-of-algorithmic-progress"),
        (BYRNES, "ho-2024-algorithmic-progress-lms"),
    }
    amodei = edges[(BYRNES, "amodei-2025-on-deepseek-and-export-controls")]
    assert amodei["count"] == 3
    assert amodei["kinds"] == ["CEILING", "MISATTRIBUTION"]
    assert amodei["claims"] == [{"id": "amodei-2025-training-efficiency-4x-per-year"}]
    epoch = edges[(BYRNES, "ho-2024-algorithmic-progress-lms")]
    assert (epoch["count"], epoch["kinds"], epoch["claims"]) == (
        1,
        ["SCALE_DEPENDENCE"],
        [{"id": EPOCH}],
    )


def test_8_full_text_search_for_distillation(client: TestClient) -> None:
    hits = data(
        client,
        """{ search(text: "distillation") { kind score node { __typename
              ... on Critique { id summary source { id } } ... on Claim { id statement } } } }""",
    )["search"]
    assert [h["kind"] for h in hits] == ["Critique"]
    node = hits[0]["node"]
    assert node["__typename"] == "Critique"
    assert node["id"] == "byrnes-2026-data-gains-in-compute-multipliers"
    assert "distillation" in node["summary"] and node["source"]["id"] == BYRNES
    assert hits[0]["score"] > 0
    # Lucene syntax in the input is escaped and read as plain words, not as a query
    # (an unbalanced parenthesis or a bare `*` would otherwise be a server error)
    odd = data(
        client, '{ search(text: "distillation) AND (x:*") { node { ... on Critique { id } } } }'
    )
    assert {"id": node["id"]} in [hit["node"] for hit in odd["search"]]


def test_10_scale_bound_estimates_and_the_pool_without_them(client: TestClient) -> None:
    claims = data(
        client,
        """{ claims(filter: {scaleDependent: true}) { edges { node { id
              estimate { computeScaleFlop } flags { kind } quantity { id } } } } }""",
    )["claims"]
    found = {c["id"]: c for c in _nodes(claims)}
    # Gundlach 2025b's two shares hold at 2e23 FLOP; Epoch's 8 months is flagged
    # scale_dependence (Byrnes' critique) though it states no scale itself.
    assert set(found) == {
        EPOCH,
        "gundlach-2025b-scale-dependent-share-91pct",
        "gundlach-2025b-scale-invariant-share-under-10pct",
    }
    assert (
        found["gundlach-2025b-scale-dependent-share-91pct"]["estimate"]["computeScaleFlop"] == 2e23
    )
    assert found[EPOCH]["flags"] == [{"kind": "SCALE_DEPENDENCE"}]
    pools = data(
        client,
        """query($q: ID!, $out: [ID!]!) { quantity(id: $q) {
              stored: reconciliation { k r }
              strict: pooledWithout(claims: $out) { k r excluded note }
              assumed: pooledWithout(claims: $out, assumeSeForPoints: 0.3) {
                k r tau2 assumption pooledClaimIds excluded } } }""",
        {"q": TRAINING_Q, "out": [EPOCH]},
    )["quantity"]
    assert pools["stored"] == {"k": 3, "r": pytest.approx(1.520, abs=1e-3)}
    # Recomputed without Epoch, the bases are weighed afresh: the point (nanochat's 2x in
    # 7 years) takes the largest se left, the core range's (ln 5 - ln 3) / 7 / 3.2897 =
    # 0.02218. Equal variances, Q = (0.19804 - 0.09902)^2 / (2 * 0.02218^2) = 9.96 > 1, so
    # Paule-Mandel's mean is the plain average: e^((ln 4 + ln 2) / 14) = 2^(3/14) = 1.1601.
    strict = pools["strict"]
    assert strict["k"] == 2 and strict["r"] == pytest.approx(2 ** (3 / 14))
    assert strict["excluded"] == [EPOCH]
    # Under an assumed se(ln r) = 0.3 for points: Q = 0.108 < 1, tau2 = 0, and the
    # fixed-effect mean (2032.2 * 0.19804 + 11.11 * 0.09902) / 2043.3 = 0.19750: 1.2184/yr.
    assumed = pools["assumed"]
    assert assumed["k"] == 2 and assumed["tau2"] == pytest.approx(0)
    assert assumed["r"] == pytest.approx(1.2184, abs=1e-4)
    assert assumed["assumption"] and "0.3" in assumed["assumption"]
    assert assumed["pooledClaimIds"] == sorted([CORE, "byrnes-2026-nanochat-algorithms-2x"])


def test_claims_page_through_with_cursors(client: TestClient) -> None:
    query = """query($after: String) { claims(first: 10, after: $after,
                 orderBy: {field: SOURCE_YEAR, direction: DESC}) {
                 totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }"""
    seen: list[str] = []
    after = None
    while True:
        page = data(client, query, {"after": after})["claims"]
        seen.extend(n["id"] for n in _nodes(page))
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == page["totalCount"]
    default = data(client, "{ claims { edges { cursor } } }")["claims"]["edges"]
    assert len(default) == 20  # the default page size


def test_claims_filtered_by_period_overlap_and_flagged(client: TestClient) -> None:
    # Epoch covers 2012-2023; a 2010-2012 window overlaps it, a 2024-2030 one does not.
    def ids(filter_: dict[str, Any]) -> set[str]:
        result = data(
            client,
            "query($f: ClaimFilterInput) { claims(filter: $f, first: 100) "
            "{ edges { node { id } } } }",
            {"f": filter_},
        )
        return {n["id"] for n in _nodes(result["claims"])}

    assert EPOCH in ids({"fromYear": 2010, "toYear": 2012})
    assert EPOCH not in ids({"fromYear": 2024, "toYear": 2030})
    flagged = ids({"flagged": True})
    assert {EPOCH, NEWS, "amodei-2025-training-efficiency-4x-per-year"} <= flagged
    assert flagged.isdisjoint(ids({"flagged": False}))
