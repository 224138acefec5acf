"""Turn a validated paper file into the node and link rows the graph stores.

Neo4j properties are flat (no maps, no nulls), so nested estimate fields are
flattened and absent values dropped. Every node carries the `owner` it belongs to
(the source id, or `catalogue:<origin>` for a quantity catalogue), the `origin` of the
file that wrote it (ingest.origins) and a `content_hash`, which is what lets a re-ingest
skip what did not change. Sources also carry the digests of their identities
(schemas.source_identity), so a second file for the same source is found by index.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from pydantic import BaseModel

from claimgraph.graph.captions import claim_caption, critique_caption, source_caption
from claimgraph.schemas.models import (
    Claim,
    Critique,
    Decomposition,
    Evidence,
    Grouping,
    Quantity,
    Source,
)
from claimgraph.schemas.paper_file import Document, PaperFile, QuantityCatalogue
from claimgraph.schemas.source_identity import source_keys

Props = dict[str, Any]

ROW_FORMAT = 2
"""Part of every content hash: raise it when what a node stores changes, so a re-ingest
rewrites nodes written in the old form (2: `origin`, the source identity keys, captions)."""


class NodeKind(Enum):
    """Owned node labels, in the order a file writes them (link targets first)."""

    SOURCE = "Source"
    QUANTITY = "Quantity"
    EVIDENCE = "Evidence"
    CLAIM = "Claim"
    CRITIQUE = "Critique"
    GROUPING = "Grouping"
    DECOMPOSITION = "Decomposition"


class LinkKind(Enum):
    """A relationship type with the labels at both ends; `owner` is whose change rewrites it."""

    SOURCE_CITES = ("CITES", NodeKind.SOURCE, NodeKind.SOURCE, NodeKind.SOURCE)
    MAKES_CLAIM = ("MAKES", NodeKind.SOURCE, NodeKind.CLAIM, NodeKind.CLAIM)
    MEASURES = ("MEASURES", NodeKind.CLAIM, NodeKind.QUANTITY, NodeKind.CLAIM)
    SUPPORTED_BY = ("SUPPORTED_BY", NodeKind.CLAIM, NodeKind.EVIDENCE, NodeKind.CLAIM)
    CLAIM_CITES = ("CITES", NodeKind.CLAIM, NodeKind.CLAIM, NodeKind.CLAIM)
    MAKES_CRITIQUE = ("MAKES", NodeKind.SOURCE, NodeKind.CRITIQUE, NodeKind.CRITIQUE)
    TARGETS = ("TARGETS", NodeKind.CRITIQUE, NodeKind.CLAIM, NodeKind.CRITIQUE)
    PROPOSES = ("PROPOSES", NodeKind.CRITIQUE, NodeKind.CLAIM, NodeKind.CRITIQUE)
    GROUPS = ("GROUPS", NodeKind.SOURCE, NodeKind.GROUPING, NodeKind.GROUPING)
    INCLUDES = ("INCLUDES", NodeKind.GROUPING, NodeKind.CLAIM, NodeKind.GROUPING)
    DECOMPOSES = ("DECOMPOSES", NodeKind.DECOMPOSITION, NodeKind.CLAIM, NodeKind.DECOMPOSITION)
    FACTOR = ("FACTOR", NodeKind.DECOMPOSITION, NodeKind.CLAIM, NodeKind.DECOMPOSITION)
    HAS_FACTOR = ("HAS_FACTOR", NodeKind.CLAIM, NodeKind.CLAIM, NodeKind.DECOMPOSITION)

    def __init__(self, rel_type: str, start: NodeKind, end: NodeKind, owner: NodeKind) -> None:
        self.rel_type = rel_type
        self.start = start
        self.end = end
        self.owner = owner


@dataclass(frozen=True)
class NodeRow:
    kind: NodeKind
    id: str
    props: Props


@dataclass(frozen=True)
class LinkRow:
    kind: LinkKind
    owner_id: str  # the entity whose row produced this link
    start: str
    end: str
    props: Props = field(default_factory=dict)


@dataclass(frozen=True)
class DocumentRows:
    owner: str
    origin: str
    nodes: list[NodeRow]
    links: list[LinkRow]


CATALOGUE_PREFIX = "catalogue:"


def owner_of(document: Document, origin: str) -> str:
    """The unit a file's nodes belong to: its source, or the catalogue file itself."""
    if isinstance(document, PaperFile):
        return document.source.id
    return f"{CATALOGUE_PREFIX}{origin}"


def legacy_owner_of(document: Document, file_stem: str) -> str:
    """The owner a file's nodes had before origins were recorded (a catalogue by its stem)."""
    if isinstance(document, PaperFile):
        return document.source.id
    return f"{CATALOGUE_PREFIX}{file_stem}"


def document_rows(document: Document, owner: str, origin: str) -> DocumentRows:
    stamp = _Stamp(owner, origin)
    if isinstance(document, QuantityCatalogue):
        return DocumentRows(owner, origin, [stamp.quantity(q) for q in document.quantities], [])
    source_id = document.source.id
    nodes = [
        stamp.node(NodeKind.SOURCE, document.source, _source_props(document.source)),
        *(stamp.quantity(q) for q in document.quantities),
        *(stamp.node(NodeKind.EVIDENCE, e, _evidence_props(e)) for e in document.evidence),
        *(stamp.node(NodeKind.CLAIM, c, _claim_props(c, document.source)) for c in document.claims),
        *(
            stamp.node(NodeKind.CRITIQUE, c, _critique_props(c, document.source))
            for c in document.critiques
        ),
        *(
            stamp.node(NodeKind.GROUPING, g, _grouping_props(g, source_id))
            for g in document.groupings
        ),
        *(
            stamp.node(NodeKind.DECOMPOSITION, d, _decomposition_props(d, source_id))
            for d in document.decompositions
        ),
    ]
    return DocumentRows(owner, origin, nodes, list(_links(document)))


