"""The regular expressions behind the text extractor, one named family per way of stating a figure.

Each `Family` pairs one or more compiled patterns with a builder that turns a match into
`RawFigure`s (span, parsed number(s), unit). Families are tried in `FAMILIES` order and a
later match overlapping an earlier one is dropped (in `ingest.extract.figures`), so the specific
forms ("4×/year", "a factor of 600 in 7 years") come before the generic ones ("4×", "91%").

How numbers are written (unicode ½, thousands separators, words) is `ingest.extract.numbers`.
Over 300 lines: it is the one table of ways to state a figure, each family beside its
builder, and splitting the table would hide the order in which the families compete.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Final

from claimgraph.ingest.extract.numbers import (
    APPROX,
    MAGNITUDES,
    MULT,
    NUMBER,
    PER_YEAR,
    PERCENT,
    QTY,
    SUPERSCRIPTS,
    WORD_NUMBER,
    num,
    parse_number,
)
from claimgraph.schemas.enums import Unit

# --- raw figures ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RawFigure:
    """A parsed figure before the context guesses (scope, category) are added."""

    start: int
    end: int
    value: float
    unit: Unit
    low: float | None = None
    high: float | None = None
    years: float | None = None
    label: str | None = None
    upper_bound: bool = False
    period: tuple[int, int] | None = None


Builder = Callable[[re.Match[str]], Iterator[RawFigure]]


@dataclass(frozen=True, slots=True)
class Family:
    """One way of stating a figure: its patterns and how to read a match."""

    name: str
    patterns: tuple[re.Pattern[str], ...]
    build: Builder


def _compile(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern, re.IGNORECASE) for pattern in patterns)


def _qty(m: re.Match[str], scale: float = 1.0) -> tuple[float, float | None, float | None]:
    """(value, low, high) from the QTY groups; a range's value is its midpoint."""
    groups = m.groupdict()
    if groups.get("lo") and groups.get("hi"):
        low, high = _scaled(groups["lo"], scale), _scaled(groups["hi"], scale)
        low, high = min(low, high), max(low, high)
        return round((low + high) / 2, 12), low, high
    return _scaled(groups["num"], scale), None, None


def _scaled(written: str, scale: float) -> float:
    """The number times scale, rounded so 91 * 0.01 reads 0.91 (not 0.9100000000000001)."""
    return round(parse_number(written) * scale, 12)


def _point(
    m: re.Match[str],
    unit: Unit,
    scale: float = 1.0,
    *,
    years: float | None = None,
    upper_bound: bool = False,
) -> RawFigure:
    value, low, high = _qty(m, scale)
    return RawFigure(m.start(), m.end(), value, unit, low, high, years, upper_bound=upper_bound)


# --- builders ------------------------------------------------------------------------------


def _scientific(m: re.Match[str]) -> Iterator[RawFigure]:
    exponent = int((m["exp"] or m["sup"]).translate(SUPERSCRIPTS).replace("−", "-"))
    label = "FLOP" if m["flop"] else None
    value = float(
        f"{parse_number(m['num'])!r}e{exponent}"
    )  # not 2 * 10.0**23 = 2.0000000000000002e23
    yield RawFigure(m.start(), m.end(), value, Unit.ABSOLUTE, label=label)


def _halving_list(m: re.Match[str]) -> Iterator[RawFigure]:
    unit = _time_unit(m["verb"])
    offset = m.start("list")
    for item in _LIST_ITEM.finditer(m["list"]):
        value = parse_number(item["num"])
        yield RawFigure(offset + item.start(), offset + item.end(), value, unit)


def _time_unit(verb: str) -> Unit:
    return Unit.HALVING_TIME_MONTHS if verb.lower().startswith("hal") else Unit.DOUBLING_TIME_MONTHS


def _halving(m: re.Match[str]) -> Iterator[RawFigure]:
    scale = 12.0 if m["tu"].lower().startswith("y") else 1.0
    yield _point(m, _time_unit(m["verb"]), scale)


def _times_a_year(m: re.Match[str]) -> Iterator[RawFigure]:
    times = m["times"].lower().split()[0]
    count = {"twice": 2.0, "thrice": 3.0}.get(times) or parse_number(times)
    yield RawFigure(m.start(), m.end(), 12.0 / count, _time_unit(m["verb"]))


def _per_year(m: re.Match[str]) -> Iterator[RawFigure]:
    yield _point(m, Unit.MULTIPLIER_PER_YEAR)


_DECLINE: Final = re.compile(r"\b(?:fall|fell|declin|drop|decreas|cheaper|lower|reduc)\w*")


def _percent_per_year(m: re.Match[str]) -> Iterator[RawFigure]:
    before = m.string[max(0, m.start() - 40) : m.start()]
    unit = Unit.PERCENT_DECLINE_PER_YEAR if _DECLINE.search(before) else Unit.PERCENT_PER_YEAR
    yield _point(m, unit)


