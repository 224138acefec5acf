"""Random-effects pooling of one quantity's estimates on the ln r scale, every rate weighed.

Each estimate that may pool (reconcile.selection) gets an uncertainty basis and se(ln r)
(reconcile.uncertainty.weigh: stated, range or imputed, under declared conventions the
result's `assumption` states), then statsmodels pools them (reconcile.random_effects):
Paule-Mandel tau2, the Hartung-Knapp-Sidik-Jonkman interval, the prediction interval. Beside
the all-basis pool the result keeps the stated-only pool, the pool without critiqued
estimates, the critique-adjusted pool, leave-one-out influence and the moderator analysis
(reconcile.moderators), so that a disagreement is explained in numbers.
"""

import math
from collections.abc import Mapping, Sequence

import numpy as np

from claimgraph.reconcile.moderators import analyse_moderators
from claimgraph.reconcile.normalize import halving_months
from claimgraph.reconcile.random_effects import random_effects as random_effects  # re-exported
from claimgraph.reconcile.random_effects import t_quantile
from claimgraph.reconcile.records import RecordLike
from claimgraph.reconcile.selection import select
from claimgraph.reconcile.uncertainty import DEFAULT_RULES, UncertaintyRules, weigh, z_for_level
from claimgraph.reconcile.weighed import PoolFit, Weighed, exp_or_none, fit_pool, summarize
from claimgraph.schemas.enums import Trend
from claimgraph.schemas.reconciliation import (
    ImputationRule,
    LeaveOneOut,
    LeftOut,
    LeftOutReason,
    PooledEstimate,
    PoolingMethod,
    PoolMember,
    PoolSummary,
    UncertaintyBasis,
)

_LN10 = math.log(10.0)
_LISTED = 6  # an assumption names at most this many claims; beyond, it counts them


def _interval(
    rec: RecordLike, basis: UncertaintyBasis, se: float, level: float
) -> tuple[float, float]:
    """The interval an estimate enters with: as stated for stated and range, else ln r -/+ z se."""
    est = rec.estimate
    if basis is not UncertaintyBasis.IMPUTED and est.r_low is not None and est.r_high is not None:
        return est.r_low, est.r_high
    r = est.r or 1.0
    z = z_for_level(level)
    return math.exp(math.log(r) - z * se), math.exp(math.log(r) + z * se)


def weigh_records(
    candidates: Sequence[RecordLike],
    level: float,
    rules: UncertaintyRules = DEFAULT_RULES,
    assumed_point_se: float | None = None,
) -> tuple[list[Weighed], list[LeftOut]]:
    """Each candidate with its basis and se, or left out when its basis is none."""
    bases = weigh(
        [
            (r.estimate.r or 1.0, r.estimate.r_low, r.estimate.r_high, r.estimate.se_ln_r)
            for r in candidates
        ],
        rules,
        assumed_point_se,
    )
    weighed: list[Weighed] = []
    left_out: list[LeftOut] = []
    for rec, (basis, se) in zip(candidates, bases, strict=True):
        if se is None or rec.estimate.r is None:
            left_out.append(
                LeftOut(
                    claim_id=rec.claim_id,
                    reason=LeftOutReason.NO_INTERVAL,
                    detail="no interval with a stated confidence level, and points are not imputed",
                )
            )
            continue
        low, high = _interval(rec, basis, se, level)
        weighed.append(Weighed(rec, basis, math.log(rec.estimate.r), se, low, high))
    return weighed, left_out


REFIT_LOO_MAX_K = 12
"""Up to this many estimates, leave-one-out refits the pool without each one (statsmodels,
tau2 re-estimated, as metafor's leave1out). Beyond it one estimate moves tau2 little, and
k refits cost k times the pool: tau2 is held at the full pool's value and every
leave-one-out mean, se and prediction interval follows from the weights at once."""


def leave_one_out(
    members: Sequence[Weighed], full: PoolFit, method: PoolingMethod, level: float
) -> list[LeaveOneOut]:
    """Each estimate's influence on the pool and its distance from the others (k >= 2).

    With one other estimate left, the others' prediction interval is that estimate's own
    interval (tau2 cannot be estimated from one).
    """
    if len(members) < 2:
        return []
    if len(members) > REFIT_LOO_MAX_K:
        return _leave_one_out_fixed_tau2(members, full, level)
    rows: list[LeaveOneOut] = []
    for i, member in enumerate(members):
        others = [m for j, m in enumerate(members) if j != i]
        fit = fit_pool(others, method, level)
        if fit is None:
            continue
        tau2 = fit.tau2 or 0.0
        if fit.pi_low is not None and fit.pi_high is not None:
            pi_low, pi_high = fit.pi_low, fit.pi_high
        else:
            pi_low, pi_high = fit.low, fit.high
        rows.append(
            _loo_row(
                member,
                len(others),
                fit.mean,
                fit.se,
                fit.low,
                fit.high,
                pi_low,
                pi_high,
                fit.tau2,
                fit.i2,
                full.mean,
                tau2,
            )
        )
    return rows


