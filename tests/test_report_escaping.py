"""A paper file whose texts hold markup: the report page shows them as text, never as HTML."""

from pathlib import Path

import pytest
from neo4j import Driver

from claimgraph.graph.connection import ConnectionTarget
from claimgraph.ingest.paper_file import CORPUS_DIR
from claimgraph.ingest.pipeline import ingest_paths
from tests.api_support import api_client

TITLE = '<script>alert("report")</script> & <img src=x onerror=alert(1)> study'

HOSTILE = f"""\
source:
  id: markup-in-title-2025
  title: '{TITLE}'
  kind: paper
  year: 2025
claims:
  - id: markup-title-1-5x-per-year
    quantity: llm-training-algorithmic-efficiency
    category: algorithmic
    statement: Its runs put the yearly gain near 1.5 times, between 1.3 and 1.7 <b>fold</b>.
    estimate:
      value: 1.5
      unit: multiplier_per_year
      interval: {{low: 1.3, high: 1.7, level: 0.9}}
    locator: {{section: results}}
"""


@pytest.fixture(scope="module")
def page(
    session_driver: Driver, neo4j_target: ConnectionTarget, tmp_path_factory: pytest.TempPathFactory
) -> str:
    session_driver.execute_query("MATCH (n) DETACH DELETE n", database_=neo4j_target.database)
    paper = tmp_path_factory.mktemp("hostile-report") / "markup-in-title-2025.yaml"
    paper.write_text(HOSTILE, encoding="utf-8")
    report = ingest_paths(session_driver, neo4j_target.database, [CORPUS_DIR, Path(paper)])
    assert "markup-in-title-2025" in {f.owner for f in report.files}
    with api_client(neo4j_target) as client:
        response = client.get("/report/llm-training-algorithmic-efficiency")
    assert response.status_code == 200, response.text
    text: str = response.text
    return text


def test_a_hostile_source_title_is_escaped(page: str) -> None:
    assert "<script" not in page
    assert "<img" not in page
    assert "&lt;script&gt;alert(&#34;report&#34;)&lt;/script&gt; &amp; &lt;img" in page
    # the claim is pooled (a stated 90% interval), so it has its own row in the plot too
    assert '<g id="estimate-markup-title-1-5x-per-year"' in page
