"""One random-effects fit on whatever scale the effects are given (here: ln r).

statsmodels' `combine_effects` does the estimation; this module reads its result the way
metafor reports it and adds what small k needs:

- tau2, I2 and Q are never negative (statsmodels' DerSimonian-Laird tau2 is not truncated
  and Q can come out as -1e-15 from rounding);
- the Hartung-Knapp-Sidik-Jonkman interval: the pooled se times the square root of the
  scale statsmodels estimates (`scale_hksj_re`, the WLS residual scale), with a t quantile
  on k-1 degrees of freedom. The scale is never taken below 1 (the "modified" HKSJ of
  Roever, Knapp & Friede 2015, BMC Med Res Methodol 15:99): with few estimates of unequal
  precision an unmodified scale below 1 would give an interval narrower than the plain
  random-effects one, which they show undercovers. Fully iterated Paule-Mandel leaves the
  scale at exactly 1 whenever tau2 > 0;
- the prediction interval for the r of a new estimate, as metafor's predict() reports it
  with test="knha": mean -/+ t(k-1) * sqrt(se_hksj^2 + tau2).

Estimator: Paule-Mandel (statsmodels `method_re="iterated"`) by default, on purpose. Our
estimates of one quantity come from different methods, datasets and periods, so real
between-estimate variance is expected, and k is tiny (2-5). In that regime the one-step
DerSimonian-Laird moment estimator ("chi2") is biased towards zero: on Kacker's (2004)
nine-laboratory data it gives tau2 = 0.288 where Paule-Mandel gives 0.705 (Veroniki et al.
2016, Res Synth Methods, recommend Paule-Mandel over DerSimonian-Laird for this reason).
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.stats import t as student_t
from statsmodels.stats.meta_analysis import combine_effects

from claimgraph.reconcile.uncertainty import z_for_level
from claimgraph.schemas.reconciliation import PoolingMethod

_METHOD_RE: dict[PoolingMethod, str] = {
    PoolingMethod.PAULE_MANDEL: "iterated",
    PoolingMethod.DERSIMONIAN_LAIRD: "chi2",
}
_PM_ATOL = 1e-8  # on the Q estimating equation; statsmodels' default 1e-5 is loose
_PM_MAXITER = 500


@dataclass(frozen=True)
class RandomEffectsFit:
    """A random-effects fit; ci_* is the normal (z) interval, hksj_* the one we report."""

    k: int
    mean: float
    se: float
    ci_low: float
    ci_high: float
    tau2: float
    i2: float
    q: float
    converged: bool
    hksj_scale: float
    hksj_se: float
    hksj_low: float
    hksj_high: float
    pi_low: float
    pi_high: float
    weights: tuple[float, ...]


@lru_cache(maxsize=512)
def t_quantile(level: float, df: int) -> float:
    """Two-sided t quantile: t(0.975, 8) = 2.306. Cached: scipy's ppf costs about a
    millisecond, and a pass asks for the same few levels and df again and again."""
    return float(student_t.ppf(0.5 + level / 2.0, df))


def random_effects(
    effects: Sequence[float],
    variances: Sequence[float],
    method: PoolingMethod = PoolingMethod.PAULE_MANDEL,
    level: float = 0.95,
    *,
    modified_hksj: bool = True,
) -> RandomEffectsFit:
    """statsmodels' combine_effects for k >= 2, read as metafor reports it (see above).

    I2 is Higgins and Thompson's (Q - df) / Q, floored at 0 (the same for either tau2
    estimator, as in metafor's DerSimonian-Laird output). `converged` is False only
    when Paule-Mandel stopped before solving its equation.
    """
    if len(effects) != len(variances) or len(effects) < 2:
        raise ValueError("random_effects needs at least two effects, each with a variance")
    var = np.asarray(variances, dtype=float)
    if not np.all(var > 0) or not np.all(np.isfinite(var)):
        raise ValueError("every variance must be positive and finite")
    eff = np.asarray(effects, dtype=float)
    if not np.all(np.isfinite(eff)):
        raise ValueError("every effect must be finite")
    pm = method is PoolingMethod.PAULE_MANDEL
    kwds = {"atol": _PM_ATOL, "maxiter": _PM_MAXITER} if pm else {}
    with np.errstate(divide="ignore", invalid="ignore"):  # its I2 divides by Q, which may be 0
        res = combine_effects(eff, var, method_re=_METHOD_RE[method], alpha=1.0 - level, **kwds)

    tau2 = float(res.tau2)
    if tau2 > 0:
        mean, se = float(res.mean_effect_re), float(res.sd_eff_w_re)
        weights = np.asarray(res.weights_rel_re, dtype=float)
        scale = float(res.scale_hksj_re)
        # fully iterated Paule-Mandel leaves the generalized Q / df at exactly 1
        converged = not pm or math.isclose(scale, 1.0, abs_tol=1e-6)
    else:
        tau2, converged = 0.0, True
        mean, se = float(res.mean_effect_fe), float(res.sd_eff_w_fe)
        weights = np.asarray(res.weights_rel_fe, dtype=float)
        scale = float(res.scale_hksj_fe)
    k = len(eff)
    z = z_for_level(level)
    t = t_quantile(level, k - 1)
    used_scale = max(scale, 1.0) if modified_hksj else scale
    hksj_se = se * math.sqrt(used_scale)
    spread = math.sqrt(hksj_se * hksj_se + tau2)
    q = max(0.0, float(res.q))
    return RandomEffectsFit(
        k=k,
        mean=mean,
        se=se,
        ci_low=mean - z * se,
        ci_high=mean + z * se,
        tau2=tau2,
        i2=max(0.0, 1.0 - (k - 1) / q) if q > 0 else 0.0,
        q=q,
        converged=converged,
        hksj_scale=used_scale,
        hksj_se=hksj_se,
        hksj_low=mean - t * hksj_se,
        hksj_high=mean + t * hksj_se,
        pi_low=mean - t * spread,
        pi_high=mean + t * spread,
        weights=tuple(float(w) for w in weights),
    )
