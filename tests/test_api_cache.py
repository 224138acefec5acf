"""The response cache: a repeated query is answered from memory until the graph changes.

Against a real Neo4j for what matters to a user (a hit returns the same answer; a
write from anywhere, here a second driver standing in for Neo4j Browser, is seen on
the next request), and around a counting ASGI app for the middleware's own rules.
"""

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from neo4j import Driver
from starlette.types import Receive, Scope, Send

from claimgraph.api.app import create_app
from claimgraph.api.cache_middleware import ResponseCacheMiddleware, cache_key
from claimgraph.api.response_cache import CachedResponse, ResponseCache
from claimgraph.api.settings import ApiSettings
from claimgraph.graph.connection import ConnectionTarget
from claimgraph.ingest.paper_file import CORPUS_DIR
from claimgraph.ingest.pipeline import ingest_paths

BYRNES = "byrnes-2026-nature-of-llm-algorithmic-progress"
SOURCE = "query($id: ID!) { source(id: $id) { id title } }"
CACHE = "x-claimgraph-cache"


@pytest.fixture
def client(driver: Driver, neo4j_target: ConnectionTarget) -> Iterator[TestClient]:
    ingest_paths(driver, neo4j_target.database, [CORPUS_DIR])
    settings = ApiSettings.model_validate({"CLAIMGRAPH_API_CACHE_MB": 4})
    with TestClient(create_app(neo4j_target, api_settings=settings)) as test_client:
        yield test_client


def _ask(client: TestClient, query: str, variables: dict[str, Any] | None = None) -> httpx.Response:
    response: httpx.Response = client.post(
        "/graphql", json={"query": query, "variables": variables or {}}
    )
    assert response.status_code == 200, response.text
    return response


def test_a_repeated_query_is_a_hit_with_the_same_answer(client: TestClient) -> None:
    first = _ask(client, SOURCE, {"id": BYRNES})
    second = _ask(client, SOURCE, {"id": BYRNES})
    assert (first.headers[CACHE], second.headers[CACHE]) == ("miss", "hit")
    assert second.json() == first.json()
    assert first.json()["data"]["source"]["title"] == "The nature of LLM algorithmic progress"
    assert second.headers["content-type"].startswith("application/json")
    assert int(second.headers["content-length"]) == len(second.content)


def test_a_write_by_another_client_is_seen_on_the_next_request(
    client: TestClient, driver: Driver, neo4j_target: ConnectionTarget
) -> None:
    _ask(client, SOURCE, {"id": BYRNES})
    assert _ask(client, SOURCE, {"id": BYRNES}).headers[CACHE] == "hit"
    driver.execute_query(
        "MATCH (s:Source {id: $id}) SET s.title = $title",
        id=BYRNES,
        title="Renamed by a curator",
        database_=neo4j_target.database,
    )
    after = _ask(client, SOURCE, {"id": BYRNES})
    assert after.headers[CACHE] == "miss"
    assert after.json()["data"]["source"]["title"] == "Renamed by a curator"


def test_variables_name_different_entries(client: TestClient) -> None:
    other = "ho-2024-algorithmic-progress-lms"
    _ask(client, SOURCE, {"id": BYRNES})
    response = _ask(client, SOURCE, {"id": other})
    assert response.headers[CACHE] == "miss"
    assert response.json()["data"]["source"]["id"] == other


def test_answers_with_errors_and_mutations_are_never_kept(client: TestClient) -> None:
    broken = "{ source(id: 1) { id nonsense } }"
    assert [_ask(client, broken).headers[CACHE] for _ in range(2)] == ["miss", "miss"]
    mutation = 'mutation { ingestPaper(yaml: "x") { dryRun } }'
    refused = _ask(client, mutation)
    assert refused.json()["errors"] and CACHE not in refused.headers


def test_no_cache_asks_for_a_fresh_answer(client: TestClient) -> None:
    _ask(client, SOURCE, {"id": BYRNES})
    fresh = client.post(
        "/graphql",
        json={"query": SOURCE, "variables": {"id": BYRNES}},
        headers={"Cache-Control": "no-cache"},
    )
    assert fresh.headers[CACHE] == "miss"


REPORT = "/report/llm-training-algorithmic-efficiency"
LLM_NAME = "LLM training compute efficiency from algorithms"


def _page(client: TestClient, path: str, status: int = 200) -> httpx.Response:
    response: httpx.Response = client.get(path)
    assert response.status_code == status, response.text
    return response


