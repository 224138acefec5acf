"""Serve repeated GraphQL queries from `ResponseCache`, checked against the graph's revision.

Sits in front of the GraphQL router as plain ASGI so that a hit costs one trivial
Neo4j read (the revision probe) and a memcpy, not a parse, validation and execution.
Only POSTed JSON `query` operations with an error-free answer are kept; mutations,
subscriptions, malformed requests and failures always go through. Concurrent misses
of one request at one revision run it once and share the answer. When the probe
itself fails (Neo4j down), the request goes through too, so the error it gets is the
router's usual one.
"""

import asyncio
import hashlib
import json
from collections.abc import Awaitable, Callable
from functools import lru_cache
from typing import Any

from graphql import GraphQLError, OperationType, get_operation_ast, parse
from neo4j.exceptions import DriverError, Neo4jError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from claimgraph.api.limits import MAX_TOKENS
from claimgraph.api.response_cache import (
    CACHE_HEADER,
    CachedResponse,
    ResponseCache,
    kept_headers,
)

RevisionProbe = Callable[[], Awaitable[str]]


class ResponseCacheMiddleware:
    def __init__(
        self, app: ASGIApp, *, cache: ResponseCache, revision: RevisionProbe, path: str
    ) -> None:
        self.app = app
        self.cache = cache
        self.revision = revision
        self.path = path
        self._in_flight: dict[tuple[bytes, str], asyncio.Future[None]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        replay = _replaying(body, receive)
        key = cache_key(body) if _is_json(scope) else None
        if key is None:
            await self.app(scope, replay, send)
            return
        try:
            revision = await self.revision()
        except (DriverError, Neo4jError, OSError):
            await self.app(scope, replay, send)
            return
        if not _bypasses_cache(scope):
            entry = self.cache.get(key, revision)
            if entry is None and (key, revision) in self._in_flight:
                await asyncio.shield(self._in_flight[(key, revision)])
                entry = self.cache.get(key, revision)
            if entry is not None:
                await _send_cached(send, entry)
                return
        await self._run_and_keep(scope, replay, send, key, revision)

    async def _run_and_keep(
        self, scope: Scope, receive: Receive, send: Send, key: bytes, revision: str
    ) -> None:
        flight = (key, revision)
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._in_flight.setdefault(flight, done)
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                message = {**message, "headers": [*message["headers"], (CACHE_HEADER, b"miss")]}
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, capture)
            entry = _keepable(start, b"".join(chunks), revision)
            if entry is not None:
                self.cache.put(key, entry)
        finally:
            if self._in_flight.get(flight) is done:
                del self._in_flight[flight]
            done.set_result(None)


def cache_key(body: bytes) -> bytes | None:
    """A digest of the request when it is a well-formed query operation, else None."""
    try:
        request = json.loads(body)
    except ValueError:
        return None
    if not isinstance(request, dict) or not isinstance(request.get("query"), str):
        return None
    operation_name = request.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        return None
    if not is_query_operation(request["query"], operation_name):
        return None
    return hashlib.sha256(body).digest()


@lru_cache(maxsize=1024)
def is_query_operation(document: str, operation_name: str | None) -> bool:
    """Whether the operation a request runs is a query (parsed once per distinct text)."""
    try:
        operation = get_operation_ast(parse(document, max_tokens=MAX_TOKENS), operation_name)
    except GraphQLError:
        return False
    return operation is not None and operation.operation is OperationType.QUERY


def _keepable(start: Message, body: bytes, revision: str) -> CachedResponse | None:
    if start.get("status") != 200:
        return None
    headers = kept_headers(start.get("headers", ()))
    content_type = dict(headers).get(b"content-type", b"")
    if not content_type.startswith(b"application/json"):
        return None
    try:
        answer: Any = json.loads(body)
    except ValueError:
        return None
    if not isinstance(answer, dict) or answer.get("errors"):
        return None
    return CachedResponse(revision=revision, status=200, headers=headers, body=body)


async def _send_cached(send: Send, entry: CachedResponse) -> None:
    headers = entry.served_headers()
    await send({"type": "http.response.start", "status": entry.status, "headers": headers})
    await send({"type": "http.response.body", "body": entry.body})


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replaying(body: bytes, receive: Receive) -> Receive:
    """A `receive` that hands the app the body already read, then the real channel."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _header(scope: Scope, name: bytes) -> bytes:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value)
    return b""


def _is_json(scope: Scope) -> bool:
    return _header(scope, b"content-type").split(b";")[0].strip() == b"application/json"


def _bypasses_cache(scope: Scope) -> bool:
    """`Cache-Control: no-cache` asks for a fresh answer (which is then kept)."""
    return b"no-cache" in _header(scope, b"cache-control").lower()
