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
import re
from typing import Annotated, Final

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    field_validator,
    model_validator,
)
from pydantic.json_schema import WithJsonSchema
from pydantic_core import PydanticCustomError

from claimgraph.schemas.enums import Category, CritiqueKind, EvidenceKind, Scope, SourceKind, Unit

SLUG_PATTERN: Final = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
"""Ids are lowercase slugs: a-z, 0-9 and single hyphens (`ho-2024-algorithmic-progress-lms`)."""

MIN_YEAR: Final = 1900
MAX_YEAR: Final = 2100

ERROR_TYPE: Final = "claimgraph"
"""The pydantic error type of every rule below; `ctx["path"]` (if any) names the sub-field."""

_SLUG_RE: Final = re.compile(SLUG_PATTERN)


def domain_error(message: str, *path: str | int) -> PydanticCustomError:
    """Build a validation error whose message is shown verbatim.

    `path` names the offending sub-field relative to the model that raises, so the loader
    can point at its line rather than at the whole mapping; it travels in the error's
    context as "/"-joined text (e.g. "targets/1").
    """
    return PydanticCustomError(
        ERROR_TYPE, "{message}", {"message": message, "path": "/".join(map(str, path))}
    )


def _check_slug(value: str) -> str:
    if not _SLUG_RE.fullmatch(value):
        raise domain_error(
            f"{value!r} is not a valid id: use a lowercase slug "
            "(a-z, 0-9 and single hyphens, e.g. 'ho-2024-algorithmic-progress-lms')"
        )
    return value


Slug = Annotated[
    StrictStr,
    AfterValidator(_check_slug),
    WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN}),
]
"""An id, or a reference to one."""

Text = Annotated[StrictStr, Field(min_length=1)]
"""Non-empty free text."""


def _check_year(value: int, what: str, *path: str | int) -> None:
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise domain_error(f"{what} {value} is outside {MIN_YEAR}..{MAX_YEAR}", *path)


class DomainModel(BaseModel):
    """Every entity rejects unknown fields (typos surface) and is immutable once validated."""

    model_config = ConfigDict(extra="forbid", frozen=True)


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
    url: StrictStr | None = None
    kind: SourceKind
    cites: list[Slug] = Field(default_factory=list, description="Ids of sources this one cites.")

    @model_validator(mode="after")
    def _dates_agree(self) -> Source:
        if self.year is not None:
            _check_year(self.year, "year", "year")
        if self.date is not None:
            _check_year(self.date.year, "year of date", "date")
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


class Interval(DomainModel):
    """An uncertainty range in the estimate's own unit; `level` is its coverage (0.95) if stated."""

    low: StrictFloat
    high: StrictFloat
    level: StrictFloat | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Interval:
        if self.low > self.high:
            raise domain_error(f"interval low {self.low:g} is above high {self.high:g}", "low")
        if self.level is not None and not 0 < self.level < 1:
            raise domain_error(
                f"interval level {self.level:g} must be a fraction strictly between 0 and 1 "
                "(0.95 for a 95% interval)",
                "level",
            )
        return self


class Period(DomainModel):
    """The calendar years a rate or factor covers (inclusive)."""

    start_year: StrictInt
    end_year: StrictInt

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        _check_year(self.start_year, "start_year", "start_year")
        _check_year(self.end_year, "end_year", "end_year")
        if self.start_year > self.end_year:
            raise domain_error(
                f"start_year {self.start_year} is after end_year {self.end_year}", "start_year"
            )
        return self


_POSITIVE_UNITS: Final = {
    Unit.HALVING_TIME_MONTHS: "a halving time",
    Unit.DOUBLING_TIME_MONTHS: "a doubling time",
    Unit.MULTIPLIER_PER_YEAR: "a multiplier",
    Unit.FACTOR_OVER_YEARS: "a factor",
    Unit.ONE_TIME_FACTOR: "a factor",
}


