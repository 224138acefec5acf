"""Why a quantity's estimates disagree: subgroups and a meta-regression per moderator.

Each pooled estimate has a level of each moderator: its category, whether it is
scale-bound (holds at one compute scale, or is critiqued as scale-dependent), the kinds
of critique targeting it, and its period (periods sharing at least half their span form
one group, joined transitively). Per moderator the estimates are pooled by level
(subgroups), and ln r is regressed on the level dummies by weighted least squares
(statsmodels WLS) with random-effects weights 1 / (v_i + tau2_res), where the residual
tau2_res solves the Paule-Mandel equation Q_E(tau2_res) = k - p, the same estimator as
the pool's (scipy's brentq finds the root; Q_E is the WLS residual sum of squares). The
share of tau2 a moderator explains is (tau2 - tau2_res) / tau2, within 0..1, as metafor's
R^2. The best moderator explains the largest share; ties go to the lower residual Q, then
to the order category, scale_bound, critique_kind, period. Moderators that split the
estimates identically are named as aliases of the best: the data cannot tell them apart.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import brentq
from statsmodels.regression.linear_model import WLS

from claimgraph.reconcile.selection import SHARED_PERIOD, period_of, period_overlap
from claimgraph.reconcile.weighed import Weighed, summarize
from claimgraph.schemas.enums import CritiqueKind
from claimgraph.schemas.reconciliation import (
    Moderator,
    ModeratorFit,
    PoolingMethod,
    SubgroupPool,
)

_ORDER = (Moderator.CATEGORY, Moderator.SCALE_BOUND, Moderator.CRITIQUE_KIND, Moderator.PERIOD)
_TIE = 1e-6


@dataclass(frozen=True)
class ModeratorAnalysis:
    subgroups: list[SubgroupPool] = field(default_factory=list)
    fits: list[ModeratorFit] = field(default_factory=list)
    best: Moderator | None = None
    best_r2: float | None = None
    aliases: list[Moderator] = field(default_factory=list)


def levels_of(members: Sequence[Weighed], moderator: Moderator) -> list[str]:
    """Each member's level of `moderator`, in the members' order."""
    if moderator is Moderator.CATEGORY:
        return [m.rec.category.value if m.rec.category else "unstated" for m in members]
    if moderator is Moderator.SCALE_BOUND:
        return [
            "scale-bound"
            if m.rec.compute_scale_flop is not None
            or any(c.kind is CritiqueKind.SCALE_DEPENDENCE for c in m.rec.critiques)
            else "scale-free"
            for m in members
        ]
    if moderator is Moderator.CRITIQUE_KIND:
        return [
            "+".join(sorted({c.kind.value for c in m.rec.critiques})) or "none" for m in members
        ]
    return _period_groups(members)


def _period_groups(members: Sequence[Weighed]) -> list[str]:
    """Periods sharing at least half their span, joined transitively, labelled by their
    joint span ("2018-2026"); members without a period are "unstated". Grouped over the
    distinct periods, of which there are few."""
    periods = [period_of(m.rec) for m in members]
    distinct = sorted({p for p in periods if p is not None})
    parent = list(range(len(distinct)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(distinct):
        for j in range(i + 1, len(distinct)):
            shared = period_overlap(a, distinct[j])
            if shared is not None and shared >= SHARED_PERIOD:
                parent[root(i)] = root(j)
    spans: dict[int, tuple[int, int]] = {}
    for i, p in enumerate(distinct):
        g = root(i)
        lo, hi = spans.get(g, p)
        spans[g] = (min(lo, p[0]), max(hi, p[1]))
    label = {p: "{}-{}".format(*spans[root(i)]) for i, p in enumerate(distinct)}
    return ["unstated" if p is None else label[p] for p in periods]


def _q_e(y: np.ndarray, v: np.ndarray, x: np.ndarray, tau2: float) -> float:
    """Residual Q of the weighted least-squares fit with weights 1 / (v + tau2): the
    weighted residual sum of squares, from numpy's least squares on the rows scaled by
    sqrt(w) (what statsmodels' WLS computes; called a few dozen times per root)."""
    root_w = 1.0 / np.sqrt(v + tau2)
    xs, ys = x * root_w[:, None], y * root_w
    coef = np.linalg.lstsq(xs, ys, rcond=None)[0]
    resid = ys - xs @ coef
    return float(resid @ resid)


def residual_tau2(y: np.ndarray, v: np.ndarray, x: np.ndarray) -> float:
    """Paule-Mandel residual tau2 of a meta-regression: Q_E(tau2) = k - p, or 0."""
    df = len(y) - x.shape[1]
    if df <= 0:
        raise ValueError("a meta-regression needs more estimates than coefficients")
    if _q_e(y, v, x, 0.0) <= df:
        return 0.0
    upper = max(float(np.var(y)) * 4.0, 1e-6)
    while _q_e(y, v, x, upper) > df:
        upper *= 4.0
    return float(brentq(lambda t: _q_e(y, v, x, t) - df, 0.0, upper, xtol=1e-10, rtol=1e-9))


def _design(levels: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    names = sorted(set(levels))
    cols = [np.ones(len(levels))] + [
        np.array([1.0 if lv == name else 0.0 for lv in levels]) for name in names[1:]
    ]
    return np.column_stack(cols), names


def fit_moderator(
    members: Sequence[Weighed],
    moderator: Moderator,
    tau2: float | None,
    levels: Sequence[str] | None = None,
) -> ModeratorFit:
    """The meta-regression of ln r on one moderator (see the module docstring)."""
    if levels is None:
        levels = levels_of(members, moderator)
    x, names = _design(levels)
    k, p = len(members), x.shape[1]
    base = {"moderator": moderator, "levels": names, "k": k}
    if p < 2:
        return ModeratorFit(**base, estimable=False, note="every estimate has the same level")
    if k <= p:
        return ModeratorFit(
            **base, estimable=False, note="as many levels as estimates: nothing left to test"
        )
    y = np.array([m.ln_r for m in members])
    v = np.array([m.se * m.se for m in members])
    if tau2 is None or tau2 <= 0:
        return ModeratorFit(**base, estimable=False, note="tau2 is 0: nothing to explain")
    tau2_res = residual_tau2(y, v, x)
    wls = WLS(y, x, weights=1.0 / (v + tau2_res)).fit()
    b = wls.params[1:]
    cov = wls.normalized_cov_params[1:, 1:]
    qm = float(b @ np.linalg.solve(cov, b))
    r2 = None
    if tau2 is not None and tau2 > 0:
        r2 = min(1.0, max(0.0, (tau2 - tau2_res) / tau2))
    return ModeratorFit(
        **base,
        estimable=True,
        tau2_residual=tau2_res,
        r2=r2,
        qm=qm,
        qe=_q_e(y, v, x, 0.0),
    )


def analyse_moderators(
    members: Sequence[Weighed], tau2: float | None, method: PoolingMethod, level: float
) -> ModeratorAnalysis:
    """Subgroups and meta-regressions for every moderator that varies (k >= 2)."""
    if len(members) < 2:
        return ModeratorAnalysis()
    subgroups: list[SubgroupPool] = []
    fits: list[ModeratorFit] = []
    partitions: dict[Moderator, frozenset[frozenset[str]]] = {}
    for moderator in _ORDER:
        levels = levels_of(members, moderator)
        names = sorted(set(levels))
        groups = {
            name: [m for m, lv in zip(members, levels, strict=True) if lv == name] for name in names
        }
        partitions[moderator] = frozenset(
            frozenset(m.claim_id for m in group) for group in groups.values()
        )
        if len(names) < 2:
            continue
        for name, group in groups.items():
            summary = summarize(group, method, level)
            subgroups.append(
                SubgroupPool(
                    moderator=moderator,
                    level=name,
                    k=summary.k,
                    r=summary.r,
                    r_low=summary.r_low,
                    r_high=summary.r_high,
                    tau2=summary.tau2,
                    claim_ids=summary.claim_ids,
                )
            )
        fits.append(fit_moderator(members, moderator, tau2, levels))
    ranked = [f for f in fits if f.estimable and f.r2 is not None]
    if not ranked:
        return ModeratorAnalysis(subgroups, fits)
    top = max(f.r2 or 0.0 for f in ranked)
    tied = [f for f in ranked if (f.r2 or 0.0) >= top - _TIE]
    best = min(tied, key=lambda f: (round(f.qe or 0.0, 9), _ORDER.index(f.moderator)))
    aliases = [
        m for m in _ORDER if m is not best.moderator and partitions[m] == partitions[best.moderator]
    ]
    if not math.isfinite(best.r2 or 0.0):
        return ModeratorAnalysis(subgroups, fits)
    return ModeratorAnalysis(subgroups, fits, best.moderator, best.r2, aliases)
