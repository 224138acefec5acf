"""Exports: CSV columns follow the models; JSON-LD parses as schema.org RDF."""

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF
from typer.testing import CliRunner

from claimgraph.api.exports import CLAIM_COLUMNS, CONSENSUS_COLUMNS, columns, iri
from claimgraph.cli.app import app
from claimgraph.graph.connection import ConnectionTarget
from claimgraph.schemas.estimate import Estimate
from claimgraph.schemas.ingest_report import IngestReport
from claimgraph.schemas.reconciliation import NormalizedEstimate, PooledEstimate
from tests.api_support import api_client

SCHEMA = Namespace("https://schema.org/")
CG = Namespace("urn:claimgraph:vocab#")
EPOCH = "epoch-2024-training-halving-8mo"


def test_columns_are_the_models_fields_flattened() -> None:
    assert "estimate.interval.low" in CLAIM_COLUMNS
    assert "estimate.period.start_year" in CLAIM_COLUMNS
    assert [c for c in CLAIM_COLUMNS if c.startswith("estimate.")] == [
        f"estimate.{c}" for c in columns(Estimate)
    ]
    assert [c for c in CLAIM_COLUMNS if c.startswith("normalized.")] == [
        f"normalized.{name}" for name in NormalizedEstimate.model_fields
    ]
    assert [c for c in CONSENSUS_COLUMNS if c.startswith("consensus.")] == [
        f"consensus.{c}" for c in columns(PooledEstimate)
    ]
    # a nested summary is flattened like the estimate's interval is
    assert "consensus.critique_adjusted.r" in CONSENSUS_COLUMNS


@pytest.fixture(scope="module")
def exported(neo4j_target: ConnectionTarget, corpus_loaded: IngestReport) -> dict[str, str]:
    with api_client(neo4j_target) as client:
        out = {}
        for name in ("claims.csv", "consensus.csv", "graph.jsonld"):
            response = client.get(f"/export/{name}")
            assert response.status_code == 200, response.text
            out[name] = response.text
        assert client.get("/export/claims.csv").headers["content-type"].startswith("text/csv")
    return out


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_claims_csv_has_each_claim_as_stated_and_normalized(exported: dict[str, str]) -> None:
    rows = _rows(exported["claims.csv"])
    assert list(rows[0]) == list(CLAIM_COLUMNS)
    by_id = {r["id"]: r for r in rows}
    epoch = by_id[EPOCH]
    # 8-month halving: r = 2^(12/8) = 2.8284 per year, halving time 8 months back again
    assert (epoch["estimate.value"], epoch["estimate.unit"]) == ("8.0", "halving_time_months")
    assert float(epoch["normalized.r"]) == pytest.approx(2.828427, rel=1e-6)
    assert float(epoch["normalized.halving_months"]) == pytest.approx(8.0)
    assert epoch["source_id"] == "ho-2024-algorithmic-progress-lms"
    # Byrnes' nanochat 600x in 7 years: r = 600^(1/7) = 2.4933
    nanochat = by_id["byrnes-2026-nanochat-600x-in-7-years"]
    assert float(nanochat["normalized.r"]) == pytest.approx(600 ** (1 / 7), rel=1e-9)
    assert nanochat["estimate.years"] == "7.0"
    # a one-time factor is kept as stated, with no r
    moe = by_id["byrnes-2026-moe-2x"]
    assert (moe["normalized.kind"], moe["normalized.r"]) == ("factor", "")


def test_consensus_csv_has_the_pooled_values(exported: dict[str, str]) -> None:
    rows = _rows(exported["consensus.csv"])
    assert list(rows[0]) == list(CONSENSUS_COLUMNS)
    (llm,) = [r for r in rows if r["quantity.id"] == "llm-training-algorithmic-efficiency"]
    assert llm["quantity.scope"] == "training"
    assert int(llm["consensus.k"]) >= 1 and float(llm["consensus.r"]) > 1
    assert EPOCH in llm["consensus.pooled_claim_ids"].split(";")
    left_out = json.loads(llm["consensus.left_out"])
    assert all({"claim_id", "reason", "detail"} <= set(item) for item in left_out)


def test_the_json_ld_is_schema_org_rdf(exported: dict[str, str]) -> None:
    graph = Graph().parse(data=exported["graph.jsonld"], format="json-ld")
    claim = URIRef(iri("claim", EPOCH))
    source = URIRef(iri("source", "ho-2024-algorithmic-progress-lms"))
    assert (claim, RDF.type, SCHEMA.Claim) in graph
    assert (claim, SCHEMA.firstAppearance, source) in graph
    assert (
        claim,
        SCHEMA.about,
        URIRef(iri("quantity", "llm-training-algorithmic-efficiency")),
    ) in graph
    assert (source, RDF.type, SCHEMA.ScholarlyArticle) in graph
    critique = URIRef(iri("critique", "byrnes-2026-epoch-halving-is-scale-dependent"))
    assert (critique, RDF.type, SCHEMA.ClaimReview) in graph
    assert (critique, SCHEMA.itemReviewed, claim) in graph
    assert (critique, CG.critiqueKind, Literal("scale_dependence")) in graph
    estimate = graph.value(claim, CG.estimate)
    multiplier = graph.value(estimate, CG.annualMultiplier)
    assert isinstance(multiplier, Literal)
    assert multiplier.toPython() == pytest.approx(2**1.5)
    assert graph.value(estimate, SCHEMA.unitText) == Literal("halving_time_months")


def test_the_cli_writes_what_the_api_serves(
    exported: dict[str, str],
    neo4j_target: ConnectionTarget,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEO4J_URI", neo4j_target.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_target.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_target.password)
    monkeypatch.setenv("NEO4J_DATABASE", neo4j_target.database)
    runner = CliRunner()
    for kind, name in (("claims", "claims.csv"), ("consensus", "consensus.csv")):
        out = tmp_path / name
        result = runner.invoke(app, ["export", kind, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.read_text(encoding="utf-8") == exported[name]
    result = runner.invoke(app, ["export", "graph"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json.loads(exported["graph.jsonld"])
