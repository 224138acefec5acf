"""Find the figures in a plain-text source: rewrite its numbers, read, qualify, locate.

The extractor is a curator's head start, not an oracle. It rewrites every number into
digits (`numbers`), keeps interval statements aside (`intervals`), reads the figures with
the families of `patterns`, adds the qualifier words just before each ('more than',
'up to', 'about'), gives each interval to its figure and each rate the period of its
sentence, and maps every span back into the original text, where `context` guesses scope
and category from the words around it.
"""

from __future__ import annotations

import math
import re
from dataclasses import fields, replace
from typing import Final

from claimgraph.ingest.extract.context import CONTEXT_CHARS, guess_category, guess_scope
from claimgraph.ingest.extract.intervals import attach_intervals, find_intervals, with_periods
from claimgraph.ingest.extract.model import Bound, Figure, RawFigure
from claimgraph.ingest.extract.numbers import NumberedText
from claimgraph.ingest.extract.patterns import FAMILIES
from claimgraph.ingest.extract.vocabulary import BOUND_BEFORE

_BOUND_WINDOW: Final = 40
_DIGIT: Final = re.compile(r"\d")


def extract_figures(text: str) -> list[Figure]:
    """Every figure in `text`, in text order; a span claimed by an earlier family is kept."""
    numbered = NumberedText.of(text)
    rewritten = numbered.text
    intervals = find_intervals(rewritten)
    taken: list[tuple[int, int]] = [interval.span for interval in intervals]
    found: list[tuple[str, RawFigure]] = []
    for family in FAMILIES:
        for pattern in family.patterns:
            for match in pattern.finditer(rewritten):
                for raw in family.build(match):
                    if not _finite(raw):
                        continue  # 10^999: no figure anything downstream could compute with
                    raw = _with_bound(rewritten, raw)
                    if any(raw.start < end and start < raw.end for start, end in taken):
                        continue
                    taken.append((raw.start, raw.end))
                    found.append((family.name, raw))
    found.sort(key=lambda item: item[1].start)
    names = [name for name, _ in found]
    raws = attach_intervals(rewritten, [raw for _, raw in found], intervals)
    dated = with_periods(rewritten, raws)
    return [
        _figure(text, numbered, name, raw, guessed)
        for name, (raw, guessed) in zip(names, dated, strict=True)
    ]


def _finite(raw: RawFigure) -> bool:
    return all(math.isfinite(x) for x in (raw.value, raw.low, raw.high) if x is not None)


def _with_bound(text: str, raw: RawFigure) -> RawFigure:
    """Read a qualifier just before the first number; a span starting after it grows over it."""
    digit = _DIGIT.search(text, raw.start, raw.end)
    anchor = digit.start() if digit else raw.start
    raw = replace(raw, anchor=anchor)
    bound = BOUND_BEFORE.search(text, max(0, anchor - _BOUND_WINDOW), anchor)
    if bound is None or raw.bound is not None:
        return raw
    kind = next(Bound(name) for name, value in bound.groupdict().items() if value)
    return replace(raw, bound=kind, start=min(raw.start, bound.start()))


def _figure(
    text: str, numbered: NumberedText, family: str, raw: RawFigure, period_guessed: bool
) -> Figure:
    start, end = numbered.to_original(raw.start, raw.end)
    values = {field.name: getattr(raw, field.name) for field in fields(raw)}
    values.update(start=start, end=end, anchor=numbered.to_original(raw.anchor, raw.anchor)[0])
    return Figure(
        **values,
        text=text[start:end],
        family=family,
        scope=guess_scope(text, start, end),
        category=guess_category(text, start, end),
        period_guessed=period_guessed,
    )


__all__ = ["CONTEXT_CHARS", "Figure", "extract_figures", "guess_category", "guess_scope"]
