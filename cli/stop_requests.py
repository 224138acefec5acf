"""Ctrl-C and SIGTERM while a command runs a server: remembered first, so none is lost.

Python's own handler raises KeyboardInterrupt wherever the main thread happens to be,
and that can be inside a finalizer (`__del__`) or a callback, where the interpreter
prints the exception as "ignored" and carries on: `up` then went on to serve as though
nobody had asked it to stop, and a Ctrl-C did nothing. Here a request is a flag before
it is anything else. Until a server is running it also raises KeyboardInterrupt, to cut
a long Neo4j start or ingest short; whatever swallows that exception, the flag is
checked again before serving. Once a server exists, a request is passed to its own stop
switch instead of raising, and while a command cleans up it is only remembered.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)  # Ctrl-C, and a supervisor's stop


class StopRequests:
    """The stop requests of one command; install them with `installed()`."""

    def __init__(self) -> None:
        self.requested = False
        self._forward: Callable[[], None] | None = None

    @contextmanager
    def installed(self) -> Iterator[StopRequests]:
        """Handle SIGINT and SIGTERM here, and give back the previous handlers after."""
        previous = {number: signal.signal(number, self._handle) for number in STOP_SIGNALS}
        try:
            yield self
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)

    def forward_to(self, stop: Callable[[], None]) -> None:
        """From now on a request calls `stop`; one already made calls it at once."""
        self._forward = stop
        if self.requested:
            stop()

    def hold(self) -> None:
        """From now on a request is only remembered (nothing is raised or called)."""
        self._forward = _remember_only

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.requested = True
        if self._forward is None:
            raise KeyboardInterrupt
        self._forward()


def _remember_only() -> None:
    """A request while a server is being built, or once a command is cleaning up."""
