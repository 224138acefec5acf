"""What pooling and conflict finding read of a claim: a validated model or a plain record.

`EstimateRecord` (validated, for callers building records by hand) and `PlainRecord`
(built by the reconciliation pass for every stored claim, already validated at ingest)
carry the same fields, so the arithmetic takes either (`RecordLike`).
"""

from dataclasses import dataclass, field

from claimgraph.reconcile.normalize import PlainEstimate
from claimgraph.schemas.enums import Category
from claimgraph.schemas.reconciliation import CritiqueRef, EstimateRecord


@dataclass(frozen=True, slots=True)
class PlainRecord:
    """The fields of an EstimateRecord as a plain value (see the module docstring)."""

    claim_id: str
    quantity_id: str
    estimate: PlainEstimate
    category: Category | None = None
    compute_scale_flop: float | None = None
    period_start_year: int | None = None
    period_end_year: int | None = None
    critiques: tuple[CritiqueRef, ...] = ()
    source_key: str | None = None
    upper_bound: bool = False
    domain: str | None = None
    cites: list[str] = field(default_factory=list)


RecordLike = EstimateRecord | PlainRecord
