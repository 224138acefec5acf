"""The domain's enums, registered once with strawberry with descriptions for GraphiQL.

Registering here (before any type uses them) is what gives the GraphQL enums their
descriptions; the values themselves stay those of `schemas.enums`.
"""

from enum import Enum
from typing import Final

import strawberry

from claimgraph.schemas.enums import (
    Category,
    CritiqueKind,
    EvidenceKind,
    FlagKind,
    Scope,
    SourceKind,
    Unit,
)
from claimgraph.schemas.ingest_report import ChangeKind
from claimgraph.schemas.reconciliation import (
    EstimateKind,
    ExplanationKind,
    LeftOutReason,
    PoolingMethod,
)

ENUMS: Final[dict[type[Enum], str]] = {
    Scope: "What a quantity measures; training and inference are the axis sources conflate.",
    Category: "The driver a source credits for a figure (algorithms, optimizations, data...).",
    Unit: "How a figure is stated by its source, before normalization to r per year.",
    SourceKind: "What kind of publication a source is.",
    EvidenceKind: "What a claim rests on.",
    CritiqueKind: "The line of argument a critique takes against its targets.",
    FlagKind: "The conflation rule family a flag belongs to.",
    EstimateKind: "What a normalized figure is; only rates are pooled.",
    PoolingMethod: "Between-estimate variance estimator of the random-effects pool.",
    LeftOutReason: "Why a claim did not enter a pooled value.",
    ExplanationKind: "What may account for two estimates of one quantity disagreeing.",
    ChangeKind: "What an ingest did to one entity.",
}

VALUE_DESCRIPTIONS: Final[dict[Enum, str]] = {
    Scope.TRAINING: "Compute needed to train to a fixed capability.",
    Scope.INFERENCE: "Compute or price to serve a fixed capability.",
    Scope.HARDWARE: "FLOP per dollar.",
    Scope.COMPUTE: "Growth of compute spent.",
    Scope.UNSPECIFIED: "The source does not say training or inference.",
    Unit.HALVING_TIME_MONTHS: "Months for the needed compute or cost to halve: r = 2^(12/T).",
    Unit.DOUBLING_TIME_MONTHS: "Months for efficiency to double: r = 2^(12/T).",
    Unit.MULTIPLIER_PER_YEAR: "Times better per year: r as stated.",
    Unit.PERCENT_PER_YEAR: "p % better per year: r = 1 + p/100.",
    Unit.PERCENT_DECLINE_PER_YEAR: "Cost falls p % per year: r = 1 / (1 - p/100).",
    Unit.ORDERS_OF_MAGNITUDE_PER_YEAR: "k orders of magnitude per year: r = 10^k.",
    Unit.FACTOR_OVER_YEARS: "A factor F over Y years: r = F^(1/Y).",
    Unit.ONE_TIME_FACTOR: "A one-time multiplier, not a rate; never pooled with rates.",
    Unit.SHARE: "A fraction of a total, 0..1.",
    Unit.ABSOLUTE: "A cost, count or ratio kept as stated.",
}


def register() -> None:
    """Idempotent: strawberry marks a registered enum, so a second call changes nothing."""
    for enum, description in ENUMS.items():
        if hasattr(enum, "__strawberry_definition__"):
            continue
        strawberry.enum(enum, description=description)
        definition = enum.__strawberry_definition__  # type: ignore[attr-defined]
        for value in definition.values:
            value.description = VALUE_DESCRIPTIONS.get(enum(value.value), value.description)


register()
