"""The API under abuse: cost bombs, huge bodies, slow and huge answers, and fuzzing.

Each test prints its counts (tried, refused cleanly, crashed) so a reader of `make soak`
sees the figures. A refusal is clean when it is coded and not INTERNAL_SERVER_ERROR; a
crash is an INTERNAL_SERVER_ERROR or any HTTP 5xx.
"""

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import mutations, queries
from starlette.types import Message

from claimgraph.api.app import create_app
from claimgraph.api.body_limit import BodyLimit
from claimgraph.api.cost import MAX_COST
from claimgraph.api.schema import build_schema
from claimgraph.api.settings import ApiSettings
from claimgraph.graph.connection import ConnectionTarget
from claimgraph.graph.processes import free_port
from claimgraph.schemas.ingest_report import IngestReport
from tests.api_support import TOKEN, api_client, error_codes, post

pytestmark = pytest.mark.soak

BOMB = (
    "{ sources { claims { source { claims { source { claims { source { claims "
    "{ source { claims { id } } } } } } } } } } }"
)
"""Within the depth, alias and token limits, and 10^10 objects by the declared bounds."""
ALIASED_BOMB = "{ " + " ".join(f"a{i}: " + BOMB[2:-2] for i in range(4)) + " }"


def _counts(name: str, tried: int, clean: int, crashed: int) -> None:
    print(f"\n{name}: tried {tried}, refused cleanly {clean}, crashed {crashed}")


@contextmanager
def live_server(target: ConnectionTarget, **extra: Any) -> Iterator[str]:
    """The real app under uvicorn on loopback, in a thread; yields its base URL."""
    settings = ApiSettings.model_validate({"CLAIMGRAPH_API_CACHE_MB": 0, **extra})
    port = free_port()
    config = uvicorn.Config(
        create_app(target, api_settings=settings), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            threading.Event().wait(0.1)
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="module")
def base(corpus_loaded: IngestReport, neo4j_target: ConnectionTarget) -> Iterator[str]:
    with live_server(neo4j_target) as url:
        yield url


def test_cost_bombs_are_refused_up_front_while_health_answers(base: str) -> None:
    async def run() -> tuple[list[httpx.Response], list[httpx.Response]]:
        async with httpx.AsyncClient(base_url=base, timeout=60) as client:
            bombs = [
                client.post("/graphql", json={"query": query}) for query in (BOMB, ALIASED_BOMB) * 5
            ]
            health = [client.get("/health") for _ in range(20)]
            answers = await asyncio.gather(*bombs, *health)
        return list(answers[:10]), list(answers[10:])

    bombs, health = asyncio.run(run())
    clean = 0
    for response in bombs:
        body = response.json()
        assert response.status_code == 200 and body["data"] is None
        (error,) = body["errors"]
        assert error["extensions"]["code"] == "COST_LIMIT_EXCEEDED"
        assert error["extensions"]["cost"] > MAX_COST
        assert error["extensions"]["maxCost"] == MAX_COST
        clean += 1
    assert all(r.status_code == 200 and r.json() == {"status": "ok"} for r in health)
    # sources 100 x (claims 100 x (source 1 x ...)) over five levels: 100 objects deep
    # five times, about 1.0e10; four aliases of it cost four times as much
    costs = {r.json()["errors"][0]["extensions"]["cost"] for r in bombs}
    assert len(costs) == 2 and max(costs) == 4 * min(costs) and min(costs) > 10**10
    _counts("cost bombs", len(bombs), clean, len(bombs) - clean)


