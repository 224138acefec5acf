"""What the reconciliation pass reads from the graph, as plain values.

The graph layer fills these (graph.reconcile_reads) and the pure arithmetic consumes them
(reconcile.derive), so neither needs to know the other. They are slotted dataclasses, not
validated models: every value was validated when its file was ingested, and a pass over
100,000 claims should spend its time on the arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from claimgraph.schemas.reconciliation import Flag


@dataclass(frozen=True, slots=True)
class ClaimInput:
    """One measured claim's stated estimate and the context pooling and conflicts use."""

    id: str
    quantity_id: str
    value: float
    unit: str
    low: float | None = None
    high: float | None = None
    level: float | None = None
    years: float | None = None
    category: str | None = None
    scale: float | None = None
    start_year: int | None = None
    end_year: int | None = None
    source_id: str | None = None
    source_url: str | None = None  # identifies the source beyond its id (see selection)
    upper_bound: bool = False
    domain: str | None = None  # the claim's own domain, if it states one
    cites: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class QuantityInput:
    """What the pass needs of a quantity: its scope, task domain and which way it trends."""

    id: str
    scope: str
    domain: str | None = None
    trend: str | None = None


@dataclass(frozen=True, slots=True)
class FactorInput:
    """A claim as a decomposition reads it: the total or one of its factors."""

    id: str
    value: float
    unit: str
    years: float | None = None


@dataclass(frozen=True, slots=True)
class DecompositionInput:
    id: str
    tolerance: float
    total: FactorInput
    factors: tuple[FactorInput, ...]


@dataclass(frozen=True, slots=True)
class ReconciliationInputs:
    """Everything one pass computes from: claims by quantity, the quantities, critiques by
    target claim ((critique id, kind, alternative claim id or None) triples),
    decompositions, and the flags the graph's rules raised."""

    claims: dict[str, list[ClaimInput]] = field(default_factory=dict)
    critiques: dict[str, list[tuple[str, str, str | None]]] = field(default_factory=dict)
    quantities: dict[str, QuantityInput] = field(default_factory=dict)
    decompositions: list[DecompositionInput] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
