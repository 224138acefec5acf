"""Random-effects pooling of one quantity's estimates on the ln r scale.

Estimator: Paule-Mandel (statsmodels `method_re="iterated"`) by default, on purpose.
Our estimates of one quantity come from different methods, datasets and periods, so
real between-estimate variance is expected, and k is tiny (2-5). In that regime the
one-step DerSimonian-Laird moment estimator ("chi2") is biased towards zero and gives
a pooled interval that is too narrow: on Kacker's (2004) nine-laboratory data it gives
tau2 = 0.288 where Paule-Mandel gives 0.705 (Veroniki et al. 2016, Res Synth Methods,
recommend Paule-Mandel over DerSimonian-Laird for this reason). Paule-Mandel solves
the generalized Q equation exactly, needs no distributional assumption beyond the
moments, and statsmodels truncates it at zero; statsmodels' DerSimonian-Laird is not
truncated (it can return tau2 < 0), so with DL a negative tau2 is read as zero and the
fixed-effect result (which is what tau2 = 0 means) is used. DL stays selectable for
comparison with older analyses. Intervals use the normal quantile (as R metafor's
default); with k = 2 or 3 a reader should treat them as optimistic.

Only rates carrying se(ln r) are pooled; everything else is listed in `left_out` with
its reason. Point estimates enter only under an explicit assumed se, stated in the
result.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from statsmodels.stats.meta_analysis import combine_effects

from claimgraph.reconcile.normalize import halving_months
from claimgraph.reconcile.records import RecordLike
from claimgraph.reconcile.uncertainty import z_for_level
from claimgraph.schemas.reconciliation import (
    EstimateKind,
    LeftOut,
    LeftOutReason,
    PooledEstimate,
    PoolingMethod,
)

_METHOD_RE: dict[PoolingMethod, str] = {
    PoolingMethod.PAULE_MANDEL: "iterated",
    PoolingMethod.DERSIMONIAN_LAIRD: "chi2",
}
_PM_ATOL = 1e-8  # on the Q estimating equation; statsmodels' default 1e-5 is loose
_PM_MAXITER = 500
_SCALE_REL_TOL = 1e-6


@dataclass(frozen=True)
class RandomEffectsFit:
    """A random-effects fit on whatever scale the effects are given (here: ln r)."""

    k: int
    mean: float
    se: float
    ci_low: float
    ci_high: float
    tau2: float
    i2: float
    q: float
    converged: bool


def random_effects(
    effects: Sequence[float],
    variances: Sequence[float],
    method: PoolingMethod = PoolingMethod.PAULE_MANDEL,
    level: float = 0.95,
) -> RandomEffectsFit:
    """statsmodels' combine_effects for k >= 2, with tau2 and I2 read as non-negative.

    I2 is Higgins and Thompson's (Q - df) / Q, floored at 0 (the same for either tau2
    estimator, as in metafor's DerSimonian-Laird output). `converged` is False only
    when Paule-Mandel stopped before solving its equation.
    """
    if len(effects) != len(variances) or len(effects) < 2:
        raise ValueError("random_effects needs at least two effects, each with a variance")
    var = np.asarray(variances, dtype=float)
    if not np.all(var > 0):
        raise ValueError("every variance must be positive")
    eff = np.asarray(effects, dtype=float)
    alpha = 1.0 - level
    pm = method is PoolingMethod.PAULE_MANDEL
    kwds = {"atol": _PM_ATOL, "maxiter": _PM_MAXITER} if pm else {}
    res = combine_effects(eff, var, method_re=_METHOD_RE[method], alpha=alpha, **kwds)

    tau2 = float(res.tau2)
    if tau2 > 0:
        mean, se = float(res.mean_effect_re), float(res.sd_eff_w_re)
        # fully iterated Paule-Mandel leaves the generalized Q / df at exactly 1
        converged = not pm or math.isclose(float(res.scale_hksj_re), 1.0, abs_tol=1e-6)
    else:
        tau2, converged = 0.0, True
        mean, se = float(res.mean_effect_fe), float(res.sd_eff_w_fe)
    z = z_for_level(level)
    q = float(res.q)
    return RandomEffectsFit(
        k=len(eff),
        mean=mean,
        se=se,
        ci_low=mean - z * se,
        ci_high=mean + z * se,
        tau2=tau2,
        i2=max(0.0, float(res.i2)) if q > 0 else 0.0,
        q=q,
        converged=converged,
    )


def _same_scale(scale: float | None, at_scale_flop: float | None) -> bool:
    if scale is None or at_scale_flop is None:
        return scale is None and at_scale_flop is None
    return math.isclose(scale, at_scale_flop, rel_tol=_SCALE_REL_TOL)


def _rate(rec: RecordLike) -> float:
    """r of a record already known to be a rate (normalize always sets it)."""
    if rec.estimate.r is None:
        raise ValueError(f"claim {rec.claim_id} is a rate without r")
    return rec.estimate.r


def _scale_text(scale: float | None) -> str:
    return "scale-invariant" if scale is None else f"{scale:g} FLOP"


def _left_out_reason(
    rec: RecordLike, quantity_id: str, at_scale_flop: float | None, assume: float | None
) -> tuple[LeftOutReason, str] | None:
    """The first reason a record cannot be pooled, or None if it can."""
    est = rec.estimate
    if rec.quantity_id != quantity_id:
        return LeftOutReason.DIFFERENT_QUANTITY, f"measures {rec.quantity_id}, not {quantity_id}"
    if est.kind is EstimateKind.FACTOR:
        return LeftOutReason.ONE_TIME_FACTOR, "a one-time factor is not a yearly rate"
    if est.kind is not EstimateKind.RATE:
        return LeftOutReason.NOT_A_RATE, f"a {est.kind.value} figure is not a yearly rate"
    if not _same_scale(rec.compute_scale_flop, at_scale_flop):
        here, there = _scale_text(rec.compute_scale_flop), _scale_text(at_scale_flop)
        return LeftOutReason.DIFFERENT_SCALE, f"holds at {here}; pooling {there} estimates"
    if est.se_ln_r is None and assume is None:
        return LeftOutReason.NO_INTERVAL, "no interval with a stated confidence level"
    return None


def pool_estimates(
    records: Sequence[RecordLike],
    quantity_id: str,
    *,
    method: PoolingMethod = PoolingMethod.PAULE_MANDEL,
    level: float = 0.95,
    at_scale_flop: float | None = None,
    assume_se_for_points: float | None = None,
) -> PooledEstimate:
    """Pool the rates of `quantity_id` at one compute scale (None: scale-invariant ones).

    `assume_se_for_points`, if given, is the se(ln r) assumed for rates without a
    stated-level interval; they are then pooled and the result's `assumption` says so.
    """
    if assume_se_for_points is not None and not assume_se_for_points > 0:
        raise ValueError("an assumed se(ln r) must be positive")
    z = z_for_level(level)
    pooled: list[RecordLike] = []
    left_out: list[LeftOut] = []
    for rec in sorted(records, key=lambda r: r.claim_id):
        why = _left_out_reason(rec, quantity_id, at_scale_flop, assume_se_for_points)
        if why is None:
            pooled.append(rec)
        else:
            left_out.append(LeftOut(claim_id=rec.claim_id, reason=why[0], detail=why[1]))

    assumed = [rec.claim_id for rec in pooled if rec.estimate.se_ln_r is None]
    assumption = None
    if assumed and assume_se_for_points is not None:
        spread = math.exp(z * assume_se_for_points)
        assumption = (
            f"point estimates without a stated-level interval ({', '.join(assumed)}) "
            f"pooled with an assumed se(ln r) = {assume_se_for_points:g}, "
            f"i.e. a {level:.0%} interval of r times or divided by {spread:.3g}"
        )

    ids = [rec.claim_id for rec in pooled]
    if not pooled:
        return PooledEstimate(
            quantity_id=quantity_id,
            k=0,
            method=method,
            level=level,
            left_out=left_out,
            note="nothing could be pooled; see left_out",
        )

    ln_r = [math.log(_rate(rec)) for rec in pooled]
    ses = [rec.estimate.se_ln_r or assume_se_for_points or 0.0 for rec in pooled]
    tau2: float | None = None
    i2: float | None = None
    q: float | None = None
    if len(pooled) == 1:
        mean, se = ln_r[0], ses[0]
        note: str | None = "k=1: the single estimate is returned; heterogeneity cannot be estimated"
    else:
        fit = random_effects(ln_r, [s * s for s in ses], method, level)
        mean, se, tau2, i2, q = fit.mean, fit.se, fit.tau2, fit.i2, fit.q
        note = None if fit.converged else "Paule-Mandel did not converge; tau2 is approximate"

    r_low: float | None = math.exp(mean - z * se)
    r_high: float | None = math.exp(mean + z * se)
    only = pooled[0].estimate
    if len(pooled) == 1 and only.se_ln_r is not None and only.level == level:
        # its own stated interval, which need not be symmetric in ln r around the point
        r_low, r_high = only.r_low, only.r_high

    r = math.exp(mean)
    return PooledEstimate(
        quantity_id=quantity_id,
        k=len(pooled),
        method=method,
        level=level,
        r=r,
        r_low=r_low,
        r_high=r_high,
        log10_r=mean / math.log(10.0),
        halving_months=halving_months(r),
        ln_r=mean,
        se_ln_r=se,
        tau2=tau2,
        i2=i2,
        q=q,
        pooled_claim_ids=ids,
        left_out=left_out,
        assumption=assumption,
        note=note,
    )
