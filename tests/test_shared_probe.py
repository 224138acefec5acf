"""Concurrent requests share revision probes, but never one that started before they came."""

import asyncio

from claimgraph.api.shared_probe import SharedProbe


class NumberedProbe:
    """Answers the number of the probe (1, 2, ...) after a pause, recording when each started."""

    def __init__(self, fail_first: bool = False) -> None:
        self.started = 0
        self.fail_first = fail_first

    async def __call__(self) -> str:
        self.started += 1
        number = self.started
        await asyncio.sleep(0.05)
        if self.fail_first and number == 1:
            raise ConnectionError("database down")
        return str(number)


async def test_many_waiting_callers_share_one_probe() -> None:
    probe = NumberedProbe()
    shared = SharedProbe(probe)
    answers = await asyncio.gather(*(shared() for _ in range(20)))
    assert probe.started == 1 and set(answers) == {"1"}


async def test_a_caller_arriving_mid_probe_waits_for_the_next_one() -> None:
    probe = NumberedProbe()
    shared = SharedProbe(probe)
    early = asyncio.create_task(shared())
    await asyncio.sleep(0.01)  # probe 1 is in flight now
    late = await asyncio.gather(*(shared() for _ in range(5)))
    # Probe 1 may predate a write the late callers saw committed; they get probe 2.
    assert await early == "1" and set(late) == {"2"} and probe.started == 2


async def test_a_failed_probe_fails_its_callers_and_the_next_call_probes_again() -> None:
    probe = NumberedProbe(fail_first=True)
    shared = SharedProbe(probe)
    results = await asyncio.gather(shared(), shared(), return_exceptions=True)
    assert all(isinstance(r, ConnectionError) for r in results)
    assert await shared() == "2"


async def test_sequential_callers_each_get_a_fresh_probe() -> None:
    probe = NumberedProbe()
    shared = SharedProbe(probe)
    assert [await shared() for _ in range(3)] == ["1", "2", "3"]
    assert probe.started == 3
