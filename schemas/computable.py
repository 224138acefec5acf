"""Whether a decomposition can be computed from the figures of the claims it names.

A decomposition's check multiplies its factors and compares the product with its total's
value (reconcile.decomposition). That needs a positive total and every factor read as a
positive multiplier: a one-time factor, a factor over years or a positive absolute figure,
or a rate when the total is a factor over years (the rate compounds over the total's years
into a factor); a share is never a factor. Products stay within 1e±300. The factors may
be claims of other files, so the loader checks a decomposition once it knows every figure
it names: within the file here, and against the graph and the rest of a run in ingest.plan.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from claimgraph.schemas.enums import RATE_UNITS, Unit
from claimgraph.schemas.estimate import Estimate, log10_rate

MAX_LOG10_PRODUCT: Final = 300.0
"""A decomposition's factors, each and multiplied together, stay within 1e-300..1e300."""

MULTIPLIER_UNITS: Final = frozenset({Unit.ONE_TIME_FACTOR, Unit.FACTOR_OVER_YEARS, Unit.ABSOLUTE})
"""Units whose value is itself a multiplier a decomposition can multiply."""


@dataclass(frozen=True, slots=True)
class Figure:
    """A claim's stated figure, as a decomposition reads it."""

    unit: Unit
    value: float
    years: float | None = None

    @classmethod
    def of(cls, estimate: Estimate) -> Figure:
        return cls(estimate.unit, estimate.value, estimate.years)


def total_problem(total_id: str, total: Figure) -> str | None:
    """Why `total` cannot be a decomposition's total, or None: its value is the product the
    factors are compared with, so it must be positive."""
    if not total.value > 0:
        return (
            f"total {total_id!r} is {total.value:g} ({total.unit.value}); the total a "
            "decomposition's factors multiply up to must be > 0"
        )
    return None


def factor_log10(factor: Figure, total: Figure) -> float | None:
    """log10 of the multiplier a factor contributes over the total's span; None if none."""
    if factor.unit in MULTIPLIER_UNITS:
        return math.log10(factor.value) if factor.value > 0 else None
    if factor.unit in RATE_UNITS and total.years is not None:
        per_year = log10_rate(factor.value, factor.unit, factor.years)
        return None if per_year is None else per_year * total.years
    return None


def factor_problem(factor_id: str, factor: Figure, total: Figure) -> str | None:
    """Why `factor` cannot be multiplied into `total`'s decomposition, or None."""
    if factor.unit in MULTIPLIER_UNITS and not factor.value > 0:
        return f"factor {factor_id!r} is {factor.value:g}; factors must be > 0"
    if factor.unit in RATE_UNITS and total.years is None:
        return (
            f"factor {factor_id!r} is a rate ({factor.unit.value}), which compounds into a "
            "factor only over a span: the total must then be a factor_over_years, whose years "
            f"give the span, not {total.unit.value}"
        )
    log10 = factor_log10(factor, total)
    if log10 is None:
        return (
            f"factor {factor_id!r} is stated in {factor.unit.value}, which is not a multiplier "
            "(use one_time_factor, factor_over_years, a positive absolute figure, or a rate "
            "under a factor_over_years total)"
        )
    if not abs(log10) <= MAX_LOG10_PRODUCT:
        return (
            f"factor {factor_id!r} compounds to 1e{log10:.0f} over the total's span, beyond "
            f"the 1e±{MAX_LOG10_PRODUCT:g} a decomposition may multiply"
        )
    return None


def decomposition_problems(
    total_id: str, factor_ids: Sequence[str], figures: Mapping[str, Figure]
) -> list[tuple[tuple[str | int, ...], str]]:
    """(path within the decomposition, message) for each figure it cannot use.

    Ids without a figure in `figures` are skipped (an unknown reference is reported apart).
    """
    total = figures.get(total_id)
    if total is None:
        return []
    problem = total_problem(total_id, total)
    if problem is not None:
        return [(("total",), problem)]
    problems: list[tuple[tuple[str | int, ...], str]] = []
    product = 0.0
    for index, factor_id in enumerate(factor_ids):
        factor = figures.get(factor_id)
        if factor is None:
            continue
        problem = factor_problem(factor_id, factor, total)
        if problem is not None:
            problems.append((("factors", index), problem))
            continue
        product += factor_log10(factor, total) or 0.0
    ratio = product - math.log10(total.value)
    if not problems and not (abs(product) <= MAX_LOG10_PRODUCT and abs(ratio) <= MAX_LOG10_PRODUCT):
        problems.append(
            (
                ("factors",),
                f"the factors multiply to about 1e{product:.0f} against a total of "
                f"{total.value:g}: product and ratio must stay within 1e±{MAX_LOG10_PRODUCT:g}",
            )
        )
    return problems


__all__ = [
    "MAX_LOG10_PRODUCT",
    "MULTIPLIER_UNITS",
    "Figure",
    "decomposition_problems",
    "factor_log10",
    "factor_problem",
    "total_problem",
]