def test_a_ten_megabyte_body_is_refused_by_its_length(base: str) -> None:
    big = b'{"query": "{ sources { id } }", "padding": "' + b"x" * 10_000_000 + b'"}'
    response = httpx.post(
        base + "/graphql", content=big, headers={"Content-Type": "application/json"}, timeout=60
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    _counts("declared 10 MB body", 1, 1, 0)


def test_a_streamed_body_is_refused_once_past_the_limit_and_read_no_further(base: str) -> None:
    chunk = b"x" * 65_536
    sent = 0

    def body() -> Iterator[bytes]:
        nonlocal sent
        yield b'{"query": "{ sources { id } }", "padding": "'
        for _ in range(160):  # 10 MB
            sent += len(chunk)
            yield chunk
        yield b'"}'

    with pytest.raises(httpx.TransportError):
        # the server answers 413 and closes while the client still sends: either the
        # client sees the 413 or the closed connection, never a 200
        response = httpx.post(
            base + "/graphql", content=body(), headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 413
        raise httpx.TransportError("answered 413")
    _counts("streamed 10 MB body", 1, 1, 0)


async def test_the_body_limit_stops_reading_at_the_limit() -> None:
    """At the ASGI level: how many chunks the app pulled before the refusal."""
    pulled = 0
    sent: list[Message] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        while (await receive()).get("more_body"):
            pass

    async def receive() -> Message:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": b"x" * 1000, "more_body": pulled < 10_000}

    async def send(message: Message) -> None:
        sent.append(message)

    limited = BodyLimit(app, max_bytes=50_000)
    await limited({"type": "http", "headers": []}, receive, send)
    assert pulled == 51  # 51 chunks of 1,000 bytes pass 50,000; nothing after is read
    assert sent[0]["status"] == 413


def test_a_request_over_its_time_limit_is_refused_with_its_cost(
    corpus_loaded: IngestReport, neo4j_target: ConnectionTarget
) -> None:
    with api_client(neo4j_target, CLAIMGRAPH_API_REQUEST_SECONDS=1e-9) as client:
        body = post(client, "{ sources { id claims { id } } }")
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "REQUEST_TIMEOUT"
    # sources (bound 100) x (1 + claims bound 100) = 10,100
    assert error["extensions"]["cost"] == 100 * (1 + 100)
    _counts("request time limit", 1, 1, 0)


def test_an_answer_over_the_size_limit_is_refused_with_its_cost(
    corpus_loaded: IngestReport, neo4j_target: ConnectionTarget
) -> None:
    with api_client(neo4j_target, CLAIMGRAPH_API_MAX_RESPONSE_MB=0.001) as client:
        body = post(client, "{ sources { id title } }")
        small = post(client, '{ source(id: "ho-2024-algorithmic-progress-lms") { id } }')
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "RESPONSE_TOO_LARGE"
    assert error["extensions"]["maxBytes"] == 1048 and error["extensions"]["bytes"] > 1048
    assert error["extensions"]["cost"] == 100  # sources, bound 100, with scalars only
    assert "errors" not in small
    _counts("response size limit", 2, 1, 0)


SCHEMA_SDL = build_schema().as_str()


@pytest.fixture(scope="module")
def fuzz_client(
    corpus_loaded: IngestReport, neo4j_target: ConnectionTarget
) -> Iterator[TestClient]:
    with api_client(neo4j_target) as client:
        yield client


class Tally:
    def __init__(self) -> None:
        self.tried = self.clean = self.answered = self.crashed = 0

    def judge(self, response: Any, query: str) -> None:
        self.tried += 1
        assert response.status_code < 500, query
        body = response.json()
        codes = error_codes(body)
        if "INTERNAL_SERVER_ERROR" in codes or None in codes:
            self.crashed += 1
        elif codes:
            self.clean += 1
        else:
            self.answered += 1
        assert "INTERNAL_SERVER_ERROR" not in codes, query
        assert None not in codes, (query, body)


QUERY_TALLY = Tally()
MUTATION_TALLY = Tally()


@settings(
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=queries(SCHEMA_SDL))
def test_fuzzed_queries_never_crash(fuzz_client: TestClient, query: str) -> None:
    QUERY_TALLY.judge(fuzz_client.post("/graphql", json={"query": query}), query)


def test_fuzz_counts_queries() -> None:
    t = QUERY_TALLY
    _counts(f"fuzzed queries ({t.answered} answered)", t.tried, t.clean, t.crashed)
    assert t.tried >= 2000 and t.crashed == 0


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=mutations(SCHEMA_SDL), authorized=st.booleans())
def test_fuzzed_mutations_never_crash(
    fuzz_client: TestClient, query: str, authorized: bool
) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"} if authorized else {}
    response = fuzz_client.post("/graphql", json={"query": query}, headers=headers)
    MUTATION_TALLY.judge(response, query)


def test_fuzz_counts_mutations() -> None:
    t = MUTATION_TALLY
    _counts(f"fuzzed mutations ({t.answered} answered)", t.tried, t.clean, t.crashed)
    assert t.tried >= 200 and t.crashed == 0
