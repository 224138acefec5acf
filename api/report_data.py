"""What a report page shows, read from the graph: the same stored results GraphQL serves.

The pooled numbers, weights, conflicts and flags are the ones the reconciliation pass
stored (:Consensus, :Conflict, :Flag, :Deviation); nothing is recomputed here, so the
page and the API cannot disagree. One quantity costs a fixed number of reads whatever
its number of claims.
"""

import asyncio
from dataclasses import dataclass

from claimgraph.api.computed import normalized
from claimgraph.graph import read_queries as rq
from claimgraph.graph.read_queries import StoredFlag
from claimgraph.graph.read_runner import Reader
from claimgraph.graph.report_queries import claim_counts, deviations_by_quantity
from claimgraph.graph.stored_models import Owned
from claimgraph.schemas.models import Claim, Critique, Quantity, Source
from claimgraph.schemas.reconciliation import (
    Conflict,
    Deviation,
    NormalizedEstimate,
    PooledEstimate,
)


@dataclass(frozen=True)
class QuantityReport:
    """One quantity, its claims with their context, and what reconciliation stored for it."""

    quantity: Quantity
    pooled: PooledEstimate | None
    claims: list[Owned[Claim]]
    normalized: dict[str, NormalizedEstimate]
    sources: dict[str, Source]
    critiques: dict[str, list[Owned[Critique]]]
    flags: dict[str, list[StoredFlag]]
    conflicts: list[Conflict]
    deviations: list[Deviation]


@dataclass(frozen=True)
class IndexRow:
    """One line of the index: a quantity with estimates, and its stored pool if any."""

    quantity: Quantity
    claims: int
    pooled: PooledEstimate | None


async def read_report(reader: Reader, quantity_id: str) -> QuantityReport | None:
    """None when no quantity has that id.

    Two rounds of reads run together: what hangs off the quantity id, then what hangs
    off its claims' ids, so a page waits for two round trips' time, not eight.
    """
    ids = [quantity_id]
    quantities, pooled, claims_of, conflicts, deviations = await asyncio.gather(
        rq.quantities_by_id(reader, ids),
        rq.consensus_by_quantity(reader, ids),
        rq.claims_by_quantity(reader, ids),
        rq.conflicts_by_quantity(reader, ids),
        deviations_by_quantity(reader, ids),
    )
    quantity = quantities.get(quantity_id)
    if quantity is None:
        return None
    claims = claims_of.get(quantity_id, [])
    claim_ids = [c.model.id for c in claims]
    sources, critiques, flags = await asyncio.gather(
        rq.sources_by_id(reader, sorted({c.source_id for c in claims})),
        rq.critiques_by_target(reader, claim_ids),
        rq.flags_by_claim(reader, claim_ids),
    )
    return QuantityReport(
        quantity=quantity,
        pooled=pooled.get(quantity_id),
        claims=claims,
        normalized={c.model.id: normalized(c.model) for c in claims},
        sources=sources,
        critiques=critiques,
        flags=flags,
        conflicts=conflicts.get(quantity_id, []),
        deviations=deviations[quantity_id],
    )


async def read_index(reader: Reader) -> list[IndexRow]:
    """Every quantity some claim measures, by id."""
    quantities = await rq.all_quantities(reader)
    ids = [q.id for q in quantities]
    claims = await claim_counts(reader, ids)
    pooled = await rq.consensus_by_quantity(reader, ids)
    return [IndexRow(q, claims[q.id], pooled.get(q.id)) for q in quantities if q.id in claims]


async def quantity_ids(reader: Reader) -> list[str]:
    """Every quantity id, for the nearest-id suggestions of a page not found."""
    return [q.id for q in await rq.all_quantities(reader)]
