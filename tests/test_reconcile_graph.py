"""Reconciliation on the corpus in a real Neo4j: pooled values, conflicts, flags, factors.

Expected numbers are worked by hand from the seeds in each test's comments.
"""

import math
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

from claimgraph.graph.connection import ConnectionTarget
from claimgraph.graph.reconciliation_pass import run_reconciliation
from claimgraph.ingest.paper_file import CORPUS_DIR
from claimgraph.ingest.pipeline import ingest_paths
from claimgraph.reconcile.derive import derive
from claimgraph.schemas.ingest_report import IngestReport
from claimgraph.schemas.reconciliation import ReconciliationResult

EPOCH = "epoch-2024-training-halving-8mo"
CORE = "byrnes-2026-core-algorithmic-3-5x-since-2018"
NEWS = "pseedr-algorithmic-progress-halving-6-8mo"
GROUPING = "byrnes-2026-three-sources-agree"


@pytest.fixture(scope="module")
def corpus(corpus_loaded: IngestReport) -> ReconciliationResult:
    """What reconciling the corpus derived; this module's tests only read (but the last)."""
    assert corpus_loaded.reconciliation is not None
    return corpus_loaded.reconciliation


def query(driver: Driver, target: ConnectionTarget, cypher: str, **params: Any) -> list[Any]:
    records, _, _ = driver.execute_query(cypher, params, database_=target.database)
    return [record.data() for record in records]


def test_epoch_against_core_algorithms_is_a_conflict_explained_by_scale_dependence(
    corpus: ReconciliationResult, session_driver: Driver, neo4j_target: ConnectionTarget
) -> None:
    # Epoch: halving 5..14 months (95 %) -> r from 2^(12/14) = 1.811 to 2^(12/5) = 5.278.
    # The post's core algorithms: 3..5x over 2018-2025 (7 years) -> 3^(1/7) = 1.170 to
    # 5^(1/7) = 1.258. Disjoint; the gap is log10(1.811 / 1.258) = 0.158 orders of magnitude.
    rows = query(
        session_driver,
        neo4j_target,
        "MATCH (:Claim {id: $a})<-[:BETWEEN]-(c:Conflict)-[:BETWEEN]->(:Claim {id: $b}) "
        "OPTIONAL MATCH (c)-[:EXPLAINED_BY]->(k:Critique) "
        "RETURN c.explained AS explained, c.gap_log10 AS gap, collect(k.kind) AS kinds",
        a=CORE,
        b=EPOCH,
    )
    assert len(rows) == 1
    assert rows[0]["explained"] is True
    assert rows[0]["kinds"] == ["scale_dependence"]
    assert rows[0]["gap"] == pytest.approx(math.log10(2 ** (12 / 14) / 5 ** (1 / 7)), abs=1e-9)
    assert rows[0]["gap"] == pytest.approx(0.158, abs=0.001)


def test_training_efficiency_pool_and_what_it_leaves_out(
    corpus: ReconciliationResult, session_driver: Driver, neo4j_target: ConnectionTarget
) -> None:
    # Only Epoch states a confidence level, so k = 1: the pooled value is its own
    # 2^(12/8) = 2.828/yr with its 95 % interval [1.811, 5.278]. The others have no
    # confidence interval and are listed as left out, never silently pooled.
    rows = query(
        session_driver,
        neo4j_target,
        "MATCH (c:Consensus)-[:SUMMARIZES]->(:Quantity {id: $q}) "
        "OPTIONAL MATCH (c)-[l:LEAVES_OUT]->(out:Claim) "
        "WITH c, out.id AS out, l.reason AS reason ORDER BY out "
        "RETURN c.k AS k, c.r AS r, c.r_low AS low, c.r_high AS high, "
        "collect([out, reason]) AS left_out",
        q="llm-training-algorithmic-efficiency",
    )
    (row,) = rows
    assert row["k"] == 1
    assert row["r"] == pytest.approx(2**1.5, rel=1e-9)
    assert (row["low"], row["high"]) == (
        pytest.approx(2 ** (12 / 14), rel=1e-9),
        pytest.approx(2 ** (12 / 5), rel=1e-9),
    )
    assert row["left_out"] == [
        ["amodei-2025-algorithmic-shift-1-68x-per-year", "no_interval"],
        [CORE, "no_interval"],
        ["byrnes-2026-nanochat-algorithms-2x", "no_interval"],
    ]


