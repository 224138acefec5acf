"""YAML trees as plain Python, and the line of every location in them (for error messages).

The round-trip loader keeps line numbers; `index_lines` turns them into an index from
locations (("claims", 2, "estimate", "unit")) to 1-based lines, kept next to the validated
document. `LazyLines` builds that index only when an error needs it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Final

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from claimgraph.schemas.paper_file import Path as Location


class LazyLines(Mapping[Location, int]):
    """The line index of a file that loaded cleanly, built from its text on first use.

    Most valid files never need it; the ones that do (a reference that resolves nowhere,
    an id taken by another file) pay for one round-trip parse then.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: dict[Location, int] | None = None

    def _index(self) -> dict[Location, int]:
        if self._lines is None:
            lines: dict[Location, int] = {}
            try:
                index_lines(YAML(typ="rt").load(self._text), (), 1, lines)
            except YAMLError:  # the safe loader read it; should the other not, say line 1
                lines = {}
            self._lines, self._text = lines, ""
        return self._lines

    def __getitem__(self, location: Location) -> int:
        return self._index()[location]

    def __iter__(self) -> Iterator[Location]:
        return iter(self._index())

    def __len__(self) -> int:
        return len(self._index())


_PLAIN_TYPES: Final = (str, int, float, bool, dt.date, type(None))


def is_plain(node: object) -> bool:
    """Only mappings, lists and the scalars both loaders build alike (no sets, no tags)."""
    if isinstance(node, dict):
        return all(map(is_plain, node.keys())) and all(map(is_plain, node.values()))
    if isinstance(node, list):
        return all(map(is_plain, node))
    return isinstance(node, _PLAIN_TYPES)


def index_lines(node: object, location: Location, line: int, out: dict[Location, int]) -> None:
    out[location] = line
    if isinstance(node, CommentedMap):
        for key in node:
            key_line = node.lc.key(key)[0] + 1
            index_lines(node[key], (*location, str(key)), key_line, out)
    elif isinstance(node, CommentedSeq):
        for index, item in enumerate(node):
            item_line = node.lc.item(index)[0] + 1
            index_lines(item, (*location, index), item_line, out)


def plain(node: object) -> object:
    """Strip ruamel's subclasses so pydantic sees plain dict/list/str/int/float/bool/date."""
    if isinstance(node, Mapping):
        return {str(key): plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [plain(item) for item in node]
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, dt.datetime):
        return node
    if isinstance(node, dt.date):
        return dt.date(node.year, node.month, node.day)
    return node


def node_line(node: object) -> int:
    lc = getattr(node, "lc", None)
    return int(lc.line) + 1 if lc is not None else 1


def line_of(lines: Mapping[Location, int], location: Location) -> int:
    for end in range(len(location), -1, -1):
        line = lines.get(location[:end])
        if line is not None:
            return line
    return 1


__all__ = ["LazyLines", "index_lines", "is_plain", "line_of", "node_line", "plain"]
