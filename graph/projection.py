"""Nested reads in one query: a node and the nodes linked to it, returned as nested maps.

A `Shape` names, for one node, the stored properties to return and the links to follow,
each with the shape of the nodes at its far end; `projection` writes it as one Cypher map
projection with an ordered COLLECT subquery per link, so a whole nested GraphQL selection
costs one round trip. Every word of the text comes from the closed tables below (labels,
link patterns, property names the domain models declare) and variables are numbered by
depth: no text of a request can reach Cypher. Links filter stub nodes (no `owner`) and
order by id exactly as the DataLoader queries in `graph.read_queries` do, so both paths
return the same data.

A node whose model must be rebuilt in Python (a computed field, a nested estimate) is
read `whole`: all its properties plus the ids its model lists, in the row shape the
`graph.stored_models` builders take.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any, Final

from pydantic import BaseModel

from claimgraph.graph import stored_models as stored
from claimgraph.schemas.models import Claim, Critique, Evidence, Quantity, Source

Row = dict[str, Any]


class Label(StrEnum):
    """The node labels a nested read can start from or reach."""

    SOURCE = "Source"
    CLAIM = "Claim"
    CRITIQUE = "Critique"
    EVIDENCE = "Evidence"
    QUANTITY = "Quantity"


@dataclass(frozen=True)
class Link:
    """A relationship pattern from a near node `{a}` to far nodes `{b}` of `target`."""

    pattern: str
    target: Label
    many: bool
    owned_only: bool = True


LINKS: Final[dict[tuple[Label, str], Link]] = {
    (Label.CLAIM, "source"): Link("({a})<-[:MAKES]-({b}:Source)", Label.SOURCE, many=False),
    (Label.CLAIM, "quantity"): Link("({a})-[:MEASURES]->({b}:Quantity)", Label.QUANTITY, False),
    (Label.CLAIM, "evidence"): Link("({a})-[:SUPPORTED_BY]->({b}:Evidence)", Label.EVIDENCE, True),
    (Label.CLAIM, "cites"): Link("({a})-[:CITES]->({b}:Claim)", Label.CLAIM, True),
    (Label.CLAIM, "cited_by"): Link("({a})<-[:CITES]-({b}:Claim)", Label.CLAIM, True),
    (Label.CLAIM, "critiques"): Link("({a})<-[:TARGETS]-({b}:Critique)", Label.CRITIQUE, True),
    (Label.SOURCE, "claims"): Link("({a})-[:MAKES]->({b}:Claim)", Label.CLAIM, True),
    (Label.SOURCE, "critiques"): Link(
        "({a})-[:MAKES]->({b}:Critique)", Label.CRITIQUE, True, owned_only=False
    ),
    (Label.SOURCE, "cites"): Link("({a})-[:CITES]->({b}:Source)", Label.SOURCE, True),
    (Label.SOURCE, "cited_by"): Link("({a})<-[:CITES]-({b}:Source)", Label.SOURCE, True),
    (Label.CRITIQUE, "source"): Link("({a})<-[:MAKES]-({b}:Source)", Label.SOURCE, False),
    (Label.CRITIQUE, "targets"): Link("({a})-[:TARGETS]->({b}:Claim)", Label.CLAIM, True),
    (Label.CRITIQUE, "alternative"): Link("({a})-[:PROPOSES]->({b}:Claim)", Label.CLAIM, False),
    (Label.QUANTITY, "claims"): Link("({a})<-[:MEASURES]-({b}:Claim)", Label.CLAIM, True),
}
"""Every link a nested read may follow, keyed by the near label and the GraphQL field's
python name; each matches the DataLoader query of the same field."""


@dataclass(frozen=True)
class Model:
    """How a node's domain model is stored: its class, the fields kept under their own
    name as properties, and the id lists its builder needs beside the properties."""

    cls: type[BaseModel]
    direct: frozenset[str]
    ids: tuple[tuple[str, str], ...]
    build: Callable[[Row], Any]


def _direct(cls: type[BaseModel], *, apart: tuple[str, ...]) -> frozenset[str]:
    return frozenset(name for name in cls.model_fields if name not in apart)


MODELS: Final[dict[Label, Model]] = {
    Label.SOURCE: Model(
        Source,
        _direct(Source, apart=("cites",)),
        (("cites", "[({a})-[:CITES]->(x:Source) | x.id]"),),
        stored.source,
    ),
    Label.CLAIM: Model(
        Claim,
        frozenset({"id", "statement", "category", "upper_bound"}),
        (
            ("evidence", "[({a})-[:SUPPORTED_BY]->(x:Evidence) | x.id]"),
            ("cites", "[({a})-[:CITES]->(x:Claim) | x.id]"),
        ),
        lambda row: stored.claim(row).model,
    ),
    Label.CRITIQUE: Model(
        Critique,
        _direct(Critique, apart=("targets", "alternative")),
        (
            ("targets", "[({a})-[:TARGETS]->(x:Claim) | x.id]"),
            ("alternative", "head([({a})-[:PROPOSES]->(x:Claim) | x.id])"),
        ),
        lambda row: stored.critique(row).model,
    ),
    Label.EVIDENCE: Model(Evidence, _direct(Evidence, apart=()), (), stored.evidence),
    Label.QUANTITY: Model(Quantity, _direct(Quantity, apart=()), (), stored.quantity),
}
"""Which model fields each label stores as a property of the same name (the layout
`graph.paper_rows` writes); any other field is read from the rebuilt model."""


@dataclass(frozen=True)
class Shape:
    """What to read of one node: properties, whether the whole model, and links.

    Link entries are (python name of the link, shape at its far end); the map returned
    holds each property under its name, link i under `l<i>`, and the whole model's row
    under `m`.
    """

    label: Label
    props: tuple[str, ...] = ()
    whole: bool = False
    links: tuple[tuple[str, "Shape"], ...] = ()


def link_key(index: int) -> str:
    return f"l{index}"


WHOLE_KEY: Final = "m"


def projection(var: str, shape: Shape, depth: int = 0) -> str:
    """`var {.p, ..., l0: ..., m: {...}}` for `shape`; nested variables are n<depth>."""
    model = MODELS[shape.label]
    unknown = set(shape.props) - model.direct
    if unknown:
        raise ValueError(f"{shape.label} stores no property {sorted(unknown)} of its own")
    items = [f".{prop}" for prop in shape.props]
    for index, (name, child) in enumerate(shape.links):
        items.append(f"{link_key(index)}: {_follow(var, LINKS[(shape.label, name)], child, depth)}")
    if shape.whole:
        ids = "".join(f", {key}: {expr.format(a=var)}" for key, expr in model.ids)
        items.append(f"{WHOLE_KEY}: {{props: {var} {{.*}}{ids}}}")
    return f"{var} {{{', '.join(items)}}}"


def _follow(var: str, link: Link, child: Shape, depth: int) -> str:
    far = f"n{depth + 1}"
    owned = f" WHERE {far}.owner IS NOT NULL" if link.owned_only else ""
    collected = (
        f"COLLECT {{ MATCH {link.pattern.format(a=var, b=far)}{owned} "
        f"WITH {far} ORDER BY {far}.id RETURN {projection(far, child, depth + 1)} }}"
    )
    return collected if link.many else f"{collected}[0]"


def model_of(label: Label, node: Mapping[str, Any]) -> Any:
    """The domain model of a node read `whole` (`Owned` wrappers are unwrapped)."""
    return MODELS[label].build(node[WHOLE_KEY])


@lru_cache(maxsize=512)
def node_projection(shape: Shape) -> str:
    """The projection of a root node bound to `n0` (cached: shapes repeat per query)."""
    return projection("n0", shape)