def _loo_row(
    member: Weighed,
    k: int,
    mean: float,
    se: float,
    low: float,
    high: float,
    pi_low: float,
    pi_high: float,
    tau2: float | None,
    i2: float | None,
    full_mean: float,
    tau2_used: float,
) -> LeaveOneOut:
    spread = math.sqrt(member.se**2 + tau2_used + se**2)
    return LeaveOneOut.model_construct(
        claim_id=member.claim_id,
        k=k,
        r=math.exp(mean),
        r_low=math.exp(low),
        r_high=math.exp(high),
        pi_low=math.exp(pi_low),
        pi_high=math.exp(pi_high),
        tau2=tau2,
        i2=i2,
        influence_log10=(full_mean - mean) / _LN10,
        std_residual=(member.ln_r - mean) / spread,
        outside_prediction=not pi_low <= member.ln_r <= pi_high,
    )


def _leave_one_out_fixed_tau2(
    members: Sequence[Weighed], full: PoolFit, level: float
) -> list[LeaveOneOut]:
    """Leave-one-out with tau2 held at the full pool's (see REFIT_LOO_MAX_K)."""
    tau2 = full.tau2 or 0.0
    y = np.array([m.ln_r for m in members])
    w = 1.0 / (np.array([m.se for m in members]) ** 2 + tau2)
    total, weighted = float(w.sum()), float((w * y).sum())
    t = t_quantile(level, len(members) - 2)
    rows = []
    for i, member in enumerate(members):
        rest = total - float(w[i])
        mean = (weighted - float(w[i] * y[i])) / rest
        se = math.sqrt(1.0 / rest)
        spread = math.sqrt(se * se + tau2)
        rows.append(
            _loo_row(
                member,
                len(members) - 1,
                mean,
                se,
                mean - t * se,
                mean + t * se,
                mean - t * spread,
                mean + t * spread,
                tau2,
                None,
                full.mean,
                tau2,
            )
        )
    return rows


def critique_adjusted(
    members: Sequence[Weighed],
    alternatives: Mapping[str, Weighed],
    method: PoolingMethod,
    level: float,
) -> tuple[PoolSummary | None, list[str]]:
    """The pool once each critiqued estimate is left out or replaced by the critique's
    alternative (when that is a rate of this pool not already in it)."""
    if not any(m.rec.critiques for m in members):
        return None, []
    pooled_ids = {m.claim_id for m in members}
    kept: list[Weighed] = []
    added: dict[str, Weighed] = {}
    notes: list[str] = []
    for m in members:
        if not m.rec.critiques:
            kept.append(m)
            continue
        kinds = ", ".join(f"{c.kind.value} ({c.critique_id})" for c in m.rec.critiques)
        replacement = next(
            (
                alternatives[c.alternative]
                for c in m.rec.critiques
                if c.alternative is not None and c.alternative in alternatives
            ),
            None,
        )
        if replacement is None:
            notes.append(f"left out {m.claim_id}: critiqued for {kinds}")
        elif replacement.claim_id in pooled_ids or replacement.claim_id in added:
            notes.append(
                f"left out {m.claim_id}: critiqued for {kinds}; "
                f"its alternative {replacement.claim_id} already counts"
            )
        else:
            added[replacement.claim_id] = replacement
            notes.append(f"replaced {m.claim_id} by {replacement.claim_id}: critiqued for {kinds}")
    chosen = kept + [a for a in added.values() if a.claim_id not in {m.claim_id for m in kept}]
    return summarize(chosen, method, level), notes


def pool_estimates(
    records: Sequence[RecordLike],
    quantity_id: str,
    *,
    method: PoolingMethod = PoolingMethod.PAULE_MANDEL,
    level: float = 0.95,
    at_scale_flop: float | None = None,
    assume_se_for_points: float | None = None,
    rules: UncertaintyRules = DEFAULT_RULES,
    domain: str | None = None,
    trend: Trend = Trend.COST_FALLS,
    cited: Mapping[str, RecordLike] | None = None,
) -> PooledEstimate:
    """The pool of `quantity_id` (see pool_with_members)."""
    return pool_with_members(
        records,
        quantity_id,
        method=method,
        level=level,
        at_scale_flop=at_scale_flop,
        assume_se_for_points=assume_se_for_points,
        rules=rules,
        domain=domain,
        trend=trend,
        cited=cited,
    )[0]


