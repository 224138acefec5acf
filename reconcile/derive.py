"""The whole reconciliation pass as one pure function: inputs read from the graph in, results out.

`derive` normalizes every claim, pools each quantity, finds conflicts and checks
decompositions; the flags come in already raised by the graph's pattern rules. The graph
layer runs it inside one transaction (graph.reconciliation_pass) and stores the results.
"""

from collections.abc import Sequence

from claimgraph.reconcile.conflicts import find_conflicts
from claimgraph.reconcile.decomposition import check_decomposition
from claimgraph.reconcile.normalize import normalize_plain, to_annual_multiplier
from claimgraph.reconcile.pooling import pool_estimates
from claimgraph.reconcile.records import PlainRecord
from claimgraph.schemas.enums import RATE_UNITS, Category, CritiqueKind, Unit
from claimgraph.schemas.reconciliation import (
    CritiqueRef,
    DecompositionResult,
    ReconciliationResult,
)
from claimgraph.schemas.reconciliation_inputs import (
    ClaimInput,
    DecompositionInput,
    FactorInput,
    ReconciliationInputs,
)


def derive(inputs: ReconciliationInputs) -> ReconciliationResult:
    """Pooled values, conflicts and decomposition checks for everything in `inputs`."""
    by_quantity = {
        quantity_id: [claim_record(c, inputs.critiques.get(c.id, ())) for c in claims]
        for quantity_id, claims in inputs.claims.items()
    }
    records = [record for rows in by_quantity.values() for record in rows]
    return ReconciliationResult(
        pooled=[pool_estimates(by_quantity[q], q) for q in sorted(by_quantity)],
        conflicts=find_conflicts(records),
        flags=list(inputs.flags),
        decompositions=[decomposition_result(d) for d in inputs.decompositions],
    )


def claim_record(claim: ClaimInput, critiques: Sequence[tuple[str, str]]) -> PlainRecord:
    """A claim as stored, normalized and with the critiques that target it.

    Plain values, not validated models: the claim was validated when it was ingested,
    and building two models per claim cost more than the arithmetic.
    """
    estimate = normalize_plain(
        claim.value,
        Unit(claim.unit),
        low=claim.low,
        high=claim.high,
        level=claim.level,
        years=claim.years,
    )
    return PlainRecord(
        claim_id=claim.id,
        quantity_id=claim.quantity_id,
        estimate=estimate,
        category=Category(claim.category) if claim.category else None,
        compute_scale_flop=None if claim.scale is None else float(claim.scale),
        period_start_year=claim.start_year,
        period_end_year=claim.end_year,
        critiques=tuple(
            CritiqueRef(critique_id=critique_id, kind=CritiqueKind(kind))
            for critique_id, kind in sorted(critiques)
        ),
    )


def _as_factor(claim: FactorInput, years: float | None) -> float:
    """A factor claim as a multiplier over the total's span (rates compound over it)."""
    unit = Unit(claim.unit)
    if unit in (Unit.FACTOR_OVER_YEARS, Unit.ONE_TIME_FACTOR, Unit.ABSOLUTE):
        return float(claim.value)
    if unit in RATE_UNITS and years is not None:
        return float(to_annual_multiplier(claim.value, unit, claim.years) ** years)
    raise ValueError(f"factor {claim.id} ({unit.value}) cannot be read as a multiplier")


def decomposition_result(decomposition: DecompositionInput) -> DecompositionResult:
    total = decomposition.total
    factors = [(f.id, _as_factor(f, total.years)) for f in decomposition.factors]
    check = check_decomposition(
        factors, float(total.value), years=total.years, rel_tol=float(decomposition.tolerance)
    )
    return DecompositionResult(
        decomposition_id=decomposition.id, total_claim_id=total.id, check=check
    )
