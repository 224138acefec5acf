"""ingestPaper under the write side's rules: hostile YAML, takeovers, `replace: true`."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from claimgraph.graph.connection import ConnectionTarget
from claimgraph.ingest.paper_file import CORPUS_DIR
from claimgraph.ingest.pipeline import ingest_paths
from tests.api_support import TOKEN, api_client, error_codes, post
from tests.graph_checksum import graph_checksum
from tests.hostile_catalogue import HOSTILE_DIR

AUTH = {"Authorization": f"Bearer {TOKEN}"}
MUTATION = """mutation($yaml: String!, $name: String, $replace: Boolean!) {
  ingestPaper(yaml: $yaml, name: $name, replace: $replace) {
    files { file origin changes { label id change replacedFrom } } } }"""
PODCAST = "podcast-digest-scaling-laws-and-compute-allocation"
NOTES = f"source: {{id: {PODCAST}, title: My notes, kind: blog_post}}\nclaims: []\n"


@pytest.fixture
def client(driver: Driver, neo4j_target: ConnectionTarget) -> Iterator[TestClient]:
    ingest_paths(driver, neo4j_target.database, [CORPUS_DIR])
    with api_client(neo4j_target) as test_client:
        yield test_client


def _send(client: TestClient, yaml: str, *, replace: bool = False) -> dict[str, object]:
    variables = {"yaml": yaml, "name": "my-notes.yaml", "replace": replace}
    return post(client, MUTATION, variables, headers=AUTH)


def test_an_alias_bomb_is_a_bad_paper_file_with_its_line(
    client: TestClient, driver: Driver, neo4j_target: ConnectionTarget
) -> None:
    before = graph_checksum(driver, neo4j_target.database)
    body = _send(client, (HOSTILE_DIR / "alias-bomb.yaml").read_text())
    assert error_codes(body) == ["BAD_PAPER_FILE"]
    (problem,) = body["errors"][0]["extensions"]["errors"]  # type: ignore[index]
    assert (problem["line"], problem["field"]) == (8, "lol5[6]")
    assert "expands to more than 500,000 YAML nodes" in problem["message"]
    assert graph_checksum(driver, neo4j_target.database) == before


def test_a_takeover_is_refused_and_with_replace_lists_what_it_replaced(
    client: TestClient, driver: Driver, neo4j_target: ConnectionTarget
) -> None:
    before = graph_checksum(driver, neo4j_target.database)
    refused = _send(client, NOTES)
    assert error_codes(refused) == ["BAD_PAPER_FILE"]
    (problem,) = refused["errors"][0]["extensions"]["errors"]  # type: ignore[index]
    assert problem["field"] == "source.id" and f"corpus/{PODCAST}.yaml" in problem["message"]
    assert graph_checksum(driver, neo4j_target.database) == before
    body = _send(client, NOTES, replace=True)
    assert "errors" not in body, body
    (file,) = body["data"]["ingestPaper"]["files"]  # type: ignore[index]
    assert file["origin"] == "api:my-notes.yaml"
    replaced = [c for c in file["changes"] if c["replacedFrom"]]
    # the source rewritten; its 3 claims, 1 evidence and 3 quantities removed
    assert sorted(c["change"] for c in replaced) == ["REMOVED"] * 7 + ["UPDATED"]
    assert all(f"corpus/{PODCAST}.yaml" in c["replacedFrom"] for c in replaced)
