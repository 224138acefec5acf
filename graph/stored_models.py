"""Stored node properties back into the domain models: the inverse of `graph.paper_rows`.

Nodes are flat (no maps, no nulls) and links carry what the file listed (evidence, cited
claims, targets), so the read queries return a node's properties plus the ids at the
ends of its links, and these functions rebuild the validated pydantic models from them.
Derived nodes (:Consensus, :Conflict, :Flag, :FactorCheck) map back to the
`schemas.reconciliation` models the reconciliation step wrote them from.
"""

import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from claimgraph.schemas.enums import CritiqueKind
from claimgraph.schemas.models import (
    Claim,
    Critique,
    Decomposition,
    Evidence,
    Grouping,
    Quantity,
    Source,
)
from claimgraph.schemas.reconciliation import (
    Conflict,
    ConflictExplanation,
    DecompositionCheck,
    DecompositionResult,
    ExplanationKind,
    FactorShare,
    Flag,
    LeftOut,
    PooledEstimate,
)

Row = dict[str, Any]
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Owned(Generic[M]):
    """A model and the source whose file wrote it (claims, critiques, groupings...)."""

    model: M
    source_id: str


def _fields(model: type[M], props: Row, **extra: Any) -> M:
    data = {key: value for key, value in props.items() if key in model.model_fields}
    data.update(extra)
    return model.model_validate(data)


def source(row: Row) -> Source:
    return _fields(Source, row["props"], cites=sorted(row["cites"]))


def quantity(row: Row) -> Quantity:
    return _fields(Quantity, row["props"])


def evidence(row: Row) -> Evidence:
    return _fields(Evidence, row["props"])


def claim(row: Row) -> Owned[Claim]:
    p = row["props"]
    interval = None
    if p.get("interval_low") is not None:
        interval = {
            "low": p["interval_low"],
            "high": p["interval_high"],
            "level": p.get("interval_level"),
        }
    period = None
    if p.get("period_start_year") is not None:
        period = {"start_year": p["period_start_year"], "end_year": p["period_end_year"]}
    model = Claim.model_validate(
        {
            "id": p["id"],
            "quantity": p["quantity_id"],
            "category": p["category"],
            "statement": p["statement"],
            "upper_bound": p.get("upper_bound", False),
            "domain": p.get("domain"),
            "estimate": {
                "value": p["value"],
                "unit": p["unit"],
                "interval": interval,
                "years": p.get("years"),
                "period": period,
                "compute_scale_flop": p.get("compute_scale_flop"),
                "label": p.get("label"),
            },
            "locator": {
                "section": p.get("locator_section"),
                "text": p.get("locator_text"),
                "span": p.get("locator_span"),
            },
            "evidence": sorted(row["evidence"]),
            "cites": sorted(row["cites"]),
        }
    )
    return Owned(model, p["source_id"])


def critique(row: Row) -> Owned[Critique]:
    model = _fields(
        Critique, row["props"], targets=sorted(row["targets"]), alternative=row["alternative"]
    )
    return Owned(model, row["props"]["source_id"])


def grouping(row: Row) -> Owned[Grouping]:
    model = _fields(Grouping, row["props"], claims=sorted(row["claims"]))
    return Owned(model, row["props"]["source_id"])


def decomposition(row: Row) -> Owned[Decomposition]:
    factors = [claim_id for _, claim_id in sorted(row["factors"])]
    model = _fields(Decomposition, row["props"], total=row["total"], factors=factors)
    return Owned(model, row["props"]["source_id"])


def pooled(row: Row) -> PooledEstimate:
    """A consensus node back into its PooledEstimate; nested records come from detail_json."""
    left_out = [LeftOut.model_validate(item) for item in row["left_out"]]
    props = row["props"]
    nested = json.loads(props["detail_json"]) if props.get("detail_json") else {}
    return _fields(
        PooledEstimate,
        props,
        pooled_claim_ids=sorted(row["pooled"]),
        left_out=sorted(left_out, key=lambda item: item.claim_id),
        **nested,
    )


def conflict(row: Row) -> Conflict:
    """A conflict with its explanations; a critique's id is the one its detail names."""
    p = row["props"]
    kinds = {c["id"]: CritiqueKind(c["kind"]) for c in row["critiques"]}
    explanations = []
    for detail, kind_text in zip(p["explanations"], p["explanation_kinds"], strict=True):
        kind = ExplanationKind(kind_text)
        critique_id = claim_id = None
        if kind is ExplanationKind.CRITIQUE:
            critique_id = next((c for c in sorted(kinds) if f"({c})" in detail), None)
            claim_id = next((c for c in (p["claim_a"], p["claim_b"]) if detail.startswith(c)), None)
        explanations.append(
            ConflictExplanation(
                kind=kind,
                detail=detail,
                claim_id=claim_id,
                critique_id=critique_id,
                critique_kind=kinds.get(critique_id) if critique_id else None,
            )
        )
    return _fields(Conflict, p, explanations=explanations)


def flag(row: Row) -> Flag:
    return _fields(Flag, row["props"])


def factor_check(row: Row) -> DecompositionResult:
    p = row["props"]
    shares = p.get("factor_log_shares") or [None] * len(p["factor_ids"])
    factors = [
        FactorShare(label=label, factor=value, log_share=share)
        for label, value, share in zip(p["factor_ids"], p["factor_values"], shares, strict=True)
    ]
    return DecompositionResult(
        decomposition_id=row["decomposition_id"],
        total_claim_id=p["total_claim_id"],
        check=_fields(DecompositionCheck, p, factors=factors),
    )
