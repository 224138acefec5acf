"""Root fields answered by one nested read when their selection translates (`api.translation`).

Each helper returns the finished response value, or None when the selection has a field
the translation does not cover (or translation is turned off), in which case the resolver
takes the DataLoader path. Completion that fails for any reason (a null where the schema
promises a value, a computed field that cannot be computed) also falls back: that path
reports the error on the very field, as GraphQL says, and the rest of the answer stands.
"""

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from graphql import GraphQLObjectType, get_named_type

from claimgraph.api.context import Info
from claimgraph.api.pagination import ConnectionPlan, connection_plan
from claimgraph.api.translation import NodePlan, Precompleted, Selection, node_plan

Node = Mapping[str, Any]


def _named(info: Info) -> GraphQLObjectType | None:
    found = get_named_type(info._raw_info.return_type)
    return found if isinstance(found, GraphQLObjectType) else None


def plan_of(info: Info) -> NodePlan | None:
    """The plan of a root field returning an entity or a list of them, if it translates."""
    named = _named(info)
    if not info.context.nested_reads or named is None:
        return None
    raw = info._raw_info
    return node_plan(Selection.of(raw), named, raw.field_nodes)


def connection_plan_of(info: Info) -> ConnectionPlan | None:
    named = _named(info)
    if not info.context.nested_reads or named is None:
        return None
    raw = info._raw_info
    return connection_plan(Selection.of(raw), named, raw.field_nodes)


async def one(plan: NodePlan, read: Callable[[], Awaitable[Node | None]]) -> Precompleted | None:
    """One node read by `read` and completed; None (take the other path) on a mismatch."""
    node = await read()
    try:
        return Precompleted(None if node is None else plan.complete(node))
    except Exception:  # (the resolver path answers it, with per-field errors)
        return None


async def many(
    plan: NodePlan, read: Callable[[], Awaitable[Sequence[Node]]]
) -> Precompleted | None:
    nodes = await read()
    try:
        return Precompleted([plan.complete(node) for node in nodes])
    except Exception:  # (the resolver path answers it, with per-field errors)
        return None
