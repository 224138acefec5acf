"""Helpers for the API tests: post a GraphQL document, read data, errors and round trips."""

from typing import Any

from fastapi.testclient import TestClient

from claimgraph.api.app import create_app
from claimgraph.api.settings import ApiSettings
from claimgraph.graph.connection import ConnectionTarget

TOKEN = "test-token-0123456789"


def api_client(
    target: ConnectionTarget, *, token: str | None = TOKEN, nested: bool = True, **extra: object
) -> TestClient:
    """A TestClient of the real app (debug on: responses carry extensions.roundTrips).

    `nested=False` answers every field through the DataLoaders; `extra` sets more
    settings by their environment names.
    """
    settings = ApiSettings.model_validate(
        {
            "CLAIMGRAPH_API_TOKEN": token,
            "CLAIMGRAPH_API_DEBUG": True,
            "CLAIMGRAPH_API_NESTED_READS": nested,
            **extra,
        }
    )
    return TestClient(create_app(target, api_settings=settings))


def post(
    client: TestClient,
    query: str,
    variables: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """POST /graphql; always HTTP 200 (errors travel in the body), returned as JSON."""
    response = client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers or {}
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def data(client: TestClient, query: str, variables: dict[str, Any] | None = None) -> Any:
    """The `data` of a query that must succeed."""
    body = post(client, query, variables)
    assert "errors" not in body, body["errors"]
    return body["data"]


def error_codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors", [])]
