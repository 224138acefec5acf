"""The whole reconciliation pass as one pure function: inputs read from the graph in, results out.

`derive` normalizes every claim, pools each quantity (every rate weighed under a declared
basis), finds conflicts and deviations and checks decompositions; the flags come in already
raised by the graph's pattern rules. The graph layer runs it inside one transaction
(graph.reconciliation_pass) and stores the results. One bad record never stops the pass: a
claim whose stored figure cannot be computed with, or a quantity whose pool fails, is
reported in `skipped` (which claim, and why) and the rest is computed.
"""

from collections.abc import Sequence

from claimgraph.reconcile.conflicts import conflicts_among, deviations_among
from claimgraph.reconcile.decomposition import check_decomposition
from claimgraph.reconcile.normalize import normalize_plain, to_annual_multiplier
from claimgraph.reconcile.pooling import pool_with_members
from claimgraph.reconcile.records import PlainRecord
from claimgraph.reconcile.selection import source_key
from claimgraph.reconcile.uncertainty import DEFAULT_RULES, UncertaintyRules
from claimgraph.schemas.enums import COST_SCOPES, RATE_UNITS, Category, CritiqueKind, Trend, Unit
from claimgraph.schemas.reconciliation import (
    Conflict,
    CritiqueRef,
    DecompositionResult,
    Deviation,
    PooledEstimate,
    PoolingMethod,
    ReconciliationResult,
    SkippedRecord,
)
from claimgraph.schemas.reconciliation_inputs import (
    ClaimInput,
    DecompositionInput,
    FactorInput,
    QuantityInput,
    ReconciliationInputs,
)

_COST = {scope.value for scope in COST_SCOPES}


def trend_of(quantity: QuantityInput | None) -> Trend:
    """The quantity's stated trend, or the one its scope implies (Quantity.reads_as)."""
    if quantity is None:
        return Trend.COST_FALLS
    if quantity.trend is not None:
        return Trend(quantity.trend)
    return Trend.COST_FALLS if quantity.scope in _COST else Trend.GROWTH


def derive(
    inputs: ReconciliationInputs, rules: UncertaintyRules = DEFAULT_RULES
) -> ReconciliationResult:
    """Pooled values, conflicts, deviations and decomposition checks for everything in `inputs`.

    `rules` are the weighing conventions (ingest.weighing reads them from the settings).
    """
    skipped: list[SkippedRecord] = []
    by_quantity: dict[str, list[PlainRecord]] = {}
    for quantity_id, claims in inputs.claims.items():
        rows = by_quantity[quantity_id] = []
        for claim in claims:
            try:
                rows.append(claim_record(claim, inputs.critiques.get(claim.id, ())))
            except (ValueError, TypeError, OverflowError) as error:
                skipped.append(
                    SkippedRecord(claim_id=claim.id, quantity_id=quantity_id, reason=str(error))
                )
    cited = {rec.claim_id: rec for rows in by_quantity.values() for rec in rows}
    pooled: list[PooledEstimate] = []
    conflicts: list[Conflict] = []
    deviations: list[Deviation] = []
    for quantity_id in sorted(by_quantity):
        quantity = inputs.quantities.get(quantity_id)
        try:
            pool, members = pool_with_members(
                by_quantity[quantity_id],
                quantity_id,
                domain=quantity.domain if quantity else None,
                trend=trend_of(quantity),
                cited=cited,
                rules=rules,
            )
        except (ValueError, ArithmeticError) as error:
            skipped.append(SkippedRecord(claim_id="*", quantity_id=quantity_id, reason=str(error)))
            pool = PooledEstimate(
                quantity_id=quantity_id,
                k=0,
                method=PoolingMethod.PAULE_MANDEL,
                level=0.95,
                note=f"the pool could not be computed: {error}",
            )
            members = []
        pooled.append(pool)
        conflicts.extend(conflicts_among(quantity_id, members))
        deviations.extend(deviations_among(pool, members))
    decompositions = []
    for d in inputs.decompositions:
        try:
            decompositions.append(decomposition_result(d))
        except (ValueError, ArithmeticError) as error:
            skipped.append(
                SkippedRecord(
                    claim_id=d.total.id, quantity_id=f"decomposition:{d.id}", reason=str(error)
                )
            )
    return ReconciliationResult(
        pooled=pooled,
        conflicts=conflicts,
        flags=list(inputs.flags),
        decompositions=decompositions,
        deviations=deviations,
        skipped=sorted(skipped, key=lambda s: (s.quantity_id, s.claim_id)),
    )


def claim_record(
    claim: ClaimInput, critiques: Sequence[tuple[str, str, str | None]]
) -> PlainRecord:
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
            CritiqueRef.model_construct(
                critique_id=critique_id, kind=CritiqueKind(kind), alternative=alternative
            )
            for critique_id, kind, alternative in sorted(critiques, key=lambda c: (c[0], c[1]))
        ),
        source_key=source_key(claim.source_url, claim.source_id),
        upper_bound=bool(claim.upper_bound),
        domain=claim.domain,
        cites=list(claim.cites),
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
