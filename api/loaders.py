"""Per-request DataLoaders: every batch of lookups is one named query from graph.read_queries.

Created fresh for each request (in the context getter), so their caches never serve one
client's data to another and never outlive a write.
"""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from strawberry.dataloader import DataLoader

from claimgraph.graph import read_queries as rq
from claimgraph.graph.read_runner import Reader
from claimgraph.graph.stored_models import Owned
from claimgraph.schemas.models import Claim, Critique, Evidence, Grouping, Quantity, Source
from claimgraph.schemas.reconciliation import Conflict, Flag, PooledEstimate

T = TypeVar("T")


def _one(
    reader: Reader, fetch: Callable[[Reader, Sequence[str]], Awaitable[dict[str, T]]]
) -> DataLoader[str, T | None]:
    async def load(keys: list[str]) -> list[T | None]:
        found = await fetch(reader, keys)
        return [found.get(key) for key in keys]

    return DataLoader(load_fn=load)


def _many(
    reader: Reader, fetch: Callable[[Reader, Sequence[str]], Awaitable[dict[str, list[T]]]]
) -> DataLoader[str, list[T]]:
    async def load(keys: list[str]) -> list[list[T]]:
        found = await fetch(reader, keys)
        return [found.get(key, []) for key in keys]

    return DataLoader(load_fn=load)


@dataclass(frozen=True)
class Loaders:
    """One loader per lookup the schema makes; names say key → value."""

    source: DataLoader[str, Source | None]
    quantity: DataLoader[str, Quantity | None]
    claim: DataLoader[str, Owned[Claim] | None]
    evidence: DataLoader[str, Evidence | None]
    critique: DataLoader[str, Owned[Critique] | None]
    grouping: DataLoader[str, Owned[Grouping] | None]
    sources_citing: DataLoader[str, list[Source]]
    claims_of_source: DataLoader[str, list[Owned[Claim]]]
    claims_of_quantity: DataLoader[str, list[Owned[Claim]]]
    claims_cited_by: DataLoader[str, list[Owned[Claim]]]
    claims_citing: DataLoader[str, list[Owned[Claim]]]
    evidence_of_claim: DataLoader[str, list[Evidence]]
    critiques_of_claim: DataLoader[str, list[Owned[Critique]]]
    critiques_of_source: DataLoader[str, list[Owned[Critique]]]
    decompositions_of_claim: DataLoader[str, list[rq.StoredDecomposition]]
    flags_of_claim: DataLoader[str, list[rq.StoredFlag]]
    flags_of_grouping: DataLoader[str, list[Flag]]
    consensus_of_quantity: DataLoader[str, PooledEstimate | None]
    conflicts_of_quantity: DataLoader[str, list[Conflict]]

    @classmethod
    def create(cls, reader: Reader) -> "Loaders":
        return cls(
            source=_one(reader, rq.sources_by_id),
            quantity=_one(reader, rq.quantities_by_id),
            claim=_one(reader, rq.claims_by_id),
            evidence=_one(reader, rq.evidence_by_id),
            critique=_one(reader, rq.critiques_by_id),
            grouping=_one(reader, rq.groupings_by_id),
            sources_citing=_many(reader, rq.citing_sources),
            claims_of_source=_many(reader, rq.claims_by_source),
            claims_of_quantity=_many(reader, rq.claims_by_quantity),
            claims_cited_by=_many(reader, rq.cited_claims),
            claims_citing=_many(reader, rq.citing_claims),
            evidence_of_claim=_many(reader, rq.evidence_by_claim),
            critiques_of_claim=_many(reader, rq.critiques_by_target),
            critiques_of_source=_many(reader, rq.critiques_by_source),
            decompositions_of_claim=_many(reader, rq.decompositions_by_total),
            flags_of_claim=_many(reader, rq.flags_by_claim),
            flags_of_grouping=_many(reader, rq.flags_by_grouping),
            consensus_of_quantity=_one(reader, rq.consensus_by_quantity),
            conflicts_of_quantity=_many(reader, rq.conflicts_by_quantity),
        )
