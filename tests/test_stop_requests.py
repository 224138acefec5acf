"""Stop requests under real signals, sent to this very process with signal.raise_signal.

The case that made `up` ignore a Ctrl-C: Python's handler raised KeyboardInterrupt inside
a finalizer, the interpreter printed it as "ignored", and nothing else knew of it.
"""

from __future__ import annotations

import gc
import signal
import sys
from collections.abc import Iterator

import pytest

from claimgraph.cli.stop_requests import StopRequests


class _SignalsInFinalizer:
    """An object whose finalizer receives `number`, as a collected connection did."""

    def __init__(self, number: int) -> None:
        self.number = number

    def __del__(self) -> None:
        signal.raise_signal(self.number)


@pytest.fixture
def unraisable() -> Iterator[list[BaseException | None]]:
    """What the interpreter reports as ignored, instead of printing it."""
    seen: list[BaseException | None] = []
    previous = sys.unraisablehook
    sys.unraisablehook = lambda report: seen.append(report.exc_value)
    try:
        yield seen
    finally:
        sys.unraisablehook = previous


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_request_swallowed_inside_a_finalizer_is_still_remembered(
    number: int, unraisable: list[BaseException | None]
) -> None:
    stops = StopRequests()
    with stops.installed():
        doomed = _SignalsInFinalizer(number)
        del doomed
        gc.collect()
        # the exception went nowhere (it is the one the interpreter ignores) ...
        assert [type(error) for error in unraisable] == [KeyboardInterrupt]
        # ... but the request is on record, and the server that starts next is told at once
        assert stops.requested
        told: list[str] = []
        stops.forward_to(lambda: told.append("stop"))
        assert told == ["stop"]


def test_before_a_server_exists_a_request_interrupts_the_work_in_progress() -> None:
    stops = StopRequests()
    with stops.installed(), pytest.raises(KeyboardInterrupt):
        signal.raise_signal(signal.SIGINT)
    assert stops.requested


def test_once_forwarded_a_request_calls_the_stop_switch_and_raises_nothing() -> None:
    stops = StopRequests()
    told: list[str] = []
    with stops.installed():
        stops.forward_to(lambda: told.append("stop"))
        assert told == []  # nothing requested yet, nothing called
        signal.raise_signal(signal.SIGINT)
        signal.raise_signal(signal.SIGTERM)
    assert told == ["stop", "stop"] and stops.requested


def test_while_held_a_request_is_only_remembered() -> None:
    stops = StopRequests()
    with stops.installed():
        stops.hold()
        signal.raise_signal(signal.SIGINT)  # would raise KeyboardInterrupt if not held
    assert stops.requested


def test_the_previous_handlers_come_back() -> None:
    before = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    with StopRequests().installed():
        assert signal.getsignal(signal.SIGINT) != before[signal.SIGINT]
    assert {number: signal.getsignal(number) for number in before} == before
