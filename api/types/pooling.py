"""GraphQL value types of a reconciliation's nested results, and the enums they use.

Plain values with claim ids as strings and no resolvers: a pooled estimate's per-estimate
bases and weights, its leave-one-out table, its partial pools, subgroups and moderators.
`api.types.objects` imports this module before it derives the Reconciliation type from
`PooledEstimate`, whose fields hold these.
"""

from enum import Enum
from typing import Final

import strawberry

from claimgraph.api.types import enums as _enums  # noqa: F401  (registers the enums first)
from claimgraph.api.types.base import from_pydantic
from claimgraph.schemas.enums import Domain, Trend
from claimgraph.schemas.reconciliation import (
    LeaveOneOut,
    Moderator,
    ModeratorFit,
    PoolMember,
    PoolSummary,
    SubgroupPool,
    UncertaintyBasis,
)

ENUMS: Final[dict[type[Enum], str]] = {
    Domain: "The task domain a figure was measured on; different domains never pool.",
    Trend: "Which way a quantity's r is read: a cost that falls (halving time) or growth "
    "(doubling time).",
    UncertaintyBasis: "On what grounds a pooled estimate got its standard error and weight.",
    Moderator: "A property of the estimates that may explain why they disagree.",
}


def register() -> None:
    """Idempotent, like api.types.enums.register."""
    for enum, description in ENUMS.items():
        if not hasattr(enum, "__strawberry_definition__"):
            strawberry.enum(enum, description=description)


register()


@from_pydantic(PoolMember, name="PoolMember")
class PoolMemberType:
    pass


@from_pydantic(LeaveOneOut, name="LeaveOneOut")
class LeaveOneOutType:
    pass


@from_pydantic(PoolSummary, name="PoolSummary")
class PoolSummaryType:
    pass


@from_pydantic(SubgroupPool, name="SubgroupPool")
class SubgroupPoolType:
    pass


@from_pydantic(ModeratorFit, name="ModeratorFit")
class ModeratorFitType:
    pass
