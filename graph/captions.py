"""Short readable captions that nodes carry for Neo4j Browser (`caption`, shown by our style).

Browser draws a caption inside a node's circle and cuts it where the circle ends, so a
caption says in a few words what a curator needs to tell nodes apart: who makes a claim
and its figure ("Epoch 2024: 8-month halving"), a flag's kind, a consensus's quantity and r.
"""

import re
from collections.abc import Callable
from typing import Final

from claimgraph.schemas.enums import FlagKind, Unit
from claimgraph.schemas.models import Claim, Critique, Source
from claimgraph.schemas.reconciliation import Flag, PooledEstimate

_WHO_YEAR: Final = re.compile(r"^(?P<who>[a-z0-9-]+?)-(?P<year>(?:19|20)\d\d[a-z]?)(?:-|$)")
"""Ids conventionally start with who and when: `epoch-2024-training-halving-8mo`."""

_FIGURES: Final[dict[Unit, Callable[[float, float | None, str | None], str]]] = {
    Unit.HALVING_TIME_MONTHS: lambda v, _y, _l: f"{v:g}-month halving",
    Unit.DOUBLING_TIME_MONTHS: lambda v, _y, _l: f"{v:g}-month doubling",
    Unit.MULTIPLIER_PER_YEAR: lambda v, _y, _l: f"{v:g}×/yr",
    Unit.PERCENT_PER_YEAR: lambda v, _y, _l: f"{v:+g}%/yr",
    Unit.PERCENT_DECLINE_PER_YEAR: lambda v, _y, _l: f"cost −{v:g}%/yr",
    Unit.ORDERS_OF_MAGNITUDE_PER_YEAR: lambda v, _y, _l: f"{v:g} OOM/yr",
    Unit.FACTOR_OVER_YEARS: lambda v, y, _l: f"{v:g}× in {y or 0:g} yr",
    Unit.ONE_TIME_FACTOR: lambda v, _y, _l: f"{v:g}× one-time",
    Unit.SHARE: lambda v, _y, _l: f"{v * 100:g}% share",
    Unit.ABSOLUTE: lambda v, _y, label: f"{v:g} {_first_words(label, 3)}" if label else f"{v:g}",
}

_FLAG_WORDS: Final = {FlagKind.TRAINING_INFERENCE: "training ↔ inference"}


def _first_words(text: str, count: int) -> str:
    return " ".join(text.split()[:count])


def _words(slug: str) -> str:
    return slug.replace("-", " ").replace("_", " ")


def _who(slug: str) -> str | None:
    match = _WHO_YEAR.match(slug)
    if match is None:
        return None
    return f"{match['who'].replace('-', ' ').title().replace(' ', '-')} {match['year']}"


def source_caption(source: Source) -> str:
    """ "Byrnes 2026": from the id's who-and-year, else the first author or the title."""
    found = _who(source.id)
    if found is not None:
        return found
    who = source.authors[0] if source.authors else _first_words(source.title, 3)
    year = source.year or (source.date.year if source.date else None)
    return f"{who} {year}" if year else who


def _attribution(entity_id: str, source: Source) -> str:
    return _who(entity_id) or source_caption(source)


def figure(claim: Claim) -> str:
    """The figure as stated, in words: "8-month halving", "600× in 7 yr", "up to 20× one-time"."""
    estimate = claim.estimate
    render = _FIGURES.get(estimate.unit)
    text = (
        render(estimate.value, estimate.years, estimate.label)
        if render is not None
        else f"{estimate.value:g} {_words(estimate.unit.value)}"
    )
    return f"up to {text}" if claim.upper_bound else text


def claim_caption(claim: Claim, source: Source) -> str:
    return f"{_attribution(claim.id, source)}: {figure(claim)}"


def critique_caption(critique: Critique, source: Source) -> str:
    return f"{_attribution(critique.id, source)}: {_words(critique.kind.value)} critique"


def flag_caption(flag: Flag) -> str:
    return _FLAG_WORDS.get(flag.kind, _words(flag.kind.value))


def consensus_caption(pooled: PooledEstimate) -> str:
    quantity = _words(pooled.quantity_id)
    if pooled.r is None:
        return f"{quantity}: nothing pooled"
    return f"{quantity}: {pooled.r:.2f}×/yr (k={pooled.k})"
