"""`did you mean ...?` for a value or an id that is one or two edits from a known one.

difflib ranks the candidates (cheaply, by similarity); an edit distance then keeps only
those a typo could explain, so a short wrong word is not matched to an unrelated one.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Final

MAX_EDITS: Final = 2
"""Insertions, deletions, substitutions or swaps of neighbours a typo is allowed."""

_RANKED: Final = 5


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance with a swap of two neighbours counting as one edit."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                best = min(best, previous2[j - 2] + 1)
            current.append(best)
        previous2, previous = previous, current
    return previous[-1]


def close_matches(word: str, candidates: Iterable[str]) -> list[str]:
    """The known values at most two edits from `word`, nearest first (none for an exact hit)."""
    near_length = [c for c in dict.fromkeys(candidates) if abs(len(c) - len(word)) <= MAX_EDITS]
    if word in near_length:
        return []
    ranked = difflib.get_close_matches(word, near_length, n=_RANKED, cutoff=0.6)
    within = [(edit_distance(word, c), c) for c in ranked]
    return [c for distance, c in sorted(within, key=lambda x: x[0]) if distance <= MAX_EDITS]


def did_you_mean(word: object, candidates: Iterable[str]) -> str:
    """`did you mean 'x'?` (or `'x' or 'y'`), or '' when nothing is that close."""
    if not isinstance(word, str):
        return ""
    matches = close_matches(word, candidates)[:2]
    if not matches:
        return ""
    return "did you mean " + " or ".join(repr(m) for m in matches) + "?"


__all__ = ["MAX_EDITS", "close_matches", "did_you_mean", "edit_distance"]
