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

from claimgraph.schemas.enums import (
    COST_SCOPES,
    Category,
    CritiqueKind,
    Domain,
    EvidenceKind,
    Scope,
    SourceKind,
    Trend,
)
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

    id: Slug = Field(description="Stable slug, e.g. ho-2024-algorithmic-progress-lms.")
    title: Text = Field(description="Title as published.")
    authors: list[Text] = Field(
        default_factory=list, description="Author names (people or organisations), in order."
    )
    date: dt.date | None = Field(default=None, description="Publication day, when known.")
    year: StrictInt | None = Field(
        default=None, description="Publication year, when the day is not known."
    )
    url: Url | None = Field(default=None, description="Where the source is published.")
    kind: SourceKind = Field(description="What kind of publication it is.")
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

    id: Slug = Field(description="Stable slug, e.g. llm-training-algorithmic-efficiency.")
    name: Text = Field(description="Short name.")
    description: Text = Field(description="What exactly is measured, and over what.")
    scope: Scope = Field(
        description="What the quantity measures; only estimates of one quantity are pooled."
    )
    direction: Text = Field(
        description='What "better" means, e.g. "less training compute to reach a fixed capability".'
    )
    domain: Domain = Field(
        default=Domain.UNSPECIFIED,
        description="The task domain (language, vision, games, ...); different domains never pool.",
    )
    trend: Trend | None = Field(
        default=None,
        description="Whether a falling cost (reported as a halving time) or a growth (a "
        "doubling time) is measured; by default cost falls for training and inference scope, "
        "growth otherwise.",
    )

    @property
    def reads_as(self) -> Trend:
        """The trend as stated, or the one its scope implies."""
        if self.trend is not None:
            return self.trend
        return Trend.COST_FALLS if self.scope in COST_SCOPES else Trend.GROWTH


class Locator(DomainModel):
    """Where the figure is: a section name, and/or a character span of a seed text.

    `text` is the seed file name (e.g. "003_baed9da13a121bee.txt"); `span` is [start, end],
    Python str offsets into that file read as UTF-8 text, end exclusive.
    """

    section: Note | None = Field(
        default=None, description="Section, page or heading of the source the figure is in."
    )
    text: Note | None = Field(
        default=None, description="File name of the source text the span refers to."
    )
    span: list[StrictInt] | None = Field(
        default=None,
        description="[start, end] character offsets of the passage in that text, end exclusive.",
    )

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
    """One assertion by one source about one quantity, with its figure as the source states it."""

    id: Slug = Field(description="Stable slug, e.g. epoch-2024-training-halving-8mo.")
    quantity: Slug = Field(description="Id of the quantity the claim measures.")
    estimate: Estimate = Field(description="The figure exactly as stated.")
    category: Category = Field(description="The driver the source credits for the figure.")
    statement: Text = Field(description="The assertion in our words, never a copied sentence.")
    locator: Locator = Field(
        default_factory=Locator, description="Where in the source the figure is."
    )
    evidence: list[Slug] = Field(
        default_factory=list, description="Ids of the evidence the claim rests on."
    )
    cites: list[Slug] = Field(default_factory=list, description="Claims cited as support.")
    upper_bound: StrictBool = Field(
        default=False,
        description='True when the figure is stated as a ceiling ("up to 20x", "less than '
        '1.5x"): the value is the bound, not a point estimate.',
    )
    domain: Domain | None = Field(
        default=None,
        description="The task the figure was measured on, when it is not its quantity's domain.",
    )

    @model_validator(mode="after")
    def _not_self_citing(self) -> Claim:
        if self.id in self.cites:
            raise domain_error(
                f"claim {self.id!r} cites itself", "cites", self.cites.index(self.id)
            )
        return self


class Evidence(DomainModel):
    """What a claim rests on; its own scope lets us spot a claim backed by the other scope."""

    id: Slug = Field(description="Stable slug.")
    kind: EvidenceKind = Field(description="What sort of support it is.")
    scope: Scope = Field(description="The scope the evidence itself measures.")
    summary: Text = Field(description="What it shows, in our words.")
    domain: Domain | None = Field(
        default=None, description="The task domain the evidence measures, if it says."
    )


class Critique(DomainModel):
    """An argument by the file's source against claims, optionally proposing a replacement.

    An empty `targets` list is a general argument that aims at no claim in the corpus.
    """

    id: Slug = Field(description="Stable slug.")
    kind: CritiqueKind = Field(description="The line of argument.")
    targets: list[Slug] = Field(
        default_factory=list, description="Ids of the claims the critique argues against."
    )
    summary: Text = Field(description="The argument, in our words.")
    alternative: Slug | None = Field(
        default=None, description="Id of the claim the critique proposes instead, if any."
    )

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

    id: Slug = Field(description="Stable slug.")
    summary: Text = Field(description="What the source says of the claims together.")
    claims: list[Slug] = Field(min_length=2, description="Ids of the claims presented together.")
    presented_as: Text = Field(description='How the source frames them, e.g. "agreeing".')


class Decomposition(DomainModel):
    """A total claim split into factor claims whose product should match it within tolerance."""

    id: Slug = Field(description="Stable slug.")
    total: Slug = Field(description="Id of the total claim.")
    factors: list[Slug] = Field(
        min_length=1, description="Ids of the factor claims, in the order the source lists them."
    )
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
