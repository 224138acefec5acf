"""The reconciliation step: read the graph, compute with `reconcile`, write derived results.

Runs after every ingest and on `claimgraph reconcile`. Reads are one query per
kind of input, the arithmetic is pure, and the write is a diff (see
`graph.derived_store`), all in one transaction so readers never see half a pass.
"""

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from neo4j import Driver, ManagedTransaction

from claimgraph.graph import derived_store, reconcile_reads
from claimgraph.graph.derived_store import DerivedLabel, DerivedLink, DerivedLinkRow, DerivedRow
from claimgraph.graph.reconcile_reads import ClaimRow, FlagHit
from claimgraph.reconcile.conflicts import find_conflicts
from claimgraph.reconcile.decomposition import check_decomposition
from claimgraph.reconcile.normalize import normalize_plain, to_annual_multiplier
from claimgraph.reconcile.pooling import pool_estimates
from claimgraph.reconcile.records import PlainRecord
from claimgraph.schemas.enums import RATE_UNITS, Category, CritiqueKind, Unit
from claimgraph.schemas.reconciliation import (
    Conflict,
    CritiqueRef,
    DecompositionResult,
    ExplanationKind,
    Flag,
    PooledEstimate,
    ReconciliationResult,
)


def reconcile_graph(driver: Driver, database: str) -> ReconciliationResult:
    with driver.session(database=database) as session, _no_cyclic_gc():
        return session.execute_write(_reconcile)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """The pass allocates a few objects per claim and frees nearly all of them by
    reference counting; cyclic collections triggered meanwhile rescanned the growing
    heap again and again, about a third of the pass's Python time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _reconcile(tx: ManagedTransaction) -> ReconciliationResult:
    critiques = reconcile_reads.critiques(tx)
    by_quantity = {
        quantity_id: [claim_record(row, quantity_id, critiques.get(row.id, ())) for row in rows]
        for quantity_id, rows in reconcile_reads.claims(tx).items()
    }
    records = [record for rows in by_quantity.values() for record in rows]
    pooled = [pool_estimates(by_quantity[q], q) for q in sorted(by_quantity)]
    conflicts = find_conflicts(records)
    decompositions = [decomposition_result(row) for row in reconcile_reads.decompositions(tx)]
    flags = [flag_of(hit) for hit in reconcile_reads.flag_hits(tx)]
    rows = [
        *(consensus_row(p) for p in pooled),
        *(conflict_row(c) for c in conflicts),
        *(flag_row(f) for f in flags),
        *(factor_check_row(d) for d in decompositions),
    ]
    changes = derived_store.sync(tx, rows)
    return ReconciliationResult(
        pooled=pooled,
        conflicts=conflicts,
        flags=flags,
        decompositions=decompositions,
        created=changes.created,
        updated=changes.updated,
        removed=changes.removed,
        unchanged=changes.unchanged,
    )


def claim_record(
    row: ClaimRow, quantity_id: str, critiques: Sequence[tuple[str, str]]
) -> PlainRecord:
    """A claim as stored, normalized and with the critiques that target it.

    Plain values, not validated models: the claim was validated when it was ingested,
    and building two models per claim cost more than the arithmetic.
    """
    estimate = normalize_plain(
        row.value, Unit(row.unit), low=row.low, high=row.high, level=row.level, years=row.years
    )
    return PlainRecord(
        claim_id=row.id,
        quantity_id=quantity_id,
        estimate=estimate,
        category=Category(row.category) if row.category else None,
        compute_scale_flop=None if row.scale is None else float(row.scale),
        period_start_year=row.start_year,
        period_end_year=row.end_year,
        critiques=tuple(
            CritiqueRef(critique_id=critique_id, kind=CritiqueKind(kind))
            for critique_id, kind in sorted(critiques)
        ),
    )


def _as_factor(claim: dict[str, Any], years: float | None) -> float:
    """A factor claim as a multiplier over the total's span (rates compound over it)."""
    unit = Unit(claim["unit"])
    if unit in (Unit.FACTOR_OVER_YEARS, Unit.ONE_TIME_FACTOR, Unit.ABSOLUTE):
        return float(claim["value"])
    if unit in RATE_UNITS and years is not None:
        return float(to_annual_multiplier(claim["value"], unit, claim["years"]) ** years)
    raise ValueError(f"factor {claim['id']} ({unit.value}) cannot be read as a multiplier")


