"""Exports for analysts: claims and consensus values as CSV, sources/claims/critiques as JSON-LD.

CSV columns are derived from the pydantic models (nested models flattened to dotted
names, e.g. `estimate.interval.low`, `normalized.r`), so a field added to a model later
becomes a column without a change here. Lists of plain values are joined with `;`; lists
of models are written as a JSON array in their cell.

JSON-LD uses schema.org where it has a term: a source is a ScholarlyArticle (or the
CreativeWork subtype its kind names), a claim a `Claim` whose `firstAppearance` is its
source and whose `about` is its quantity (a `DefinedTerm`), a critique a `ClaimReview`
(a review of claims, which is what a critique is) whose `itemReviewed` are its targets.
What schema.org has no term for (the stated figure's unit, the normalized annual
multiplier, the critique's kind) uses the project's own terms under `cg:`, declared in
the document's inline context, so a JSON-LD processor needs nothing from the network.
"""

import csv
import io
import json
import types
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, Final, Union, get_args, get_origin

from pydantic import BaseModel

from claimgraph.api.computed import normalized
from claimgraph.graph import read_queries as rq
from claimgraph.graph.read_runner import Reader
from claimgraph.graph.stored_models import Owned
from claimgraph.schemas.enums import SourceKind
from claimgraph.schemas.models import Claim, Critique, Quantity, Source
from claimgraph.schemas.reconciliation import NormalizedEstimate, PooledEstimate

VOCABULARY: Final = "urn:claimgraph:vocab#"
"""Our own terms, for what schema.org does not name."""

CONTEXT: Final = {"@vocab": "https://schema.org/", "cg": VOCABULARY}

SOURCE_TYPES: Final = {
    SourceKind.PAPER: "ScholarlyArticle",
    SourceKind.BLOG_POST: "BlogPosting",
    SourceKind.PODCAST: "PodcastEpisode",
    SourceKind.TALK: "PresentationDigitalDocument",
    SourceKind.DATASET: "Dataset",
    SourceKind.NEWS_ARTICLE: "NewsArticle",
    SourceKind.SOFTWARE: "SoftwareSourceCode",
}


@dataclass(frozen=True)
class ExportData:
    """Everything the exports read, in one place: each list ordered by id."""

    sources: list[Source]
    claims: list[Owned[Claim]]
    critiques: list[Owned[Critique]]
    quantities: list[Quantity]
    consensus: dict[str, PooledEstimate]


async def read_export_data(reader: Reader) -> ExportData:
    """Four reads, whatever the size of the graph (sources, their claims, critiques, quantities
    with their consensus)."""
    sources = await rq.all_sources(reader)
    by_source = await rq.claims_by_source(reader, [s.id for s in sources])
    claims = sorted((c for cs in by_source.values() for c in cs), key=lambda c: c.model.id)
    critiques = await rq.all_critiques(reader)
    quantities = await rq.all_quantities(reader)
    consensus = await rq.consensus_by_quantity(reader, [q.id for q in quantities])
    return ExportData(sources, claims, critiques, quantities, consensus)


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside `Model` or `Model | None`; None for anything else."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (Union, types.UnionType):
        inner = [a for a in get_args(annotation) if a is not type(None)]
        if len(inner) == 1:
            return _nested_model(inner[0])
    return None


def columns(model: type[BaseModel], prefix: str = "") -> list[str]:
    """The model's fields as dotted column names, nested models flattened."""
    out: list[str] = []
    for name, field in model.model_fields.items():
        inner = _nested_model(field.annotation)
        if inner is not None:
            out += columns(inner, f"{prefix}{name}.")
        else:
            out.append(f"{prefix}{name}")
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        if any(isinstance(item, BaseModel) for item in value):
            return json.dumps([item.model_dump(mode="json") for item in value])
        return ";".join(_cell(item) for item in value)
    return str(value)


def _value(model: BaseModel | None, dotted: str) -> Any:
    current: Any = model
    for part in dotted.split("."):
        if current is None:
            return None
        current = getattr(current, part)
    return current


CLAIM_COLUMNS: Final = (
    "source_id",
    *columns(Claim),
    *(f"normalized.{c}" for c in columns(NormalizedEstimate)),
)
CONSENSUS_COLUMNS: Final = (
    *(f"quantity.{c}" for c in columns(Quantity)),
    *(f"consensus.{c}" for c in columns(PooledEstimate)),
)


