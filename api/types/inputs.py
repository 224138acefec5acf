"""Arguments of the claims query: a filter, and an order with a direction."""

from enum import Enum

import strawberry

from claimgraph.api.types import enums as _enums  # noqa: F401  (registers the enums first)
from claimgraph.graph.claim_pages import ClaimFilter, ClaimOrderField
from claimgraph.schemas.enums import Category, Scope

strawberry.enum(ClaimOrderField, description="What a page of claims is sorted by (then by id).")


@strawberry.enum(description="Sort direction.")
class Direction(Enum):
    ASC = "asc"
    DESC = "desc"


@strawberry.input(description="Every field optional; all given fields must match.")
class ClaimFilterInput:
    scope: Scope | None = strawberry.field(
        default=None, description="Claims about quantities of this scope."
    )
    quantity: strawberry.ID | None = strawberry.field(
        default=None, description="Claims measuring this quantity (its id)."
    )
    source: strawberry.ID | None = strawberry.field(
        default=None, description="Claims this source makes (its id)."
    )
    category: Category | None = strawberry.field(
        default=None, description="Claims crediting this driver."
    )
    from_year: int | None = strawberry.field(
        default=None, description="Keep claims whose period ends in or after this year."
    )
    to_year: int | None = strawberry.field(
        default=None, description="Keep claims whose period starts in or before this year."
    )
    flagged: bool | None = strawberry.field(
        default=None, description="True: only claims some flag is about; false: only unflagged."
    )
    scale_dependent: bool | None = strawberry.field(
        default=None,
        description="True: claims that hold at one compute scale (computeScaleFlop set) or "
        "are flagged SCALE_DEPENDENCE; false: the others.",
    )

    def to_graph(self) -> ClaimFilter:
        return ClaimFilter(
            scope=self.scope.value if self.scope else None,
            quantity=self.quantity,
            source=self.source,
            category=self.category.value if self.category else None,
            from_year=self.from_year,
            to_year=self.to_year,
            flagged=self.flagged,
            scale_bound=self.scale_dependent,
        )


@strawberry.input(description="Sort key and direction; ties fall back to the claim id.")
class ClaimOrderInput:
    field: ClaimOrderField = strawberry.field(
        default=ClaimOrderField.ID, description="The sort key."
    )
    direction: Direction = strawberry.field(default=Direction.ASC, description="The direction.")