def decomposition_result(row: dict[str, Any]) -> DecompositionResult:
    total = row["total"]
    years = total["years"]
    factors = [(f["id"], _as_factor(f, years)) for f in row["factors"]]
    check = check_decomposition(
        factors, float(total["value"]), years=years, rel_tol=float(row["tolerance"])
    )
    return DecompositionResult(decomposition_id=row["id"], total_claim_id=total["id"], check=check)


def flag_of(hit: FlagHit) -> Flag:
    return Flag(
        id=f"flag:{hit.rule.name}:{hit.subject}",
        kind=hit.rule.kind,
        rule=hit.rule.name,
        subject=hit.subject,
        subject_label=hit.label,
        claims=hit.claims,
        reason=hit.reason,
    )


def consensus_row(pooled: PooledEstimate) -> DerivedRow:
    links = [DerivedLinkRow(DerivedLink.SUMMARIZES, pooled.quantity_id)]
    links += [DerivedLinkRow(DerivedLink.POOLS, c) for c in pooled.pooled_claim_ids]
    links += [
        DerivedLinkRow(
            DerivedLink.LEAVES_OUT, out.claim_id, {"reason": out.reason.value, "detail": out.detail}
        )
        for out in pooled.left_out
    ]
    props = pooled.model_dump(mode="json", exclude={"left_out", "pooled_claim_ids"})
    props["name"] = _consensus_caption(pooled)
    return DerivedRow(
        DerivedLabel.CONSENSUS, f"consensus:{pooled.quantity_id}", props, tuple(links)
    )


def _consensus_caption(pooled: PooledEstimate) -> str:
    if pooled.r is None:
        return f"nothing pooled (k={pooled.k})"
    return f"{pooled.r:.2f}x/yr (k={pooled.k})"


def conflict_row(conflict: Conflict) -> DerivedRow:
    links = [
        DerivedLinkRow(DerivedLink.BETWEEN, conflict.claim_a, {"side": "a"}),
        DerivedLinkRow(DerivedLink.BETWEEN, conflict.claim_b, {"side": "b"}),
    ]
    links += [
        DerivedLinkRow(DerivedLink.EXPLAINED_BY, e.critique_id)
        for e in conflict.explanations
        if e.kind is ExplanationKind.CRITIQUE and e.critique_id is not None
    ]
    props = conflict.model_dump(mode="json", exclude={"explanations"})
    props["explanations"] = [e.detail for e in conflict.explanations]
    props["explanation_kinds"] = [e.kind.value for e in conflict.explanations]
    props["name"] = "explained conflict" if conflict.explained else "UNEXPLAINED conflict"
    return DerivedRow(
        DerivedLabel.CONFLICT,
        f"conflict:{conflict.claim_a}:{conflict.claim_b}",
        props,
        tuple(links),
    )


def flag_row(flag: Flag) -> DerivedRow:
    subject_link = (
        DerivedLink.FLAGS_GROUPING if flag.subject_label == "Grouping" else DerivedLink.FLAGS_CLAIM
    )
    links = [DerivedLinkRow(subject_link, flag.subject)]
    links += [DerivedLinkRow(DerivedLink.INVOLVES, c) for c in flag.claims if c != flag.subject]
    props = flag.model_dump(mode="json", exclude={"id"})
    props["name"] = flag.kind.value
    return DerivedRow(DerivedLabel.FLAG, flag.id, props, tuple(links))


def factor_check_row(result: DecompositionResult) -> DerivedRow:
    check = result.check
    props = check.model_dump(mode="json", exclude={"factors"})
    props["factor_ids"] = [f.label for f in check.factors]
    props["factor_values"] = [f.factor for f in check.factors]
    props["factor_log_shares"] = [f.log_share for f in check.factors]
    props["total_claim_id"] = result.total_claim_id
    props["name"] = "factors consistent" if check.consistent else "factors INCONSISTENT"
    link = DerivedLinkRow(DerivedLink.CHECKS, result.decomposition_id)
    return DerivedRow(DerivedLabel.FACTOR_CHECK, f"check:{result.decomposition_id}", props, (link,))


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
