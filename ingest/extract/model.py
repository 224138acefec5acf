"""What the extractor says about one figure: the number as stated, its unit and qualifiers.

`RawFigure` is what a pattern reads (span, value, unit, interval, bound, years, period);
`Figure` adds what the surrounding words suggest (scope, category) and the spanned text.
Offsets are Python str offsets into the original text, end exclusive (the corpus
locator convention).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from claimgraph.schemas.enums import Category, Scope, Unit


class Bound(StrEnum):
    """How the text qualifies a figure: a floor, a ceiling, or a rough value."""

    LOWER = "lower"  # more than, at least, over
    UPPER = "upper"  # up to, less than, at most
    APPROXIMATE = "approximate"  # about, roughly, ~


@dataclass(frozen=True, slots=True)
class RawFigure:
    """A parsed figure before the context guesses (scope, category) are added.

    `low`/`high` are set when the text gives a range or an interval, `value` is then the
    range's midpoint unless the text states a point as well; `level` is the interval's
    coverage (0.95) when stated. `scale` is what the written numbers were multiplied by
    to reach the unit (12 for years into months, 0.01 for percent into a share), so an
    interval stated beside the figure can be read the same way. `anchor` is where the first
    number starts, for reading the words just before it.
    """

    start: int
    end: int
    value: float
    unit: Unit
    low: float | None = None
    high: float | None = None
    years: float | None = None
    label: str | None = None
    bound: Bound | None = None
    period: tuple[int, int] | None = None
    level: float | None = None
    scale: float = 1.0
    anchor: int = -1

    @property
    def upper_bound(self) -> bool:
        return self.bound is Bound.UPPER


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure(RawFigure):
    """One figure found in a text, parsed as stated, with context guesses."""

    text: str
    family: str
    scope: Scope
    category: Category
    period_guessed: bool = False

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end

    @property
    def numbers(self) -> tuple[float, ...]:
        """Every number the figure states: its value and interval ends (for matching)."""
        return tuple(n for n in (self.value, self.low, self.high) if n is not None)


__all__ = ["Bound", "Figure", "RawFigure"]
