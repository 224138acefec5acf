"""Report pages kept per graph revision, as GraphQL answers are (see response_cache.py).

Drawing a quantity's page (its reads, then the forest plot) takes most of a second; the
page depends only on the committed graph, so it is drawn once per revision and then
served from memory, at the cost of the revision probe. Both kinds of entry share one
byte budget (CLAIMGRAPH_API_CACHE_MB). Only complete pages (200) are kept; concurrent
requests for a page not yet kept draw it once. When the probe fails (Neo4j down) the
page is drawn as without a cache, and gets the usual error.
"""

import asyncio
from collections.abc import Awaitable, Callable

from fastapi.responses import HTMLResponse
from neo4j.exceptions import DriverError, Neo4jError

from claimgraph.api.cache_middleware import RevisionProbe
from claimgraph.api.response_cache import (
    CACHE_HEADER,
    CachedResponse,
    ResponseCache,
    kept_headers,
)

Draw = Callable[[], Awaitable[HTMLResponse]]
_KEY_PREFIX = b"page:"  # GraphQL entries are keyed by 32-byte digests: no overlap


class PageCache:
    def __init__(self, cache: ResponseCache, revision: RevisionProbe) -> None:
        self.cache = cache
        self.revision = revision
        self._drawing: dict[bytes, asyncio.Lock] = {}

    async def page(self, path: str, draw: Draw) -> HTMLResponse:
        """The page at `path`, from memory if drawn at the current revision."""
        key = _KEY_PREFIX + path.encode()
        try:
            revision = await self.revision()
        except (DriverError, Neo4jError, OSError):
            return await draw()
        kept = self.cache.get(key, revision)
        if kept is not None:
            return _served(kept)
        lock = self._drawing.setdefault(key, asyncio.Lock())
        async with lock:
            kept = self.cache.get(key, revision)  # drawn by a request that held the lock
            if kept is not None:
                return _served(kept)
            response = await draw()
            if response.status_code == 200:
                headers = kept_headers(response.raw_headers)
                self.cache.put(key, CachedResponse(revision, 200, headers, bytes(response.body)))
            response.raw_headers.append((CACHE_HEADER, b"miss"))
        if not lock.locked():
            self._drawing.pop(key, None)
        return response


def _served(kept: CachedResponse) -> HTMLResponse:
    response = HTMLResponse(kept.body, status_code=kept.status)
    response.raw_headers[:] = kept.served_headers()
    return response
