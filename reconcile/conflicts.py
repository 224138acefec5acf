"""Estimates of one quantity that cannot both be right, judged by each one's own uncertainty.

Two pooled estimates conflict when the intervals they entered the pool with do not
overlap: a stated interval, a range read by the range convention, or a point's imputed
interval (reconcile.uncertainty), never a fixed slack. An estimate deviates when it lies
outside the prediction interval of the others (leave-one-out). A conflict or deviation is
reported with what explains it, counting only what bears on that pair:

- a critique of one side whose kind addresses what differs between the two: its
  alternative is the other side; scale_dependence against an estimate that is not
  scale-bound; ceiling, misattribution and conflation (which say a figure is inflated by
  one-time gains or by gains of other drivers) when the critiqued side is the larger;
  methodology and unsupported only through their alternative;
- a period difference only when the periods share less than half their joint span;
- compute scale only when one holds at a scale and the other does not;
- category only when the categories differ.

Otherwise it is UNEXPLAINED, which is the case a curator should read first.
"""

import bisect
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence

from claimgraph.reconcile.pooling import pool_with_members
from claimgraph.reconcile.records import RecordLike
from claimgraph.reconcile.selection import SHARED_PERIOD, period_of, period_overlap
from claimgraph.reconcile.weighed import Weighed
from claimgraph.schemas.enums import CritiqueKind
from claimgraph.schemas.reconciliation import (
    Conflict,
    ConflictExplanation,
    CritiqueRef,
    Deviation,
    EstimateKind,
    ExplanationKind,
    PooledEstimate,
)

_REL_TOL = 1e-9  # the same r reached through two units must not count as a conflict
_INFLATING = frozenset({CritiqueKind.CEILING, CritiqueKind.MISATTRIBUTION, CritiqueKind.CONFLATION})


def _apart(lower_high: float, upper_low: float) -> bool:
    return lower_high < upper_low and not math.isclose(lower_high, upper_low, rel_tol=_REL_TOL)


def _scale_bound(rec: RecordLike) -> bool:
    return rec.compute_scale_flop is not None or any(
        c.kind is CritiqueKind.SCALE_DEPENDENCE for c in rec.critiques
    )


def _bears(critique: CritiqueRef, side: Weighed, other: Weighed) -> str | None:
    """Why a critique of `side` bears on its disagreement with `other`, or None."""
    if critique.alternative is not None and critique.alternative == other.claim_id:
        return f"it proposes {other.claim_id} instead"
    if critique.kind is CritiqueKind.SCALE_DEPENDENCE and not _scale_bound(other.rec):
        return f"{other.claim_id} is not scale-bound"
    if critique.kind in _INFLATING and side.ln_r > other.ln_r:
        return f"it argues {side.claim_id} is inflated, and it is the larger"
    return None


def pair_explanations(a: Weighed, b: Weighed) -> list[ConflictExplanation]:
    """What bears on a and b disagreeing; a single UNEXPLAINED entry if nothing does."""
    found: list[ConflictExplanation] = []
    for side, other in ((a, b), (b, a)):
        for c in sorted(side.rec.critiques, key=lambda c: (c.kind.value, c.critique_id)):
            why = _bears(c, side, other)
            if why is not None:
                found.append(
                    ConflictExplanation(
                        kind=ExplanationKind.CRITIQUE,
                        detail=f"{side.claim_id} is targeted by a {c.kind.value} critique "
                        f"({c.critique_id}); {why}",
                        claim_id=side.claim_id,
                        critique_id=c.critique_id,
                        critique_kind=c.kind,
                    )
                )
    ra, rb = a.rec, b.rec
    if ra.category is not None and rb.category is not None and ra.category != rb.category:
        found.append(
            ConflictExplanation(
                kind=ExplanationKind.CATEGORY,
                detail=f"{a.claim_id} counts {ra.category.value} progress, "
                f"{b.claim_id} counts {rb.category.value} progress",
            )
        )
    if (ra.compute_scale_flop is None) != (rb.compute_scale_flop is None):
        bound, free = (a, b) if ra.compute_scale_flop is not None else (b, a)
        found.append(
            ConflictExplanation(
                kind=ExplanationKind.COMPUTE_SCALE,
                detail=f"{bound.claim_id} holds at {bound.rec.compute_scale_flop:g} FLOP, "
                f"{free.claim_id} is scale-invariant",
            )
        )
    pa, pb = period_of(ra), period_of(rb)
    shared = period_overlap(pa, pb)
    if pa is not None and pb is not None and shared is not None and shared < SHARED_PERIOD:
        found.append(
            ConflictExplanation(
                kind=ExplanationKind.PERIOD,
                detail=f"{a.claim_id} covers {pa[0]}-{pa[1]}, {b.claim_id} covers "
                f"{pb[0]}-{pb[1]}: {shared:.0%} of their span is shared",
            )
        )
    if not found:
        found.append(
            ConflictExplanation(
                kind=ExplanationKind.UNEXPLAINED,
                detail="no critique, category, compute scale or period difference bears on it",
            )
        )
    return found


