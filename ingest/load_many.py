"""Load many paper files at once, on every core when there are enough of them to pay off.

Parsing YAML is most of an ingest's time on a large corpus (about 0.05 s
for a file of a hundred claims), and each file is parsed on its own, so big runs spread
the files over worker processes. Small runs (the shipped corpus, the tests) stay in this
process, where starting workers would cost more than it saves. Workers are forked, which
costs no imports and needs no `__main__` guard in the caller, and so only from a process
with no other thread (a thread holding a lock at fork time could hang a worker); a
threaded caller loads in-process. Results come back in the order of `paths` with the same
errors either way.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

from claimgraph.graph.paper_rows import DocumentRows, document_rows, legacy_owner_of, owner_of
from claimgraph.ingest.origins import Origin, origin_of_path
from claimgraph.ingest.paper_file import LoadedFile, PaperFileError, check_paper_file
from claimgraph.schemas.paper_file import PaperFile

PARALLEL_MIN_BYTES: Final = 1_000_000
"""Below this much YAML (about 30 files of 100 claims, 1.5 s of parsing) one process will do."""

MAX_WORKERS: Final = 8


@dataclass(frozen=True)
class LoadResult:
    """One file: validated with its origin, owner and graph rows, or the errors it has.

    `legacy_owner` is the owner the file's nodes had before origins were recorded, when
    the file may adopt such nodes (ingest.plan); None when it may not.
    """

    path: Path
    loaded: LoadedFile | None
    origin: Origin
    owner: str
    legacy_owner: str | None
    rows: DocumentRows | None
    errors: list[PaperFileError]

    @classmethod
    def of(
        cls, path: Path, origin: Origin, loaded: LoadedFile | None, errors: list[PaperFileError]
    ) -> LoadResult:
        """The result for a file checked as `loaded` (None) with `errors`, from `origin`."""
        if loaded is None:
            return cls(path, None, origin, "", None, None, errors)
        document = loaded.document
        owner = owner_of(document, origin.key)
        legacy: str | None = legacy_owner_of(document, path.stem)
        if not isinstance(document, PaperFile) and not origin.shipped:
            legacy = None  # any folder may hold a quantities.yaml: a stem names no catalogue
        rows = document_rows(document, owner, origin.key)
        return cls(path, loaded, origin, owner, legacy, rows, errors)


def load_files(paths: Sequence[Path]) -> list[LoadResult]:
    """Check and convert every file, in parallel when the run is large enough."""
    workers = _worker_count(paths)
    if workers <= 1:
        return [load_one(path) for path in paths]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        chunk = max(1, min(16, len(paths) // (workers * 4)))
        return [_thaw(item) for item in pool.map(_load_frozen, paths, chunksize=chunk)]


def load_one(path: Path) -> LoadResult:
    loaded, errors = check_paper_file(path)
    return LoadResult.of(path, origin_of_path(path), loaded, errors)


def _worker_count(paths: Sequence[Path]) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if not cores or cores < 2 or len(paths) < 2 or threading.active_count() > 1:
        return 1
    size = 0
    for path in paths:
        try:
            size += path.stat().st_size
        except OSError:
            continue  # the loader reports it
        if size >= PARALLEL_MIN_BYTES:
            return min(cores, MAX_WORKERS, len(paths))
    return 1


_FrozenError = tuple[str, int, str, str]


def _load_frozen(path: Path) -> tuple[LoadResult, list[_FrozenError]]:
    """`load_one` in a worker; errors travel as tuples (the exception does not pickle)."""
    result = load_one(path)
    frozen = [(str(e.file), e.line, e.field, e.message) for e in result.errors]
    return replace(result, errors=[]), frozen


def _thaw(item: tuple[LoadResult, list[_FrozenError]]) -> LoadResult:
    result, frozen = item
    errors = [PaperFileError(file, line, field, message) for file, line, field, message in frozen]
    return replace(result, errors=errors)