def _links(doc: PaperFile) -> Iterable[LinkRow]:
    source = doc.source
    for cited in source.cites:
        yield LinkRow(LinkKind.SOURCE_CITES, source.id, source.id, cited)
    for claim in doc.claims:
        yield LinkRow(LinkKind.MAKES_CLAIM, claim.id, source.id, claim.id)
        yield LinkRow(LinkKind.MEASURES, claim.id, claim.id, claim.quantity)
        for evidence in claim.evidence:
            yield LinkRow(LinkKind.SUPPORTED_BY, claim.id, claim.id, evidence)
        for cited in claim.cites:
            yield LinkRow(LinkKind.CLAIM_CITES, claim.id, claim.id, cited)
    for critique in doc.critiques:
        yield LinkRow(LinkKind.MAKES_CRITIQUE, critique.id, source.id, critique.id)
        for target in critique.targets:
            yield LinkRow(LinkKind.TARGETS, critique.id, critique.id, target)
        if critique.alternative is not None:
            yield LinkRow(LinkKind.PROPOSES, critique.id, critique.id, critique.alternative)
    for grouping in doc.groupings:
        yield LinkRow(LinkKind.GROUPS, grouping.id, source.id, grouping.id)
        for member in grouping.claims:
            yield LinkRow(LinkKind.INCLUDES, grouping.id, grouping.id, member)
    for decomposition in doc.decompositions:
        d = decomposition.id
        yield LinkRow(LinkKind.DECOMPOSES, d, d, decomposition.total)
        for position, factor in enumerate(decomposition.factors):
            yield LinkRow(LinkKind.FACTOR, d, d, factor, {"position": position})
            yield LinkRow(LinkKind.HAS_FACTOR, d, decomposition.total, factor, {"decomposition": d})


@dataclass(frozen=True)
class _Stamp:
    """Who writes a file's nodes: every node gets this owner and origin."""

    owner: str
    origin: str

    def node(self, kind: NodeKind, model: BaseModel, props: Props) -> NodeRow:
        """Drop absent values; stamp owner, origin and a hash of the model as written."""
        clean = {key: value for key, value in props.items() if value is not None}
        clean["owner"] = self.owner
        clean["origin"] = self.origin
        content = model.model_dump(mode="json")
        if "caption" in clean:  # it may depend on the source too, so a new caption is a change
            content["caption"] = clean["caption"]
        clean["content_hash"] = content_hash(content, self.owner, self.origin)
        return NodeRow(kind, str(clean["id"]), clean)

    def quantity(self, quantity: Quantity) -> NodeRow:
        return self.node(NodeKind.QUANTITY, quantity, quantity.model_dump(mode="json"))


def content_hash(content: Mapping[str, Any], owner: str, origin: str) -> str:
    canonical = json.dumps(
        {"format": ROW_FORMAT, "owner": owner, "origin": origin, "content": content},
        sort_keys=True,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _source_props(source: Source) -> Props:
    props = source.model_dump(mode="json", exclude={"cites"})
    props["year"] = source.year or (source.date.year if source.date else None)
    props["caption"] = source_caption(source)
    for key in source_keys(source):
        props[key.kind.value] = key.digest
    return props


def _evidence_props(evidence: Evidence) -> Props:
    return evidence.model_dump(mode="json")


def _claim_props(claim: Claim, source: Source) -> Props:
    estimate = claim.estimate
    interval = estimate.interval
    period = estimate.period
    locator = claim.locator
    return {
        "id": claim.id,
        "source_id": source.id,
        "quantity_id": claim.quantity,
        "statement": claim.statement,
        "category": claim.category.value,
        "upper_bound": claim.upper_bound,
        "domain": claim.domain.value if claim.domain else None,
        "value": estimate.value,
        "unit": estimate.unit.value,
        "interval_low": interval.low if interval else None,
        "interval_high": interval.high if interval else None,
        "interval_level": interval.level if interval else None,
        "years": estimate.years,
        "period_start_year": period.start_year if period else None,
        "period_end_year": period.end_year if period else None,
        "compute_scale_flop": estimate.compute_scale_flop,
        "label": estimate.label,
        "locator_section": locator.section,
        "locator_text": locator.text,
        "locator_span": locator.span,
        "name": _claim_caption(claim),
        "caption": claim_caption(claim, source),
    }


def _claim_caption(claim: Claim) -> str:
    """A short caption for Neo4j Browser, e.g. "8 halving_time_months"."""
    bound = "≤" if claim.upper_bound else ""
    return f"{bound}{claim.estimate.value:g} {claim.estimate.unit.value}"


def _critique_props(critique: Critique, source: Source) -> Props:
    props = critique.model_dump(mode="json", exclude={"targets", "alternative"})
    props["source_id"] = source.id
    props["caption"] = critique_caption(critique, source)
    return props


def _grouping_props(grouping: Grouping, source_id: str) -> Props:
    props = grouping.model_dump(mode="json", exclude={"claims"})
    props["source_id"] = source_id
    return props


def _decomposition_props(decomposition: Decomposition, source_id: str) -> Props:
    return {
        "id": decomposition.id,
        "tolerance": decomposition.tolerance,
        "source_id": source_id,
    }
