"""Every refusal a user can cause has its own code and message; real faults are masked.

Arithmetic that overflows a float, a search longer than the full-text index can hold,
and paper text no file could hold are each answered with a specific code, never
INTERNAL_SERVER_ERROR. The server log says one line for each of those, and keeps a
traceback for a fault nobody anticipated (shown to the client only as masked).
"""

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
import strawberry
from fastapi.testclient import TestClient
from neo4j import Driver

from claimgraph.api.errors import ErrorCodes, MaskUnexpected
from claimgraph.api.schema import Schema
from claimgraph.graph.connection import ConnectionTarget
from claimgraph.schemas.ingest_report import IngestReport
from tests.api_support import TOKEN, api_client, error_codes, post

TRAINING_Q = "llm-training-algorithmic-efficiency"
CONVERT = "query($v: Float!, $f: Unit!) { convert(value: $v, from: $f, to: {to}) }"
INGEST = """mutation($y: String!) { ingestPaper(yaml: $y, name: "odd.yaml", dryRun: true) {
  dryRun } }"""
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def client(corpus_loaded: IngestReport, neo4j_target: ConnectionTarget) -> Iterator[TestClient]:
    with api_client(neo4j_target) as test_client:
        yield test_client


@pytest.mark.parametrize(
    ("value", "unit", "to"),
    [
        # 2^(12 / 0.0001) = 2^120000: no float holds it
        (0.0001, "HALVING_TIME_MONTHS", "MULTIPLIER_PER_YEAR"),
        # 10^1000 likewise
        (1000.0, "ORDERS_OF_MAGNITUDE_PER_YEAR", "MULTIPLIER_PER_YEAR"),
        # 1e308x per year is a float, but as a percentage (r - 1) * 100 it is inf
        (1e308, "MULTIPLIER_PER_YEAR", "PERCENT_PER_YEAR"),
    ],
)
def test_a_conversion_beyond_a_float_is_value_out_of_range(
    client: TestClient, value: float, unit: str, to: str
) -> None:
    body = post(client, CONVERT.replace("{to}", to), {"v": value, "f": unit})
    assert error_codes(body) == ["VALUE_OUT_OF_RANGE"]
    assert "range of a 64-bit float" in body["errors"][0]["message"]
    assert body["errors"][0]["path"] == ["convert"]


def test_a_conversion_within_range_still_answers(client: TestClient) -> None:
    # 1e-4 orders of magnitude a year: r = 10^0.0001 = 1.00023
    body = post(
        client, CONVERT.replace("{to}", "MULTIPLIER_PER_YEAR"),
        {"v": 0.0001, "f": "ORDERS_OF_MAGNITUDE_PER_YEAR"},
    )  # fmt: skip
    assert body["data"]["convert"] == pytest.approx(10**0.0001)


@pytest.mark.parametrize("se", [1e300, 0.0, -1.0, 1e-300])
def test_an_assumed_se_outside_its_range_is_refused(client: TestClient, se: float) -> None:
    body = post(
        client,
        """query($q: ID!, $se: Float) { quantity(id: $q) {
             pooledWithout(claims: [], assumeSeForPoints: $se) { k r } } }""",
        {"q": TRAINING_Q, "se": se},
    )
    assert error_codes(body) == ["VALUE_OUT_OF_RANGE"]
    assert body["errors"][0]["extensions"]["range"] == [1e-6, 10.0]
    assert body["errors"][0]["path"] == ["quantity", "pooledWithout"]


@pytest.mark.parametrize(
    ("text", "kind", "line"),
    [
        ("source:\n  id: x\n  title: \x00\x01\x02\n", "binary, not YAML text", 3),
        ("source:\n  id: \udcff\n", "not UTF-8 text", 2),
        ("\x7fELF\x02\x01\x01", "binary, not YAML text", 1),
    ],
)
def test_paper_text_no_file_could_hold_is_a_bad_paper_file(
    client: TestClient, driver_state: Any, text: str, kind: str, line: int
) -> None:
    # sent as ASCII JSON, whose \u escapes can carry what UTF-8 cannot (a lone surrogate)
    raw = json.dumps({"query": INGEST, "variables": {"y": text}})
    response = client.post(
        "/graphql", content=raw, headers={**AUTH, "Content-Type": "application/json"}
    )
    assert response.status_code == 200
    body = response.json()
    assert error_codes(body) == ["BAD_PAPER_FILE"]
    (problem,) = body["errors"][0]["extensions"]["errors"]
    assert problem["file"] == "odd.yaml" and problem["line"] == line
    assert kind in problem["message"]
    assert driver_state() == driver_state.before  # nothing was written


@pytest.fixture
def driver_state(session_driver: Driver, neo4j_target: ConnectionTarget) -> Any:
    def state() -> tuple[int, int]:
        records, _, _ = session_driver.execute_query(
            "MATCH (n) WITH count(n) AS nodes OPTIONAL MATCH ()-[r]->() "
            "RETURN nodes, count(r) AS links",
            database_=neo4j_target.database,
        )
        return records[0]["nodes"], records[0]["links"]

    state.before = state()  # type: ignore[attr-defined]
    return state


@strawberry.type
class Faulty:
    @strawberry.field
    def fault(self) -> int:
        raise RuntimeError("disk /srv/secret is full")


def test_a_real_fault_is_masked_for_the_client_and_logged_with_its_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    schema = Schema(query=Faulty, extensions=[ErrorCodes, MaskUnexpected])
    with caplog.at_level(logging.INFO):
        result = schema.execute_sync("{ fault }")
    assert result.errors is not None
    (error,) = result.errors
    assert error.message == "Internal server error." and "secret" not in str(error.formatted)
    assert error.extensions == {"code": "INTERNAL_SERVER_ERROR"}
    (record,) = [r for r in caplog.records if "disk /srv/secret" in r.getMessage()]
    assert record.exc_info is not None  # the traceback is in the log, for whoever runs it


def test_a_user_error_is_logged_as_one_line_without_a_traceback(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        post(client, '{ claims(after: "not-a-cursor") { totalCount } }')
    lines = [r for r in caplog.records if "BAD_CURSOR" in r.getMessage()]
    assert len(lines) == 1
    assert lines[0].exc_info is None and "\n" not in lines[0].getMessage()
    assert lines[0].getMessage().startswith("BAD_CURSOR at claims:")
