"""The GraphQL endpoint with the limits that hold a whole request: time and response size.

A query runs under one deadline for everything it does (`CLAIMGRAPH_API_REQUEST_SECONDS`),
beside the per-statement timeout Neo4j enforces; an answer whose JSON would exceed
`CLAIMGRAPH_API_MAX_RESPONSE_MB` is replaced by a refusal. Both refusals carry their own
code and the request's computed cost (`api.cost`). Mutations are left to finish: an
ingest cut off mid-way would leave the client unsure whether it was written.
"""

import asyncio
import logging
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLError
from strawberry.fastapi import GraphQLRouter
from strawberry.http import GraphQLRequestData
from strawberry.types import ExecutionResult

from claimgraph.api.cache_middleware import is_query_operation
from claimgraph.api.context import Context
from claimgraph.api.errors import REQUEST_TIMEOUT, RESPONSE_TOO_LARGE

LOGGER = logging.getLogger("claimgraph.api")


@dataclass
class RequestFacts:
    """What the cost extension learns of a request, for the refusals made after it."""

    cost: int | None = None


REQUEST_FACTS: ContextVar[RequestFacts | None] = ContextVar("request_facts", default=None)


def record_cost(cost: int) -> None:
    facts = REQUEST_FACTS.get()
    if facts is not None:
        facts.cost = cost


class LimitedGraphQLRouter(GraphQLRouter[Context, None]):
    def __init__(
        self, *args: Any, request_seconds: float, max_response_bytes: int, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.request_seconds = request_seconds
        self.max_response_bytes = max_response_bytes

    async def execute_operation(
        self,
        request: Any,
        request_adapter: Any,
        request_data: GraphQLRequestData | list[GraphQLRequestData],
        context: Context,
        root_value: None,
        sub_response: Any,
    ) -> Any:
        facts = RequestFacts()
        REQUEST_FACTS.set(facts)
        run = super().execute_operation(
            request, request_adapter, request_data, context, root_value, sub_response
        )
        if not _is_query(request_data):
            return await run
        try:
            async with asyncio.timeout(self.request_seconds):
                return await run
        except TimeoutError:
            LOGGER.info("REQUEST_TIMEOUT after %g s (cost %s)", self.request_seconds, facts.cost)
            error = GraphQLError(
                f"The request took longer than {self.request_seconds:g} s and was stopped.",
                extensions={
                    "code": REQUEST_TIMEOUT,
                    "limitSeconds": self.request_seconds,
                    "cost": facts.cost,
                },
            )
            return ExecutionResult(data=None, errors=[error])

    def encode_json(self, data: object) -> str | bytes:
        encoded = super().encode_json(data)
        if len(encoded) <= self.max_response_bytes:
            return encoded
        facts = REQUEST_FACTS.get()
        cost = facts.cost if facts else None
        LOGGER.info("RESPONSE_TOO_LARGE: %d bytes (cost %s)", len(encoded), cost)
        refusal = {
            "data": None,
            "errors": [
                {
                    "message": f"The answer would be {len(encoded):,} bytes, over the limit of "
                    f"{self.max_response_bytes:,}; ask for fewer fields or smaller pages.",
                    "extensions": {
                        "code": RESPONSE_TOO_LARGE,
                        "bytes": len(encoded),
                        "maxBytes": self.max_response_bytes,
                        "cost": cost,
                    },
                }
            ],
        }
        return super().encode_json(refusal)


def _is_query(request_data: GraphQLRequestData | list[GraphQLRequestData]) -> bool:
    if isinstance(request_data, list) or request_data.query is None:
        return False
    return is_query_operation(request_data.query, request_data.operation_name)
