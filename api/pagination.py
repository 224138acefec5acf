"""Relay-style cursor pagination: edges, pageInfo, totalCount, and a hard page-size cap.

Cursors are opaque offsets into the filtered, ordered list. Asking for more than the
cap is an error, never a silent truncation, so a client cannot mistake a short page
for the end of the data.
"""

import base64
from dataclasses import dataclass
from typing import Generic, TypeVar

import strawberry
from strawberry.types.nodes import SelectedField, Selection

from claimgraph.api.context import Info
from claimgraph.api.errors import BAD_CURSOR, BAD_USER_INPUT, PAGE_SIZE_EXCEEDED, ApiError
from claimgraph.api.limits import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

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
    offset: int
    size: int


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    """The offset a cursor names; a coded error if it is not one of ours."""
    try:
        kind, _, number = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        offset = int(number)
    except (ValueError, UnicodeDecodeError) as error:
        raise ApiError(BAD_CURSOR, f"{cursor!r} is not a valid cursor") from error
    if kind != "offset" or offset < 0:
        raise ApiError(BAD_CURSOR, f"{cursor!r} is not a valid cursor")
    return offset


def window(first: int | None, after: str | None) -> Window:
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
    offset = 0 if after is None else decode_cursor(after) + 1
    return Window(offset, size)


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


def connection(nodes: list[T], at: Window, has_next: bool, total: int | None) -> Connection[T]:
    edges = [Edge(node=node, cursor=encode_cursor(at.offset + i)) for i, node in enumerate(nodes)]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=at.offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=total,
    )
