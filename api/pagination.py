"""Relay-style keyset pagination: edges, pageInfo, totalCount, and a hard page-size cap.

A cursor is opaque to clients; it holds the sort order, the sort key and the id of the
item it points at, and the next page starts right after that item (`graph.claim_pages`),
so any page costs the same. Asking for more than the cap is an error, never a silent
truncation, so a client cannot mistake a short page for the end of the data.
"""

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import strawberry
from graphql import FieldNode, GraphQLObjectType, get_named_type
from strawberry.types.nodes import SelectedField, Selection

from claimgraph.api.context import Info
from claimgraph.api.errors import BAD_CURSOR, BAD_USER_INPUT, PAGE_SIZE_EXCEEDED, ApiError
from claimgraph.api.limits import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from claimgraph.api.translation import NodePlan, node_plan
from claimgraph.api.translation import Selection as Reading
from claimgraph.graph.claim_pages import After, ClaimOrderField, ClaimPage
from claimgraph.graph.projection import Label, Shape

T = TypeVar("T")


@strawberry.type(description="Where a page sits in the whole list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether items follow this page.")
    has_previous_page: bool = strawberry.field(description="Whether items precede this page.")
    start_cursor: str | None = strawberry.field(
        description="Cursor of the page's first item; null on an empty page."
    )
    end_cursor: str | None = strawberry.field(
        description="Cursor of the page's last item: pass it as `after` for the next page."
    )


@strawberry.type(description="One item of a page and the cursor to resume after it.")
class Edge(Generic[T]):
    node: T = strawberry.field(description="The item.")
    cursor: str = strawberry.field(description="Pass as `after` to resume after this item.")


@strawberry.type(description="A page of a list, with the total count of the whole list.")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The page's items, in order.")
    page_info: PageInfo = strawberry.field(description="Where the page sits in the whole list.")
    total_count: int | None = strawberry.field(
        description="How many items match in all pages; counted only when selected."
    )


@dataclass(frozen=True)
class Window:
    order: ClaimOrderField
    after: After | None
    size: int


_STRING_KEYS = frozenset({ClaimOrderField.ID, ClaimOrderField.QUANTITY, ClaimOrderField.SOURCE})


def encode_cursor(order: ClaimOrderField, key: Any, item_id: str) -> str:
    text = json.dumps([order.value, key, item_id], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode()


def decode_cursor(cursor: str, order: ClaimOrderField) -> After:
    """Where a cursor resumes; a coded error unless it is one of ours for this order."""
    try:
        kind, key, item_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, TypeError, UnicodeDecodeError) as error:
        raise ApiError(BAD_CURSOR, f"{cursor!r} is not a valid cursor") from error
    key_type = str if order in _STRING_KEYS else int
    if kind != order.value or not isinstance(item_id, str) or type(key) is not key_type:
        raise ApiError(BAD_CURSOR, f"{cursor!r} is not a cursor of a list ordered by {order.name}")
    return After(key, item_id)


def window(first: int | None, after: str | None, order: ClaimOrderField) -> Window:
    """Validate `first`/`after`: default 20, at most 100, never negative."""
    size = DEFAULT_PAGE_SIZE if first is None else first
    if size < 0:
        raise ApiError(BAD_USER_INPUT, f"first must be >= 0, got {size}")
    if size > MAX_PAGE_SIZE:
        raise ApiError(
            PAGE_SIZE_EXCEEDED,
            f"first={size} exceeds the maximum page size {MAX_PAGE_SIZE}; page with `after`",
            maxPageSize=MAX_PAGE_SIZE,
        )
    return Window(order, None if after is None else decode_cursor(after, order), size)


def asks_for_total(info: Info) -> bool:
    """Whether the query selects totalCount, which costs a count over every match."""
    return any(_selects_total(field.selections) for field in info.selected_fields)


def _selects_total(selections: list[Selection]) -> bool:
    for selection in selections:
        if isinstance(selection, SelectedField):
            if selection.name == "totalCount":
                return True
        elif _selects_total(selection.selections):  # a fragment spread or inline fragment
            return True
    return False


def _cursors(page: ClaimPage, at: Window) -> list[str]:
    return [encode_cursor(at.order, row.key, row.id) for row in page.rows]


def _page_info(page: ClaimPage, at: Window, cursors: Sequence[str]) -> PageInfo:
    return PageInfo(
        has_next_page=page.has_next,
        has_previous_page=at.after is not None,
        start_cursor=cursors[0] if cursors else None,
        end_cursor=cursors[-1] if cursors else None,
    )