def pool_with_members(
    records: Sequence[RecordLike],
    quantity_id: str,
    *,
    method: PoolingMethod = PoolingMethod.PAULE_MANDEL,
    level: float = 0.95,
    at_scale_flop: float | None = None,
    assume_se_for_points: float | None = None,
    rules: UncertaintyRules = DEFAULT_RULES,
    domain: str | None = None,
    trend: Trend = Trend.COST_FALLS,
    cited: Mapping[str, RecordLike] | None = None,
) -> tuple[PooledEstimate, list[Weighed]]:
    """Pool the rates of `quantity_id` (of every compute scale, or of `at_scale_flop` only).

    `domain` is the quantity's task domain; `cited` maps claim ids to records, for the
    claims these cite (a restatement of one adds no weight) and for critiques'
    alternatives. `assume_se_for_points`, if given, replaces the imputation rule.
    """
    if assume_se_for_points is not None and not assume_se_for_points > 0:
        raise ValueError("an assumed se(ln r) must be positive")
    # only the claims this quantity's records cite or propose: `cited` may hold every claim
    own = {rec.claim_id: rec for rec in records}
    outside = cited or {}
    wanted = {c for rec in records for c in rec.cites} | {
        k.alternative for rec in records for k in rec.critiques if k.alternative is not None
    }
    lookup: dict[str, RecordLike] = {}
    for claim_id in wanted:
        found = own.get(claim_id) or outside.get(claim_id)
        if found is not None:
            lookup[claim_id] = found
    cited_rates = {cid: rec.estimate.r for cid, rec in lookup.items() if rec.estimate.r is not None}
    candidates, left_out, pool_domain = select(
        records,
        quantity_id,
        at_scale_flop=at_scale_flop,
        quantity_domain=domain,
        cited_rates=cited_rates,
    )
    members, unweighed = weigh_records(candidates, level, rules, assume_se_for_points)
    left_out = sorted(left_out + unweighed, key=lambda out: out.claim_id)
    base = {"quantity_id": quantity_id, "method": method, "level": level, "domain": pool_domain}
    fit = fit_pool(members, method, level)
    if fit is None:
        nothing = "nothing could be pooled; see left_out"
        return PooledEstimate(k=0, left_out=left_out, note=nothing, **base), []

    counts = {basis: sum(1 for m in members if m.basis is basis) for basis in UncertaintyBasis}
    r = math.exp(fit.mean)
    months = halving_months(r) if r > 1 else None
    rows = [
        PoolMember.model_construct(
            claim_id=m.claim_id,
            basis=m.basis,
            r=math.exp(m.ln_r),
            r_low=m.r_low,
            r_high=m.r_high,
            se_ln_r=m.se,
            weight=w,
            critiqued=bool(m.rec.critiques),
        )
        for m, w in zip(fit.members, fit.weights, strict=True)
    ]
    loo = leave_one_out(members, fit, method, level)
    stated = [m for m in members if m.basis is UncertaintyBasis.STATED]
    uncritiqued = [m for m in members if not m.rec.critiques]
    alternatives = _alternatives(members, lookup, quantity_id, level, rules)
    adjusted, adjustments = critique_adjusted(members, alternatives, method, level)
    analysis = analyse_moderators(members, fit.tau2, method, level)
    influential = _influential(loo)
    note: str | None = None
    if len(members) == 1:
        note = "k=1: the single estimate is returned; heterogeneity cannot be estimated"
    elif fit.fit is not None and not fit.fit.converged:
        note = "Paule-Mandel did not converge; tau2 is approximate"
    pooled = PooledEstimate(
        **base,
        k=len(members),
        r=r,
        r_low=math.exp(fit.low),
        r_high=math.exp(fit.high),
        log10_r=fit.mean / _LN10,
        halving_months=months if trend is Trend.COST_FALLS else None,
        doubling_months=months if trend is Trend.GROWTH else None,
        ln_r=fit.mean,
        se_ln_r=fit.se,
        tau2=fit.tau2,
        i2=fit.i2,
        q=fit.q,
        pooled_claim_ids=sorted(m.claim_id for m in members),
        left_out=left_out,
        assumption=_assumption(members, rules, assume_se_for_points),
        note=note,
        k_stated=counts[UncertaintyBasis.STATED],
        k_range=counts[UncertaintyBasis.RANGE],
        k_imputed=counts[UncertaintyBasis.IMPUTED],
        interval_method="hksj" if len(members) > 1 else "single estimate",
        hksj_scale=fit.fit.hksj_scale if fit.fit is not None else None,
        pi_low=exp_or_none(fit.pi_low),
        pi_high=exp_or_none(fit.pi_high),
        estimates=sorted(rows, key=lambda row: row.claim_id),
        leave_one_out=loo,
        influential_claim_id=influential,
        stated_only=summarize(stated, method, level) if len(stated) < len(members) else None,
        without_critiqued=(
            summarize(uncritiqued, method, level) if len(uncritiqued) < len(members) else None
        ),
        critique_adjusted=adjusted,
        adjustments=adjustments,
        subgroups=analysis.subgroups,
        moderators=analysis.fits,
        best_moderator=analysis.best,
        best_moderator_r2=analysis.best_r2,
        best_moderator_aliases=analysis.aliases,
        explanation=None,
    )
    return pooled.model_copy(update={"explanation": explain_pool(pooled)}), members