def _factor_over_years(m: re.Match[str]) -> Iterator[RawFigure]:
    years = parse_number(m["years"])
    if m.groupdict().get("fold"):
        yield RawFigure(
            m.start(), m.end(), parse_number(m["fold"]), Unit.FACTOR_OVER_YEARS, years=years
        )
    else:
        yield _point(m, Unit.FACTOR_OVER_YEARS, years=years)


def _factor_over_period(m: re.Match[str]) -> Iterator[RawFigure]:
    first, last = int(m["y1"]), int(m["y2"])
    if last > first:  # the span is the factor alone; the years are read from its context
        value, low, high = _qty(m)
        yield RawFigure(
            m.start("factor"),
            m.end("factor"),
            value,
            Unit.FACTOR_OVER_YEARS,
            low,
            high,
            float(last - first),
            period=(first, last),
        )


def _orders_of_magnitude(m: re.Match[str]) -> Iterator[RawFigure]:
    orders = parse_number(m["oom"])
    if m["rate"]:
        yield RawFigure(m.start(), m.end(), orders, Unit.ORDERS_OF_MAGNITUDE_PER_YEAR)
    else:  # a one-time "3 orders of magnitude" is kept as the factor it means
        yield RawFigure(m.start(), m.end(), 10.0**orders, Unit.ONE_TIME_FACTOR)


COMPUTE_PER_DOUBLING: Final = "training compute multiple per doubling of capability"


def _compute_per_doubling(m: re.Match[str]) -> Iterator[RawFigure]:
    value = parse_number(m["num"] or m["fold"])
    yield RawFigure(m.start(), m.end(), value, Unit.ABSOLUTE, label=COMPUTE_PER_DOUBLING)


def _dollars(m: re.Match[str]) -> Iterator[RawFigure]:
    scale = MAGNITUDES.get((m["mag"] or "").lower(), 1.0)
    yield RawFigure(m.start(), m.end(), parse_number(m["num"]) * scale, Unit.ABSOLUTE, label="USD")


def _factor_of(m: re.Match[str]) -> Iterator[RawFigure]:
    bounded = bool(m.groupdict().get("bound"))
    if m.groupdict().get("fold"):
        yield RawFigure(
            m.start(), m.end(), parse_number(m["fold"]), Unit.ONE_TIME_FACTOR, upper_bound=bounded
        )
    else:
        yield _point(m, Unit.ONE_TIME_FACTOR, upper_bound=bounded)


def _share(m: re.Match[str]) -> Iterator[RawFigure]:
    figure = _point(m, Unit.SHARE, 0.01)
    if figure.value <= 1 and (figure.high is None or figure.high <= 1):
        yield figure  # "a 200% increase" is not a share of anything


def _multiplier(m: re.Match[str]) -> Iterator[RawFigure]:
    yield _point(m, Unit.ONE_TIME_FACTOR)


# --- patterns ------------------------------------------------------------------------------

_VERB: Final = r"(?P<verb>halv(?:e|es|ed|ing)|half|doubl(?:e|es|ed|ing))"
_FILLER: Final = (
    r"(?:\s+(?:of|is|was|every|approximately|roughly|about|around|once|nearly|just|by))*"
)
_LIST_ITEM: Final = re.compile(rf"{num('num')}\s*months?")
_FOLD: Final = rf"(?P<fold>{WORD_NUMBER}|{NUMBER})[-\s]?fold"
_YEARS: Final = (
    r"(?:\s+[a-z]+){0,3}?\s+(?:in|over|after|within)\s+(?:the\s+(?:last|past|next|following)\s+)?"
    rf"(?P<years>{NUMBER}|{WORD_NUMBER})\s+years?\b"
)
_DOUBLES: Final = r"\b(?:doubl\w*|twofold|2[x×])"

