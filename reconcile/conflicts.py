"""Pairs of estimates of one quantity that cannot both be right, and what may explain them.

Two rates conflict when their r intervals do not overlap. A point with no stated
interval is a rounded figure ("8 months", "~4x"), so for the overlap test it counts
as r within ±POINT_ROUNDING (relative) rather than as a zero-width interval; otherwise
one source's own figure restated in two units (44x over 7 years vs a 16-month
doubling) would come out as a conflict. A conflict is not a verdict: it is reported with
every circumstance that could account for it (a critique of either claim, a different
driver category, compute scale or period), or as unexplained, which is the case a curator
should read first. Only rates are compared; factors, shares and absolutes have no r.
"""

import bisect
import math
from collections import defaultdict
from collections.abc import Sequence

from claimgraph.reconcile.records import RecordLike
from claimgraph.schemas.reconciliation import (
    Conflict,
    ConflictExplanation,
    EstimateKind,
    ExplanationKind,
)

_REL_TOL = 1e-9  # the same r reached through two units must not count as a conflict
POINT_ROUNDING = 0.05
"""Relative slack on r for a point figure: "8 months" read as 7.5-8.5 is about ±6 % on r."""
_SCALE_REL_TOL = 1e-6


def _span(rec: RecordLike) -> tuple[float, float]:
    est = rec.estimate
    if est.r is None:
        raise ValueError(f"claim {rec.claim_id} is a rate without r")
    low = est.r if est.r_low is None else est.r_low
    high = est.r if est.r_high is None else est.r_high
    return (low, high)


def _tested_span(rec: RecordLike) -> tuple[float, float]:
    """The span used for the overlap test: stated interval, or a point with its rounding."""
    low, high = _span(rec)
    if rec.estimate.low is None:
        return (low / (1 + POINT_ROUNDING), high * (1 + POINT_ROUNDING))
    return (low, high)


def _apart(lower_high: float, upper_low: float) -> bool:
    return lower_high < upper_low and not math.isclose(lower_high, upper_low, rel_tol=_REL_TOL)


def _critiques(rec: RecordLike) -> list[ConflictExplanation]:
    return [
        ConflictExplanation(
            kind=ExplanationKind.CRITIQUE,
            detail=f"{rec.claim_id} is targeted by a {c.kind.value} critique ({c.critique_id})",
            claim_id=rec.claim_id,
            critique_id=c.critique_id,
            critique_kind=c.kind,
        )
        for c in sorted(rec.critiques, key=lambda c: (c.kind.value, c.critique_id))
    ]


def _scale_differs(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return (a is None) != (b is None)
    return not math.isclose(a, b, rel_tol=_SCALE_REL_TOL)


def _scale_text(scale: float | None) -> str:
    return "scale-invariant" if scale is None else f"at {scale:g} FLOP"


def _period(rec: RecordLike) -> tuple[int, int] | None:
    if rec.period_start_year is None or rec.period_end_year is None:
        return None
    return (rec.period_start_year, rec.period_end_year)


def explain(a: RecordLike, b: RecordLike) -> list[ConflictExplanation]:
    """Every circumstance that may account for a and b disagreeing; UNEXPLAINED if none.

    A category or period counts only when both claims state it: an unknown cannot
    explain anything.
    """
    found = _critiques(a) + _critiques(b)
    if a.category is not None and b.category is not None and a.category != b.category:
        found.append(
            ConflictExplanation(
                kind=ExplanationKind.CATEGORY,
                detail=f"{a.claim_id} counts {a.category.value} progress, "
                f"{b.claim_id} counts {b.category.value} progress",
            )
        )
    if _scale_differs(a.compute_scale_flop, b.compute_scale_flop):
        found.append(
            ConflictExplanation(
                kind=ExplanationKind.COMPUTE_SCALE,
                detail=f"{a.claim_id} is {_scale_text(a.compute_scale_flop)}, "
                f"{b.claim_id} is {_scale_text(b.compute_scale_flop)}",
            )
        )
    pa, pb = _period(a), _period(b)
    if pa is not None and pb is not None and pa != pb:
        found.append(
            ConflictExplanation(
                kind=ExplanationKind.PERIOD,
                detail=f"{a.claim_id} covers {pa[0]}-{pa[1]}, {b.claim_id} covers {pb[0]}-{pb[1]}",
            )
        )
    if not found:
        found.append(
            ConflictExplanation(
                kind=ExplanationKind.UNEXPLAINED,
                detail="no critique, category, compute scale or period difference accounts for it",
            )
        )
    return found


def _conflict(a: RecordLike, b: RecordLike) -> Conflict | None:
    (a_low, a_high), (b_low, b_high) = _span(a), _span(b)
    (ta_low, ta_high), (tb_low, tb_high) = _tested_span(a), _tested_span(b)
    if _apart(ta_high, tb_low):
        gap = math.log10(b_low / a_high)
    elif _apart(tb_high, ta_low):
        gap = math.log10(a_low / b_high)
    else:
        return None
    explanations = explain(a, b)
    return Conflict(
        quantity_id=a.quantity_id,
        claim_a=a.claim_id,
        claim_b=b.claim_id,
        a_low=a_low,
        a_high=a_high,
        b_low=b_low,
        b_high=b_high,
        gap_log10=gap,
        explained=explanations[0].kind is not ExplanationKind.UNEXPLAINED,
        explanations=explanations,
    )


def find_conflicts(records: Sequence[RecordLike]) -> list[Conflict]:
    """All conflicting pairs of rates within each quantity, sorted by (quantity, a, b).

    Output-sensitive: within a quantity the spans are sorted by their lower end, and
    for each span a binary search finds the first span lying wholly above it; every
    span from there on conflicts with it. Cost O(k log k + conflicts), not O(k^2).
    """
    by_quantity: dict[str, list[RecordLike]] = defaultdict(list)
    for rec in records:
        if rec.estimate.kind is EstimateKind.RATE:
            by_quantity[rec.quantity_id].append(rec)
    conflicts: list[Conflict] = []
    for quantity_id in sorted(by_quantity):
        spans = sorted(
            ((_tested_span(rec), rec) for rec in by_quantity[quantity_id]),
            key=lambda item: (item[0][0], item[1].claim_id),
        )
        lows = [span[0] for span, _ in spans]
        found: list[Conflict] = []
        for (_, high), lower in spans:
            start = bisect.bisect_right(lows, high)
            for (upper_low, _), upper in spans[start:]:
                if not _apart(high, upper_low):
                    continue  # equal within float noise: touching spans overlap
                a, b = sorted((lower, upper), key=lambda rec: rec.claim_id)
                conflict = _conflict(a, b)
                if conflict is not None:
                    found.append(conflict)
        conflicts.extend(sorted(found, key=lambda c: (c.claim_a, c.claim_b)))
    return conflicts
