"""Every kind of bad paper file, refused by ingest against a loaded graph, which stays as it was.

Each case changes one line of the valid file in tests/test_paper_file.py (line numbers
in its comments), ingests it into a graph holding the whole corpus, and checks the error
names the file, the line and the field, and that nothing in the graph changed: node and
link counts and every stored content hash.
"""

from pathlib import Path

import pytest
from neo4j import Driver

from claimgraph.graph.connection import ConnectionTarget
from claimgraph.ingest.paper_file import YAML_FIELD, PaperFileError
from claimgraph.ingest.pipeline import ingest_paths
from claimgraph.schemas.ingest_report import IngestReport
from tests.test_paper_file import write

GRAPH_STATE = """
CALL { MATCH (n) RETURN count(n) AS nodes, collect(n.content_hash) AS hashes }
CALL { MATCH ()-[r]->() RETURN count(r) AS links }
RETURN nodes, links, hashes
"""


@pytest.fixture(scope="module")
def loaded_graph(corpus_loaded: IngestReport, session_driver: Driver) -> Driver:
    return session_driver


def graph_state(driver: Driver, target: ConnectionTarget) -> tuple[int, int, list[str]]:
    records, _, _ = driver.execute_query(GRAPH_STATE, database_=target.database)
    row = records[0]
    return row["nodes"], row["links"], sorted(h for h in row["hashes"] if h is not None)


@pytest.mark.parametrize(
    ("changes", "line", "field", "words"),
    [
        pytest.param({18: "      value: 8: 9"}, 18, YAML_FIELD, "mapping values", id="yaml"),
        pytest.param(
            {31: "    upper_bond: true"}, 31, "claims[1].upper_bond", "unknown field",
            id="unknown field",
        ),
        pytest.param(
            {30: "      unit: furlongs"}, 30, "claims[1].estimate.unit", "not a valid unit",
            id="unknown unit",
        ),
        pytest.param(
            {18: "      value: 20"}, 18, "claims[0].estimate.value", "outside its interval",
            id="interval without its point",
        ),
        pytest.param(
            {21: "        low: 15"}, 21, "claims[0].estimate.interval.low", "is above high",
            id="low above high",
        ),
        pytest.param(
            {18: "      value: 0"}, 18, "claims[0].estimate.value", "must be > 0",
            id="zero halving time",
        ),
        pytest.param(
            {18: "      value: -8"}, 18, "claims[0].estimate.value", "must be > 0",
            id="negative halving time",
        ),
        pytest.param(
            {5: "  year: 1850"}, 5, "source.year", "outside 1900..2100", id="year out of range"
        ),
        pytest.param(
            {24: "  - id: test-claim-a"}, 24, "claims[1].id", "duplicate id", id="duplicate id"
        ),
        pytest.param(
            {14: "    quantity: no-such-quantity"}, 14, "claims[0].quantity",
            "unknown quantity 'no-such-quantity'", id="reference to nothing",
        ),
        pytest.param(
            {36: "      - test-critique"}, 36, "critiques[0].targets[0]", "targets itself",
            id="critique of itself",
        ),
        pytest.param(
            {13: "  - id: epoch-2024-training-halving-8mo"}, 13, "claims[0].id",
            "already a Claim of 'ho-2024-algorithmic-progress-lms'",
            id="id owned by another file",
        ),
    ],
)  # fmt: skip
def test_bad_file_is_refused_and_the_graph_is_unchanged(
    loaded_graph: Driver,
    neo4j_target: ConnectionTarget,
    tmp_path: Path,
    changes: dict[int, str | None],
    line: int,
    field: str,
    words: str,
) -> None:
    path = write(tmp_path, changes)
    before = graph_state(loaded_graph, neo4j_target)
    assert before[0] > 0
    with pytest.raises(PaperFileError) as caught:
        ingest_paths(loaded_graph, neo4j_target.database, [path])
    error = caught.value
    assert (error.file, error.line, error.field) == (path, line, field), str(error)
    assert words in error.message
    assert graph_state(loaded_graph, neo4j_target) == before