FAMILIES: Final[tuple[Family, ...]] = (
    Family(
        "scientific",  # 2 × 10²³ FLOPs
        _compile(
            rf"{num('num')}\s*[x×]\s*10(?:\^(?P<exp>[-−]?\d+)|(?P<sup>⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))"
            r"(?P<flop>\s*FLOP(?:s|/s)?\b)?"
        ),
        _scientific,
    ),
    Family(
        "halving_list",  # halving times of 8 months, 6 months, and 7½ months
        _compile(
            r"(?P<verb>halving|doubling)\s+times\s+of\s+"
            rf"(?P<list>{NUMBER}\s*months?(?:\s*,\s*(?:and\s+)?{NUMBER}\s*months?"
            rf"|\s+and\s+{NUMBER}\s*months?)+)"
        ),
        _halving_list,
    ),
    Family(
        "halving_time",  # halved approximately every 8 months; every 6 to 8 months; 8-month halving
        _compile(
            rf"{_VERB}(?:\s+times?)?{_FILLER}\s+{APPROX}{QTY}[\s-]*(?P<tu>months?|years?)\b",
            rf"{QTY}[\s-]*(?P<tu>months?|years?)\s+(?P<verb>halving|doubling)\b",
        ),
        _halving,
    ),
    Family(
        "times_a_year",  # doubling twice a year
        _compile(
            rf"{_VERB}\s+(?P<times>twice|thrice|(?:{WORD_NUMBER}|\d+)\s+times)"
            r"\s+(?:a|per|each|every)\s+year\b"
        ),
        _times_a_year,
    ),
    Family(
        "compute_per_doubling",  # a 10x increase in compute ... doubles capability
        _compile(
            rf"{APPROX}(?:{num('num')}{MULT}|{_FOLD})\s+(?:increase|rise|jump)\s+in\s+"
            rf"(?:the\s+)?(?:training\s+)?comput\w*[^.;]{{0,100}}?{_DOUBLES}",
            r"increas\w*\s+(?:the\s+)?(?:training\s+)?comput\w*\s+(?:used\s+)?by\s+"
            rf"{APPROX}(?:{num('num')}{MULT}|{_FOLD})[^.;]{{0,60}}?{_DOUBLES}",
        ),
        _compute_per_doubling,
    ),
    Family("multiplier_per_year", _compile(rf"{APPROX}{QTY}\s*{MULT}{PER_YEAR}"), _per_year),
    Family("percent_per_year", _compile(rf"{APPROX}{QTY}{PERCENT}{PER_YEAR}"), _percent_per_year),
    Family(
        "orders_of_magnitude",  # 2 orders of magnitude (per year)
        _compile(
            rf"{APPROX}(?<![\w.,])(?P<oom>{NUMBER}|{WORD_NUMBER})\s+(?:orders?\s+of\s+magnitude|OOMs?)\b"
            rf"(?P<rate>{PER_YEAR})?"
        ),
        _orders_of_magnitude,
    ),
    Family(
        "factor_over_years",  # a factor of 600 in 7 years; 10× after two years
        _compile(
            rf"(?:by\s+)?a\s+factor\s+of\s+{APPROX}{QTY}(?:{MULT})?{_YEARS}",
            rf"{APPROX}{QTY}{MULT}{_YEARS}",
            rf"\b{_FOLD}{_YEARS}",
        ),
        _factor_over_years,
    ),
    Family(
        "factor_over_period",  # 10× algorithmic improvement ... in the 2018-2025 period
        _compile(
            rf"(?P<factor>{APPROX}{QTY}{MULT})(?!{PER_YEAR})[^.;]{{0,80}}?"
            r"\b(?:from|in\s+the|between|over)\s+(?P<y1>(?:19|20)\d\d)\s*(?:[-–]|to|and)\s*"
            r"(?P<y2>(?:19|20)\d\d)\b"
        ),
        _factor_over_period,
    ),
    Family(
        "dollars",  # $73, $43K, $5M
        _compile(
            rf"(?<!\w)\$\s?{num('num')}"
            r"(?:\s*(?P<mag>[kmbt]\b|thousand\b|million\b|billion\b|trillion\b|bn\b|mn\b))?"
        ),
        _dollars,
    ),
    Family(
        "factor_of",  # a factor of less than 1.5×; tenfold
        _compile(
            r"(?:by\s+)?a\s+factor\s+of\s+(?:(?P<bound>less\s+than|up\s+to|at\s+most|under)\s+)?"
            rf"{APPROX}{QTY}(?:{MULT})?",
            rf"\b{_FOLD}",
        ),
        _factor_of,
    ),
    Family("share", _compile(rf"{APPROX}{QTY}{PERCENT}"), _share),  # 91% of total gains
    Family("multiplier", _compile(rf"{APPROX}{QTY}{MULT}"), _multiplier),  # 2×, ~1.2x, 3-5×
)
"""Every family, most specific first: earlier matches win overlaps."""

UPPER_BOUND: Final = re.compile(
    r"(?:up\s+to|less\s+than|fewer\s+than|under|at\s+most|no\s+more\s+than|below|as\s+much\s+as)"
    r"\s*$",
    re.IGNORECASE,
)
"""Words right before a figure that make it a ceiling ("up to 20×", "less than 10%")."""


__all__ = [
    "APPROX",
    "COMPUTE_PER_DOUBLING",
    "FAMILIES",
    "MULT",
    "NUMBER",
    "PERCENT",
    "PER_YEAR",
    "QTY",
    "UPPER_BOUND",
    "WORD_NUMBER",
    "Family",
    "RawFigure",
    "num",
    "parse_number",
]
