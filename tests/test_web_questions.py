"""The questions GraphiQL opens with are the README's, valid, and answered by the corpus."""

import re
from pathlib import Path

import pytest
from graphql import parse, validate

from claimgraph.api.questions import QUESTIONS
from claimgraph.api.schema import build_schema
from claimgraph.graph.connection import ConnectionTarget
from claimgraph.schemas.ingest_report import IngestReport
from tests.api_support import api_client, data

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_shows_the_same_questions() -> None:
    blocks = re.findall(r"```graphql\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert blocks == list(QUESTIONS)


@pytest.mark.parametrize("question", QUESTIONS)
def test_each_question_validates_against_the_schema(question: str) -> None:
    schema = build_schema()._schema
    assert validate(schema, parse(question)) == []


def test_each_question_has_an_answer_on_the_corpus(
    neo4j_target: ConnectionTarget, corpus_loaded: IngestReport
) -> None:
    with api_client(neo4j_target) as client:
        reconciled, conflations, claims = (data(client, q) for q in QUESTIONS)
    # one rate is pooled for LLM training algorithmic efficiency: Epoch's 8-month halving,
    # r = 2^(12/8) = 2.828 (the other claims of it are factors over years or points)
    assert reconciled["quantity"]["reconciliation"]["k"] >= 1
    assert conflations["flags"], "the corpus has training/inference conflations"
    assert all(c["subjectLabel"] in ("Claim", "Grouping") for c in conflations["flags"])
    edges = claims["claims"]["edges"]
    assert claims["claims"]["totalCount"] >= len(edges) > 0
    by_id = {e["node"]["id"]: e["node"] for e in edges}
    assert by_id["epoch-2024-training-halving-8mo"]["normalized"]["r"] == pytest.approx(
        2 ** (12 / 8)
    )
