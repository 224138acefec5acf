"""Captions for Neo4j Browser: who and what, readable in a node's circle."""

import datetime as dt

import pytest
from neo4j import Driver

from claimgraph.graph.captions import (
    claim_caption,
    consensus_caption,
    critique_caption,
    flag_caption,
    source_caption,
)
from claimgraph.graph.connection import ConnectionTarget
from claimgraph.ingest.text_ingest import ingest_texts
from claimgraph.schemas.enums import CritiqueKind, FlagKind, SourceKind, Unit
from claimgraph.schemas.models import Claim, Critique, Source
from claimgraph.schemas.reconciliation import Flag, PooledEstimate, PoolingMethod

SOURCE = Source(
    id="ho-2024-algorithmic-progress-lms", title="Algorithmic progress", kind=SourceKind.PAPER
)
ORGANISATION = Source(
    id="lab-notes-on-efficiency",
    title="Notes on efficiency",
    authors=["Some Lab", "A. Person"],
    date=dt.date(2023, 5, 1),
    kind=SourceKind.BLOG_POST,
)
UNNAMED = Source(
    id="digest-of-talks", title="Digest of talks on scaling laws", kind=SourceKind.TALK
)
U = Unit


def _claim(claim_id: str, value: float, unit: Unit, **estimate: object) -> Claim:
    return Claim.model_validate(
        {
            "id": claim_id,
            "quantity": "q",
            "category": "algorithmic",
            "statement": "s",
            "estimate": {"value": value, "unit": unit.value, **estimate},
        }
    )


CASES = [
    ("epoch-2024-halving", 8.0, U.HALVING_TIME_MONTHS, {}, SOURCE, "Epoch 2024: 8-month halving"),
    ("x-claim", 3.0, U.MULTIPLIER_PER_YEAR, {}, SOURCE, "Ho 2024: 3×/yr"),
    ("x-claim", 600.0, U.FACTOR_OVER_YEARS, {"years": 7.0}, ORGANISATION,
     "Some Lab 2023: 600× in 7 yr"),
    ("x-claim", 30.0, U.PERCENT_PER_YEAR, {}, UNNAMED, "Digest of talks: +30%/yr"),
    ("x-claim", 40.0, U.PERCENT_DECLINE_PER_YEAR, {}, UNNAMED, "Digest of talks: cost −40%/yr"),
    ("x-claim", 0.5, U.ORDERS_OF_MAGNITUDE_PER_YEAR, {}, UNNAMED, "Digest of talks: 0.5 OOM/yr"),
    ("x-claim", 16.0, U.DOUBLING_TIME_MONTHS, {}, UNNAMED, "Digest of talks: 16-month doubling"),
    ("x-claim", 0.91, U.SHARE, {}, UNNAMED, "Digest of talks: 91% share"),
    ("x-claim", 73.0, U.ABSOLUTE, {"label": "USD to train it"}, UNNAMED,
     "Digest of talks: 73 USD to train"),
    ("hernandez-brown-2020-x", 44.0, U.FACTOR_OVER_YEARS, {"years": 7.0}, UNNAMED,
     "Hernandez-Brown 2020: 44× in 7 yr"),
    ("gundlach-2025a-x", 3.0, U.MULTIPLIER_PER_YEAR, {}, UNNAMED, "Gundlach 2025a: 3×/yr"),
]  # fmt: skip


@pytest.mark.parametrize(("claim_id", "value", "unit", "extra", "source", "caption"), CASES)
def test_a_claim_reads_as_who_and_its_figure(
    claim_id: str, value: float, unit: Unit, extra: dict[str, object], source: Source, caption: str
) -> None:
    assert claim_caption(_claim(claim_id, value, unit, **extra), source) == caption


def test_a_ceiling_says_up_to() -> None:
    claim = _claim("x-claim", 20.0, Unit.ONE_TIME_FACTOR).model_copy(update={"upper_bound": True})
    assert claim_caption(claim, SOURCE) == "Ho 2024: up to 20× one-time"


def test_sources_critiques_flags_and_consensus() -> None:
    assert source_caption(SOURCE) == "Ho 2024"
    assert source_caption(ORGANISATION) == "Some Lab 2023"
    critique = Critique(id="c-critique", kind=CritiqueKind.SCALE_DEPENDENCE, summary="s")
    assert critique_caption(critique, SOURCE) == "Ho 2024: scale dependence critique"
    flag = Flag(
        id="f",
        kind=FlagKind.TRAINING_INFERENCE,
        rule="r",
        subject="s",
        subject_label="Claim",
        claims=[],
        reason="r",
    )
    assert flag_caption(flag) == "training ↔ inference"
    assert flag_caption(flag.model_copy(update={"kind": FlagKind.TASK_SIZE})) == "task size"
    pooled = PooledEstimate(
        quantity_id="llm-training-x", k=3, method=PoolingMethod.PAULE_MANDEL, level=0.95, r=2.8284
    )
    assert consensus_caption(pooled) == "llm training x: 2.83×/yr (k=3)"
    empty = PooledEstimate(quantity_id="q-x", k=0, method=PoolingMethod.PAULE_MANDEL, level=0.95)
    assert consensus_caption(empty) == "q x: nothing pooled"


PAPER = """\
source:
  id: notes-on-progress
  title: Notes on progress
  authors: [{author}]
  kind: blog_post
quantities:
  - id: notes-quantity
    name: A quantity
    description: What it measures.
    scope: training
    direction: less compute
claims:
  - id: notes-claim
    quantity: notes-quantity
    category: algorithmic
    statement: Efficiency triples every year.
    estimate: {{value: 3.0, unit: multiplier_per_year}}
"""


def test_a_new_author_rewrites_the_captions_of_the_sources_claims(
    driver: Driver, neo4j_target: ConnectionTarget
) -> None:
    """The claim itself is unchanged, but its caption names the source, so it is rewritten."""
    db = neo4j_target.database
    ingest_texts(driver, db, [("notes.yaml", PAPER.format(author="First Lab"))], dry_run=False)
    report = ingest_texts(
        driver, db, [("notes.yaml", PAPER.format(author="Second Lab"))], dry_run=False
    )
    records, _, _ = driver.execute_query(
        "MATCH (c:Claim {id: 'notes-claim'}) RETURN c.caption AS caption", database_=db
    )
    assert records[0]["caption"] == "Second Lab: 3×/yr"
    changed = {(c.label, c.id) for f in report.files for c in f.changes}
    assert ("Claim", "notes-claim") in changed


def test_every_node_the_style_captions_has_its_caption(
    session_driver: Driver, neo4j_target: ConnectionTarget, corpus_loaded: object
) -> None:
    records, _, _ = session_driver.execute_query(
        "MATCH (n) WHERE (n:Claim OR n:Critique OR n:Source OR n:Flag OR n:Consensus) "
        "AND n.content_hash IS NOT NULL AND n.caption IS NULL RETURN n.id AS id",
        database_=neo4j_target.database,
    )
    assert [r["id"] for r in records] == []
