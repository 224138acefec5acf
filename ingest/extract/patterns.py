"""The ways a text states a figure, one named family each, read over the rewritten text.

Numbers are digits here (`ingest.extract.numbers` rewrote words, magnitudes and fractions),
and the vocabulary of units, ranges and time spans is `ingest.extract.vocabulary`'s. A
family pairs patterns with a builder that turns a match into `RawFigure`s; families are
tried in `FAMILIES` order and a later match overlapping an earlier one is dropped (in
`ingest.extract.figures`), so amounts and halving times come before the generic factor
and percentage readings.

Factors and percentages are read in two steps: the amount ('4×', '44-fold', 'a factor of
600', 'two orders of magnitude', '15%'), then the words right after it decide the unit
('per year' is a rate, 'in 7 years' or 'between 2012 and 2019' a factor over years,
'speedup' a factor from a percentage, anything else a one-time factor or a share).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Final

from claimgraph.ingest.extract.model import RawFigure
from claimgraph.ingest.extract.numbers import DIGITS, parse_number
from claimgraph.ingest.extract.readings import (
    EFFICIENCY_NOUNS,
    months,
    point,
    read_factor,
    read_percent,
)
from claimgraph.ingest.extract.vocabulary import (
    APPROX,
    FOLD,
    MULT,
    PERCENT,
    QTY,
    TIME_UNIT,
    compile_all,
    num,
)
from claimgraph.schemas.enums import Unit

Builder = Callable[[re.Match[str]], Iterator[RawFigure]]


@dataclass(frozen=True, slots=True)
class Family:
    """One way of stating a figure: its patterns and how to read a match."""

    name: str
    patterns: tuple[re.Pattern[str], ...]
    build: Builder


# --- amounts: money, compute, data, GPU time --------------------------------------------

_MAGNITUDE_SUFFIX: Final = {"k": 1e3, "m": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9, "t": 1e12}


def _amount(label: str) -> Builder:
    def build(m: re.Match[str]) -> Iterator[RawFigure]:
        scale = _MAGNITUDE_SUFFIX.get((m.groupdict().get("mag") or "").lower(), 1.0)
        yield point(m, Unit.ABSOLUTE, scale, label=label)

    return build


# --- halving and doubling times ---------------------------------------------------------


def _time_unit(verb: str) -> Unit:
    return Unit.HALVING_TIME_MONTHS if verb.lower().startswith("hal") else Unit.DOUBLING_TIME_MONTHS


def _halving(m: re.Match[str]) -> Iterator[RawFigure]:
    scale = months(m["tu"])
    if m.groupdict().get("num") is None and m.groupdict().get("lo") is None:
        yield RawFigure(m.start(), m.end(), scale, _time_unit(m["verb"]), scale=scale)
        return
    yield point(m, _time_unit(m["verb"]), scale)


_LIST_ITEM: Final = re.compile(rf"{num('num')}\s*months?")


def _halving_list(m: re.Match[str]) -> Iterator[RawFigure]:
    unit = _time_unit(m["verb"])
    offset = m.start("list")
    for item in _LIST_ITEM.finditer(m["list"]):
        value = parse_number(item["num"])
        yield RawFigure(offset + item.start(), offset + item.end(), value, unit)


def _times_a_year(m: re.Match[str]) -> Iterator[RawFigure]:
    times = m["times"].lower().split()[0]
    count = {"twice": 2.0, "thrice": 3.0}.get(times) or parse_number(times)
    yield RawFigure(m.start(), m.end(), 12.0 / count, _time_unit(m["verb"]))


COMPUTE_PER_DOUBLING: Final = "training compute multiple per doubling of capability"


def _compute_per_doubling(m: re.Match[str]) -> Iterator[RawFigure]:
    yield RawFigure(
        m.start(), m.end(), parse_number(m["num"]), Unit.ABSOLUTE, label=COMPUTE_PER_DOUBLING
    )


# --- the table ----------------------------------------------------------------------------

_VERB: Final = r"(?P<verb>halv(?:e|es|ed|ing)|half|doubl(?:e|es|ed|ing))"
_FILL: Final = r"(?:[,:]?\s+(?!\d)[a-z'-]+){0,9}?[,:]?"
_DOUBLES: Final = r"\b(?:doubl\w*|2[-\s]?fold|2[x×])"

FAMILIES: Final[tuple[Family, ...]] = (
    Family(
        "flop",  # 2 × 10²³ FLOPs, about 2e29 FLOP
        compile_all(rf"{APPROX}{num('num')}\s*FLOPs?\b(?!\s*/\s*s|\s+per\s+second)"),
        _amount("FLOP"),
    ),
    Family(
        "gpu_hours",  # 2.788 million H800 GPU hours
        compile_all(rf"{num('num')}\s+(?:[A-Z][\w-]*\s+)?GPU[- ]hours?\b"),
        _amount("GPU hours"),
    ),
    Family(
        "tokens",  # 300 trillion tokens (not "$60 per million tokens")
        compile_all(rf"(?<!per\s){num('num')}\s+(?:[a-z-]+\s+)?tokens\b(?!\s+(?:per|each|a)\b)"),
        _amount("tokens"),
    ),
    Family(
        "dollars",  # $73, $43K, $5.576 million, a billion dollars
        compile_all(
            rf"(?<!\w)\$\s?{num('num')}(?:\s?(?P<mag>[kmbt]\b|bn\b|mn\b))?",
            rf"(?:USD|US\$)\s?{num('num')}",
            rf"{num('num')}\s+(?:US\s+)?dollars\b",
            rf"{num('num')}\s?(?:USD|US\$)\b",
        ),
        _amount("USD"),
    ),
    Family(
        "halving_list",  # halving times of 8 months, 6 months, and 7½ months
        compile_all(
            r"(?P<verb>halving|doubling)\s+times\s+of\s+"
            rf"(?P<list>{DIGITS}\s*months?(?:\s*,\s*(?:and\s+)?{DIGITS}\s*months?"
            rf"|\s+and\s+{DIGITS}\s*months?)+)"
        ),
        _halving_list,
    ),
    Family(
        "halving_time",  # halved about every 8 months; 3.4-month doubling; 4 months per doubling
        compile_all(
            rf"{QTY}[\s-]*{TIME_UNIT}\s+(?:(?:per|for\s+each|for\s+every|a)\s+)?"
            r"(?P<verb>halving|doubling)\b",
            rf"{_VERB}{_FILL}\s+{APPROX}{QTY}[\s-]*{TIME_UNIT}\b",
            rf"{_VERB}(?:\s+(?!\d)[a-z'-]+){{0,3}}?\s+every\s+(?P<tu>year|month|decade)\b",
        ),
        _halving,
    ),
    Family(
        "times_a_year",  # doubling twice a year
        compile_all(
            rf"{_VERB}\s+(?P<times>twice|thrice|{DIGITS}\s+times)\s+(?:a|per|each|every)\s+year\b"
        ),
        _times_a_year,
    ),
    Family(
        "compute_per_doubling",  # a 10x increase in compute ... doubles capability
        compile_all(
            rf"{APPROX}{num('num')}(?:{MULT}|{FOLD})\s+(?:increase|rise|jump)\s+in\s+"
            rf"(?:the\s+)?(?:training\s+)?comput\w*[^.;]{{0,100}}?{_DOUBLES}",
            r"increas\w*\s+(?:the\s+)?(?:training\s+)?comput\w*\s+(?:used\s+)?by\s+"
            rf"{APPROX}{num('num')}(?:{MULT}|{FOLD})[^.;]{{0,60}}?{_DOUBLES}",
        ),
        _compute_per_doubling,
    ),
    Family(
        "factor",  # a factor of 600 (in 7 years); 4×/year; 44-fold between 2012 and 2019; 2×
        compile_all(
            r"(?:by\s+)?(?:a\s+)?factor\s+of\s+(?:(?P<bound>less\s+than|up\s+to|at\s+most|under"
            rf"|more\s+than|at\s+least|over|about|roughly|around)\s+)?{APPROX}{QTY}(?:{MULT})?",
            rf"(?P<oom>(?:{APPROX}{QTY}|(?P<an>an|one)))\s+(?:orders?\s+of\s+magnitude|OOMs?)\b",
            rf"{APPROX}{QTY}(?:{MULT}|{FOLD})",
            r"(?P<word>twice)\s+as\b",
            rf"(?P<word>doubl|halv|tripl|quadrupl)(?:es|ed|ing|e)?\s+(?:the\s+)?(?:(?!of\b)\w+\s+)?"
            rf"{EFFICIENCY_NOUNS}\b",
            r"(?:cut|cuts|reduced|reduces)\s+(?:\w+\s+){0,3}?in\s+(?P<word>half)\b",
        ),
        read_factor,
    ),
    Family("percent", compile_all(rf"{APPROX}{QTY}{PERCENT}"), read_percent),
)
"""Every family, most specific first: earlier matches win overlaps."""


__all__ = ["COMPUTE_PER_DOUBLING", "FAMILIES", "QTY", "Family", "parse_number"]
