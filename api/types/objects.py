"""GraphQL object types of the graph's entities and of what reconciliation derives.

Entity types (Source, Quantity, Claim, ...) take every field of their schemas.models
model; a field that names other entities by id (a claim's evidence, a critique's targets)
becomes a resolver returning the entities through the request's DataLoaders. Derived types
(Reconciliation, Conflict, Flag, ...) are read back from the :Consensus, :Conflict, :Flag
and :FactorCheck nodes, and their claim ids resolve to claims the same way.

One module, over our usual size, for a reason: these types refer to each other in a cycle
(a claim has flags, a flag involves claims; a quantity has a reconciliation that pools
claims), and a cycle of GraphQL types split over modules is a cycle of imports. Types
that refer to nothing (estimates, normalized values) live in `api.types.values`.
"""

from collections.abc import Sequence
from typing import Annotated

import strawberry

from claimgraph.api.computed import normalized, pool_without
from claimgraph.api.context import Info
from claimgraph.api.types import enums as _enums  # noqa: F401  (registers the enums first)
from claimgraph.api.types import pooling as _pooling  # noqa: F401  (the Reconciliation's parts)
from claimgraph.api.types.arguments import AssumedSe, ExcludedClaims, IncludeInvolved
from claimgraph.api.types.base import build, described, from_pydantic
from claimgraph.api.types.values import NormalizedEstimateType, normalized_type
from claimgraph.graph.stored_models import Owned
from claimgraph.schemas.models import (
    Claim,
    Critique,
    Decomposition,
    Evidence,
    Grouping,
    Quantity,
    Source,
)
from claimgraph.schemas.reconciliation import (
    Conflict,
    ConflictExplanation,
    DecompositionCheck,
    DecompositionResult,
    FactorShare,
    Flag,
    LeftOut,
    PooledEstimate,
)

_SELF = "claimgraph.api.types.objects"
SourceRef = Annotated["SourceType", strawberry.lazy(_SELF)]
ClaimRef = Annotated["ClaimType", strawberry.lazy(_SELF)]
CritiqueRef = Annotated["CritiqueType", strawberry.lazy(_SELF)]
DecompositionRef = Annotated["DecompositionType", strawberry.lazy(_SELF)]
GroupingRef = Annotated["GroupingType", strawberry.lazy(_SELF)]
FlagRef = Annotated["FlagType", strawberry.lazy(_SELF)]
ConflictRef = Annotated["ConflictType", strawberry.lazy(_SELF)]
ReconciliationRef = Annotated["ReconciliationType", strawberry.lazy(_SELF)]
DecompositionCheckRef = Annotated["DecompositionCheckType", strawberry.lazy(_SELF)]
"""References to types defined further down (or to the type being defined)."""


@from_pydantic(Evidence, name="Evidence")
class EvidenceType:
    model: strawberry.Private[Evidence]


async def _source_cites(root: "SourceType", info: Info) -> list[SourceRef]:
    found = await info.context.loaders.source.load_many(root.model.cites)
    return [source_type(s) for s in found if s is not None]


@from_pydantic(Source, name="Source")
class SourceType:
    model: strawberry.Private[Source]
    cites: list[SourceRef] = strawberry.field(
        resolver=_source_cites, description="Sources this one cites (those in the graph)."
    )

    @described("Sources that cite this one.")
    async def cited_by(self, info: Info) -> list[SourceRef]:
        citing = await info.context.loaders.sources_citing.load(self.model.id)
        return [source_type(s) for s in citing]

    @described("The claims this source makes.")
    async def claims(self, info: Info) -> list[ClaimRef]:
        return [
            claim_type(c) for c in await info.context.loaders.claims_of_source.load(self.model.id)
        ]

    @described("The critiques this source makes.")
    async def critiques(self, info: Info) -> list[CritiqueRef]:
        made = await info.context.loaders.critiques_of_source.load(self.model.id)
        return [critique_type(c) for c in made]


