"""The root Query: thin resolvers over graph.read_queries and the per-request loaders."""

from collections.abc import Awaitable, Callable
from typing import TypeVar, cast

import strawberry

from claimgraph.api import derived_state
from claimgraph.api.computed import converted
from claimgraph.api.context import Info
from claimgraph.api.errors import BAD_USER_INPUT, ApiError
from claimgraph.api.limits import MAX_SEARCH_RESULTS
from claimgraph.api.nested_roots import connection_plan_of, many, one, plan_of
from claimgraph.api.pagination import Connection, asks_for_total, connection, window
from claimgraph.api.translation import Precompleted
from claimgraph.api.types.arguments import (
    AfterCursor,
    ClaimFilterArg,
    ClaimId,
    ClaimOrderArg,
    FactorYears,
    FromUnit,
    GroupingId,
    OptionalFlagKind,
    OptionalQuantityId,
    OptionalTargetId,
    PageSize,
    QuantityId,
    RateValue,
    SearchSize,
    SearchText,
    SourceId,
    TotalClaimId,
    ToUnit,
)
from claimgraph.api.types.base import described
from claimgraph.api.types.inputs import ClaimFilterInput, ClaimOrderInput, Direction
from claimgraph.api.types.objects import (
    ClaimType,
    ConflictType,
    CritiqueType,
    DecompositionType,
    FlagType,
    GroupingType,
    QuantityType,
    SourceType,
    claim_type,
    conflict_type,
    critique_type,
    decomposition_type,
    flag_type,
    grouping_type,
    quantity_type,
    source_type,
)
from claimgraph.api.types.views import SearchHitType, SourceCritiqueType
from claimgraph.graph import claim_pages
from claimgraph.graph import nested_reads as nested
from claimgraph.graph import read_queries as rq
from claimgraph.graph import stored_models as stored
from claimgraph.graph.projection import WHOLE_KEY, Shape
from claimgraph.graph.search import search as full_text_search

Model = TypeVar("Model")
Node = TypeVar("Node")


