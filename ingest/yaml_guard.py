"""Limits on a paper file's YAML, checked on the parser's events before any tree is built.

A few hundred bytes of YAML can ask for gigabytes (an alias bomb), overflow the stack of a
recursive composer (deep nesting), or make a constructor raise (a `!!python` tag, a date
that does not exist, an integer of thousands of digits). The event stream is flat and
lazy: walking it costs little, stops at the first problem, and knows each node's line
and field, so every such file gets a `FILE:LINE: FIELD: MESSAGE` and nothing else runs.

Limits (documented in docs/paper-format.md, "Limits"):
- MAX_FILE_BYTES, whatever the content: a file is one transaction;
- MAX_DEPTH levels of nesting (a paper file needs six);
- MAX_ALIASES aliases, and MAX_NODES nodes once aliases are expanded;
- only the YAML core tags; no merge keys (`<<`), no keys that are collections;
- numbers of at most MAX_NUMBER_CHARS characters, and dates that exist.

`needs_guard` says whether a text could be deep enough to hurt libyaml's recursive
composer, which the fast loader uses; the careful loader always runs the guard first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from ruamel.yaml import YAML
from ruamel.yaml.constructor import BaseConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    Event,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import VersionedResolver

from claimgraph.ingest.paper_errors import YAML_FIELD, PaperFileError, yaml_error
from claimgraph.schemas.fields import shorten
from claimgraph.schemas.paper_file import Path as Location
from claimgraph.schemas.paper_file import format_path

MAX_FILE_BYTES: Final = 4 * 2**20
"""4 MiB, about 13,000 claims: a file is written in one transaction, and a throwaway Neo4j
with a 768 MB heap wrote a 6.4 MB file (20,000 claims) in one; a 50 MB one exhausts it."""

MAX_DEPTH: Final = 32
"""Nesting levels; a paper file needs six (claims, a claim, its estimate, its interval)."""

MAX_ALIASES: Final = 100
MAX_NODES: Final = 500_000
"""Nodes after expanding aliases: about four times what a file of MAX_FILE_BYTES holds."""

MAX_NUMBER_CHARS: Final = 100
"""A number written with more characters is refused before any conversion (Python refuses
integers of more than 4,300 digits with an exception of its own)."""

C_SAFE_DEPTH: Final = 1_000
"""Nesting libyaml's recursive composer survives on a thread with 512 KB of stack (it needs
about 300 bytes a level; threads get 8 MB on glibc). Deeper text must pass the guard first."""

_CORE: Final = "tag:yaml.org,2002:"
SCALAR_TAGS: Final = frozenset(
    f"{_CORE}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
)
COLLECTION_TAGS: Final = frozenset({f"{_CORE}map", f"{_CORE}seq"})
_STR: Final = f"{_CORE}str"
_INT_OR_FLOAT: Final = frozenset({f"{_CORE}int", f"{_CORE}float"})
_MERGE: Final = f"{_CORE}merge"

_RESOLVER: Final = VersionedResolver(version=(1, 2))


def size_problem(file: Path, size: int) -> PaperFileError | None:
    """The refusal of a file of `size` bytes, or None when it is within MAX_FILE_BYTES."""
    if size <= MAX_FILE_BYTES:
        return None
    return PaperFileError(
        file,
        1,
        YAML_FIELD,
        f"the file has {size:,} bytes; a paper file may have at most {MAX_FILE_BYTES:,} "
        f"({MAX_FILE_BYTES // 2**20} MiB), since each file is written in one transaction: "
        "split it into one file per source",
    )


def needs_guard(text: str) -> bool:
    """False only when `text` cannot nest deeper than C_SAFE_DEPTH.

    A cheap upper bound on the depth: every flow collection starts with `[` or `{`, and
    every block collection sits deeper on its line than its parent, so block nesting is at
    most twice the longest run of indentation and indicators (`- `, `? `, `: `) that opens
    a line. Characters inside quoted text only make the bound looser.
    """
    flow = text.count("[") + text.count("{")
    if flow > C_SAFE_DEPTH:
        return True
    longest = 0
    for line in text.splitlines():
        stripped = line.lstrip(" \t-?:")
        longest = max(longest, len(line) - len(stripped))
    return flow + 2 * (longest + 1) + 1 > C_SAFE_DEPTH


@dataclass
class _Frame:
    """An open collection: where it is, what it holds so far, and (for a mapping) the key."""

    location: Location
    is_mapping: bool
    anchor: str | None
    size: int = 1
    index: int = 0
    key: str | None = None
    expecting_key: bool = True


@dataclass
class _Walk:
    file: Path
    constructor: BaseConstructor = field(default_factory=lambda: YAML(typ="safe").constructor)
    frames: list[_Frame] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)
    open_anchors: set[str] = field(default_factory=set)
    aliases: int = 0
    nodes: int = 0

    def error(self, event: Event, location: Location, message: str) -> PaperFileError:
        line = event.start_mark.line + 1 if event.start_mark is not None else 1
        return PaperFileError(self.file, line, format_path(location) or YAML_FIELD, message)

    def place(self, event: NodeEvent) -> Location:
        """The location of the node `event` starts, advancing its parent past it."""
        if not self.frames:
            return ()
        parent = self.frames[-1]
        if not parent.is_mapping:
            parent.index += 1
            return (*parent.location, parent.index - 1)
        if parent.expecting_key:
            if not isinstance(event, ScalarEvent):
                raise self.error(
                    event,
                    parent.location,
                    "a mapping key must be a plain scalar, not a collection or an alias",
                )
            parent.expecting_key = False
            parent.key = event.value
            return (*parent.location, event.value)
        parent.expecting_key = True
        return (*parent.location, parent.key or "?")

    def grow(self, event: Event, location: Location, nodes: int, *, in_parent: bool) -> None:
        """Count `nodes` more nodes; a collection adds its size to its parent when it ends."""
        self.nodes += nodes
        if in_parent and self.frames:
            self.frames[-1].size += nodes
        if self.nodes > MAX_NODES:
            raise self.error(
                event,
                location,
                f"the file expands to more than {MAX_NODES:,} YAML nodes "
                "(aliases repeat what they point at): write the data out plainly",
            )

    def step(self, event: Event) -> None:
        if isinstance(event, CollectionEndEvent):
            done = self.frames.pop()
            if done.anchor is not None:
                self.sizes[done.anchor] = done.size
                self.open_anchors.discard(done.anchor)
            if self.frames:
                self.frames[-1].size += done.size
            return
        if not isinstance(event, NodeEvent):
            return  # stream and document boundaries
        location = self.place(event)
        if isinstance(event, AliasEvent):
            self.alias(event, location)
        elif isinstance(event, ScalarEvent):
            self.scalar(event, location)
            self.grow(event, location, 1, in_parent=True)
            if event.anchor is not None:
                self.sizes[event.anchor] = 1
        elif isinstance(event, CollectionStartEvent):
            self.collection(event, location)

    def alias(self, event: AliasEvent, location: Location) -> None:
        anchor = event.anchor or ""
        self.aliases += 1
        if self.aliases > MAX_ALIASES:
            raise self.error(event, location, f"more than {MAX_ALIASES} aliases (*name)")
        if anchor in self.open_anchors:
            raise self.error(event, location, f"alias *{anchor} refers to a node that contains it")
        if anchor not in self.sizes:
            raise self.error(event, location, f"alias *{anchor} refers to no anchor before it")
        self.grow(event, location, self.sizes[anchor], in_parent=True)

    def collection(self, event: CollectionStartEvent, location: Location) -> None:
        is_mapping = isinstance(event, MappingStartEvent)
        if event.tag is not None and event.tag not in COLLECTION_TAGS:
            raise self.error(event, location, _tag_message(event.tag))
        if len(self.frames) >= MAX_DEPTH:
            raise self.error(
                event, location, f"nesting deeper than {MAX_DEPTH} levels: no paper file needs it"
            )
        self.grow(event, location, 1, in_parent=False)
        self.frames.append(_Frame(location, is_mapping, event.anchor))
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)

    def scalar(self, event: ScalarEvent, location: Location) -> None:
        value = event.value
        tag = event.tag
        if tag is None or tag == "!":
            tag = str(_RESOLVER.resolve(ScalarNode, value, event.implicit)) if tag is None else _STR
        if tag == _MERGE:
            raise self.error(
                event, location, "merge keys (<<) are not supported: write the fields out"
            )
        if tag not in SCALAR_TAGS:
            raise self.error(event, location, _tag_message(tag, value))
        if tag == _STR:
            return
        if tag in _INT_OR_FLOAT and len(value) > MAX_NUMBER_CHARS:
            raise self.error(
                event,
                location,
                f"a number written with {len(value):,} characters: numbers may have at most "
                f"{MAX_NUMBER_CHARS}",
            )
        try:
            self.constructor.construct_object(ScalarNode(tag, value), deep=True)
        except (ValueError, ArithmeticError, KeyError, YAMLError) as error:
            kind = {"timestamp": "date", "bool": "boolean"}.get(tag.removeprefix(_CORE), "number")
            why = "" if isinstance(error, KeyError) else f": {error}"
            raise self.error(
                event, location, f"{shorten(value)!r} is not a valid {kind}{why}"
            ) from error


def _tag_message(tag: str, value: str | None = None) -> str:
    shown = "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag
    what = f" on {shorten(value)!r}" if value is not None else ""
    return (
        f"the tag {shorten(shown)!r}{what} is not allowed: a paper file holds plain "
        "mappings, lists, text, numbers, booleans and dates"
    )


def guard(text: str, file: Path) -> PaperFileError | None:
    """The first limit `text` breaks, as a PaperFileError with line and field; else None.

    YAML syntax errors found on the way are reported as the loaders report them.
    """
    size = len(text.encode("utf-8", errors="surrogatepass"))
    too_large = size_problem(file, size)
    if too_large is not None:
        return too_large
    walk = _Walk(file)
    try:
        for event in YAML(typ="safe").parse(text):
            walk.step(event)
    except PaperFileError as error:
        return error
    except MarkedYAMLError as error:
        return yaml_error(file, error)
    except ReaderError as error:  # a character YAML does not allow, at a text position
        line = text.count("\n", 0, max(0, error.position)) + 1
        char = error.character
        code = f"#x{char:04x}" if isinstance(char, int) else repr(char)
        message = f"YAML error: unacceptable character {code}: {error.reason}"
        return PaperFileError(file, line, YAML_FIELD, message)
    except YAMLError as error:
        return PaperFileError(file, 1, YAML_FIELD, f"YAML error: {error}")
    except UnicodeError as error:
        return PaperFileError(
            file, 1, YAML_FIELD, f"the text is not valid Unicode (a lone surrogate?): {error}"
        )
    return None


__all__ = [
    "C_SAFE_DEPTH",
    "MAX_ALIASES",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "MAX_NUMBER_CHARS",
    "guard",
    "needs_guard",
    "size_problem",
]
