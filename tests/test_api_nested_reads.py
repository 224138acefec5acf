"""One nested read answers what the DataLoaders answer, in one round trip.

Every query here is asked twice of the shipped corpus: once with nested reads (the
selection translated into one Cypher query, `api.translation`) and once with them turned
off (every field through its resolver and DataLoader). The answers must be identical,
byte for byte once parsed: same values, same order, same nulls, same cursors. The
queries cover every field the translation reads (stored properties, links in both
directions, fields of rebuilt models, computed values), aliases, fragments, @skip and
@include, and hypothesis-graphql writes a few hundred more from the schema itself.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema

from claimgraph.api.app import create_app
from claimgraph.api.schema import build_schema
from claimgraph.api.settings import ApiSettings
from claimgraph.graph.connection import ConnectionTarget
from claimgraph.schemas.ingest_report import IngestReport

EPOCH = "epoch-2024-training-halving-8mo"
BYRNES = "byrnes-2026-nature-of-llm-algorithmic-progress"
TRAINING_Q = "llm-training-algorithmic-efficiency"

CLAIM_FIELDS = """id statement category upperBound
  estimate { value unit interval { low high level } years period { startYear endYear }
             computeScaleFlop label }
  locator { section text span }
  normalized { kind unit value low high r log10R halvingMonths rLow rHigh seLnR assumption }"""
SOURCE_FIELDS = "id title authors date year url kind"

QUERIES: tuple[tuple[str, dict[str, Any]], ...] = (
    (
        """{ claims(first: 100) { edges { node { id statement source { id title }
             evidence { id summary } critiques { id kind summary source { id title } } } } } }""",
        {},
    ),
    (
        f"""{{ claims(first: 100) {{ totalCount pageInfo {{ hasNextPage hasPreviousPage
             startCursor endCursor }} edges {{ cursor node {{ {CLAIM_FIELDS}
             quantity {{ id name description scope direction }}
             source {{ {SOURCE_FIELDS} }} cites {{ id }} citedBy {{ id }}
             evidence {{ id kind scope summary }} }} }} }} }}""",
        {},
    ),
    (
        f"""{{ sources {{ {SOURCE_FIELDS} cites {{ id title }} citedBy {{ id }}
             claims {{ id quantity {{ id }} }}
             critiques {{ id kind summary targets {{ id }} alternative {{ id }}
                          source {{ id }} }} }} }}""",
        {},
    ),
    (
        "{ quantities { id name scope claims { id source { id } } } }",
        {},
    ),
    (
        f"""query($s: ID!, $c: ID!, $q: ID!) {{
             source(id: $s) {{ {SOURCE_FIELDS} claims {{ {CLAIM_FIELDS} }} }}
             claim(id: $c) {{ {CLAIM_FIELDS} critiques {{ id source {{ id claims {{ id }} }} }} }}
             quantity(id: $q) {{ id claims {{ id normalized {{ r }} }} }}
             missing: claim(id: "no-such-claim") {{ id }} }}""",
        {"s": BYRNES, "c": EPOCH, "q": TRAINING_Q},
    ),
    (
        """query($t: ID!) { all: critiques { id kind targets { id } }
             aimed: critiques(target: $t) { id summary source { title } } }""",
        {"t": EPOCH},
    ),
    (
        """query($yes: Boolean!, $no: Boolean!) {
             claims(first: 30, orderBy: {field: SOURCE_YEAR, direction: DESC}) {
               __typename kind: totalCount
               edges { __typename c: cursor node { ...claimBits
                 again: id at: source @include(if: $yes) { name: title }
                 skipped: statement @skip(if: $yes) kept: statement @include(if: $no) } } } }
           fragment claimBits on Claim { __typename id ... on Claim { category } }""",
        {"yes": True, "no": False},
    ),
    (
        """{ claims(filter: {scope: TRAINING, flagged: true}, first: 5) {
             totalCount edges { node { id flags { kind } } } } }""",
        {},
    ),
)
"""The last one selects `flags`, which has no translation: it answers by DataLoaders in
both modes, and must still agree."""


def _client(target: ConnectionTarget, nested: bool) -> TestClient:
    settings = ApiSettings.model_validate(
        {"CLAIMGRAPH_API_DEBUG": True, "CLAIMGRAPH_API_NESTED_READS": nested}
    )
    return TestClient(create_app(target, api_settings=settings))


@pytest.fixture(scope="module")
def clients(
    corpus_loaded: IngestReport, neo4j_target: ConnectionTarget
) -> Iterator[tuple[TestClient, TestClient]]:
    with _client(neo4j_target, True) as nested, _client(neo4j_target, False) as loaders:
        yield nested, loaders


def _ask(client: TestClient, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _both(
    clients: tuple[TestClient, TestClient], query: str, variables: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    nested, loaders = clients
    return _ask(nested, query, variables), _ask(loaders, query, variables)


@pytest.mark.parametrize(("query", "variables"), QUERIES)
def test_both_paths_give_the_same_answer(
    clients: tuple[TestClient, TestClient], query: str, variables: dict[str, Any]
) -> None:
    fast, slow = _both(clients, query, variables)
    assert "errors" not in fast, fast["errors"]
    assert fast["data"] == slow["data"]
    assert any(value for value in fast["data"].values())  # the corpus answers something


def test_a_translated_page_is_one_round_trip(clients: tuple[TestClient, TestClient]) -> None:
    query, _ = QUERIES[1]  # totalCount, cursors, links two levels deep, computed fields
    fast, slow = _both(clients, query, {})
    assert fast["extensions"]["roundTrips"] == 1
    # the DataLoader path: the page (with its count), then one batch per linked field
    # (quantity, source, cites, citedBy, evidence)
    assert slow["extensions"]["roundTrips"] == 6


def test_paging_through_every_order_gives_the_same_pages(
    clients: tuple[TestClient, TestClient],
) -> None:
    query = """query($after: String, $order: ClaimOrderInput, $f: ClaimFilterInput) {
      claims(first: 7, after: $after, orderBy: $order, filter: $f) {
        totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
        edges { cursor node { id } } } }"""
    orders = [
        {"field": field, "direction": direction}
        for field in ("ID", "SOURCE_YEAR", "PERIOD_START", "QUANTITY", "SOURCE")
        for direction in ("ASC", "DESC")
    ]
    for order in orders:
        for where in ({}, {"scope": "TRAINING"}, {"fromYear": 2015}):
            after = None
            seen: list[str] = []
            while True:
                variables = {"after": after, "order": order, "f": where}
                fast, slow = _both(clients, query, variables)
                assert fast == slow
                page = fast["data"]["claims"]
                seen.extend(edge["node"]["id"] for edge in page["edges"])
                assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
                if not page["pageInfo"]["hasNextPage"]:
                    break
                after = page["pageInfo"]["endCursor"]
            # keyset pages neither skip nor repeat a claim, whatever the order
            assert len(seen) == len(set(seen)) == page["totalCount"], (order, where)


def test_a_cursor_of_another_order_is_refused(clients: tuple[TestClient, TestClient]) -> None:
    nested, _ = clients
    first = _ask(nested, "{ claims(first: 1) { pageInfo { endCursor } } }", {})
    cursor = first["data"]["claims"]["pageInfo"]["endCursor"]
    other = _ask(
        nested,
        "query($a: String) { claims(after: $a, orderBy: {field: QUANTITY}) { totalCount } }",
        {"a": cursor},
    )
    assert [e["extensions"]["code"] for e in other["errors"]] == ["BAD_CURSOR"]


READ_FIELDS = ["sources", "source", "claims", "claim", "quantities", "quantity", "critiques"]
READ_QUERIES = from_schema(build_schema().as_str(), fields=READ_FIELDS)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_generated_queries_agree(
    clients: tuple[TestClient, TestClient], data: st.DataObject
) -> None:
    query = data.draw(READ_QUERIES)
    assert isinstance(query, str)
    fast, slow = _both(clients, query, {})
    assert fast.get("data") == slow.get("data"), query
    codes = sorted(e.get("extensions", {}).get("code") for e in fast.get("errors", []))
    assert codes == sorted(e.get("extensions", {}).get("code") for e in slow.get("errors", []))
    assert "INTERNAL_SERVER_ERROR" not in codes, query
