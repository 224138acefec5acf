"""What pooling and conflict finding read of a claim, as protocols and a plain record.

`EstimateRecord` (validated, for callers building records by hand) and `PlainRecord`
(built by the reconciliation pass for every stored claim, already validated at ingest)
both satisfy `RecordLike`, so the arithmetic does not care which one it gets.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from reconcile.normalize import PlainEstimate
from schemas.enums import Category, CritiqueKind
from schemas.reconciliation import CritiqueRef, EstimateKind


class EstimateLike(Protocol):
    @property
    def kind(self) -> EstimateKind: ...
    @property
    def low(self) -> float | None: ...
    @property
    def level(self) -> float | None: ...
    @property
    def r(self) -> float | None: ...
    @property
    def r_low(self) -> float | None: ...
    @property
    def r_high(self) -> float | None: ...
    @property
    def se_ln_r(self) -> float | None: ...


class CritiqueLike(Protocol):
    @property
    def critique_id(self) -> str: ...
    @property
    def kind(self) -> CritiqueKind: ...


class RecordLike(Protocol):
    @property
    def claim_id(self) -> str: ...
    @property
    def quantity_id(self) -> str: ...
    @property
    def estimate(self) -> EstimateLike: ...
    @property
    def category(self) -> Category | None: ...
    @property
    def compute_scale_flop(self) -> float | None: ...
    @property
    def period_start_year(self) -> int | None: ...
    @property
    def period_end_year(self) -> int | None: ...
    @property
    def critiques(self) -> Sequence[CritiqueLike]: ...


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
