"""Refuse a request body over the limit before reading it, or as soon as it passes it.

A declared `Content-Length` over the limit is refused without reading a byte; a body that
streams in (chunked, or longer than it said) is counted as it arrives and refused the
moment it passes the limit. Either way the answer is HTTP 413 with a GraphQL-shaped
error coded PAYLOAD_TOO_LARGE, and no more of the body is read.
"""

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from claimgraph.api.errors import PAYLOAD_TOO_LARGE


class _TooLarge(Exception):
    pass


class BodyLimit:
    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._refuse(send)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = json.dumps(
            {
                "data": None,
                "errors": [
                    {
                        "message": f"The request body is over the limit of "
                        f"{self.max_bytes:,} bytes.",
                        "extensions": {"code": PAYLOAD_TOO_LARGE, "maxBytes": self.max_bytes},
                    }
                ],
            }
        ).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _content_length(scope: Scope) -> int | None:
    for key, value in scope.get("headers", ()):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
