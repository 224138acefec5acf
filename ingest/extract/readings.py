"""How a factor or a percentage is read: the amount first, then the words after it.

'4×', '44-fold', 'a factor of 600', 'two orders of magnitude' and '15%' are amounts; what
follows decides the unit: 'per year' makes a rate, 'in 7 years', 'three years later' or
'between 2012 and 2019' a factor over years (so does a span opening the sentence: 'Over
those 15 years, ... 1000x'), 'speedup' or 'faster' makes a percentage a factor, a
reliability or accuracy makes it a condition (no figure), and anything else leaves a
one-time factor or a share. Also the number helpers every builder shares.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Final

from claimgraph.ingest.extract.model import Bound, RawFigure
from claimgraph.ingest.extract.numbers import DIGITS, parse_number
from claimgraph.ingest.extract.vocabulary import (
    CONDITION_WORDS,
    MONTHS_PER,
    PER_YEAR,
    SENTENCE_END,
    TIME_UNIT,
    YEAR_RANGE,
)
from claimgraph.schemas.enums import Unit


def qty_values(m: re.Match[str], scale: float = 1.0) -> tuple[float, float | None, float | None]:
    """(value, low, high) from the QTY groups; a range's value is its midpoint."""
    groups = m.groupdict()
    ends = (
        (groups.get("lo"), groups.get("hi"))
        if groups.get("lo")
        else (groups.get("blo"), groups.get("bhi"))
    )
    if ends[0] and ends[1]:
        low, high = _scaled(ends[0], scale), _scaled(ends[1], scale)
        low, high = min(low, high), max(low, high)
        return round((low + high) / 2, 12), low, high
    return _scaled(groups["num"], scale), None, None


def _scaled(written: str, scale: float) -> float:
    """The number times scale, rounded so 91 * 0.01 reads 0.91 (not 0.9100000000000001)."""
    return round(parse_number(written) * scale, 12)


def point(m: re.Match[str], unit: Unit, scale: float = 1.0, label: str | None = None) -> RawFigure:
    value, low, high = qty_values(m, scale)
    return RawFigure(m.start(), m.end(), value, unit, low, high, label=label, scale=scale)


def months(unit_word: str) -> float:
    return MONTHS_PER[unit_word.lower()[0]]


# --- factors: the amount, then what follows decides the unit ----------------------------

_WORDS_UPTO: Final = r"(?:\s+(?!\d)[\w'-]+){{0,{n}}}?"
_RATE_AFTER: Final = re.compile(_WORDS_UPTO.format(n=2) + PER_YEAR, re.IGNORECASE)
_SPAN_AFTER: Final = re.compile(
    _WORDS_UPTO.format(n=10)
    + r"\s+(?:in|over|after|within|across|every|per)\s+(?:(?:the|a|those|these|its|each)\s+)?"
    r"(?:(?:last|past|next|following|first|same|span\s+of|period\s+of)\s+)?"
    r"(?:(?:just|only|about|roughly|some|around|nearly|under)\s+)?"
    rf"(?:(?P<years>{DIGITS})[\s-]*{TIME_UNIT}|(?P<one>year|month|decade)\b)"
    rf"|{_WORDS_UPTO.format(n=10)}\s+(?:(?:just|only|about|roughly|some)\s+)?"
    rf"(?P<later>{DIGITS}|an?)[\s-]*(?P<tu2>months?|years?|decades?)\s+(?:later|afterwards)\b",
    re.IGNORECASE,
)
_SPAN_BEFORE: Final = re.compile(
    r"\b(?:over|in|within|across|during)\s+(?:(?:the|those|these)\s+)?"
    r"(?:(?:last|past|next|following|same)\s+)?"
    rf"(?P<years>{DIGITS})\s*{TIME_UNIT}\b(?P<later>)(?P<one>)(?=[^.;]*$)",
    re.IGNORECASE,
)
_PERIOD_AFTER: Final = re.compile(
    r"[^.;]{0,80}?(?=\b(?:from|between|in\s+the|over|during)\s)" + YEAR_RANGE, re.IGNORECASE
)
_PERIOD_BEFORE: Final = re.compile(
    r"\b(?:from|between)\s+(?P<y1>(?:19|20)\d\d)\s+(?:and|to)\s+(?P<y2>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_BOUND_OF: Final = {
    "less than": Bound.UPPER,
    "up to": Bound.UPPER,
    "at most": Bound.UPPER,
    "under": Bound.UPPER,
    "more than": Bound.LOWER,
    "at least": Bound.LOWER,
    "over": Bound.LOWER,
    "about": Bound.APPROXIMATE,
    "roughly": Bound.APPROXIMATE,
    "around": Bound.APPROXIMATE,
}


