"""Does a claim's breakdown into factors multiply up to its stated total?

A total cost reduction is often split into hardware x algorithms x optimizations x
data. Checking the product catches arithmetic slips, the log shares show which driver
the claim really credits, and the implied yearly rate lets the total be compared with
rate claims of the same period.
"""

import math
from collections.abc import Sequence

from claimgraph.reconcile.normalize import halving_months
from claimgraph.schemas.reconciliation import DecompositionCheck, FactorShare


def check_decomposition(
    factors: Sequence[tuple[str, float]],
    stated_total: float,
    *,
    years: float | None = None,
    rel_tol: float = 0.05,
) -> DecompositionCheck:
    """Product of (label, factor) pairs vs the stated total, shares ln f / ln total, rate.

    The log share is None when the total is 1 (ln 1 = 0: no change to share out). The
    implied yearly rate is total^(1/years), i.e. steady compounding over the period.
    """
    if not stated_total > 0 or any(not f > 0 for _, f in factors):
        raise ValueError("factors and the stated total must be positive")
    if years is not None and not years > 0:
        raise ValueError(f"years must be positive, got {years}")
    product = math.prod(f for _, f in factors)
    relative_error = abs(product - stated_total) / stated_total
    ln_total = math.log(stated_total)
    shares = [
        FactorShare(
            label=label,
            factor=f,
            log_share=math.log(f) / ln_total if ln_total != 0 else None,
        )
        for label, f in factors
    ]
    implied_r = stated_total ** (1.0 / years) if years is not None else None
    return DecompositionCheck(
        stated_total=stated_total,
        product=product,
        relative_error=relative_error,
        rel_tol=rel_tol,
        consistent=relative_error <= rel_tol,
        factors=shares,
        years=years,
        implied_r=implied_r,
        implied_log10_r=math.log10(implied_r) if implied_r is not None else None,
        implied_halving_months=halving_months(implied_r) if implied_r is not None else None,
    )
