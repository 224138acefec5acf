"""What every domain model is built from: ids, text, years, and the error every rule raises.

`domain_error` is the one way a model rule reports a problem, so the paper-file loader can
show its message verbatim and point at the sub-field it names.
"""

from __future__ import annotations

import re
from typing import Annotated, Final

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictStr
from pydantic.json_schema import WithJsonSchema
from pydantic_core import PydanticCustomError

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


def check_year(value: int, what: str, *path: str | int) -> None:
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise domain_error(f"{what} {value} is outside {MIN_YEAR}..{MAX_YEAR}", *path)


class DomainModel(BaseModel):
    """Every entity rejects unknown fields (typos surface) and is immutable once validated."""

    model_config = ConfigDict(extra="forbid", frozen=True)


__all__ = [
    "ERROR_TYPE",
    "MAX_YEAR",
    "MIN_YEAR",
    "SLUG_PATTERN",
    "DomainModel",
    "Slug",
    "Text",
    "check_year",
    "domain_error",
]
