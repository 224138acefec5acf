"""The strawberry schema: Query, Mutation, limits, error coding and masking.

Extensions are passed as classes or factories, so strawberry builds fresh ones for each
request. With `debug`, each response carries the request's Cypher round-trip count in
`extensions.roundTrips` (what the N+1 tests read).
"""

import logging
from collections.abc import Callable
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext
from strawberry.utils.logging import StrawberryLogger

from claimgraph.api.context import Context
from claimgraph.api.cost import CostLimit
from claimgraph.api.errors import ErrorCodes, MaskUnexpected, code_of, is_unexpected
from claimgraph.api.executor import PrecompletingExecutor
from claimgraph.api.limits import LIMITERS
from claimgraph.api.mutations import Mutation
from claimgraph.api.queries import Query


class RoundTripCount(SchemaExtension):
    """Report how many Cypher calls this request made."""

    def get_results(self) -> dict[str, Any]:
        context = self.execution_context.context
        if isinstance(context, Context):
            return {"roundTrips": context.round_trips.count}
        return {}


LOGGER = logging.getLogger("claimgraph.api")


class Schema(strawberry.Schema):
    """Logs a client's error as one line and keeps tracebacks for real faults."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            if is_unexpected(error):
                StrawberryLogger.error(error, execution_context)
                continue
            code = (error.extensions or {}).get("code") or code_of(error)
            where = ".".join(map(str, error.path)) if error.path else "-"
            LOGGER.info("%s at %s: %s", code, where, error.message)


def build_schema(*, debug: bool = False) -> strawberry.Schema:
    extensions: list[type[SchemaExtension] | Callable[[], SchemaExtension]] = [
        *LIMITERS,
        CostLimit,
        ErrorCodes,
        MaskUnexpected,
    ]
    if debug:
        extensions.append(RoundTripCount)
    return Schema(
        query=Query,
        mutation=Mutation,
        extensions=extensions,
        execution_context_class=PrecompletingExecutor,
    )