@from_pydantic(Quantity, name="Quantity")
class QuantityType:
    model: strawberry.Private[Quantity]

    @described("Every claim that measures this quantity.")
    async def claims(self, info: Info) -> list[ClaimRef]:
        found = await info.context.loaders.claims_of_quantity.load(self.model.id)
        return [claim_type(c) for c in found]

    @described(
        "The stored random-effects pool of this quantity's rates (the :Consensus "
        "node), with what it left out and why."
    )
    async def reconciliation(self, info: Info) -> ReconciliationRef | None:
        pooled = await info.context.loaders.consensus_of_quantity.load(self.model.id)
        return reconciliation_type(pooled) if pooled is not None else None

    @described(
        "The pool recomputed without the given claims (left out as excluded), "
        "optionally pooling point estimates under an assumed se(ln r), which the result states."
    )
    async def pooled_without(
        self,
        info: Info,
        claims: ExcludedClaims,
        assume_se_for_points: AssumedSe = None,
    ) -> ReconciliationRef:
        found = await info.context.loaders.claims_of_quantity.load(self.model.id)
        excluded = {str(claim_id) for claim_id in claims}
        ids = [c.model.id for c in found]
        critiques = await info.context.loaders.critiques_of_claim.load_many(ids)
        cited_ids = sorted({d for c in found for d in c.model.cites} - set(ids))
        cited = await info.context.loaders.claim.load_many(cited_ids)
        pooled = pool_without(
            self.model,
            found,
            excluded,
            assume_se_for_points,
            {i: [k.model for k in ks] for i, ks in zip(ids, critiques, strict=True)},
            [c for c in cited if c is not None],
        )
        return reconciliation_type(pooled, [c.model.id for c in found if c.model.id in excluded])

    @described("Pairs of this quantity's estimates that do not overlap.")
    async def conflicts(self, info: Info) -> list[ConflictRef]:
        found = await info.context.loaders.conflicts_of_quantity.load(self.model.id)
        return [conflict_type(c) for c in found]


async def _claim_quantity(root: "ClaimType", info: Info) -> QuantityType | None:
    found = await info.context.loaders.quantity.load(root.model.quantity)
    return quantity_type(found) if found is not None else None


async def _claim_evidence(root: "ClaimType", info: Info) -> list[EvidenceType]:
    return [
        evidence_type(e) for e in await info.context.loaders.evidence_of_claim.load(root.model.id)
    ]


async def _claim_cites(root: "ClaimType", info: Info) -> list[ClaimRef]:
    return [claim_type(c) for c in await info.context.loaders.claims_cited_by.load(root.model.id)]


@from_pydantic(Claim, name="Claim")
class ClaimType:
    model: strawberry.Private[Claim]
    source_id: strawberry.Private[str]
    quantity: QuantityType | None = strawberry.field(
        resolver=_claim_quantity, description="The quantity this claim measures."
    )
    evidence: list[EvidenceType] = strawberry.field(
        resolver=_claim_evidence, description="What the claim rests on."
    )
    cites: list[ClaimRef] = strawberry.field(
        resolver=_claim_cites, description="Claims this one cites as support."
    )

    @described("The source that makes this claim.")
    async def source(self, info: Info) -> SourceType | None:
        found = await info.context.loaders.source.load(self.source_id)
        return source_type(found) if found is not None else None

    @described("Claims that cite this one as support.")
    async def cited_by(self, info: Info) -> list[ClaimRef]:
        found = await info.context.loaders.claims_citing.load(self.model.id)
        return [claim_type(c) for c in found]

    @described("Critiques that target this claim, each with its source.")
    async def critiques(self, info: Info) -> list[CritiqueRef]:
        found = await info.context.loaders.critiques_of_claim.load(self.model.id)
        return [critique_type(c) for c in found]

    @described(
        "Flags about this claim; with includeInvolved also flags that merely "
        "involve it (e.g. as the other side of a comparison)."
    )
    async def flags(self, info: Info, include_involved: IncludeInvolved = False) -> list[FlagRef]:
        found = await info.context.loaders.flags_of_claim.load(self.model.id)
        return [flag_type(f.flag) for f in found if f.subject or include_involved]

    @described(
        "The estimate as an annual multiplier r, log10 r, halving months, "
        "interval rLow..rHigh and se(ln r), computed by reconcile.normalize."
    )
    def normalized(self) -> NormalizedEstimateType:
        return normalized_type(normalized(self.model))

    @described("Decompositions of this claim into factor claims.")
    async def decompositions(self, info: Info) -> list[DecompositionRef]:
        found = await info.context.loaders.decompositions_of_claim.load(self.model.id)
        return [decomposition_type(d.decomposition, d.check) for d in found]


async def _critique_targets(root: "CritiqueType", info: Info) -> list[ClaimType]:
    found = await info.context.loaders.claim.load_many(root.model.targets)
    return [claim_type(c) for c in found if c is not None]


async def _critique_alternative(root: "CritiqueType", info: Info) -> ClaimType | None:
    if root.model.alternative is None:
        return None
    found = await info.context.loaders.claim.load(root.model.alternative)
    return claim_type(found) if found is not None else None


