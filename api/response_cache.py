"""Finished GraphQL responses, kept per graph revision so a repeated read costs no query.

The graph is read far more often than it is written, and a query's answer depends
only on the request and on the committed data. An entry is therefore served again
only while the database's revision (see `graph.revision`) is the one it was computed
under; any write anywhere makes every older entry unreachable, and LRU eviction
within a byte budget reclaims it.
"""

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

CACHE_HEADER = b"x-claimgraph-cache"
"""Says `hit` or `miss` on every answer the cache could have served."""
_NOT_KEPT_HEADERS = frozenset({b"content-length", CACHE_HEADER})

Headers = tuple[tuple[bytes, bytes], ...]


def kept_headers(headers: Iterable[tuple[bytes, bytes]]) -> Headers:
    """A response's headers as kept: without the ones each serving sets afresh."""
    return tuple((k, v) for k, v in headers if k not in _NOT_KEPT_HEADERS)


@dataclass(frozen=True)
class CachedResponse:
    revision: str
    status: int
    headers: Headers
    body: bytes

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers) + 256

    def served_headers(self) -> list[tuple[bytes, bytes]]:
        """The headers of a hit: the kept ones, the body's length and the cache's word."""
        return [
            *self.headers,
            (b"content-length", str(len(self.body)).encode()),
            (CACHE_HEADER, b"hit"),
        ]


class ResponseCache:
    """A least-recently-used map from request key to response, bounded in bytes."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[bytes, CachedResponse] = OrderedDict()
        self._bytes = 0
        self.hits = 0
        self.misses = 0

    def get(self, key: bytes, revision: str) -> CachedResponse | None:
        entry = self._entries.get(key)
        if entry is None or entry.revision != revision:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return entry

    def put(self, key: bytes, entry: CachedResponse) -> None:
        if entry.size > self.max_bytes:
            return
        self._drop(key)
        self._entries[key] = entry
        self._bytes += entry.size
        while self._bytes > self.max_bytes:
            oldest = next(iter(self._entries))
            self._drop(oldest)

    def _drop(self, key: bytes) -> None:
        old = self._entries.pop(key, None)
        if old is not None:
            self._bytes -= old.size

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def bytes_used(self) -> int:
        return self._bytes
