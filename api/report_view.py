"""A quantity's stored results arranged for its report page: plot rows and table rows.

Every number is formatted here, once, so the plot's notes, the tables and the tests read
the same text. Estimates come in the pool's order (by claim id), then those left out.
"""

from dataclasses import dataclass, field
from typing import Final

from claimgraph.api.forest_plot import PlotRow, RowKind
from claimgraph.api.report_data import QuantityReport
from claimgraph.schemas.reconciliation import Flag, PooledEstimate, PoolSummary

LABEL_CHARS: Final = 42
"""Longest claim id drawn in full beside the plot; the table beside holds every id whole."""


def fmt_r(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def fmt_interval(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return "—"
    return f"{low:.3f} – {high:.3f}"


def fmt_stat(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def fmt_weight(weight: float | None) -> str:
    return "—" if weight is None else f"{100 * weight:.1f}%"


def _label(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


@dataclass(frozen=True)
class EstimateRow:
    claim_id: str
    source: str
    source_id: str
    r: str
    interval: str
    basis: str
    weight: str
    flags: list[str]
    critiques: list[str]
    left_out: str | None = None


@dataclass(frozen=True)
class PoolRow:
    name: str
    k: str
    r: str
    interval: str


@dataclass(frozen=True)
class ReportView:
    plot_rows: list[PlotRow]
    estimates: list[EstimateRow]
    pools: list[PoolRow]
    stats: dict[str, str]
    flags: list[Flag] = field(default_factory=list)


def _source_text(report: QuantityReport, source_id: str) -> str:
    source = report.sources.get(source_id)
    if source is None:
        return source_id
    return f"{source.title} ({source.year})" if source.year else source.title


def estimate_rows(report: QuantityReport) -> list[EstimateRow]:
    pooled = report.pooled
    members = {m.claim_id: m for m in (pooled.estimates if pooled else [])}
    left_out = {o.claim_id: o for o in (pooled.left_out if pooled else [])}
    order = sorted(members) + [c.model.id for c in report.claims if c.model.id not in members]
    claims = {c.model.id: c for c in report.claims}
    rows = []
    for claim_id in order:
        claim = claims.get(claim_id)
        source_id = claim.source_id if claim else ""
        flags = [f"{s.flag.kind.value}: {s.flag.rule}" for s in report.flags.get(claim_id, [])]
        critiques = [
            f"{k.model.kind.value} by {k.source_id} ({k.model.id})"
            for k in report.critiques.get(claim_id, [])
        ]
        member = members.get(claim_id)
        if member is not None:
            rows.append(
                EstimateRow(claim_id, _source_text(report, source_id), source_id,
                            fmt_r(member.r), fmt_interval(member.r_low, member.r_high),
                            member.basis.value, fmt_weight(member.weight), flags, critiques)
            )  # fmt: skip
            continue
        norm = report.normalized.get(claim_id)
        out = left_out.get(claim_id)
        reason = f"{out.reason.value}: {out.detail}" if out else "not pooled"
        rows.append(
            EstimateRow(claim_id, _source_text(report, source_id), source_id,
                        fmt_r(norm.r if norm else None),
                        fmt_interval(norm.r_low, norm.r_high) if norm else "—",
                        "left out", "—", flags, critiques, reason)
        )  # fmt: skip
    return rows


def _summary_row(kind: RowKind, label: str, summary: PoolSummary | None) -> PlotRow:
    if summary is None or summary.r is None:
        note = summary.note if summary and summary.note else "nothing to pool"
        return PlotRow(kind, label, kind.value, note=f"{label}: {note}")
    return PlotRow(
        kind, f"{label} (k={summary.k})", kind.value, summary.r, summary.r_low, summary.r_high,
        note=f"{fmt_r(summary.r)} [{fmt_interval(summary.r_low, summary.r_high)}]",
    )  # fmt: skip


def plot_rows(report: QuantityReport) -> list[PlotRow]:
    pooled = report.pooled
    rows: list[PlotRow] = []
    members = {m.claim_id: m for m in (pooled.estimates if pooled else [])}
    for claim_id in sorted(members):
        m = members[claim_id]
        rows.append(
            PlotRow(RowKind.ESTIMATE, _label(claim_id), f"estimate-{claim_id}", m.r, m.r_low,
                    m.r_high, m.basis.value, m.weight,
                    note=f"{fmt_r(m.r)} · {fmt_weight(m.weight)}")
        )  # fmt: skip
    reasons = {o.claim_id: o.reason.value for o in (pooled.left_out if pooled else [])}
    for claim in report.claims:
        claim_id = claim.model.id
        if claim_id in members:
            continue
        why = f"left out: {reasons.get(claim_id, 'not pooled')}"
        norm = report.normalized[claim_id]
        gid = f"left-out-{claim_id}"
        if norm.r is None:
            rows.append(PlotRow(RowKind.LEFT_OUT, _label(claim_id), gid, note=f"{why} (no r)"))
        else:
            rows.append(
                PlotRow(RowKind.LEFT_OUT, _label(claim_id), gid, norm.r, norm.r_low,
                        norm.r_high, note=why)
            )  # fmt: skip
    if pooled is None or pooled.r is None:
        note = pooled.note if pooled and pooled.note else "nothing pooled"
        rows.append(PlotRow(RowKind.POOLED, "pooled", "pooled-diamond", note=note))
        return rows
    rows += _pool_rows(pooled)
    return rows


def _pool_rows(pooled: PooledEstimate) -> list[PlotRow]:
    rows = [
        PlotRow(
            RowKind.POOLED, f"pooled (k={pooled.k})", "pooled-diamond", pooled.r, pooled.r_low,
            pooled.r_high, note=f"{fmt_r(pooled.r)} [{fmt_interval(pooled.r_low, pooled.r_high)}]",
        )
    ]  # fmt: skip
    if pooled.pi_low is not None and pooled.pi_high is not None:
        rows.append(
            PlotRow(RowKind.PREDICTION, "prediction interval", "prediction-interval", pooled.r,
                    pooled.pi_low, pooled.pi_high,
                    note=f"[{fmt_interval(pooled.pi_low, pooled.pi_high)}]")
        )  # fmt: skip
    rows.append(_summary_row(RowKind.STATED_ONLY, "stated-only pool", pooled.stated_only))
    rows.append(_summary_row(RowKind.ADJUSTED, "critique-adjusted", pooled.critique_adjusted))
    return rows


def pool_rows(pooled: PooledEstimate | None) -> list[PoolRow]:
    if pooled is None:
        return []
    rows = [PoolRow("all estimates", str(pooled.k), fmt_r(pooled.r),
                    fmt_interval(pooled.r_low, pooled.r_high))]  # fmt: skip
    for name, summary in (
        ("stated only", pooled.stated_only),
        ("without critiqued", pooled.without_critiqued),
        ("critique-adjusted", pooled.critique_adjusted),
    ):
        if summary is not None:
            rows.append(PoolRow(name, str(summary.k), fmt_r(summary.r),
                                fmt_interval(summary.r_low, summary.r_high)))  # fmt: skip
    return rows


def pooled_stats(pooled: PooledEstimate | None) -> dict[str, str]:
    if pooled is None:
        return {}
    return {
        "r": fmt_r(pooled.r),
        "interval": fmt_interval(pooled.r_low, pooled.r_high),
        "prediction interval": fmt_interval(pooled.pi_low, pooled.pi_high),
        "tau²": fmt_stat(pooled.tau2, 4),
        "I²": "—" if pooled.i2 is None else f"{100 * pooled.i2:.1f}%",
        "Q": fmt_stat(pooled.q, 3),
        "k": str(pooled.k),
        "k stated / range / imputed": f"{pooled.k_stated} / {pooled.k_range} / {pooled.k_imputed}",
    }


def distinct_flags(report: QuantityReport) -> list[Flag]:
    seen = {s.flag.id: s.flag for stored in report.flags.values() for s in stored}
    return [seen[i] for i in sorted(seen)]


def report_view(report: QuantityReport) -> ReportView:
    return ReportView(
        plot_rows=plot_rows(report),
        estimates=estimate_rows(report),
        pools=pool_rows(report.pooled),
        stats=pooled_stats(report.pooled),
        flags=distinct_flags(report),
    )