@strawberry.type(description="Claims about AI progress, who makes them, and what they add up to.")
class Query:
    derived_results: derived_state.DerivedResults = derived_state.field

    @described("Every source, by id.")
    async def sources(self, info: Info) -> list[SourceType]:
        plan = plan_of(info)
        if plan is not None:
            done = await many(plan, lambda: nested.all_nodes(info.context.reader, plan.shape))
            if done is not None:
                return cast("list[SourceType]", done)
        return [source_type(s) for s in await rq.all_sources(info.context.reader)]

    @described("One source by id; null if there is none.")
    async def source(self, info: Info, id: SourceId) -> SourceType | None:
        return await _by_id(info, id, info.context.loaders.source.load, source_type)

    @described("Claims, filtered and paged (default 20, at most 100 a page).")
    async def claims(
        self,
        info: Info,
        filter: ClaimFilterArg = None,
        first: PageSize = None,
        after: AfterCursor = None,
        order_by: ClaimOrderArg = None,
    ) -> Connection[ClaimType]:
        order = order_by or ClaimOrderInput()
        at = window(first, after, order.field)
        where = (filter or ClaimFilterInput()).to_graph()
        plan = connection_plan_of(info)

        async def page(shape: Shape, with_total: bool) -> claim_pages.ClaimPage:
            return await claim_pages.claims_page(
                info.context.reader,
                where,
                order=order.field,
                descending=order.direction is Direction.DESC,
                after=at.after,
                limit=at.size,
                with_total=with_total,
                shape=shape,
            )

        if plan is not None:
            found = await page(plan.shape, plan.total)
            try:
                return cast("Connection[ClaimType]", Precompleted(plan.complete(found, at)))
            except Exception:  # (as in api.nested_roots: the resolvers answer)
                pass
        found = await page(claim_pages.CLAIM_MODEL_SHAPE, asks_for_total(info))
        claims = [claim_type(stored.claim(row.node[WHOLE_KEY])) for row in found.rows]
        return connection(claims, found, at)

    @described("One claim by id; null if there is none.")
    async def claim(self, info: Info, id: ClaimId) -> ClaimType | None:
        return await _by_id(info, id, info.context.loaders.claim.load, claim_type)

    @described("Every quantity, with its reconciliation on request.")
    async def quantities(self, info: Info) -> list[QuantityType]:
        plan = plan_of(info)
        if plan is not None:
            done = await many(plan, lambda: nested.all_nodes(info.context.reader, plan.shape))
            if done is not None:
                return cast("list[QuantityType]", done)
        return [quantity_type(q) for q in await rq.all_quantities(info.context.reader)]

    @described("One quantity by id, with its claims, reconciliation and conflicts on request.")
    async def quantity(self, info: Info, id: QuantityId) -> QuantityType | None:
        return await _by_id(info, id, info.context.loaders.quantity.load, quantity_type)

    @described("Conflicting pairs of estimates, of one quantity or all.")
    async def conflicts(
        self, info: Info, quantity: OptionalQuantityId = None
    ) -> list[ConflictType]:
        if quantity is not None:
            found = await info.context.loaders.conflicts_of_quantity.load(quantity)
        else:
            found = await rq.all_conflicts(info.context.reader)
        return [conflict_type(c) for c in found]

    @described("Conflation flags, of one kind or all.")
    async def flags(self, info: Info, kind: OptionalFlagKind = None) -> list[FlagType]:
        found = await rq.flags(info.context.reader, kind.value if kind else None)
        return [flag_type(f) for f in found]

    @described("Critiques targeting one claim, or all critiques.")
    async def critiques(self, info: Info, target: OptionalTargetId = None) -> list[CritiqueType]:
        plan = plan_of(info)
        if plan is not None:
            reader = info.context.reader
            done = await many(
                plan,
                lambda: (
                    nested.all_nodes(reader, plan.shape)
                    if target is None
                    else nested.critiques_of(reader, plan.shape, target)
                ),
            )
            if done is not None:
                return cast("list[CritiqueType]", done)
        if target is not None:
            found = await info.context.loaders.critiques_of_claim.load(target)
        else:
            found = await rq.all_critiques(info.context.reader)
        return [critique_type(c) for c in found]

    @described("The decomposition of a total claim into factor claims.")
    async def decomposition(self, info: Info, claim: TotalClaimId) -> DecompositionType | None:
        found = await info.context.loaders.decompositions_of_claim.load(claim)
        return decomposition_type(found[0].decomposition, found[0].check) if found else None

    @described("One grouping by id; null if there is none.")
    async def grouping(self, info: Info, id: GroupingId) -> GroupingType | None:
        found = await info.context.loaders.grouping.load(id)
        return grouping_type(found) if found else None

    @described(
        "A rate from one unit to another through r (reconcile.normalize.convert); "
        "`years` is the Y of FACTOR_OVER_YEARS on either side."
    )
    def convert(
        self, value: RateValue, from_: FromUnit, to: ToUnit, years: FactorYears = None
    ) -> float:
        return converted(value, from_, to, years)

    @described("Full-text search over claims, sources, critiques, evidence.")
    async def search(
        self, info: Info, text: SearchText, first: SearchSize = 20
    ) -> list[SearchHitType]:
        if not text.strip():
            raise ApiError(BAD_USER_INPUT, "search text is empty")
        if not 0 < first <= MAX_SEARCH_RESULTS:
            raise ApiError(BAD_USER_INPUT, f"first must be within 1..{MAX_SEARCH_RESULTS}")
        hits = await full_text_search(info.context.reader, text, first)
        return [SearchHitType(hit=h) for h in hits]

    @described("Which sources critique which: critic → target, aggregated.")
    async def source_critiques(self, info: Info) -> list[SourceCritiqueType]:
        return [SourceCritiqueType(row=r) for r in await rq.source_critiques(info.context.reader)]


async def _by_id(
    info: Info,
    id: str,
    load: Callable[[str], Awaitable[Model | None]],
    to_type: Callable[[Model], Node],
) -> Node | None:
    """One node: by the request's translated query when it has one, else by its loader."""
    plan = plan_of(info)
    if plan is not None:
        reader = info.context.reader
        done = await one(plan, lambda: nested.node_by_id(reader, plan.shape, id))
        if done is not None:
            return cast("Node | None", done)
    found = await load(id)
    return to_type(found) if found else None
