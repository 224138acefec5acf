"""Render a reconciliation result for the terminal, one block per kind of result."""

from collections.abc import Sequence
from typing import Final

from claimgraph.schemas.reconciliation import PooledEstimate, PoolSummary, ReconciliationResult

IDS_SHOWN: Final = 10


def _interval(low: float | None, high: float | None) -> str:
    return f"[{low:.3g}, {high:.3g}]" if low is not None and high is not None else ""


def _summary(label: str, summary: PoolSummary | None) -> list[str]:
    if summary is None:
        return []
    if summary.r is None:
        return [f"      {label}: nothing pooled"]
    return [
        f"      {label}: r={summary.r:.3f}/yr {_interval(summary.r_low, summary.r_high)} "
        f"k={summary.k}"
    ]


def pool_lines(p: PooledEstimate) -> list[str]:
    """One quantity's pool: the value, its bases, the weighed estimates, the explanation."""
    if p.r is None:
        lines = [f"  {p.quantity_id}: nothing pooled ({len(p.left_out)} left out)"]
    else:
        hetero = (
            f" tau2={p.tau2:.3g} I2={p.i2:.0%} Q={p.q:.3g}"
            if p.tau2 is not None and p.i2 is not None and p.q is not None
            else ""
        )
        months = (
            f" halving {p.halving_months:.3g} mo"
            if p.halving_months is not None
            else f" doubling {p.doubling_months:.3g} mo"
            if p.doubling_months is not None
            else ""
        )
        lines = [
            f"  {p.quantity_id}: r={p.r:.3f}/yr {_interval(p.r_low, p.r_high)} "
            f"({p.interval_method}){months} k={p.k} "
            f"(stated {p.k_stated}, range {p.k_range}, imputed {p.k_imputed}){hetero}"
        ]
        if p.pi_low is not None:
            lines.append(f"      prediction interval {_interval(p.pi_low, p.pi_high)}")
        loo = {row.claim_id: row for row in p.leave_one_out}
        for e in p.estimates:
            row = loo.get(e.claim_id)
            without = f", pool without it {row.r:.3g}/yr" if row is not None and row.r else ""
            outside = " OUTSIDE others' PI" if row is not None and row.outside_prediction else ""
            lines.append(
                f"      {e.claim_id}: {e.r:.3g}/yr {_interval(e.r_low, e.r_high)} "
                f"{e.basis.value} weight {e.weight:.0%}{without}{outside}"
            )
        lines += _summary("stated only", p.stated_only)
        lines += _summary("without critiqued", p.without_critiqued)
        lines += _summary("critique-adjusted", p.critique_adjusted)
        if p.best_moderator is not None and p.best_moderator_r2 is not None:
            lines.append(
                f"      best moderator {p.best_moderator.value}: "
                f"{p.best_moderator_r2:.0%} of tau2 explained"
            )
        if p.explanation:
            lines.append(f"      why: {p.explanation}")
        if p.assumption:
            lines.append(f"      assumption: {p.assumption}")
    for out in p.left_out:
        lines.append(f"      left out {out.claim_id}: {out.reason.value} ({out.detail})")
    return lines


def derived_lines(result: ReconciliationResult) -> list[str]:
    """What the pass changed: its counts, the flags it raised, the ids it updated or
    removed (the many a first ingest creates are a count)."""
    lines = [
        f"Derived results: {len(result.created)} created, {len(result.updated)} updated, "
        f"{len(result.removed)} removed, {result.unchanged} unchanged."
    ]
    for flag in result.new_flags:
        lines.append(f"  new flag [{flag.kind.value}] on {flag.subject}")
    for verb, ids in (("updated", result.updated), ("removed", result.removed)):
        lines.extend(f"  {verb} {derived_id}" for derived_id in ids[:IDS_SHOWN])
        if len(ids) > IDS_SHOWN:
            lines.append(f"  ... and {len(ids) - IDS_SHOWN} more {verb}")
    return lines


CONSENSUS_PREFIX: Final = "consensus:"
"""How a pooled value's derived id starts (graph.derived_rows), the quantity id after it."""


