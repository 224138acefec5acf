"""The strawberry schema: Query, Mutation, limits, error coding and masking.

Extensions are passed as classes or factories, so strawberry builds fresh ones for each
request. With `debug`, each response carries the request's Cypher round-trip count in
`extensions.roundTrips` (what the N+1 tests read).
"""

from collections.abc import Callable
from typing import Any

import strawberry
from strawberry.extensions import SchemaExtension

from claimgraph.api.context import Context
from claimgraph.api.errors import ErrorCodes, MaskUnexpected
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


def build_schema(*, debug: bool = False) -> strawberry.Schema:
    extensions: list[type[SchemaExtension] | Callable[[], SchemaExtension]] = [
        *LIMITERS,
        ErrorCodes,
        MaskUnexpected,
    ]
    if debug:
        extensions.append(RoundTripCount)
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        extensions=extensions,
        execution_context_class=PrecompletingExecutor,
    )
