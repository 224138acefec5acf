"""docs/graph-model.md documents every label, relationship type and property in the graph."""

import re
from pathlib import Path

from neo4j import Driver

from claimgraph.api.browser_routes import MODEL_DOC, model_page
from claimgraph.graph.connection import ConnectionTarget
from claimgraph.graph.derived_store import DerivedLabel, DerivedLink
from claimgraph.graph.paper_rows import LinkKind, NodeKind
from claimgraph.schemas.ingest_report import IngestReport

DOC = Path(__file__).resolve().parents[1] / "docs" / "graph-model.md"


def _sections() -> dict[str, str]:
    """The text under each `### Label` heading."""
    parts = re.split(r"^### (\w+)\n", DOC.read_text(encoding="utf-8"), flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_every_label_and_relationship_type_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for label in [k.value for k in NodeKind] + [d.value for d in DerivedLabel]:
        assert f"| `{label}` |" in text, label
        assert label in _sections(), label
    for rel_type in {k.rel_type for k in LinkKind} | {d.rel_type for d in DerivedLink}:
        assert f"| `{rel_type}` |" in text, rel_type


def test_every_stored_property_is_documented_under_its_label(
    session_driver: Driver, neo4j_target: ConnectionTarget, corpus_loaded: IngestReport
) -> None:
    records, _, _ = session_driver.execute_query(
        "CALL db.schema.nodeTypeProperties() YIELD nodeLabels, propertyName "
        "WHERE propertyName IS NOT NULL RETURN nodeLabels[0] AS label, propertyName AS prop",
        database_=neo4j_target.database,
    )
    sections = _sections()
    missing = [
        f"{r['label']}.{r['prop']}"
        for r in records
        if r["prop"] != "stub" and f"`{r['prop']}`" not in sections.get(r["label"], "")
    ]
    assert len(records) > 100 and missing == []


def test_every_relationship_property_is_documented(
    session_driver: Driver, neo4j_target: ConnectionTarget, corpus_loaded: IngestReport
) -> None:
    records, _, _ = session_driver.execute_query(
        "CALL db.schema.relTypeProperties() YIELD relType, propertyName "
        "WHERE propertyName IS NOT NULL RETURN relType, propertyName",
        database_=neo4j_target.database,
    )
    rows = DOC.read_text(encoding="utf-8").split("## Properties")[0].splitlines()
    for record in records:
        rel_type = record["relType"].strip(":`")
        assert any(
            f"| `{rel_type}` |" in row and f"`{record['propertyName']}`" in row for row in rows
        ), f"{rel_type}.{record['propertyName']}"


def test_the_api_serves_the_same_page() -> None:
    assert MODEL_DOC.resolve() == DOC.resolve()
    page = model_page()
    assert "<h1>The graph model</h1>" in page and page.count("<table>") >= 13