def test_expected_conflation_flags_fire(
    corpus: ReconciliationResult, session_driver: Driver, neo4j_target: ConnectionTarget
) -> None:
    rows = query(
        session_driver,
        neo4j_target,
        "MATCH (f:Flag)-[:FLAGS]->(s) RETURN f.kind AS kind, s.id AS subject, f.rule AS rule, "
        "f.reason AS reason ORDER BY kind, subject, rule",
    )
    found = {(r["kind"], r["subject"]) for r in rows}
    # the post's grouping: Epoch and Amodei (training) with Gundlach 2025a (inference)
    assert ("training_inference", GROUPING) in found
    # the news restates 6-8 months / 3-4x as one figure resting on all three
    assert ("training_inference", NEWS) in found
    assert ("unscoped", NEWS) in found
    assert ("scale_dependence", EPOCH) in found
    assert ("ceiling", "amodei-2025-training-efficiency-4x-per-year") in found
    assert all(r["reason"].startswith(r["subject"]) for r in rows)
    members = query(
        session_driver,
        neo4j_target,
        "MATCH (f:Flag {kind: 'training_inference'})-[:FLAGS]->(:Grouping {id: $g}) "
        "RETURN f.claims AS claims",
        g=GROUPING,
    )
    assert members[0]["claims"] == sorted(
        [
            EPOCH,
            "amodei-2025-training-efficiency-4x-per-year",
            "gundlach-2025a-inference-efficiency-3x-per-year",
        ]
    )


def test_nanochat_decomposition_checks_out(
    corpus: ReconciliationResult, session_driver: Driver, neo4j_target: ConnectionTarget
) -> None:
    # 6 * 2 * 10 * 5 = 600 = the stated total; hardware's log share = ln 6 / ln 600
    # = 1.792 / 6.397 = 28.0 %; over 7 years 600^(1/7) = 2.49x/yr, halving
    # 12 ln 2 / ln 2.49 = 9.1 months.
    (row,) = query(
        session_driver,
        neo4j_target,
        "MATCH (k:FactorCheck)-[:CHECKS]->(:Decomposition {id: $d}) "
        "RETURN k.product AS product, k.consistent AS ok, k.factor_ids AS ids, "
        "k.factor_log_shares AS shares, k.implied_r AS r, k.implied_halving_months AS halving",
        d="byrnes-2026-nanochat-600x-decomposition",
    )
    assert row["product"] == pytest.approx(600)
    assert row["ok"] is True
    shares = dict(zip(row["ids"], row["shares"], strict=True))
    assert shares["byrnes-2026-nanochat-hardware-6x"] == pytest.approx(math.log(6) / math.log(600))
    assert shares["byrnes-2026-nanochat-hardware-6x"] == pytest.approx(0.280, abs=0.001)
    assert row["r"] == pytest.approx(600 ** (1 / 7)) and row["r"] == pytest.approx(2.49, abs=0.01)
    assert row["halving"] == pytest.approx(9.1, abs=0.05)


def test_reconciling_again_changes_nothing(
    corpus: ReconciliationResult, session_driver: Driver, neo4j_target: ConnectionTarget
) -> None:
    db = neo4j_target.database
    session_driver.execute_query(
        "MATCH (n) WHERE n:Flag OR n:Consensus OR n:Conflict OR n:FactorCheck SET n.mark = 1",
        database_=db,
    )
    again = run_reconciliation(session_driver, db, derive)
    assert (again.created, again.updated, again.removed) == ([], [], [])
    assert again.unchanged == len(corpus.created)
    (row,) = query(
        session_driver,
        neo4j_target,
        "MATCH (n) WHERE (n:Flag OR n:Consensus OR n:Conflict OR n:FactorCheck) "
        "AND n.mark IS NULL RETURN count(n) AS rewritten",
    )
    assert row["rewritten"] == 0


def test_a_removed_claim_takes_its_derived_results_with_it(
    driver: Driver, neo4j_target: ConnectionTarget, tmp_path: Path
) -> None:
    db = neo4j_target.database
    ingest_paths(driver, db, [CORPUS_DIR])
    news_file = CORPUS_DIR / "pseedr-llm-algorithmic-progress-training-vs-inference.yaml"
    text = news_file.read_text()
    without_claim = tmp_path / news_file.name
    without_claim.write_text(text[: text.index("claims:")])
    # an edited copy outside the corpus is another file: it replaces the corpus file's source
    report = ingest_paths(driver, db, [without_claim], replace=True)
    assert report.reconciliation is not None
    assert f"flag:scope_not_stated:{NEWS}" in report.reconciliation.removed
    (row,) = query(
        driver,
        neo4j_target,
        "MATCH (f:Flag) WHERE $c IN f.claims RETURN count(f) AS n",
        c=NEWS,
    )
    assert row["n"] == 0
