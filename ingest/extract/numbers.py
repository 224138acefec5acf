"""How the texts write numbers and the words around them, as regular-expression pieces.

The typography of real articles: unicode × and ½, "~" and "≈", thousands separators (16,000),
ranges written with -, – or "to", and small numbers spelled out.
"""

from __future__ import annotations

from typing import Final

_FRACTIONS: Final = {"½": 0.5, "¼": 0.25, "¾": 0.75}
SUPERSCRIPTS: Final = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_WORDS: Final = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "fifty": 50,
    "hundred": 100,
    "thousand": 1000,
}
MAGNITUDES: Final = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "t": 1e12,
    "trillion": 1e12,
}

NUMBER: Final = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?[½¼¾]?"
"""A written number: 8, 1.68, 16,000, 7½ (no sign; a leading '-' is a range separator)."""

WORD_NUMBER: Final = r"(?:" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")"
APPROX: Final = r"(?:[~≈=]\s?)?"
MULT: Final = r"[x×X](?!\w)"
"""The multiplication sign of "4×", "~4x": not the X of "8XH100"."""
PERCENT: Final = r"(?:\s?%|\s+per\s?cent\b)"
PER_YEAR: Final = (
    r"(?:\s*/\s*(?:year|yr|y)\b|\s+(?:per|a|each|every)\s+year\b|\s+annually\b|\s+yearly\b)"
)


def num(name: str) -> str:
    """A number in a named group, not glued to a preceding word or digit (v3, 2.5, 1,000)."""
    return rf"(?<![\w.,])(?P<{name}>{NUMBER})"


QTY: Final = rf"(?:{num('lo')}\s*(?:[x×%]\s*)?(?:[-–—]|\bto\b)\s*{APPROX}{num('hi')}|{num('num')})"
"""A point ("8") or a range ("6 to 8", "3-5", "0–15") in groups num / lo, hi."""


def parse_number(written: str) -> float:
    """'16,000' -> 16000.0; '7½' -> 7.5; 'seven' -> 7.0."""
    word = _WORDS.get(written.lower())
    if word is not None:
        return float(word)
    extra = _FRACTIONS.get(written[-1], 0.0)
    digits = written.rstrip("½¼¾").replace(",", "")
    return (float(digits) if digits else 0.0) + extra
