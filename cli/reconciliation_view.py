"""Render a reconciliation result for the terminal, one block per kind of result."""

from collections.abc import Sequence

from claimgraph.schemas.reconciliation import ReconciliationResult


def summarize(result: ReconciliationResult) -> Sequence[str]:
    """Plain lines for the terminal, one block per kind of result."""
    lines = ["Pooled estimates (random effects on ln r):"]
    for p in result.pooled:
        if p.r is None:
            lines.append(f"  {p.quantity_id}: nothing pooled ({len(p.left_out)} left out)")
            continue
        interval = f"[{p.r_low:.2f}, {p.r_high:.2f}]" if p.r_low is not None else ""
        hetero = f"tau2={p.tau2:.3g} I2={p.i2:.0%} Q={p.q:.3g}" if p.tau2 is not None else ""
        lines.append(f"  {p.quantity_id}: r={p.r:.3f}/yr {interval} k={p.k} {hetero}".rstrip())
        for out in p.left_out:
            lines.append(f"      left out {out.claim_id}: {out.reason.value}")
    lines.append("Conflicts:")
    for c in result.conflicts:
        why = "; ".join(e.detail for e in c.explanations)
        lines.append(f"  {c.claim_a} vs {c.claim_b} ({c.quantity_id}): {why}")
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
    lines.append(
        f"Derived results: {len(result.created)} created, {len(result.updated)} updated, "
        f"{len(result.removed)} removed, {result.unchanged} unchanged."
    )
    for flag in result.new_flags:
        lines.append(f"  new flag [{flag.kind.value}] on {flag.subject}")
    lines.extend(f"  removed {derived_id}" for derived_id in result.removed)
    return lines