class Estimate(DomainModel):
    """A figure exactly as its source states it; normalization happens later, in reconcile.

    `years` is the span a `factor_over_years` covers (600x in 7 years); `compute_scale_flop`
    marks a figure that holds only at one compute scale; `label` says what an `absolute`
    number counts (e.g. "USD").
    """

    value: StrictFloat
    unit: Unit
    interval: Interval | None = None
    years: StrictFloat | None = None
    period: Period | None = None
    compute_scale_flop: StrictFloat | None = None
    label: StrictStr | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Estimate:
        self._check_years()
        self._check_range(self.value, "value")
        if self.interval is not None:
            self._check_range(self.interval.low, "interval", "low")
            self._check_range(self.interval.high, "interval", "high")
            if not self.interval.low <= self.value <= self.interval.high:
                raise domain_error(
                    f"value {self.value:g} lies outside its interval "
                    f"[{self.interval.low:g}, {self.interval.high:g}]",
                    "value",
                )
        if self.compute_scale_flop is not None and self.compute_scale_flop <= 0:
            raise domain_error(
                f"compute_scale_flop must be > 0, got {self.compute_scale_flop:g}",
                "compute_scale_flop",
            )
        if self.label is not None and self.unit is not Unit.ABSOLUTE:
            raise domain_error(
                f"label is only for unit 'absolute' (it names what the number counts), "
                f"not for {self.unit.value!r}",
                "label",
            )
        return self

    def _check_years(self) -> None:
        if self.unit is Unit.FACTOR_OVER_YEARS:
            if self.years is None:
                raise domain_error(
                    "unit 'factor_over_years' needs years (the span the factor covers)", "unit"
                )
            if self.years <= 0:
                raise domain_error(f"years must be > 0, got {self.years:g}", "years")
        elif self.years is not None:
            raise domain_error(
                f"years is only for unit 'factor_over_years', not for {self.unit.value!r}",
                "years",
            )

    def _check_range(self, number: float, *path: str) -> None:
        what = _POSITIVE_UNITS.get(self.unit)
        where = " ".join(path)
        if what is not None and number <= 0:
            raise domain_error(
                f"{where} {number:g} must be > 0: {what} ({self.unit.value}) cannot be zero "
                "or negative",
                *path,
            )
        if self.unit is Unit.SHARE and not 0 <= number <= 1:
            raise domain_error(
                f"{where} {number:g} must be within 0..1 for unit 'share' (write 91% as 0.91)",
                *path,
            )
        if self.unit is Unit.PERCENT_DECLINE_PER_YEAR and not number < 100:
            raise domain_error(f"{where} {number:g}: a cost cannot fall by 100% or more", *path)
        if self.unit is Unit.PERCENT_PER_YEAR and not number > -100:
            raise domain_error(f"{where} {number:g}: a change below -100% is impossible", *path)


class Locator(DomainModel):
    """Where the figure is: a section name, and/or a character span of a seed text.

    `text` is the seed file name (e.g. "003_baed9da13a121bee.txt"); `span` is [start, end],
    Python str offsets into that file read as UTF-8 text, end exclusive.
    """

    section: StrictStr | None = None
    text: StrictStr | None = None
    span: list[StrictInt] | None = None

    @field_validator("span")
    @classmethod
    def _span_shape(cls, span: list[int] | None) -> list[int] | None:
        if span is None:
            return span
        if len(span) != 2:
            raise domain_error(f"span must be [start, end], got {len(span)} numbers")
        start, end = span
        if not 0 <= start < end:
            raise domain_error(f"span [{start}, {end}] must satisfy 0 <= start < end")
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
    "ERROR_TYPE",
    "MAX_YEAR",
    "MIN_YEAR",
    "SLUG_PATTERN",
    "Claim",
    "Critique",
    "Decomposition",
    "DomainModel",
    "Estimate",
    "Evidence",
    "Grouping",
    "Interval",
    "Locator",
    "Period",
    "Quantity",
    "Slug",
    "Source",
    "domain_error",
]
