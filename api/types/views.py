"""Result shapes that only queries produce: search hits and the source-level critique graph."""

from typing import Annotated

import strawberry

from claimgraph.api.context import Info
from claimgraph.api.types.base import described
from claimgraph.api.types.objects import (
    ClaimType,
    CritiqueType,
    EvidenceType,
    SourceType,
    claim_type,
    critique_type,
    evidence_type,
    source_type,
)
from claimgraph.graph.read_queries import SourceCritiques
from claimgraph.graph.search import SearchHit
from claimgraph.schemas.enums import CritiqueKind

SearchNode = Annotated[
    ClaimType | SourceType | CritiqueType | EvidenceType,
    strawberry.union("SearchNode", description="Anything the full-text index covers."),
]


@strawberry.type(name="SearchHit", description="One full-text match, best first.")
class SearchHitType:
    hit: strawberry.Private[SearchHit]

    @described("The node's label: Claim, Source, Critique or Evidence.")
    def kind(self) -> str:
        return self.hit.label

    @described("Lucene relevance score.")
    def score(self) -> float:
        return self.hit.score

    @described("The matching node; null if it went away since the search.")
    async def node(self, info: Info) -> SearchNode | None:
        loaders = info.context.loaders
        node_id = self.hit.id
        if self.hit.label == "Claim":
            claim = await loaders.claim.load(node_id)
            return claim_type(claim) if claim else None
        if self.hit.label == "Source":
            source = await loaders.source.load(node_id)
            return source_type(source) if source else None
        if self.hit.label == "Critique":
            critique = await loaders.critique.load(node_id)
            return critique_type(critique) if critique else None
        evidence = await loaders.evidence.load(node_id)
        return evidence_type(evidence) if evidence else None


@strawberry.type(
    name="SourceCritique", description="A source critiquing another source's claims, aggregated."
)
class SourceCritiqueType:
    row: strawberry.Private[SourceCritiques]

    @described("Number of critiques the critic aims at the target's claims.")
    def count(self) -> int:
        return len(self.row.critiques)

    @described("The kinds of those critiques.")
    def kinds(self) -> list[CritiqueKind]:
        return sorted(CritiqueKind(k) for k in self.row.kinds)

    @described("The source making the critiques.")
    async def critic(self, info: Info) -> SourceType | None:
        found = await info.context.loaders.source.load(self.row.critic)
        return source_type(found) if found else None

    @described("The source whose claims are critiqued.")
    async def target(self, info: Info) -> SourceType | None:
        found = await info.context.loaders.source.load(self.row.target)
        return source_type(found) if found else None

    @described("The critiques, each with its kind and summary.")
    async def critiques(self, info: Info) -> list[CritiqueType]:
        found = await info.context.loaders.critique.load_many(self.row.critiques)
        return [critique_type(c) for c in found if c is not None]

    @described("The target's claims those critiques aim at.")
    async def claims(self, info: Info) -> list[ClaimType]:
        found = await info.context.loaders.claim.load_many(self.row.claims)
        return [claim_type(c) for c in found if c is not None]
