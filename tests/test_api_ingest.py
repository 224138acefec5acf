"""Question 9: ingestPaper runs the CLI's pipeline; bad input names the field and writes nothing."""

import math
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from claimgraph.graph.connection import ConnectionTarget
from claimgraph.ingest.paper_file import CORPUS_DIR
from claimgraph.ingest.pipeline import ingest_paths
from tests.api_support import TOKEN, api_client, data, error_codes, post

AUTH = {"Authorization": f"Bearer {TOKEN}"}
QUANTITY = "llm-training-algorithmic-efficiency"
INFERENCE_CLAIM = "gundlach-2025a-inference-efficiency-3x-per-year"
GROUPING = "newpaper-2026-training-and-inference-agree"

NEW_PAPER = f"""source:
  id: newpaper-2026-efficiency
  title: A new estimate of training efficiency
  authors:
    - A. Curator
  year: 2026
  kind: paper
claims:
  - id: newpaper-2026-training-halving-10mo
    quantity: {QUANTITY}
    category: algorithmic
    statement: Training compute for a fixed capability halves about every ten months.
    estimate:
      value: 10.0
      unit: halving_time_months
      interval:
        low: 6.0
        high: 16.0
        level: 0.95
groupings:
  - id: {GROUPING}
    summary: Presents its training figure and an inference figure as one agreeing trend.
    presented_as: agreeing
    claims:
      - newpaper-2026-training-halving-10mo
      - {INFERENCE_CLAIM}
"""
BAD_UNIT = NEW_PAPER.replace("unit: halving_time_months", "unit: halvings_per_decade")
BAD_UNIT_LINE = 1 + BAD_UNIT.splitlines().index("      unit: halvings_per_decade")

MUTATION = """mutation($yaml: String!, $name: String) { ingestPaper(yaml: $yaml, name: $name) {
  dryRun files { file owner created updated removed unchanged changes { label id change } }
  newFlags { kind rule subject claims reason } derivedCreated } }"""
POOL = """query($q: ID!) { quantity(id: $q) { reconciliation { k r lnR tau2 pooledClaimIds
  estimates { claimId r seLnR basis } } } }"""


@pytest.fixture
def client(driver: Driver, neo4j_target: ConnectionTarget) -> Iterator[TestClient]:
    ingest_paths(driver, neo4j_target.database, [CORPUS_DIR])
    with api_client(neo4j_target) as test_client:
        yield test_client


def _graph_state(driver: Driver, target: ConnectionTarget) -> dict[str, Any]:
    records, _, _ = driver.execute_query(
        "MATCH (n) WITH count(n) AS nodes, collect(n.content_hash) AS hashes "
        "OPTIONAL MATCH ()-[r]->() RETURN nodes, count(r) AS links, hashes",
        database_=target.database,
    )
    row = records[0]
    return {"nodes": row["nodes"], "links": row["links"], "hashes": sorted(map(str, row["hashes"]))}


def test_9_a_new_paper_enters_the_reconciliation_and_raises_its_flags(
    client: TestClient,
) -> None:
    before = data(client, POOL, {"q": QUANTITY})["quantity"]["reconciliation"]
    assert before["k"] == 3  # Epoch (stated), the post's range, nanochat's point
    body = post(client, MUTATION, {"yaml": NEW_PAPER, "name": "newpaper.yaml"}, headers=AUTH)
    assert "errors" not in body, body
    report = body["data"]["ingestPaper"]
    assert report["dryRun"] is False
    (file,) = report["files"]
    assert file["file"] == "newpaper.yaml" and file["owner"] == "newpaper-2026-efficiency"
    # a source, a claim and a grouping, all new
    assert (file["created"], file["updated"], file["removed"], file["unchanged"]) == (3, 0, 0, 0)
    assert {(c["label"], c["id"]) for c in file["changes"]} == {
        ("Source", "newpaper-2026-efficiency"),
        ("Claim", "newpaper-2026-training-halving-10mo"),
        ("Grouping", GROUPING),
    }
    # the grouping mixes a training claim with Gundlach 2025a's inference claim
    assert report["newFlags"] == [
        {
            "kind": "TRAINING_INFERENCE",
            "rule": "grouping_mixes_training_and_inference",
            "subject": GROUPING,
            "claims": sorted(["newpaper-2026-training-halving-10mo", INFERENCE_CLAIM]),
            "reason": f"{GROUPING} presents training and inference figures together as one trend.",
        }
    ]
    assert f"flag:grouping_mixes_training_and_inference:{GROUPING}" in report["derivedCreated"]
    after = data(client, POOL, {"q": QUANTITY})["quantity"]["reconciliation"]
    # k goes from 3 to 4: the new 10-month halving enters with its stated 95 % interval,
    # ln r = 1.2 ln 2 = 0.8318, se = (12/6 - 12/16) ln 2 / (2 * 1.95996) = 0.2210.
    assert after["k"] == 4
    assert "newpaper-2026-training-halving-10mo" in after["pooledClaimIds"]
    rows = {e["claimId"]: e for e in after["estimates"]}
    new = rows["newpaper-2026-training-halving-10mo"]
    assert new["basis"] == "STATED"
    assert new["seLnR"] == pytest.approx((2 - 0.75) * math.log(2) / (2 * 1.959963984540054))
    # the pool solves Paule-Mandel's equation sum w_i (ln r_i - ln r)^2 = k - 1 = 3,
    # w_i = 1 / (se_i^2 + tau2), on the estimates as the API returns them
    q_gen = sum(
        (math.log(e["r"]) - after["lnR"]) ** 2 / (e["seLnR"] ** 2 + after["tau2"])
        for e in after["estimates"]
    )
    assert after["tau2"] > 0 and q_gen == pytest.approx(3.0, abs=1e-6)
    assert after["r"] == pytest.approx(math.exp(after["lnR"]))
    # the same paper again changes nothing and raises nothing
    again = post(client, MUTATION, {"yaml": NEW_PAPER, "name": "newpaper.yaml"}, headers=AUTH)
    (same,) = again["data"]["ingestPaper"]["files"]
    assert (same["created"], same["updated"], same["unchanged"]) == (0, 0, 3)
    assert again["data"]["ingestPaper"]["newFlags"] == []


def test_9_a_bad_unit_is_refused_with_its_field_and_line_and_writes_nothing(
    client: TestClient, driver: Driver, neo4j_target: ConnectionTarget
) -> None:
    before = _graph_state(driver, neo4j_target)
    body = post(client, MUTATION, {"yaml": BAD_UNIT, "name": "newpaper.yaml"}, headers=AUTH)
    assert body.get("data") is None
    assert error_codes(body) == ["BAD_PAPER_FILE"]
    (problem,) = body["errors"][0]["extensions"]["errors"]
    assert problem["file"] == "newpaper.yaml"
    assert problem["field"] == "claims[0].estimate.unit"
    assert problem["line"] == BAD_UNIT_LINE == 15
    assert "halvings_per_decade" in problem["message"]
    assert _graph_state(driver, neo4j_target) == before
    assert data(client, POOL, {"q": QUANTITY})["quantity"]["reconciliation"]["k"] == 3


def test_a_dangling_reference_is_reported_from_the_graph_check(client: TestClient) -> None:
    dangling = NEW_PAPER.replace(INFERENCE_CLAIM, "no-such-claim")
    body = post(client, MUTATION, {"yaml": dangling}, headers=AUTH)
    (problem,) = body["errors"][0]["extensions"]["errors"]
    assert problem["file"] == "paper.yaml"  # the default name
    assert problem["field"] == "groupings[0].claims[1]"
    assert "no-such-claim" in problem["message"]
