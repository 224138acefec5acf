"""The shape of one YAML paper file, and the ids it defines and references.

A paper file describes one source and everything that source says (`PaperFile`). Quantities
shared by several sources live in a file with only a top-level `quantities:` list
(`QuantityCatalogue`). Ids are unique within a file across all kinds; references may point
to ids defined in other files, which only the loader (seeing the whole corpus) can check.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from pydantic import Field, model_validator

from claimgraph.schemas.computable import Figure, decomposition_problems
from claimgraph.schemas.fields import DomainModel, domain_error
from claimgraph.schemas.models import (
    Claim,
    Critique,
    Decomposition,
    Evidence,
    Grouping,
    Quantity,
    Source,
)

Path = tuple[str | int, ...]
"""A location inside a file, as pydantic reports it: ("claims", 2, "estimate", "unit")."""


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


class IdKind(StrEnum):
    """What an id names; a reference must point to an id of the expected kind."""

    SOURCE = "source"
    QUANTITY = "quantity"
    CLAIM = "claim"
    EVIDENCE = "evidence"
    CRITIQUE = "critique"
    GROUPING = "grouping"
    DECOMPOSITION = "decomposition"


@dataclass(frozen=True, slots=True)
class Definition:
    """An id a file defines, with where (`path` ends at the `id` field)."""

    kind: IdKind
    id: str
    path: Path


@dataclass(frozen=True, slots=True)
class Reference:
    """An id a file uses, the kind it must name, and where it is used."""

    kind: IdKind
    id: str
    path: Path


def format_path(path: Path) -> str:
    """("claims", 2, "estimate", "unit") -> "claims[2].estimate.unit"."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


class PaperFile(DomainModel):
    """One source and everything it asserts: the unit of ingest."""

    source: Source = Field(description="The publication this file is about; one per file.")
    quantities: list[Quantity] = Field(
        default_factory=list,
        description="Quantities only this source measures; shared ones live in "
        "corpus/quantities.yaml.",
    )
    claims: list[Claim] = Field(
        default_factory=list, description="The figures the source asserts, one claim each."
    )
    evidence: list[Evidence] = Field(
        default_factory=list,
        description="What the source offers in support (experiments, regressions, citations).",
    )
    critiques: list[Critique] = Field(
        default_factory=list,
        description="The source's objections to claims, its own or other sources'.",
    )
    groupings: list[Grouping] = Field(
        default_factory=list,
        description="Claims the source presents together (as agreeing, or as one trend).",
    )
    decompositions: list[Decomposition] = Field(
        default_factory=list,
        description="A total claim the source splits into factor claims whose product it is.",
    )

    @model_validator(mode="after")
    def _unique_ids(self) -> PaperFile:
        _raise_on_duplicate(self)
        return self

    @model_validator(mode="after")
    def _computable_decompositions(self) -> PaperFile:
        """Decompositions over this file's own claims; ingest.plan checks the others."""
        figures = {claim.id: Figure.of(claim.estimate) for claim in self.claims}
        for index, decomposition in enumerate(self.decompositions):
            problems = decomposition_problems(decomposition.total, decomposition.factors, figures)
            for path, message in problems[:1]:
                raise domain_error(message, "decompositions", index, *path)
        return self


class QuantityCatalogue(DomainModel):
    """Quantities shared across sources (corpus/quantities.yaml): no source, no claims."""

    quantities: list[Quantity] = Field(
        min_length=1, description="The shared quantities, each with a unique id."
    )

    @model_validator(mode="after")
    def _unique_ids(self) -> QuantityCatalogue:
        _raise_on_duplicate(self)
        return self


Document = PaperFile | QuantityCatalogue
"""Either shape a file in corpus/ may have."""