def _alternatives(
    members: Sequence[Weighed],
    lookup: Mapping[str, RecordLike],
    quantity_id: str,
    level: float,
    rules: UncertaintyRules,
) -> dict[str, Weighed]:
    """Critiques' alternatives that are rates of this quantity, weighed like the pool's."""
    by_id = {m.claim_id: m for m in members}
    wanted = {c.alternative for m in members for c in m.rec.critiques if c.alternative is not None}
    found: dict[str, Weighed] = {}
    largest = max((m.se for m in members if m.basis is not UncertaintyBasis.IMPUTED), default=None)
    for claim_id in sorted(wanted):
        if claim_id in by_id:
            found[claim_id] = by_id[claim_id]
            continue
        rec = lookup.get(claim_id)
        if rec is None or rec.quantity_id != quantity_id or rec.estimate.r is None:
            continue
        weighed, _ = weigh_records([rec], level, rules, largest)
        found.update((w.claim_id, w) for w in weighed)
    return found


def _influential(loo: Sequence[LeaveOneOut]) -> str | None:
    """The estimate whose removal moves the pool most (with three or more estimates)."""
    if len(loo) < 3:
        return None
    best = max(loo, key=lambda row: (abs(row.influence_log10 or 0.0), row.claim_id))
    return best.claim_id


def _assumption(
    members: Sequence[Weighed], rules: UncertaintyRules, assumed: float | None
) -> str | None:
    ranged = [m.claim_id for m in members if m.basis is UncertaintyBasis.RANGE]
    imputed = [m for m in members if m.basis is UncertaintyBasis.IMPUTED]
    if len(ranged) > _LISTED:
        ranged = [f"{len(ranged)} estimates"]
    parts = []
    if ranged:
        parts.append(
            f"ranges without a level read as {rules.range_level:.0%} intervals on ln r "
            f"({', '.join(ranged)})"
        )
    if imputed:
        ids = (
            ", ".join(m.claim_id for m in imputed)
            if len(imputed) <= _LISTED
            else f"{len(imputed)} estimates"
        )
        with_interval = any(m.basis is not UncertaintyBasis.IMPUTED for m in members)
        if assumed is not None:
            rule = f"an assumed se(ln r) = {assumed:g}"
        elif rules.imputation is ImputationRule.LARGEST_SE and with_interval:
            rule = f"the largest_se rule, se(ln r) = {imputed[0].se:.3g}"
        else:
            rule = (
                f"the relative rule (ln r known to -/+{rules.point_relative_half_width:.0%} at "
                f"{rules.range_level:.0%}; no estimate here has an interval)"
            )
        parts.append(f"points without an interval ({ids}) weighed by {rule}")
    return "; ".join(parts) or None


def explain_pool(pooled: PooledEstimate) -> str | None:
    """One sentence on why the pooled estimates disagree, in numbers."""
    if pooled.k < 2 or pooled.r is None:
        return None
    parts: list[str] = []
    if pooled.influential_claim_id is not None:
        row = next(r for r in pooled.leave_one_out if r.claim_id == pooled.influential_claim_id)
        outside = (
            " and lies outside the others' prediction interval" if row.outside_prediction else ""
        )
        parts.append(
            f"{row.claim_id} is the most influential estimate: {pooled.r:.3g}/yr with it, "
            f"{row.r:.3g}/yr without it{outside}"
        )
    if pooled.best_moderator is not None and pooled.best_moderator_r2 is not None:
        aliases = ""
        if pooled.best_moderator_aliases:
            same = ", ".join(m.value for m in pooled.best_moderator_aliases)
            aliases = f" (the same split as {same})"
        parts.append(
            f"{pooled.best_moderator.value}{aliases} explains "
            f"{pooled.best_moderator_r2:.0%} of tau2"
        )
    if not parts:
        return None
    return "; ".join(parts)
