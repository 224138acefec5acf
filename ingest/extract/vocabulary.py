"""The words around figures, as regular-expression pieces over the rewritten (digit) text.

Numbers are digits by the time these run (`ingest.extract.numbers` rewrote the words), so
each piece says how a quantity, a range, a time span, a rate or a qualifier is written,
once, and the patterns of `ingest.extract.patterns` combine them.
"""

from __future__ import annotations

import re
from typing import Final

from claimgraph.ingest.extract.numbers import DIGITS

APPROX: Final = r"(?:[~≈=]\s?)?"
MULT: Final = r"(?:\s?[x×](?![\w])|\s+times\b)"
"""The multiplication sign of '4×', '~4x', '61 times': not the X of '8XH100'."""
FOLD: Final = r"(?:[-\s]?fold\b)"
PERCENT: Final = r"(?:\s?%|\s*percent\b|\s+per\s?cent\b)"
_UNIT_AFTER_LOW: Final = rf"(?:{MULT}|{PERCENT}|{FOLD}|-)?"
PER_YEAR: Final = (
    r"(?:\s*/\s*(?:year|yr|y)\b|\s+(?:per|a|each|every)\s+year\b|\s+annually\b|\s+yearly\b"
    r"|\s+per\s+annum\b|\s+year[- ](?:over|on)[- ]year\b|\s+CAGR\b"
    r"|\s+(?:compound\s+)?annual(?:ized)?\s+(?:growth\s+)?rate\b)"
)


def num(name: str) -> str:
    """A number in a named group, not glued to a preceding word or digit (v3, 2.5, 1,000)."""
    return rf"(?<![\w.,])(?P<{name}>{DIGITS})"


def qty(prefix: str = "") -> str:
    """A point ('8') or a range ('6 to 8', '3-5×', 'between 2.3x and 3.6x', 'from 9x to 900x').

    Groups `{prefix}num`, or `{prefix}lo` and `{prefix}hi` ('between' ranges: `blo`, `bhi`);
    a unit may follow the low end.
    """
    low, high, point = num(f"{prefix}lo"), num(f"{prefix}hi"), num(f"{prefix}num")
    b_low, b_high = num(f"{prefix}blo"), num(f"{prefix}bhi")
    return (
        rf"(?:(?:between|from)\s+{APPROX}{b_low}{_UNIT_AFTER_LOW}\s*(?:and|to|[-–—])\s*"
        rf"{APPROX}{b_high}"
        rf"|{low}{_UNIT_AFTER_LOW}\s*(?:[-–—]|\bto\b|\bor\b)\s*{APPROX}{high}"
        rf"|{point})"
    )


QTY: Final = qty()

TIME_UNIT: Final = r"(?P<tu>months?|years?|yrs?|decades?)"
MONTHS_PER: Final = {"m": 1.0, "y": 12.0, "d": 120.0}
"""Months in one month, year, decade: keyed by the unit word's first letter."""

YEAR: Final = r"(?:19|20)\d\d"
_MONTH_NAME: Final = (
    r"(?:(?:early|mid|late)[- ]|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+)?"
)
YEAR_RANGE: Final = (
    rf"\b(?:from|between|in\s+the|over|during|across)?\s*{_MONTH_NAME}(?P<y1>{YEAR})\s*"
    rf"(?:[-–]|\bto\b|\band\b|\bthrough\b|\buntil\b)\s*{_MONTH_NAME}(?P<y2>{YEAR})\b"
)
"""A stated period: 'from 2010 to May 2024', 'between 2012 and 2019', '2018-2025'."""

BOUND_WORDS: Final = {
    "lower": (
        r"more\s+than|over|above|at\s+least|exceeding|in\s+excess\s+of|upwards\s+of"
        r"|no\s+less\s+than|greater\s+than|better\s+than"
    ),
    "upper": (
        r"up\s+to|less\s+than|fewer\s+than|under|at\s+most|no\s+more\s+than|below"
        r"|as\s+much\s+as|not\s+more\s+than"
    ),
    "approximate": (
        r"about|around|roughly|approximately|approx\.?|nearly|almost|some|circa|close\s+to"
        r"|on\s+the\s+order\s+of|an\s+estimated|estimated|[~≈]|\bc\."
    ),
}
_FILLER_BEFORE_NUMBER: Final = r"(?:(?:a|an|the|by|of|to|once|every|factor|with)\s+)*"
BOUND_BEFORE: Final = re.compile(
    "(?:"
    + "|".join(f"(?P<{name}>(?<![\\w]){words})" for name, words in BOUND_WORDS.items())
    + rf")\s*{_FILLER_BEFORE_NUMBER}$",
    re.IGNORECASE,
)
"""Qualifier words right before a figure's first number ('more than 300,000x', 'about 8')."""

CONDITION_WORDS: Final = (
    r"(?:reliability|accuracy|confidence|probability|chance|success|percentile|quantile"
    r"|credib\w*|CI\b|significance)"
)
"""What a percentage that is a condition or a score, not a figure, is followed by."""

SENTENCE_END: Final = re.compile(r"[.!?;](?=\s+[A-Z(\[]|\s*$)|\n\s*\n")


def compile_all(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern, re.IGNORECASE) for pattern in patterns)


__all__ = [
    "APPROX",
    "BOUND_BEFORE",
    "BOUND_WORDS",
    "CONDITION_WORDS",
    "FOLD",
    "MONTHS_PER",
    "MULT",
    "PERCENT",
    "PER_YEAR",
    "QTY",
    "SENTENCE_END",
    "TIME_UNIT",
    "YEAR",
    "YEAR_RANGE",
    "compile_all",
    "num",
    "qty",
]
