"""Let concurrent requests share one revision probe without ever reading a stale one.

Under load, every cached request would otherwise send its own trivial read. A caller
here waits for the next probe that *starts after it arrived* (never one already in
flight, which could predate a write the caller has seen committed), so at most one
probe runs and at most one more is queued, however many requests wait.
"""

import asyncio
from collections.abc import Awaitable, Callable


class SharedProbe:
    def __init__(self, probe: Callable[[], Awaitable[str]]) -> None:
        self._probe = probe
        self._queued: asyncio.Future[str] | None = None
        self._runner: asyncio.Task[None] | None = None

    async def __call__(self) -> str:
        if self._queued is None:
            self._queued = asyncio.get_running_loop().create_future()
        queued = self._queued
        if self._runner is None or self._runner.done():
            self._runner = asyncio.create_task(self._run())
        return await asyncio.shield(queued)

    async def _run(self) -> None:
        while self._queued is not None:
            current, self._queued = self._queued, None
            try:
                current.set_result(await self._probe())
            except Exception as error:  # handed to every waiter of this probe
                current.set_exception(error)
                current.exception()  # marked retrieved: waiters re-raise it themselves
