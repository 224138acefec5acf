"""`Query.derivedResults`: whether the stored derived results reflect every paper write.

The reconciliation pass records which paper writes it computed from (graph.graph_state);
after an interrupted run the results can lag behind the files, and this field says so,
until the next ingest or `claimgraph reconcile` brings them level.
"""

import datetime as dt

import strawberry

from claimgraph.api.context import Info
from claimgraph.graph import graph_state


@strawberry.type(description="Whether the stored consensus, conflicts and flags are current.")
class DerivedResults:
    stale: bool = strawberry.field(
        description="True when paper files were written after the last reconciliation "
        "pass (or no pass recorded what it computed from)."
    )
    computed_at: dt.datetime | None = strawberry.field(
        description="When the last reconciliation pass that changed anything ran."
    )


async def derived_results(info: Info) -> DerivedResults:
    rows = await info.context.reader.rows(graph_state.READ)
    state = graph_state.state_of(rows[0])
    return DerivedResults(stale=state.stale, computed_at=state.computed_at)


field = strawberry.field(
    resolver=derived_results,
    description="Whether the derived results are stale, and when they were computed.",
)
"""The root field, as `Query` mounts it."""
