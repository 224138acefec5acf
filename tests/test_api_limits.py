"""Limits, auth and error masking: every refusal is HTTP 200 with a coded GraphQL error."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from claimgraph.graph.connection import ConnectionTarget
from tests.api_support import TOKEN, api_client, error_codes, post

INGEST = 'mutation { ingestPaper(yaml: "source: {}") { dryRun } }'


@pytest.fixture(scope="module")
def client(session_driver: Driver, neo4j_target: ConnectionTarget) -> Iterator[TestClient]:
    """Over the session's database, with its constraints and indexes (search needs them)."""
    with api_client(neo4j_target) as test_client:
        yield test_client


def test_too_deep_a_query_is_refused_with_a_code(client: TestClient) -> None:
    deep = "{ claims { edges { node { source { claims { source { claims { source { claims { "
    deep += "source { claims { id } } } } } } } } } } } }"
    body = post(client, deep)
    assert error_codes(body) == ["DEPTH_LIMIT_EXCEEDED"]
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]
    assert body.get("data") is None


def test_too_many_aliases_are_refused(client: TestClient) -> None:
    aliases = " ".join(
        f"a{i}: convert(value: 8, from: HALVING_TIME_MONTHS, to: MULTIPLIER_PER_YEAR)"
        for i in range(21)
    )
    body = post(client, "{ " + aliases + " }")
    assert error_codes(body) == ["ALIAS_LIMIT_EXCEEDED"]


def test_too_many_tokens_are_refused(client: TestClient) -> None:
    body = post(client, "{ " + "__typename " * 2100 + "}")
    assert error_codes(body) == ["TOKEN_LIMIT_EXCEEDED"]


def test_page_size_over_the_maximum_is_an_error_not_a_truncation(client: TestClient) -> None:
    body = post(client, "{ claims(first: 101) { totalCount } }")
    assert error_codes(body) == ["PAGE_SIZE_EXCEEDED"]
    assert body["errors"][0]["extensions"]["maxPageSize"] == 100
    assert post(client, "{ claims(first: 100) { totalCount } }").get("errors") is None
    assert error_codes(post(client, "{ claims(first: -1) { totalCount } }")) == ["BAD_USER_INPUT"]
    bad_cursor = post(client, '{ claims(after: "not-a-cursor") { totalCount } }')
    assert error_codes(bad_cursor) == ["BAD_CURSOR"]


def test_validation_and_syntax_errors_are_coded(client: TestClient) -> None:
    assert error_codes(post(client, "{ nosuchfield }")) == ["GRAPHQL_VALIDATION_FAILED"]
    assert error_codes(post(client, "{ claims(")) == ["GRAPHQL_PARSE_FAILED"]
    bad = post(client, "{ convert(value: -1, from: HALVING_TIME_MONTHS, to: MULTIPLIER_PER_YEAR) }")
    assert error_codes(bad) == ["BAD_USER_INPUT"]


def test_a_search_over_lucenes_clause_limit_is_refused_with_its_own_code(
    client: TestClient,
) -> None:
    # More words than Lucene's clause limit (1024) would fail inside the full-text
    # index with an error full of internals; the client gets a code and no internals.
    words = " ".join(f"word{i}" for i in range(1500))
    body = post(client, "query($t: String!) { search(text: $t) { kind } }", {"t": words})
    assert error_codes(body) == ["SEARCH_TOO_COMPLEX"]
    assert "fewer words" in body["errors"][0]["message"]
    assert "Lucene" not in str(body) and "Neo" not in str(body)
    # each word is one clause per indexed property (statement, title, summary):
    # 1024 // 3 = 341 words answer (nothing matches them), 342 are refused up front
    within = " ".join(f"word{i}" for i in range(341))
    assert post(client, "query($t: String!) { search(text: $t) { kind } }", {"t": within}) == {
        "data": {"search": []},
        "extensions": {"roundTrips": 1},
    }
    over = " ".join(f"word{i}" for i in range(342))
    refused = post(client, "query($t: String!) { search(text: $t) { kind } }", {"t": over})
    assert error_codes(refused) == ["SEARCH_TOO_COMPLEX"]
    assert refused["extensions"] == {"roundTrips": 0}  # refused before any query


def test_mutations_need_the_configured_token(client: TestClient) -> None:
    assert error_codes(post(client, INGEST)) == ["UNAUTHENTICATED"]
    wrong = post(client, INGEST, headers={"Authorization": "Bearer wrong"})
    assert error_codes(wrong) == ["UNAUTHENTICATED"]
    right = post(client, INGEST, headers={"Authorization": f"Bearer {TOKEN}"})
    assert error_codes(right) == ["BAD_PAPER_FILE"]  # authenticated: the input is judged


def test_mutations_are_disabled_without_a_configured_token(
    neo4j_target: ConnectionTarget,
) -> None:
    with api_client(neo4j_target, token=None) as client:
        body = post(client, INGEST, headers={"Authorization": f"Bearer {TOKEN}"})
    assert error_codes(body) == ["MUTATIONS_DISABLED"]
    assert "CLAIMGRAPH_API_TOKEN" in body["errors"][0]["message"]


def test_graphiql_is_served(client: TestClient) -> None:
    page = client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
