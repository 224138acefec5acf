"""Whose nodes a file may write: its own; older ones it adopts; others' only with --replace.

The graph says, for every node a file would touch, which unit holds it (`owner`) and which
file wrote it (`origin`, see ingest.origins). `sort_holding` splits them:

- *mine*: written by this very file;
- *adopted*: written before origins were recorded, by this file's unit. The shipped corpus
  adopts them always (so `claimgraph up` converges on an old graph); any other file only
  when it would remove none of them (the same file read again);
- *contested*: held by another file: the same source or catalogue written from another
  origin, older nodes this file may not adopt, or ids of another unit.

Contested nodes are refused, naming both holders, unless the user passes `--replace`
(`replace: true` to ingestPaper); then they are rewritten or removed like the file's own,
and the report lists each with its previous holder.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass

from claimgraph.graph.paper_store import StoredNode
from claimgraph.ingest.origins import Origin, describe
from claimgraph.ingest.paper_file import LoadedFile, PaperFileError
from claimgraph.schemas.paper_file import Definition, PaperFile

REPLACE_HINT = "pass --replace (replace: true to ingestPaper) to replace them with this file"


@dataclass(frozen=True)
class Holding:
    """The nodes one file touches, by how they are held (id -> node)."""

    mine: dict[str, StoredNode]
    adopted: dict[str, StoredNode]
    contested: dict[str, StoredNode]

    def effective(self, *, replace: bool) -> dict[str, StoredNode]:
        """What the file writes as its own: with `replace`, contested nodes too."""
        own = {**self.mine, **self.adopted}
        return {**self.contested, **own} if replace else own


def holder(node: StoredNode) -> str:
    """Who holds `node`, in words: its unit and the file that wrote it."""
    return f"{_unit(node.owner)} from {describe(node.origin)}"


def sort_holding(
    origin: Origin,
    held: Iterable[StoredNode],
    foreign: Mapping[str, StoredNode],
    defined: Set[str],
) -> Holding:
    """Split what a file touches into its own, what it adopts, and what others hold."""
    mine: dict[str, StoredNode] = {}
    legacy: dict[str, StoredNode] = {}
    contested: dict[str, StoredNode] = {}
    for node in held:
        if node.origin == origin.key:
            mine[node.id] = node
        elif node.origin is None:
            legacy[node.id] = node
        else:
            contested[node.id] = node
    adopt = origin.shipped or set(legacy) <= defined
    adopted = legacy if adopt else {}
    if not adopt:
        contested.update(legacy)
    contested.update({i: n for i, n in foreign.items() if i not in mine and i not in adopted})
    return Holding(mine, adopted, contested)


def contest_errors(
    loaded: LoadedFile,
    origin: Origin,
    owner: str,
    holding: Holding,
    definitions: Sequence[Definition],
) -> list[PaperFileError]:
    """The refusals for contested nodes: one per other holder of the file's own unit (at
    the source's id), and one per id another unit holds (at that id)."""
    errors: list[PaperFileError] = []
    defined = {d.id: d for d in definitions}
    same_unit = [n for n in holding.contested.values() if n.owner == owner]
    by_holder: dict[str | None, list[StoredNode]] = {}
    for node in same_unit:
        by_holder.setdefault(node.origin, []).append(node)
    for other, nodes in sorted(by_holder.items(), key=lambda item: item[0] or ""):
        rewritten = [n for n in nodes if n.id in defined]
        removed = [n for n in nodes if n.id not in defined]
        errors.append(
            loaded.error(
                _unit_location(loaded),
                f"{_unit(owner)} is already held by {describe(other)}; this file, "
                f"{origin.describe()}, would rewrite {_count(rewritten)} and remove "
                f"{_count(removed)} of its nodes{_listing(removed)}: {REPLACE_HINT}",
            )
        )
    for node in sorted(holding.contested.values(), key=lambda n: n.id):
        if node.owner == owner or node.id not in defined:
            continue
        errors.append(
            loaded.error(
                defined[node.id].path,
                f"id {node.id!r} is already a {node.kind.value} of {node.owner!r} (from "
                f"{describe(node.origin)}): ids must be unique across the corpus; rename it, "
                f"or {REPLACE_HINT}",
            )
        )
    return errors


def _unit(owner: str) -> str:
    if owner.startswith("catalogue:"):
        return f"the quantity catalogue {describe(owner.removeprefix('catalogue:'))}"
    return f"source {owner!r}"


def _unit_location(loaded: LoadedFile) -> tuple[str | int, ...]:
    return ("source", "id") if isinstance(loaded.document, PaperFile) else ("quantities",)


def _count(nodes: Sequence[StoredNode]) -> str:
    if not nodes:
        return "none"
    kinds = Counter(n.kind.value for n in nodes)
    return ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))


def _listing(nodes: Sequence[StoredNode], shown: int = 8) -> str:
    if not nodes:
        return ""
    ids = sorted(n.id for n in nodes)
    more = f", and {len(ids) - shown} more" if len(ids) > shown else ""
    return f" ({', '.join(ids[:shown])}{more})"


__all__ = ["REPLACE_HINT", "Holding", "contest_errors", "holder", "sort_holding"]