def connection(nodes: list[T], page: ClaimPage, at: Window) -> Connection[T]:
    """The connection object of the resolver path (nodes built from the page's rows)."""
    cursors = _cursors(page, at)
    edges = [Edge(node=node, cursor=cursor) for node, cursor in zip(nodes, cursors, strict=True)]
    return Connection(edges=edges, page_info=_page_info(page, at, cursors), total_count=page.total)


@dataclass(frozen=True)
class ConnectionPlan:
    """A whole connection's selection read in one query: the nodes' plan and what else."""

    node: NodePlan
    total: bool
    fields: tuple[tuple[str, str, Any], ...]

    @property
    def shape(self) -> Shape:
        return self.node.shape

    def complete(self, page: ClaimPage, at: Window) -> dict[str, Any]:
        cursors = _cursors(page, at)
        info = _page_info(page, at, cursors)
        out: dict[str, Any] = {}
        for key, name, sub in self.fields:
            if name == "totalCount":
                out[key] = page.total
            elif name == "pageInfo":
                out[key] = {k: getattr(info, attr) for k, attr in sub}
            elif name == "edges":
                out[key] = self._edges(page, cursors, sub)
            else:
                out[key] = sub
        return out

    @staticmethod
    def _edges(
        page: ClaimPage, cursors: Sequence[str], sub: tuple[tuple[str, str, Any], ...]
    ) -> list[dict[str, Any]]:
        edges = []
        for row, cursor in zip(page.rows, cursors, strict=True):
            edge: dict[str, Any] = {}
            for key, name, extra in sub:
                if name == "node":
                    edge[key] = extra.complete(row.node)
                elif name == "cursor":
                    edge[key] = cursor
                else:
                    edge[key] = extra  # __typename
            edges.append(edge)
        return edges


_PAGE_INFO = {
    "hasNextPage": "has_next_page",
    "hasPreviousPage": "has_previous_page",
    "startCursor": "start_cursor",
    "endCursor": "end_cursor",
}


def connection_plan(
    reading: Reading, connection_type: GraphQLObjectType, nodes: Sequence[FieldNode]
) -> ConnectionPlan | None:
    """The plan of a connection field's selection, or None where it cannot be translated.

    Every `edges { node }` of the selection must ask the same of the node (one shape).
    """
    fields = reading.fields(connection_type, nodes)
    if fields is None:
        return None
    node: NodePlan | None = None
    total = False
    parts: list[tuple[str, str, Any]] = []
    for key, same_key in fields.items():
        name = same_key[0].name.value
        if name == "__typename":
            parts.append((key, name, connection_type.name))
        elif name == "totalCount":
            total = True
            parts.append((key, name, None))
        elif name == "pageInfo":
            info_type = _object_type(connection_type, name)
            sub = reading.fields(info_type, same_key) if info_type else None
            if info_type is None or sub is None:
                return None
            pairs = []
            for sub_key, sub_nodes in sub.items():
                sub_name = sub_nodes[0].name.value
                if sub_name == "__typename":
                    return None
                pairs.append((sub_key, _PAGE_INFO[sub_name]))
            parts.append((key, name, tuple(pairs)))
        elif name == "edges":
            edge_type = _object_type(connection_type, name)
            edge_fields = reading.fields(edge_type, same_key) if edge_type else None
            if edge_type is None or edge_fields is None:
                return None
            triples: list[tuple[str, str, Any]] = []
            for sub_key, sub_nodes in edge_fields.items():
                sub_name = sub_nodes[0].name.value
                if sub_name == "node":
                    node_type = _object_type(edge_type, "node")
                    plan = node_plan(reading, node_type, sub_nodes) if node_type else None
                    if plan is None or (node is not None and plan.shape != node.shape):
                        return None
                    node = plan
                    triples.append((sub_key, "node", plan))
                elif sub_name == "__typename":
                    triples.append((sub_key, sub_name, edge_type.name))
                else:
                    triples.append((sub_key, "cursor", None))
            parts.append((key, name, tuple(triples)))
        else:
            return None
    empty = NodePlan(Shape(Label.CLAIM), ())
    return ConnectionPlan(node or empty, total, tuple(parts))


def _object_type(parent: GraphQLObjectType, field: str) -> GraphQLObjectType | None:
    found = get_named_type(parent.fields[field].type)
    return found if isinstance(found, GraphQLObjectType) else None