@from_pydantic(Critique, name="Critique")
class CritiqueType:
    model: strawberry.Private[Critique]
    source_id: strawberry.Private[str]
    targets: list[ClaimType] = strawberry.field(
        resolver=_critique_targets, description="The claims this critique argues against."
    )
    alternative: ClaimType | None = strawberry.field(
        resolver=_critique_alternative, description="The claim it proposes instead, if any."
    )

    @described("The source that makes this critique.")
    async def source(self, info: Info) -> SourceType | None:
        found = await info.context.loaders.source.load(self.source_id)
        return source_type(found) if found is not None else None


async def _grouping_claims(root: "GroupingType", info: Info) -> list[ClaimType]:
    found = await info.context.loaders.claim.load_many(root.model.claims)
    return [claim_type(c) for c in found if c is not None]


@from_pydantic(Grouping, name="Grouping")
class GroupingType:
    model: strawberry.Private[Grouping]
    source_id: strawberry.Private[str]
    claims: list[ClaimType] = strawberry.field(
        resolver=_grouping_claims, description="The claims presented together."
    )

    @described("The source that presents these claims together.")
    async def source(self, info: Info) -> SourceType | None:
        found = await info.context.loaders.source.load(self.source_id)
        return source_type(found) if found is not None else None

    @described("Flags raised about this grouping.")
    async def flags(self, info: Info) -> list[FlagRef]:
        return [
            flag_type(f) for f in await info.context.loaders.flags_of_grouping.load(self.model.id)
        ]


async def _decomposition_total(root: "DecompositionType", info: Info) -> ClaimType | None:
    found = await info.context.loaders.claim.load(root.model.total)
    return claim_type(found) if found is not None else None


async def _decomposition_factors(root: "DecompositionType", info: Info) -> list[ClaimType]:
    found = await info.context.loaders.claim.load_many(root.model.factors)
    return [claim_type(c) for c in found if c is not None]


@from_pydantic(Decomposition, name="Decomposition")
class DecompositionType:
    model: strawberry.Private[Decomposition]
    source_id: strawberry.Private[str]
    result: strawberry.Private[DecompositionResult | None]
    total: ClaimType | None = strawberry.field(
        resolver=_decomposition_total, description="The total claim split into factors."
    )
    factors: list[ClaimType] = strawberry.field(
        resolver=_decomposition_factors,
        description="The factor claims, in the order the source lists them.",
    )

    @described(
        "The stored check (:FactorCheck): product of the factors against the total, "
        "log shares and the implied annual rate."
    )
    def check(self) -> DecompositionCheckRef | None:
        return check_type(self.result.check) if self.result is not None else None

    @described("The source that makes this decomposition.")
    async def source(self, info: Info) -> SourceType | None:
        found = await info.context.loaders.source.load(self.source_id)
        return source_type(found) if found is not None else None


def source_type(source: Source) -> SourceType:
    return build(SourceType, source)


def quantity_type(quantity: Quantity) -> QuantityType:
    return build(QuantityType, quantity)


def evidence_type(evidence: Evidence) -> EvidenceType:
    return build(EvidenceType, evidence)


def claim_type(claim: Owned[Claim]) -> ClaimType:
    return build(ClaimType, claim.model, source_id=claim.source_id)


def critique_type(critique: Owned[Critique]) -> CritiqueType:
    return build(CritiqueType, critique.model, source_id=critique.source_id)


def grouping_type(grouping: Owned[Grouping]) -> GroupingType:
    return build(GroupingType, grouping.model, source_id=grouping.source_id)


def decomposition_type(
    decomposition: Owned[Decomposition], result: DecompositionResult | None
) -> DecompositionType:
    return build(
        DecompositionType, decomposition.model, source_id=decomposition.source_id, result=result
    )


async def _claims(info: Info, ids: Sequence[str]) -> list[ClaimRef]:

    found = await info.context.loaders.claim.load_many(list(ids))
    return [claim_type(c) for c in found if c is not None]


async def _claim(info: Info, claim_id: str | None) -> ClaimRef | None:
    found = await _claims(info, [claim_id]) if claim_id is not None else []
    return found[0] if found else None


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
    async def critique(self, info: Info) -> CritiqueRef | None:
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
    async def subject_grouping(self, info: Info) -> GroupingRef | None:
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


def reconciliation_type(pooled: PooledEstimate, excluded: Sequence[str] = ()) -> ReconciliationType:
    return build(ReconciliationType, pooled, excluded_ids=sorted(excluded))


def conflict_type(conflict: Conflict) -> ConflictType:
    return build(ConflictType, conflict)


def flag_type(flag: Flag) -> FlagType:
    return build(FlagType, flag)


def check_type(check: DecompositionCheck) -> DecompositionCheckType:
    return build(DecompositionCheckType, check)
