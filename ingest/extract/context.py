"""Scope and category guessed from the words around a figure (a guess the draft marks).

The nearest telling word within `CONTEXT_CHARS` on either side wins: 'inference', 'served',
'distilled' suggest inference; 'training' suggests training; 'FLOP/$', 'hardware', 'GPU'
suggest hardware; and so on. Nothing nearby leaves the scope unspecified and the category
mixed, for the curator to decide.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final, TypeVar

from claimgraph.schemas.enums import Category, Scope

CONTEXT_CHARS: Final = 100
"""Characters on each side of a figure searched for scope and category words (~200 in all)."""


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(patterns), re.IGNORECASE)


SCOPE_WORDS: Final[tuple[tuple[Scope, re.Pattern[str]], ...]] = (
    (
        Scope.INFERENCE,
        _words(r"\binferenc\w*", r"\bserv(?:e|es|ed|ing)\b", r"\bdistill\w*", r"\bdecod\w*"),
    ),
    (Scope.TRAINING, _words(r"\b(?:pre-?)?train\w*")),
    (
        Scope.HARDWARE,
        _words(r"FLOP/\$", r"\bhardware\b", r"\bchips?\b", r"\bGPUs?\b", r"\baccelerators?\b"),
    ),
    (Scope.DATA, _words(r"\bdata(?:sets?)?\b", r"\btokens\b")),
)
CATEGORY_WORDS: Final[tuple[tuple[Category, re.Pattern[str]], ...]] = (
    (
        Category.OPTIMIZATION,
        _words(
            r"\boptimi[sz]\w*",
            r"\bCUDA\b",
            r"FlashAttention",
            r"\bquantiz\w*",
            r"\bkernels?\b",
        ),
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


__all__ = ["CONTEXT_CHARS", "guess_category", "guess_scope"]
