"""GraphQL types of what reconciliation derives, from the schemas.reconciliation models.

They are read back from the :Consensus, :Conflict, :Flag and :FactorCheck nodes (see
graph.stored_models); ids inside them (pooled claims, a flag's claims, a factor's claim)
get resolvers returning the entities. Entity types are imported lazily: they refer back.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import strawberry

from claimgraph.api.context import Info
from claimgraph.api.normalized import estimate_record
from claimgraph.api.types import enums as _enums  # noqa: F401  (registers the enums first)
from claimgraph.api.types.base import build, described, from_pydantic
from claimgraph.graph.stored_models import Owned
from claimgraph.reconcile.pooling import pool_estimates
from claimgraph.schemas.models import Claim
from claimgraph.schemas.reconciliation import (
    Conflict,
    ConflictExplanation,
    DecompositionCheck,
    FactorShare,
    Flag,
    LeftOut,
    NormalizedEstimate,
    PooledEstimate,
)

if TYPE_CHECKING:
    from claimgraph.api.types.entities import ClaimType, CritiqueType, GroupingType

_ENTITIES = "claimgraph.api.types.entities"
ClaimRef = Annotated["ClaimType", strawberry.lazy(_ENTITIES)]


async def _claims(info: Info, ids: Sequence[str]) -> list["ClaimType"]:
    from claimgraph.api.types.entities import claim_type

    found = await info.context.loaders.claim.load_many(list(ids))
    return [claim_type(c) for c in found if c is not None]


async def _claim(info: Info, claim_id: str | None) -> "ClaimType | None":
    found = await _claims(info, [claim_id]) if claim_id is not None else []
    return found[0] if found else None


@from_pydantic(NormalizedEstimate, name="NormalizedEstimate")
class NormalizedEstimateType:
    pass


@from_pydantic(LeftOut, name="LeftOut")
class LeftOutType:
    model: strawberry.Private[LeftOut]

    @described("The claim left out.")
    async def claim(self, info: Info) -> ClaimRef | None:
        return await _claim(info, self.model.claim_id)


@from_pydantic(PooledEstimate, name="Reconciliation")
class ReconciliationType:
    model: strawberry.Private[PooledEstimate]
    excluded_ids: strawberry.Private[list[str]]

    @described("The claims that entered the pooled value.")
    async def pooled_claims(self, info: Info) -> list[ClaimRef]:
        return await _claims(info, self.model.pooled_claim_ids)

    @described("Claims excluded on request (pooledWithout), before pooling.")
    def excluded(self) -> list[strawberry.ID]:
        return [strawberry.ID(claim_id) for claim_id in self.excluded_ids]


@from_pydantic(ConflictExplanation, name="ConflictExplanation")
class ConflictExplanationType:
    model: strawberry.Private[ConflictExplanation]

    @described("The critique that explains the conflict, for kind CRITIQUE.")
    async def critique(
        self, info: Info
    ) -> Annotated["CritiqueType", strawberry.lazy(_ENTITIES)] | None:
        from claimgraph.api.types.entities import critique_type

        if self.model.critique_id is None:
            return None
        found = await info.context.loaders.critique.load(self.model.critique_id)
        return critique_type(found) if found is not None else None


@from_pydantic(Conflict, name="Conflict")
class ConflictType:
    model: strawberry.Private[Conflict]

    @described("The two claims in conflict (claimA, claimB).")
    async def claims(self, info: Info) -> list[ClaimRef]:
        return await _claims(info, [self.model.claim_a, self.model.claim_b])


@from_pydantic(Flag, name="Flag")
class FlagType:
    model: strawberry.Private[Flag]

    @described("The claims the flag involves (its `claims` ids).")
    async def involved(self, info: Info) -> list[ClaimRef]:
        return await _claims(info, self.model.claims)

    @described("The claim the flag is about, when its subject is a claim.")
    async def subject_claim(self, info: Info) -> ClaimRef | None:
        if self.model.subject_label != "Claim":
            return None
        return await _claim(info, self.model.subject)

    @described("The grouping the flag is about, when its subject is one.")
    async def subject_grouping(
        self, info: Info
    ) -> Annotated["GroupingType", strawberry.lazy(_ENTITIES)] | None:
        from claimgraph.api.types.entities import grouping_type

        if self.model.subject_label != "Grouping":
            return None
        found = await info.context.loaders.grouping.load(self.model.subject)
        return grouping_type(found) if found is not None else None


@from_pydantic(FactorShare, name="FactorShare")
class FactorShareType:
    model: strawberry.Private[FactorShare]

    @described("The factor claim (its id is `label`).")
    async def claim(self, info: Info) -> ClaimRef | None:
        return await _claim(info, self.model.label)


@from_pydantic(DecompositionCheck, name="DecompositionCheck")
class DecompositionCheckType:
    model: strawberry.Private[DecompositionCheck]


def normalized_type(estimate: NormalizedEstimate) -> NormalizedEstimateType:
    return build(NormalizedEstimateType, estimate)


def reconciliation_type(pooled: PooledEstimate, excluded: Sequence[str] = ()) -> ReconciliationType:
    return build(ReconciliationType, pooled, excluded_ids=sorted(excluded))


def conflict_type(conflict: Conflict) -> ConflictType:
    return build(ConflictType, conflict)


def flag_type(flag: Flag) -> FlagType:
    return build(FlagType, flag)


def check_type(check: DecompositionCheck) -> DecompositionCheckType:
    return build(DecompositionCheckType, check)


def pooled_without(
    quantity_id: str,
    claims: Sequence[Owned[Claim]],
    excluded: set[str],
    assume_se_for_points: float | None,
) -> ReconciliationType:
    """The quantity's pool recomputed by reconcile.pooling without the `excluded` claims."""
    records = [estimate_record(c.model) for c in claims if c.model.id not in excluded]
    pooled = pool_estimates(records, quantity_id, assume_se_for_points=assume_se_for_points)
    return reconciliation_type(pooled, [c.model.id for c in claims if c.model.id in excluded])
