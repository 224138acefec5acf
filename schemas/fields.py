"""What every domain model is built from: ids, text, numbers, years, and the error rules raise.

`domain_error` is the one way a model rule reports a problem, so the paper-file loader can
show its message verbatim and point at the sub-field it names.

The length limits keep every value storable and indexable: ids are keys of Neo4j range
indexes (about 8 KB per key, and four bytes a character at worst), so they stay far below
that; free text is bounded so that one field cannot take a transaction's memory. The
numbers are finite: a NaN or an infinity validates as a float but breaks every sum that
meets it (docs/paper-format.md, "Limits").
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Final

from pydantic import AfterValidator, BaseModel, ConfigDict, StrictFloat, StrictStr
from pydantic.json_schema import WithJsonSchema
from pydantic_core import PydanticCustomError

SLUG_PATTERN: Final = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
"""Ids are lowercase slugs: a-z, 0-9 and single hyphens (`ho-2024-algorithmic-progress-lms`)."""

MAX_ID_CHARS: Final = 200
"""The longest id: ample for a descriptive slug (the corpus's longest is under 60), and far
below Neo4j's index key limit, so an id never fails at write time."""

MAX_TEXT_CHARS: Final = 10_000
"""The longest free-text field (a statement, a summary, a title): a long paragraph."""

MAX_URL_CHARS: Final = 2_000
"""The longest URL, the length browsers and servers commonly accept."""

MAX_SPAN_OFFSET: Final = 1_000_000_000
"""The largest character offset a locator span may hold (a billion characters of text);
spans are stored as 64-bit integers, which a 30-digit number would not fit."""

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
    if len(value) > MAX_ID_CHARS:
        raise domain_error(
            f"an id of {len(value):,} characters is too long: ids have at most "
            f"{MAX_ID_CHARS} characters (starts {value[:40]!r})"
        )
    if not _SLUG_RE.fullmatch(value):
        raise domain_error(
            f"{shorten(value)!r} is not a valid id: use a lowercase slug "
            "(a-z, 0-9 and single hyphens, e.g. 'ho-2024-algorithmic-progress-lms')"
        )
    return value


def _length_check(limit: int, what: str) -> AfterValidator:
    def check(value: str) -> str:
        if len(value) > limit:
            raise domain_error(
                f"{what} of {len(value):,} characters is too long: at most {limit:,} "
                f"(starts {value[:40]!r})"
            )
        return value

    return AfterValidator(check)


def _check_not_empty(value: str) -> str:
    if not value:
        raise domain_error("must not be empty")
    return value


def _check_finite(value: float) -> float:
    if not math.isfinite(value):
        raise domain_error(f"{value} is not a finite number: NaN and infinities are not allowed")
    return value


Slug = Annotated[
    StrictStr,
    AfterValidator(_check_slug),
    WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN, "maxLength": MAX_ID_CHARS}),
]
"""An id, or a reference to one."""

Text = Annotated[
    StrictStr,
    AfterValidator(_check_not_empty),
    _length_check(MAX_TEXT_CHARS, "a text"),
    WithJsonSchema({"type": "string", "minLength": 1, "maxLength": MAX_TEXT_CHARS}),
]
"""Non-empty free text, at most MAX_TEXT_CHARS characters."""

Note = Annotated[
    StrictStr,
    _length_check(MAX_TEXT_CHARS, "a text"),
    WithJsonSchema({"type": "string", "maxLength": MAX_TEXT_CHARS}),
]
"""Free text that may be empty (a locator's section), at most MAX_TEXT_CHARS characters."""

Url = Annotated[
    StrictStr,
    _length_check(MAX_URL_CHARS, "a URL"),
    WithJsonSchema({"type": "string", "maxLength": MAX_URL_CHARS}),
]
"""A source's address, at most MAX_URL_CHARS characters."""

Finite = Annotated[StrictFloat, AfterValidator(_check_finite), WithJsonSchema({"type": "number"})]
"""A number that arithmetic can use: a float (or an integer), never NaN or infinite."""


def shorten(text: str, limit: int = 60) -> str:
    """`text` cut to `limit` characters with an ellipsis, for quoting input in a message."""
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def check_year(value: int, what: str, *path: str | int) -> None:
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise domain_error(f"{what} {value} is outside {MIN_YEAR}..{MAX_YEAR}", *path)


class DomainModel(BaseModel):
    """Every entity rejects unknown fields (typos surface) and is immutable once validated."""

    model_config = ConfigDict(extra="forbid", frozen=True)


__all__ = [
    "ERROR_TYPE",
    "MAX_ID_CHARS",
    "MAX_SPAN_OFFSET",
    "MAX_TEXT_CHARS",
    "MAX_URL_CHARS",
    "MAX_YEAR",
    "MIN_YEAR",
    "SLUG_PATTERN",
    "DomainModel",
    "Finite",
    "Note",
    "Slug",
    "Text",
    "Url",
    "check_year",
    "domain_error",
    "shorten",
]
