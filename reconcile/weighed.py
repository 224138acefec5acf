"""A pool of weighed estimates on ln r: what pooling, subgroups and moderators share.

`Weighed` is an estimate that entered a pool with its basis and se(ln r); `fit_pool`
pools any subset of them (one estimate is returned as itself) and `summarize` reports
such a subset as a PoolSummary.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from claimgraph.reconcile.random_effects import RandomEffectsFit, random_effects
from claimgraph.reconcile.records import RecordLike
from claimgraph.schemas.reconciliation import PoolingMethod, PoolSummary, UncertaintyBasis


@dataclass(frozen=True, slots=True)
class Weighed:
    """An estimate that entered a pool: its record, basis, ln r and se, and its interval."""

    rec: RecordLike
    basis: UncertaintyBasis
    ln_r: float
    se: float
    r_low: float
    r_high: float

    @property
    def claim_id(self) -> str:
        return self.rec.claim_id


@dataclass(frozen=True)
class PoolFit:
    """A pool of k >= 1 weighed estimates on ln r (k = 1: the estimate itself)."""

    members: tuple[Weighed, ...]
    mean: float
    se: float
    low: float
    high: float
    tau2: float | None
    i2: float | None
    q: float | None
    pi_low: float | None
    pi_high: float | None
    weights: tuple[float, ...]
    fit: RandomEffectsFit | None


def fit_pool(members: Sequence[Weighed], method: PoolingMethod, level: float) -> PoolFit | None:
    """The random-effects pool of `members` (None when there are none)."""
    if not members:
        return None
    if len(members) == 1:
        only = members[0]
        return PoolFit(
            (only,),
            only.ln_r,
            only.se,
            math.log(only.r_low),
            math.log(only.r_high),
            None,
            None,
            None,
            None,
            None,
            (1.0,),
            None,
        )
    fit = random_effects([m.ln_r for m in members], [m.se * m.se for m in members], method, level)
    return PoolFit(
        tuple(members),
        fit.mean,
        fit.hksj_se,
        fit.hksj_low,
        fit.hksj_high,
        fit.tau2,
        fit.i2,
        fit.q,
        fit.pi_low,
        fit.pi_high,
        fit.weights,
        fit,
    )


def exp_or_none(x: float | None) -> float | None:
    return None if x is None else math.exp(x)


def summarize(
    members: Sequence[Weighed], method: PoolingMethod, level: float, note: str | None = None
) -> PoolSummary:
    """A PoolSummary of a subset of a pool's estimates."""
    fit = fit_pool(members, method, level)
    if fit is None:
        return PoolSummary(k=0, note=note or "nothing to pool")
    return PoolSummary(
        k=len(members),
        r=math.exp(fit.mean),
        r_low=math.exp(fit.low),
        r_high=math.exp(fit.high),
        pi_low=exp_or_none(fit.pi_low),
        pi_high=exp_or_none(fit.pi_high),
        tau2=fit.tau2,
        i2=fit.i2,
        claim_ids=sorted(m.claim_id for m in members),
        note=note,
    )
