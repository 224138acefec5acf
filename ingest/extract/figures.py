"""Find the figures in a plain-text source and guess their context from the words around them.

The extractor is a curator's head start, not an oracle: it finds quantitative expressions of
growth and efficiency with the patterns of `ingest.extract.patterns` and guesses scope and
category from nearby words; `ingest.extract.draft` turns what it finds into a paper file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from typing import Final, TypeVar

from claimgraph.ingest.extract.patterns import FAMILIES, UPPER_BOUND, RawFigure
from claimgraph.schemas.enums import Category, Scope

CONTEXT_CHARS: Final = 100
"""Characters on each side of a figure searched for scope and category words (~200 in all)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure(RawFigure):
    """One quantitative expression found in a text, parsed as stated, with context guesses.

    `start`/`end` are Python str offsets, end exclusive (the corpus locator convention).
    `low`/`high` are set when the text gives a range; `value` is then its midpoint.
    """

    text: str
    family: str
    scope: Scope
    category: Category

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end

    @property
    def numbers(self) -> tuple[float, ...]:
        """Every number the figure states: its value and interval ends (for matching)."""
        return tuple(n for n in (self.value, self.low, self.high) if n is not None)


# --- finding figures -----------------------------------------------------------------------


def extract_figures(text: str) -> list[Figure]:
    """Every figure in `text`, in text order; a span claimed by an earlier family is kept."""
    taken: list[tuple[int, int]] = []
    found: list[tuple[str, RawFigure]] = []
    for family in FAMILIES:
        for pattern in family.patterns:
            for match in pattern.finditer(text):
                for raw in family.build(match):
                    raw = _with_bound(text, raw)
                    if any(raw.start < end and start < raw.end for start, end in taken):
                        continue
                    taken.append((raw.start, raw.end))
                    found.append((family.name, raw))
    found.sort(key=lambda item: item[1].start)
    return [_figure(text, name, raw) for name, raw in found]


def _with_bound(text: str, raw: RawFigure) -> RawFigure:
    """Extend a figure over a ceiling word before it ("up to 20×") and mark it upper_bound."""
    bound = UPPER_BOUND.search(text, max(0, raw.start - 30), raw.start)
    if bound is None or not _starts_word(text, bound.start()):
        return raw
    return replace(raw, start=bound.start(), upper_bound=True)


def _starts_word(text: str, index: int) -> bool:
    return index == 0 or not text[index - 1].isalnum()


def _figure(text: str, family: str, raw: RawFigure) -> Figure:
    return Figure(
        **{field.name: getattr(raw, field.name) for field in fields(raw)},
        text=text[raw.start : raw.end],
        family=family,
        scope=guess_scope(text, raw.start, raw.end),
        category=guess_category(text, raw.start, raw.end),
    )


# --- guessing context ----------------------------------------------------------------------


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(patterns), re.IGNORECASE)


SCOPE_WORDS: Final[tuple[tuple[Scope, re.Pattern[str]], ...]] = (
    (Scope.INFERENCE, _words(r"\binferenc\w*", r"\bserv(?:e|es|ed|ing)\b", r"\bdistill\w*")),
    (Scope.TRAINING, _words(r"\b(?:pre-?)?train\w*")),
    (Scope.HARDWARE, _words(r"FLOP/\$", r"\bhardware\b", r"\bchips?\b", r"\bGPUs?\b")),
    (Scope.DATA, _words(r"\bdata(?:sets?)?\b")),
)
CATEGORY_WORDS: Final[tuple[tuple[Category, re.Pattern[str]], ...]] = (
    (
        Category.OPTIMIZATION,
        _words(r"\boptimi[sz]\w*", r"\bCUDA\b", r"FlashAttention", r"\bquantiz\w*"),
    ),
    (Category.DATA, _words(r"\bdata\b", r"\bdistill\w*")),
    (Category.HARDWARE, _words(r"\bhardware\b", r"FLOP/\$", r"\bchips?\b")),
    (
        Category.ALGORITHMIC,
        _words(
            r"\balgorithm\w*",
            r"\barchitectur\w*",
            r"\bTransformers?\b",
            r"\bMoE\b",
            r"Mixture-of-Experts",
        ),
    ),
)


T = TypeVar("T")


def _nearest(
    text: str, start: int, end: int, table: Iterable[tuple[T, re.Pattern[str]]]
) -> T | None:
    """The label whose keyword lies nearest the span within the context window."""
    low, high = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    best: tuple[int, int, T] | None = None
    for rank, (label, pattern) in enumerate(table):
        for match in pattern.finditer(text, low, high):
            distance = max(start - match.end(), match.start() - end, 0)
            if best is None or (distance, rank) < best[:2]:
                best = (distance, rank, label)
    return best[2] if best is not None else None


def guess_scope(text: str, start: int, end: int) -> Scope:
    """inference / training / hardware / data from the nearest telling word, else unspecified."""
    return _nearest(text, start, end, SCOPE_WORDS) or Scope.UNSPECIFIED


def guess_category(text: str, start: int, end: int) -> Category:
    """optimization / data / hardware / algorithmic from the nearest telling word, else mixed."""
    return _nearest(text, start, end, CATEGORY_WORDS) or Category.MIXED


__all__ = ["CONTEXT_CHARS", "Figure", "extract_figures", "guess_category", "guess_scope"]