def brief(result: ReconciliationResult) -> list[str]:
    """After an ingest: what the pass changed, then the pooled values it created or moved;
    `claimgraph reconcile` prints the full account."""
    lines = derived_lines(result)
    moved = {
        derived_id.removeprefix(CONSENSUS_PREFIX)
        for derived_id in (*result.created, *result.updated)
        if derived_id.startswith(CONSENSUS_PREFIX)
    }
    shown = [p for p in result.pooled if p.r is not None and p.quantity_id in moved]
    if shown:
        lines.append("Pooled values now (`claimgraph reconcile` prints each pool in full):")
    for p in shown:
        lines.append(f"  {p.quantity_id}: r={p.r:.3f}/yr {_interval(p.r_low, p.r_high)} k={p.k}")
    others = sum(1 for p in result.pooled if p.r is not None) - len(shown)
    if others:
        lines.append(f"{others} other pooled value(s) unchanged.")
    if result.skipped:
        lines.append(f"Skipped {len(result.skipped)} record(s) that could not be computed.")
    return lines


def quantity_lines(result: ReconciliationResult, quantity_id: str) -> list[str]:
    """One quantity's pool with the conflicts and outliers among its estimates."""
    lines = [line for p in result.pooled if p.quantity_id == quantity_id for line in pool_lines(p)]
    for c in result.conflicts:
        if c.quantity_id == quantity_id:
            why = "; ".join(e.detail for e in c.explanations)
            lines.append(f"  conflict {c.claim_a} vs {c.claim_b}: {why}")
    for dev in result.deviations:
        if dev.quantity_id == quantity_id:
            lines.append(
                f"  outlier {dev.claim_id}: {dev.r:.3g}/yr vs others {dev.others_r:.3g}/yr, "
                f"residual {dev.std_residual:.2f}"
            )
    return lines


def summarize(result: ReconciliationResult) -> Sequence[str]:
    """Plain lines for the terminal, one block per kind of result."""
    lines = ["Pooled estimates (random effects on ln r, HKSJ interval):"]
    for p in result.pooled:
        lines += pool_lines(p)
    lines.append("Conflicts:")
    for c in result.conflicts:
        why = "; ".join(e.detail for e in c.explanations)
        lines.append(f"  {c.claim_a} vs {c.claim_b} ({c.quantity_id}): {why}")
    lines.append("Outliers (outside the others' prediction interval):")
    for dev in result.deviations:
        why = "; ".join(e.detail for e in dev.explanations)
        lines.append(
            f"  {dev.claim_id} ({dev.quantity_id}): {dev.r:.3g}/yr vs others "
            f"{dev.others_r:.3g}/yr {_interval(dev.others_pi_low, dev.others_pi_high)}, "
            f"residual {dev.std_residual:.2f}: {why}"
        )
    lines.append("Flags:")
    for f in result.flags:
        lines.append(f"  [{f.kind.value}] {f.rule}: {f.reason}")
    lines.append("Decompositions:")
    for d in result.decompositions:
        shares = ", ".join(
            f"{s.label}={s.log_share:.0%}" for s in d.check.factors if s.log_share is not None
        )
        lines.append(
            f"  {d.decomposition_id}: product {d.check.product:g} vs stated "
            f"{d.check.stated_total:g} ({'consistent' if d.check.consistent else 'INCONSISTENT'})"
            f"; log shares {shares}"
        )
    if result.skipped:
        lines.append("Skipped (could not be computed; the rest was):")
        lines += [f"  {s.claim_id} ({s.quantity_id}): {s.reason}" for s in result.skipped]
    lines.append(
        f"Derived results: {len(result.created)} created, {len(result.updated)} updated, "
        f"{len(result.removed)} removed, {result.unchanged} unchanged."
    )
    for flag in result.new_flags:
        lines.append(f"  new flag [{flag.kind.value}] on {flag.subject}")
    lines.extend(f"  removed {derived_id}" for derived_id in result.removed)
    return lines
