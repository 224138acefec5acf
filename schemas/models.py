"""The domain entities a paper file describes: sources, quantities, claims and what hangs on them.

These pydantic models are the single source of truth for shapes: the paper-file loader
validates into them, the graph layer stores them, and the GraphQL types are derived from
them with strawberry's pydantic integration. That is why field types stay plain (str, int,
float, bool, date, lists, Optional, enums, nested models) and why every rule that can be
checked on one entity alone lives here, with a message a curator can act on.

Rules that need the whole file (duplicate ids, references) live in `schemas.paper_file`.
"""

from __future__ import annotations

import datetime as dt

from pydantic import (
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    field_validator,
    model_validator,
)

from claimgraph.schemas.enums import Category, CritiqueKind, EvidenceKind, Scope, SourceKind
from claimgraph.schemas.estimate import Estimate
from claimgraph.schemas.fields import (
    MAX_SPAN_OFFSET,
    DomainModel,
    Note,
    Slug,
    Text,
    Url,
    check_year,
    domain_error,
)


class Source(DomainModel):
    """A paper, post, podcast, talk, dataset or news article that makes claims or critiques.

    `date` when the day is known, otherwise `year`; both may be absent when the seed gives
    no date at all (better empty than invented).
    """

    id: Slug
    title: Text
    authors: list[Text] = Field(default_factory=list)
    date: dt.date | None = None
    year: StrictInt | None = None
    url: Url | None = None
    kind: SourceKind
    cites: list[Slug] = Field(default_factory=list, description="Ids of sources this one cites.")

    @model_validator(mode="after")
    def _dates_agree(self) -> Source:
        if self.year is not None:
            check_year(self.year, "year", "year")
        if self.date is not None:
            check_year(self.date.year, "year of date", "date")
            if self.year is not None and self.year != self.date.year:
                raise domain_error(
                    f"year {self.year} disagrees with date {self.date.isoformat()}", "year"
                )
        if self.id in self.cites:
            raise domain_error(
                f"source {self.id!r} cites itself", "cites", self.cites.index(self.id)
            )
        return self


class Quantity(DomainModel):
    """What is measured, with the scope that decides which estimates may be pooled together."""

    id: Slug
    name: Text
    description: Text
    scope: Scope
    direction: Text = Field(
        description='What "better" means, e.g. "less training compute to reach a fixed capability".'
    )


class Locator(DomainModel):
    """Where the figure is: a section name, and/or a character span of a seed text.

    `text` is the seed file name (e.g. "003_baed9da13a121bee.txt"); `span` is [start, end],
    Python str offsets into that file read as UTF-8 text, end exclusive.
    """

    section: Note | None = None
    text: Note | None = None
    span: list[StrictInt] | None = None

    @field_validator("span")
    @classmethod
    def _span_shape(cls, span: list[int] | None) -> list[int] | None:
        if span is None:
            return span
        if len(span) != 2:
            raise domain_error(f"span must be [start, end], got {len(span)} numbers")
        start, end = span
        if not 0 <= start < end <= MAX_SPAN_OFFSET:
            raise domain_error(
                f"span [{start}, {end}] must satisfy 0 <= start < end <= {MAX_SPAN_OFFSET:,}"
            )
        return span

    @model_validator(mode="after")
    def _span_needs_text(self) -> Locator:
        if self.span is not None and self.text is None:
            raise domain_error("span needs text (the seed file the offsets refer to)", "span")
        return self


class Claim(DomainModel):
    """One assertion by one source about one quantity.

    `statement` is our paraphrase, never a copied sentence. `upper_bound` marks figures stated
    as a ceiling ("up to 20x", "less than 1.5x"): the value is the bound, not a point estimate.
    """

    id: Slug
    quantity: Slug
    estimate: Estimate
    category: Category
    statement: Text
    locator: Locator = Field(default_factory=Locator)
    evidence: list[Slug] = Field(default_factory=list)
    cites: list[Slug] = Field(default_factory=list, description="Claims cited as support.")
    upper_bound: StrictBool = False

    @model_validator(mode="after")
    def _not_self_citing(self) -> Claim:
        if self.id in self.cites:
            raise domain_error(
                f"claim {self.id!r} cites itself", "cites", self.cites.index(self.id)
            )
        return self


class Evidence(DomainModel):
    """What a claim rests on; its own scope lets us spot a claim backed by the other scope."""

    id: Slug
    kind: EvidenceKind
    scope: Scope
    summary: Text


class Critique(DomainModel):
    """An argument by the file's source against claims, optionally proposing a replacement.

    An empty `targets` list is a general argument that aims at no claim in the corpus.
    """

    id: Slug
    kind: CritiqueKind
    targets: list[Slug] = Field(default_factory=list)
    summary: Text
    alternative: Slug | None = None

    @model_validator(mode="after")
    def _coherent(self) -> Critique:
        if self.id in self.targets:
            raise domain_error(
                f"critique {self.id!r} targets itself", "targets", self.targets.index(self.id)
            )
        if self.alternative is not None:
            if self.alternative == self.id:
                raise domain_error(
                    f"critique {self.id!r} proposes itself as alternative", "alternative"
                )
            if self.alternative in self.targets:
                raise domain_error(
                    f"alternative {self.alternative!r} is also one of this critique's targets",
                    "alternative",
                )
        return self


class Grouping(DomainModel):
    """A source presenting several claims together, e.g. as agreeing or as one trend."""

    id: Slug
    summary: Text
    claims: list[Slug] = Field(min_length=2)
    presented_as: Text = Field(description='How the source frames them, e.g. "agreeing".')


class Decomposition(DomainModel):
    """A total claim split into factor claims whose product should match it within tolerance."""

    id: Slug
    total: Slug
    factors: list[Slug] = Field(min_length=1)
    tolerance: StrictFloat = Field(default=0.1, description="Allowed relative mismatch.")

    @model_validator(mode="after")
    def _coherent(self) -> Decomposition:
        if self.total in self.factors:
            raise domain_error(
                f"total {self.total!r} is also listed among its own factors",
                "factors",
                self.factors.index(self.total),
            )
        if not 0 < self.tolerance < 1:
            raise domain_error(
                f"tolerance {self.tolerance:g} must be a relative fraction in (0, 1)",
                "tolerance",
            )
        return self


__all__ = [
    "Claim",
    "Critique",
    "Decomposition",
    "Evidence",
    "Grouping",
    "Locator",
    "Quantity",
    "Source",
]