def _sections(doc: Document) -> list[tuple[str, IdKind, Sequence[_HasId]]]:
    if isinstance(doc, QuantityCatalogue):
        return [("quantities", IdKind.QUANTITY, doc.quantities)]
    return [
        ("quantities", IdKind.QUANTITY, doc.quantities),
        ("claims", IdKind.CLAIM, doc.claims),
        ("evidence", IdKind.EVIDENCE, doc.evidence),
        ("critiques", IdKind.CRITIQUE, doc.critiques),
        ("groupings", IdKind.GROUPING, doc.groupings),
        ("decompositions", IdKind.DECOMPOSITION, doc.decompositions),
    ]


def definitions(doc: Document) -> list[Definition]:
    """Every id the file defines, in file order (source first)."""
    out: list[Definition] = []
    if isinstance(doc, PaperFile):
        out.append(Definition(IdKind.SOURCE, doc.source.id, ("source", "id")))
    for section, kind, items in _sections(doc):
        for index, item in enumerate(items):
            out.append(Definition(kind, item.id, (section, index, "id")))
    return out


def references(doc: Document) -> list[Reference]:
    """Every id the file uses to point at something, with the kind it must name."""
    if isinstance(doc, QuantityCatalogue):
        return []
    return list(_iter_references(doc))


def _iter_references(doc: PaperFile) -> Iterator[Reference]:
    for j, ref in enumerate(doc.source.cites):
        yield Reference(IdKind.SOURCE, ref, ("source", "cites", j))
    for i, claim in enumerate(doc.claims):
        yield Reference(IdKind.QUANTITY, claim.quantity, ("claims", i, "quantity"))
        for j, ref in enumerate(claim.evidence):
            yield Reference(IdKind.EVIDENCE, ref, ("claims", i, "evidence", j))
        for j, ref in enumerate(claim.cites):
            yield Reference(IdKind.CLAIM, ref, ("claims", i, "cites", j))
    for i, critique in enumerate(doc.critiques):
        for j, ref in enumerate(critique.targets):
            yield Reference(IdKind.CLAIM, ref, ("critiques", i, "targets", j))
        if critique.alternative is not None:
            yield Reference(IdKind.CLAIM, critique.alternative, ("critiques", i, "alternative"))
    for i, grouping in enumerate(doc.groupings):
        for j, ref in enumerate(grouping.claims):
            yield Reference(IdKind.CLAIM, ref, ("groupings", i, "claims", j))
    for i, decomposition in enumerate(doc.decompositions):
        yield Reference(IdKind.CLAIM, decomposition.total, ("decompositions", i, "total"))
        for j, ref in enumerate(decomposition.factors):
            yield Reference(IdKind.CLAIM, ref, ("decompositions", i, "factors", j))


def defined_ids(doc: Document) -> dict[IdKind, set[str]]:
    """The ids a file defines, by kind (every kind present, possibly empty)."""
    out: dict[IdKind, set[str]] = {kind: set() for kind in IdKind}
    for definition in definitions(doc):
        out[definition.kind].add(definition.id)
    return out


def referenced_ids(doc: Document) -> dict[IdKind, set[str]]:
    """The ids a file references, by the kind they must name (every kind present)."""
    out: dict[IdKind, set[str]] = {kind: set() for kind in IdKind}
    for reference in references(doc):
        out[reference.kind].add(reference.id)
    return out


def duplicate_definitions(doc: Document) -> list[tuple[Definition, Definition]]:
    """(first, repeated) pairs for every id defined more than once in one file."""
    seen: dict[str, Definition] = {}
    out: list[tuple[Definition, Definition]] = []
    for definition in definitions(doc):
        first = seen.setdefault(definition.id, definition)
        if first is not definition:
            out.append((first, definition))
    return out


def _raise_on_duplicate(doc: Document) -> None:
    for first, repeated in duplicate_definitions(doc)[:1]:
        raise domain_error(
            f"duplicate id {repeated.id!r}: already defined as a {first.kind.value} "
            f"at {format_path(first.path)}",
            *repeated.path,
        )


__all__ = [
    "Definition",
    "Document",
    "IdKind",
    "PaperFile",
    "Path",
    "QuantityCatalogue",
    "Reference",
    "defined_ids",
    "definitions",
    "duplicate_definitions",
    "format_path",
    "referenced_ids",
    "references",
]
