"""Described argument types, so that resolvers' signatures say what each argument means.

`Annotated[T, strawberry.argument(description=...)]` is how strawberry describes an
argument; naming each one here keeps the resolvers' signatures as short as before.
"""

from typing import Annotated

import strawberry

from claimgraph.api.limits import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_SEARCH_RESULTS
from claimgraph.api.types.inputs import ClaimFilterInput, ClaimOrderInput
from claimgraph.schemas.enums import FlagKind, Unit


def _described(description: str) -> object:
    return strawberry.argument(description=description)


SourceId = Annotated[
    strawberry.ID, _described("Id of the source, e.g. ho-2024-algorithmic-progress-lms.")
]
ClaimId = Annotated[
    strawberry.ID, _described("Id of the claim, e.g. epoch-2024-training-halving-8mo.")
]
QuantityId = Annotated[
    strawberry.ID, _described("Id of the quantity, e.g. llm-training-algorithmic-efficiency.")
]
GroupingId = Annotated[strawberry.ID, _described("Id of the grouping.")]
TotalClaimId = Annotated[strawberry.ID, _described("Id of the total claim that is decomposed.")]
OptionalQuantityId = Annotated[
    strawberry.ID | None, _described("Only this quantity's conflicts; all when omitted.")
]
OptionalTargetId = Annotated[
    strawberry.ID | None, _described("Only critiques of this claim; all when omitted.")
]
OptionalFlagKind = Annotated[
    FlagKind | None, _described("Only flags of this kind; all when omitted.")
]
ClaimFilterArg = Annotated[
    ClaimFilterInput | None, _described("Which claims: every given field must match.")
]
PageSize = Annotated[
    int | None, _described(f"Page size: {DEFAULT_PAGE_SIZE} when omitted, at most {MAX_PAGE_SIZE}.")
]
AfterCursor = Annotated[
    str | None, _described("Start after this cursor (an edge's cursor, or pageInfo.endCursor).")
]
ClaimOrderArg = Annotated[
    ClaimOrderInput | None, _described("Sort key and direction; by id, ascending, when omitted.")
]
RateValue = Annotated[float, _described("The rate to convert, in the unit named by from.")]
FromUnit = Annotated[
    Unit, strawberry.argument(name="from", description="The unit it is stated in.")
]
ToUnit = Annotated[Unit, _described("The unit to express it in.")]
FactorYears = Annotated[
    float | None, _described("The span in years, when either unit is a factor over years.")
]
SearchText = Annotated[str, _described("Words to look for (Lucene syntax).")]
SearchSize = Annotated[int, _described(f"How many hits, best first (1 to {MAX_SEARCH_RESULTS}).")]
IncludeInvolved = Annotated[
    bool, _described("Also the flags that merely involve this claim, not only those about it.")
]
ExcludedClaims = Annotated[
    list[strawberry.ID], _described("Ids of the claims to leave out of the recomputed pool.")
]
AssumedSe = Annotated[
    float | None,
    _described("Pool point estimates too, each with this standard error of ln r."),
]
PaperYaml = Annotated[str, _described("The paper file's YAML text.")]
PaperName = Annotated[
    str | None, _described("A file name for messages, ending in .yaml; paper.yaml when omitted.")
]
DryRun = Annotated[bool, _described("Validate and report, write nothing.")]
ReplaceOthers = Annotated[
    bool,
    _described(
        "Take over what another file or origin holds (the same source, ids it defines); "
        "refused without it, and the result lists what was replaced."
    ),
]