def test_a_report_page_is_drawn_once_per_revision(
    client: TestClient, driver: Driver, neo4j_target: ConnectionTarget
) -> None:
    first, second = _page(client, REPORT), _page(client, REPORT)
    assert (first.headers[CACHE], second.headers[CACHE]) == ("miss", "hit")
    assert second.text == first.text and LLM_NAME in first.text
    for header in ("content-security-policy", "content-type", "cache-control"):
        assert second.headers[header] == first.headers[header], header
    assert int(second.headers["content-length"]) == len(second.content)
    assert [_page(client, "/report").headers[CACHE] for _ in range(2)] == ["miss", "hit"]
    # a page that is not found is cheap and never kept
    missing = [_page(client, "/report/no-such-quantity", 404) for _ in range(2)]
    assert [m.headers[CACHE] for m in missing] == ["miss", "miss"]
    # a curator renames the quantity in Neo4j Browser: both pages are drawn afresh
    rename = "MATCH (q:Quantity {id: $id}) SET q.name = $name"
    quantity = REPORT.rsplit("/", 1)[1]
    driver.execute_query(
        rename, id=quantity, name="Renamed by a curator", database_=neo4j_target.database
    )
    try:
        page, index = _page(client, REPORT), _page(client, "/report")
        assert (page.headers[CACHE], index.headers[CACHE]) == ("miss", "miss")
        assert "Renamed by a curator" in page.text and "Renamed by a curator" in index.text
        assert LLM_NAME not in index.text
    finally:
        driver.execute_query(rename, id=quantity, name=LLM_NAME, database_=neo4j_target.database)


def test_debug_mode_answers_without_the_cache(neo4j_target: ConnectionTarget) -> None:
    settings = ApiSettings.model_validate({"CLAIMGRAPH_API_DEBUG": True})
    assert not settings.caches_responses
    with TestClient(create_app(neo4j_target, api_settings=settings)) as debug_client:
        response = debug_client.post("/graphql", json={"query": "{ sources { id } }"})
        page = debug_client.get("/report")
    assert CACHE not in response.headers
    assert page.status_code == 200 and CACHE not in page.headers


class CountingApp:
    """A stand-in GraphQL endpoint that counts executions and answers after a pause."""

    def __init__(self, answer: dict[str, Any]) -> None:
        self.answer = answer
        self.calls = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls += 1
        await receive()
        await asyncio.sleep(0.05)
        body = json.dumps(self.answer).encode()
        headers = [(b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _middleware(app: CountingApp, revisions: list[str]) -> ResponseCacheMiddleware:
    async def revision() -> str:
        return revisions[-1]

    return ResponseCacheMiddleware(
        app, cache=ResponseCache(2**20), revision=revision, path="/graphql"
    )


async def _post_many(middleware: ResponseCacheMiddleware, count: int) -> list[httpx.Response]:
    transport = httpx.ASGITransport(app=middleware)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        return list(
            await asyncio.gather(
                *(http.post("/graphql", json={"query": "{ sources { id } }"}) for _ in range(count))
            )
        )


async def test_concurrent_misses_run_the_query_once() -> None:
    app = CountingApp({"data": {"sources": []}})
    responses = await _post_many(_middleware(app, ["r1"]), 10)
    assert app.calls == 1
    assert sorted(r.headers[CACHE] for r in responses) == ["hit"] * 9 + ["miss"]
    assert {r.text for r in responses} == {'{"data": {"sources": []}}'}


async def test_a_new_revision_runs_the_query_again() -> None:
    app = CountingApp({"data": {"sources": []}})
    revisions = ["r1"]
    middleware = _middleware(app, revisions)
    await _post_many(middleware, 1)
    await _post_many(middleware, 1)
    revisions.append("r2")
    await _post_many(middleware, 1)
    assert app.calls == 2


async def test_an_answer_with_errors_is_not_kept() -> None:
    app = CountingApp({"data": None, "errors": [{"message": "boom"}]})
    await _post_many(_middleware(app, ["r1"]), 1)
    await _post_many(_middleware(app, ["r1"]), 1)
    assert app.calls == 2


def test_only_query_operations_have_a_key() -> None:
    def body(query: str, name: str | None = None) -> bytes:
        return json.dumps({"query": query, "operationName": name}).encode()

    assert cache_key(body("{ sources { id } }")) is not None
    assert cache_key(body('mutation { ingestPaper(yaml: "") { dryRun } }')) is None
    assert cache_key(body("query A { sources { id } } mutation B { x }", "B")) is None
    assert cache_key(body("query A { sources { id } } mutation B { x }", "A")) is not None
    assert cache_key(body("{ unbalanced ")) is None
    assert cache_key(b"not json") is None
    assert cache_key(body("{ a }")) != cache_key(body("{ b }"))


def test_the_cache_keeps_within_its_byte_budget_dropping_the_least_recent() -> None:
    def entry(size: int) -> CachedResponse:
        return CachedResponse(revision="r", status=200, headers=(), body=b"x" * size)

    cache = ResponseCache(max_bytes=3 * entry(1000).size)
    for key in (b"a", b"b", b"c"):
        cache.put(key, entry(1000))
    assert cache.get(b"a", "r") is not None  # a is now the most recently used
    cache.put(b"d", entry(1000))
    assert cache.get(b"b", "r") is None and cache.get(b"a", "r") is not None
    assert cache.get(b"a", "another revision") is None
    assert len(cache) == 3 and cache.bytes_used <= cache.max_bytes
    cache.put(b"huge", entry(10_000))
    assert cache.get(b"huge", "r") is None