def _csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _claim_row(claim: Owned[Claim]) -> list[str]:
    norm = normalized(claim.model)
    row = [claim.source_id]
    row += [_cell(_value(claim.model, c)) for c in columns(Claim)]
    row += [_cell(_value(norm, c)) for c in columns(NormalizedEstimate)]
    return row


def claims_csv(data: ExportData) -> str:
    """One row per claim: as stated, and normalized to r per year by reconcile.normalize."""
    return _csv(CLAIM_COLUMNS, (_claim_row(c) for c in data.claims))


def consensus_csv(data: ExportData) -> str:
    """One row per quantity that has a stored consensus (its pooled r and heterogeneity)."""

    def rows() -> Iterator[list[str]]:
        for quantity in data.quantities:
            pooled = data.consensus.get(quantity.id)
            if pooled is None:
                continue
            yield [
                *(_cell(_value(quantity, c)) for c in columns(Quantity)),
                *(_cell(_value(pooled, c)) for c in columns(PooledEstimate)),
            ]

    return _csv(CONSENSUS_COLUMNS, rows())


def iri(kind: str, entity_id: str) -> str:
    return f"urn:claimgraph:{kind}:{entity_id}"


def _drop_empty(node: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in node.items() if v is not None and v != []}


def _published(source: Source) -> str | None:
    if source.date is not None:
        return source.date.isoformat()
    return str(source.year) if source.year is not None else None


def _source_node(source: Source) -> dict[str, Any]:
    return _drop_empty(
        {
            "@id": iri("source", source.id),
            "@type": SOURCE_TYPES.get(source.kind, "CreativeWork"),
            "identifier": source.id,
            "name": source.title,
            "author": [{"@type": "Thing", "name": a} for a in source.authors],
            "datePublished": _published(source),
            "url": source.url,
            "citation": [{"@id": iri("source", s)} for s in source.cites],
        }
    )


def _estimate_node(claim: Claim, norm: NormalizedEstimate) -> dict[str, Any]:
    estimate = claim.estimate
    interval = estimate.interval
    return _drop_empty(
        {
            "@type": "QuantitativeValue",
            "value": estimate.value,
            "unitText": estimate.unit.value,
            "minValue": interval.low if interval else None,
            "maxValue": interval.high if interval else None,
            "cg:intervalLevel": interval.level if interval else None,
            "cg:years": estimate.years,
            "cg:upperBound": claim.upper_bound or None,
            "cg:annualMultiplier": norm.r,
            "cg:annualMultiplierLow": norm.r_low,
            "cg:annualMultiplierHigh": norm.r_high,
            "cg:halvingMonths": norm.halving_months,
        }
    )


def _claim_node(claim: Owned[Claim]) -> dict[str, Any]:
    model = claim.model
    return _drop_empty(
        {
            "@id": iri("claim", model.id),
            "@type": "Claim",
            "identifier": model.id,
            "text": model.statement,
            "firstAppearance": {"@id": iri("source", claim.source_id)},
            "about": {"@id": iri("quantity", model.quantity)},
            "citation": [{"@id": iri("claim", c)} for c in model.cites],
            "cg:category": model.category.value,
            "cg:estimate": _estimate_node(model, normalized(model)),
        }
    )


def _critique_node(critique: Owned[Critique]) -> dict[str, Any]:
    model = critique.model
    return _drop_empty(
        {
            "@id": iri("critique", model.id),
            "@type": "ClaimReview",
            "identifier": model.id,
            "reviewBody": model.summary,
            "author": {"@id": iri("source", critique.source_id)},
            "itemReviewed": [{"@id": iri("claim", t)} for t in model.targets],
            "cg:critiqueKind": model.kind.value,
            "cg:proposes": {"@id": iri("claim", model.alternative)} if model.alternative else None,
        }
    )


def _quantity_node(quantity: Quantity) -> dict[str, Any]:
    return {
        "@id": iri("quantity", quantity.id),
        "@type": "DefinedTerm",
        "identifier": quantity.id,
        "name": quantity.name,
        "description": quantity.description,
        "cg:scope": quantity.scope.value,
    }


def graph_jsonld(data: ExportData) -> dict[str, Any]:
    """Sources, claims, critiques and the quantities claims are about, as one @graph."""
    return {
        "@context": CONTEXT,
        "@graph": [
            *(_source_node(s) for s in data.sources),
            *(_quantity_node(q) for q in data.quantities),
            *(_claim_node(c) for c in data.claims),
            *(_critique_node(k) for k in data.critiques),
        ],
    }
