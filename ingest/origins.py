"""Where a paper file comes from: the identity that owns what the file writes.

Every node a file writes records its `owner` (the unit the file describes: its source id,
or the catalogue itself) and its `origin` (the file). A file may rewrite or remove only
nodes of its own origin; anything another origin wrote is refused unless the user asks
for `--replace` (ingest.plan). The origin is therefore chosen so that the same file keeps
its identity wherever it is read from, and different files never share one:

- a file of the shipped corpus is `corpus:<file name>`, however the corpus is reached: a
  checkout (moved or not) or an installed wheel, so `claimgraph up` stays idempotent;
- any other file is `file:<absolute path>`: two folders holding a `quantities.yaml` are
  two catalogues, and a copy of a corpus file elsewhere is another file;
- text sent to ingestPaper is `api:<name>`, the name it was sent under.

Graphs written before origins were recorded hold nodes with an owner and no origin; a file
adopts such nodes of its own unit (ingest.plan says when), so they converge on re-ingest.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from claimgraph.ingest.paper_file import CORPUS_DIR

SHIPPED: Final = "corpus:"
FILE: Final = "file:"
API: Final = "api:"


@dataclass(frozen=True, slots=True)
class Origin:
    """A file's identity as the graph records it (`key`), and how to name it to a person."""

    key: str

    @property
    def shipped(self) -> bool:
        """Whether this is a file of the shipped corpus."""
        return self.key.startswith(SHIPPED)

    def describe(self) -> str:
        return describe(self.key)


def origin_of_path(path: Path) -> Origin:
    """The origin of a file on disk: its name within the shipped corpus, else its path."""
    resolved = path.resolve()
    if resolved.parent == CORPUS_DIR.resolve():
        return Origin(f"{SHIPPED}{resolved.name}")
    return Origin(f"{FILE}{resolved}")


def origin_of_text(name: str) -> Origin:
    """The origin of text sent to ingestPaper under `name`."""
    return Origin(f"{API}{name}")


def describe(key: str | None) -> str:
    """An origin key as a person reads it: a path, a corpus file, or an ingestPaper name."""
    if key is None:
        return "an earlier ingest that recorded no file"
    if key.startswith(SHIPPED):
        return f"corpus/{key.removeprefix(SHIPPED)} (the shipped corpus)"
    if key.startswith(FILE):
        return key.removeprefix(FILE)
    if key.startswith(API):
        return f"{key.removeprefix(API)} (sent to ingestPaper)"
    return key


__all__ = ["Origin", "describe", "origin_of_path", "origin_of_text"]