def read_factor(m: re.Match[str]) -> Iterator[RawFigure]:
    groups = m.groupdict()
    bound = _BOUND_OF.get(" ".join((groups.get("bound") or "").lower().split()))
    if groups.get("word"):
        value, low, high = float(_WORD_FACTORS[groups["word"].lower()[:4]]), None, None
    elif groups.get("an"):  # an order of magnitude
        value, low, high = 1.0, None, None
    else:
        value, low, high = qty_values(m)
    oom = bool(groups.get("oom"))
    text, end = m.string, m.end()
    rate = _RATE_AFTER.match(text, end)
    if rate is not None:
        unit = Unit.ORDERS_OF_MAGNITUDE_PER_YEAR if oom else Unit.MULTIPLIER_PER_YEAR
        yield RawFigure(m.start(), rate.end(), value, unit, low, high, bound=bound)
        return
    if oom:
        value, low, high = _orders(value, low, high)
    span = _SPAN_AFTER.match(text, end)
    if span is not None:
        yield RawFigure(
            m.start(),
            span.end(),
            value,
            Unit.FACTOR_OVER_YEARS,
            low,
            high,
            _years(span),
            bound=bound,
        )
        return
    before = _span_before(text, m.start())
    if before is not None:
        yield RawFigure(
            m.start(), end, value, Unit.FACTOR_OVER_YEARS, low, high, _years(before), bound=bound
        )
        return
    period = _period_of(text, m.start(), end)
    if period is not None:
        first, last = period
        yield RawFigure(
            m.start(), end, value, Unit.FACTOR_OVER_YEARS, low, high, float(last - first),
            bound=bound, period=period,
        )  # fmt: skip
        return
    yield RawFigure(m.start(), end, value, Unit.ONE_TIME_FACTOR, low, high, bound=bound)


def _orders(value: float, low: float | None, high: float | None) -> tuple[float, ...]:
    """k orders of magnitude as the factor 10^k; a range of orders as a range of factors."""
    if low is None or high is None:
        return (10.0**value, None, None)  # type: ignore[return-value]
    low, high = 10.0**low, 10.0**high
    return (round((low + high) / 2, 12), low, high)


def _span_before(text: str, start: int) -> re.Match[str] | None:
    """'Over those 15 years, machines became 1000x faster': the span opening the sentence."""
    found = list(_SPAN_BEFORE.finditer(text, _sentence_start(text, start), start))
    return found[-1] if found else None


def _years(span: re.Match[str]) -> float:
    if span["later"]:
        count = 1.0 if span["later"].lower() in {"a", "an"} else parse_number(span["later"])
        return count * months(span["tu2"]) / 12
    if span["one"]:
        return months(span["one"]) / 12
    return parse_number(span["years"]) * months(span["tu"]) / 12


def _period_of(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A year range stated right after the factor, or opening its sentence."""
    after = _PERIOD_AFTER.match(text, end)
    if after is None:
        sentence_start = _sentence_start(text, start)
        after = _PERIOD_BEFORE.search(text, sentence_start, start)
    if after is None:
        return None
    first, last = int(after["y1"]), int(after["y2"])
    return (first, last) if last > first else None


def _sentence_start(text: str, index: int) -> int:
    starts = [m.end() for m in SENTENCE_END.finditer(text, 0, index)]
    return starts[-1] if starts else 0


_WORD_FACTORS: Final = {"twic": 2, "doub": 2, "halv": 2, "half": 2, "trip": 3, "quad": 4}
EFFICIENCY_NOUNS: Final = (
    r"(?:speed|throughput|performance|efficiency|memory|costs?|price|latency|compute|energy)"
)


# --- percentages: a rate, a speedup, a share, or a condition ------------------------------

_DECLINE: Final = re.compile(
    r"\b(?:fall|fell|declin|drop|decreas|cheaper|lower|reduc|cut|shrink|less)\w*", re.IGNORECASE
)
_SPEEDUP_AFTER: Final = re.compile(
    r"\s*(?:(?:end-to-end|overall|wall-clock|inference|training|decoding)\s+){0,2}"
    r"(?:speed-?ups?|faster|quicker|acceleration|higher\s+throughput|more\s+throughput)\b",
    re.IGNORECASE,
)
_SPEEDUP_BEFORE: Final = re.compile(
    r"(?:speed-?up\s+of|acceleration\s+of|faster\s+by|speeds?\s+(?:\w+\s+){0,3}up\s+by)\s*$",
    re.IGNORECASE,
)
_CONDITION_AFTER: Final = re.compile(rf"\s*(?:[\w-]+\s+)?{CONDITION_WORDS}", re.IGNORECASE)
_CONDITION_BEFORE: Final = re.compile(rf"{CONDITION_WORDS}(?:\s+[a-z]+){{0,2}}\s*$", re.IGNORECASE)


def read_percent(m: re.Match[str]) -> Iterator[RawFigure]:
    text, start, end = m.string, m.start(), m.end()
    if _CONDITION_AFTER.match(text, end) or _CONDITION_BEFORE.search(
        text, max(0, start - 30), start
    ):
        return
    rate = _RATE_AFTER.match(text, end)
    if rate is not None:
        before = text[max(0, start - 40) : start] + text[end : rate.end()]
        unit = Unit.PERCENT_DECLINE_PER_YEAR if _DECLINE.search(before) else Unit.PERCENT_PER_YEAR
        yield replace(point(m, unit), end=rate.end())
        return
    speedup = _SPEEDUP_AFTER.match(text, end)
    if speedup is not None or _SPEEDUP_BEFORE.search(text, max(0, start - 30), start):
        value, low, high = qty_values(m, 0.01)
        low, high = (None if x is None else round(1 + x, 12) for x in (low, high))
        stop = speedup.end() if speedup else end
        factor = RawFigure(start, stop, round(1 + value, 12), Unit.ONE_TIME_FACTOR, low, high)
        yield factor
        return
    share = point(m, Unit.SHARE, 0.01)
    if share.value <= 1 and (share.high is None or share.high <= 1):
        yield share  # "a 200% increase" is not a share of anything


__all__ = ["EFFICIENCY_NOUNS", "months", "point", "qty_values", "read_factor", "read_percent"]