def _conflict(quantity_id: str, a: Weighed, b: Weighed) -> Conflict | None:
    if _apart(a.r_high, b.r_low):
        gap = math.log10(b.r_low / a.r_high)
    elif _apart(b.r_high, a.r_low):
        gap = math.log10(a.r_low / b.r_high)
    else:
        return None
    explanations = pair_explanations(a, b)
    return Conflict(
        quantity_id=quantity_id,
        claim_a=a.claim_id,
        claim_b=b.claim_id,
        a_low=a.r_low,
        a_high=a.r_high,
        b_low=b.r_low,
        b_high=b.r_high,
        gap_log10=gap,
        explained=explanations[0].kind is not ExplanationKind.UNEXPLAINED,
        explanations=explanations,
        a_basis=a.basis,
        b_basis=b.basis,
    )


def conflicts_among(quantity_id: str, members: Sequence[Weighed]) -> list[Conflict]:
    """Every pair of pooled estimates whose intervals do not overlap, sorted by ids.

    Output-sensitive: the spans are sorted by their lower end, and for each span a binary
    search finds the first span lying wholly above it. Cost O(k log k + conflicts).
    """
    spans = sorted(members, key=lambda m: (m.r_low, m.claim_id))
    lows = [m.r_low for m in spans]
    found: list[Conflict] = []
    for lower in spans:
        start = bisect.bisect_right(lows, lower.r_high)
        for upper in spans[start:]:
            if not _apart(lower.r_high, upper.r_low):
                continue  # equal within float noise: touching spans overlap
            a, b = sorted((lower, upper), key=lambda m: m.claim_id)
            conflict = _conflict(quantity_id, a, b)
            if conflict is not None:
                found.append(conflict)
    return sorted(found, key=lambda c: (c.claim_a, c.claim_b))


def deviations_among(pooled: PooledEstimate, members: Sequence[Weighed]) -> list[Deviation]:
    """Estimates outside the others' prediction interval, with what bears on every other."""
    by_id = {m.claim_id: m for m in members}
    found: list[Deviation] = []
    for row in pooled.leave_one_out:
        if not row.outside_prediction or row.r is None or row.std_residual is None:
            continue
        member = by_id[row.claim_id]
        others = [m for m in members if m.claim_id != row.claim_id]
        common = _shared_explanations(member, others)
        found.append(
            Deviation(
                quantity_id=pooled.quantity_id,
                claim_id=row.claim_id,
                basis=member.basis,
                r=math.exp(member.ln_r),
                others_r=row.r,
                others_pi_low=row.pi_low or row.r,
                others_pi_high=row.pi_high or row.r,
                std_residual=row.std_residual,
                outside_prediction=True,
                explained=common[0].kind is not ExplanationKind.UNEXPLAINED,
                explanations=common,
            )
        )
    return found


def _shared_explanations(member: Weighed, others: Sequence[Weighed]) -> list[ConflictExplanation]:
    """Explanations of `member` that bear on its gap with every one of the others (the
    candidates are those bearing on the first other; each further other can only remove)."""
    if not others:
        return _unexplained_against_all()
    first = [
        e for e in pair_explanations(member, others[0]) if e.kind is not ExplanationKind.UNEXPLAINED
    ]
    common = {(e.kind, e.critique_id) for e in first}
    for other in others[1:]:
        if not common:
            break
        common &= {(e.kind, e.critique_id) for e in pair_explanations(member, other)}
    kept = [e for e in first if (e.kind, e.critique_id) in common]
    if not kept:
        return _unexplained_against_all()
    return [
        e.model_copy(update={"detail": e.detail.split("; ")[0] + " (against every other)"})
        if e.kind is ExplanationKind.CRITIQUE
        else e
        for e in kept
    ]


def _unexplained_against_all() -> list[ConflictExplanation]:
    return [
        ConflictExplanation(
            kind=ExplanationKind.UNEXPLAINED,
            detail="nothing bears on its gap with every other estimate",
        )
    ]


def find_conflicts(
    records: Sequence[RecordLike],
    *,
    domains: Mapping[str, str | None] | None = None,
) -> list[Conflict]:
    """All conflicting pairs of rates within each quantity, sorted by (quantity, a, b)."""
    by_quantity: dict[str, list[RecordLike]] = defaultdict(list)
    for rec in records:
        if rec.estimate.kind is EstimateKind.RATE:
            by_quantity[rec.quantity_id].append(rec)
    cited = {rec.claim_id: rec for rec in records}
    conflicts: list[Conflict] = []
    for quantity_id in sorted(by_quantity):
        _, members = pool_with_members(
            by_quantity[quantity_id],
            quantity_id,
            domain=(domains or {}).get(quantity_id),
            cited=cited,
        )
        conflicts.extend(conflicts_among(quantity_id, members))
    return conflicts
