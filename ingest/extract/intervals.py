"""Confidence intervals and periods stated beside a figure, read over the rewritten text.

An interval ('95% CI: 4 to 25 months', 'a 90% confidence interval running from 100
trillion to 1,000 trillion', '[2.24, 2.72]') belongs to the nearest figure of its sentence,
before it if there is one; its numbers are read in that figure's unit (years into months,
percent into a share) unless the interval names its own time unit. Its text is kept out of
the figure patterns, so its level never becomes a share and its ends never become figures.
A year range in a rate's sentence ('from 2006 to 2021') is that rate's period, a guess the
draft marks as such.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Final

from claimgraph.ingest.extract.model import RawFigure
from claimgraph.ingest.extract.numbers import DIGITS, parse_number
from claimgraph.ingest.extract.vocabulary import APPROX, MONTHS_PER, SENTENCE_END, YEAR_RANGE, num
from claimgraph.schemas.enums import RATE_UNITS, Unit

_UNIT: Final = r"(?:[x×](?!\w)|%|percent\b|months?\b|years?\b|decades?\b)"
_KIND: Final = (
    r"(?:CI\b|confidence\s+intervals?|credible\s+intervals?|uncertainty\s+intervals?"
    r"|confidence\s+bounds?)"
)
_LEVEL: Final = rf"(?P<level>{DIGITS})\s*(?:%|percent\b|per\s?cent\b)\s*"
_LINK: Final = (
    r"(?:\s*(?:[:=,]|\bof\b|\bis\b|\bwas\b|\bfrom\b|\bspans?\b|\bspanning\b|\brunning\s+from\b"
    r"|\branging\s+from\b|\branges\s+from\b|\bbetween\b))*"
)
_ENDS: Final = (
    rf"\s*[\[(]?\s*{APPROX}{num('lo')}\s*(?P<lo_unit>{_UNIT})?\s*(?:\bto\b|\band\b|[-–—,])\s*"
    rf"{APPROX}{num('hi')}\s*(?P<hi_unit>{_UNIT})?\s*[\])]?"
)
STATED_INTERVAL: Final = re.compile(rf"(?:{_LEVEL})?{_KIND}{_LINK}{_ENDS}", re.IGNORECASE)
LEVEL_ONLY: Final = re.compile(rf"[(\[,]\s*{_LEVEL}{_KIND}\s*[)\]]?", re.IGNORECASE)
BRACKETED: Final = re.compile(rf"\[\s*{num('lo')}\s*,\s*{num('hi')}\s*\]")
_BRACKET_GAP: Final = 3
"""A bare '[low, high]' counts as an interval only right after a figure."""
_TIME_UNITS: Final = {Unit.HALVING_TIME_MONTHS, Unit.DOUBLING_TIME_MONTHS}


@dataclass(frozen=True, slots=True)
class StatedInterval:
    """An interval in the rewritten text: its span, ends as written, level and own unit."""

    start: int
    end: int
    low: float | None
    high: float | None
    level: float | None
    unit: str | None
    bare: bool = False  # a '[low, high]' with no words: attaches only to what it follows

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


def find_intervals(text: str) -> list[StatedInterval]:
    """Every interval statement in `text`, in order, none overlapping another."""
    found: list[StatedInterval] = []
    for pattern, bare in ((STATED_INTERVAL, False), (LEVEL_ONLY, False), (BRACKETED, True)):
        for m in pattern.finditer(text):
            if any(m.start() < i.end and i.start < m.end() for i in found):
                continue
            groups = m.groupdict()
            level = groups.get("level")
            found.append(
                StatedInterval(
                    m.start(),
                    m.end(),
                    parse_number(groups["lo"]) if groups.get("lo") else None,
                    parse_number(groups["hi"]) if groups.get("hi") else None,
                    round(parse_number(level) / 100, 6) if level else None,
                    (groups.get("hi_unit") or groups.get("lo_unit") or None),
                    bare,
                )
            )
    return sorted(found, key=lambda i: i.start)


def attach_intervals(
    text: str, figures: list[RawFigure], intervals: Iterable[StatedInterval]
) -> list[RawFigure]:
    """The figures with each interval given to the nearest figure of its sentence."""
    out = list(figures)
    for interval in intervals:
        index = _owner(text, out, interval)
        if index is not None:
            out[index] = _with_interval(out[index], interval)
    return out


def _owner(text: str, figures: list[RawFigure], interval: StatedInterval) -> int | None:
    start, end = _sentence(text, interval.start)
    before = [
        (interval.start - f.end, i)
        for i, f in enumerate(figures)
        if start <= f.start and f.end <= interval.start
    ]
    if interval.bare:
        close = [(gap, i) for gap, i in before if gap <= _BRACKET_GAP]
        return min(close)[1] if close else None
    if before:
        return min(before)[1]
    after = [
        (f.start - interval.end, i)
        for i, f in enumerate(figures)
        if interval.end <= f.start and f.end <= end
    ]
    return min(after)[1] if after else None


def _with_interval(figure: RawFigure, interval: StatedInterval) -> RawFigure:
    if interval.low is None or interval.high is None:  # "(95% CI)" after a stated range
        if figure.low is not None and interval.level is not None:
            return replace(figure, level=interval.level)
        return figure
    scale = _scale(figure, interval.unit)
    low, high = sorted((round(interval.low * scale, 12), round(interval.high * scale, 12)))
    if not low <= figure.value <= high:
        return figure  # not this figure's interval after all
    return replace(figure, low=low, high=high, level=interval.level)


def _scale(figure: RawFigure, unit: str | None) -> float:
    if unit and figure.unit in _TIME_UNITS and unit[0].lower() in MONTHS_PER:
        return MONTHS_PER[unit[0].lower()]
    return figure.scale


def _sentence(text: str, index: int) -> tuple[int, int]:
    start = 0
    for m in SENTENCE_END.finditer(text):
        if m.end() <= index:
            start = m.end()
        elif m.start() >= index:
            return start, m.start()
    return start, len(text)


_PERIOD: Final = re.compile(YEAR_RANGE, re.IGNORECASE)
_PERIOD_UNITS: Final = RATE_UNITS - {Unit.FACTOR_OVER_YEARS}
"""Rates whose period may be guessed; a factor over years reads its own (or none)."""


def with_periods(text: str, figures: list[RawFigure]) -> list[tuple[RawFigure, bool]]:
    """Each figure, and for a rate without a period the year range of its sentence (guessed)."""
    out: list[tuple[RawFigure, bool]] = []
    for figure in figures:
        if figure.period is not None or figure.unit not in _PERIOD_UNITS:
            out.append((figure, False))
            continue
        start, end = _sentence(text, figure.start)
        ranges = [
            (abs(m.start() - figure.start), int(m["y1"]), int(m["y2"]))
            for m in _PERIOD.finditer(text, start, end)
            if int(m["y2"]) > int(m["y1"])
        ]
        if not ranges:
            out.append((figure, False))
            continue
        _, first, last = min(ranges)
        out.append((replace(figure, period=(first, last)), True))
    return out


__all__ = ["StatedInterval", "attach_intervals", "find_intervals", "with_periods"]
