"""Every problem in a paper file as one `PaperFileError`: file, 1-based line, field, message.

str() of an error is "FILE:LINE: FIELD: MESSAGE", so a curator can jump straight to the
problem; YAML syntax errors and pydantic validation errors are both turned into it here.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Final

from pydantic import BaseModel
from pydantic_core import ErrorDetails
from ruamel.yaml.error import MarkedYAMLError

from claimgraph.ingest.suggestions import did_you_mean
from claimgraph.ingest.yaml_lines import line_of
from claimgraph.schemas.fields import ERROR_TYPE, shorten
from claimgraph.schemas.paper_file import Path as Location
from claimgraph.schemas.paper_file import format_path

YAML_FIELD: Final = "<yaml>"
"""The field named by errors about the file as a whole (syntax, encoding, empty file)."""

ROOT_FIELD: Final = "<root>"
"""The field named by errors about the top-level mapping itself."""

_QUOTED: Final = re.compile(r"'([^']*)'")
"""The values in pydantic's `expected` text of an enum error ("'a', 'b' or 'c'")."""


class PaperFileError(Exception):
    """One problem in one paper file, located by file, 1-based line and dotted field path.

    When a loader finds several problems it raises the first (by line) and lists all of
    them, itself included, in `errors`.
    """

    def __init__(
        self,
        file: Path | str,
        line: int,
        field: str,
        message: str,
        errors: Sequence[PaperFileError] = (),
    ) -> None:
        self.file = Path(file)
        self.line = line
        self.field = field
        self.message = " ".join(message.split())  # one line, whatever a parser said
        self.errors: tuple[PaperFileError, ...] = tuple(errors) or (self,)
        self.written: tuple[Path, ...] = ()
        """Files of the same run already written when this one was refused (rare: another
        writer changed the graph between the checks and the write)."""
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"

    def __repr__(self) -> str:
        return f"PaperFileError({str(self)!r})"


def yaml_error(file: Path, exc: MarkedYAMLError) -> PaperFileError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else 1
    message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
    return PaperFileError(file, line, YAML_FIELD, f"YAML syntax error: {message or exc}")


def validation_error(
    file: Path, lines: Mapping[Location, int], model: type[BaseModel], detail: ErrorDetails
) -> PaperFileError:
    location: Location = tuple(detail["loc"])
    kind = detail["type"]
    context = detail.get("ctx") or {}
    if kind == ERROR_TYPE:
        message = str(context.get("message", detail["msg"]))
        sub = str(context.get("path", ""))
        if sub:
            location = (*location, *(int(p) if p.isdigit() else p for p in sub.split("/")))
    elif kind == "missing":
        message = f"missing required field {location[-1]!r}"
    elif kind == "extra_forbidden":
        parent = _model_at(model, location[:-1])
        allowed = ", ".join(parent.model_fields) if parent is not None else "?"
        message = f"unknown field {location[-1]!r}; allowed fields: {allowed}"
    elif kind == "enum":
        expected = str(context.get("expected", "?"))
        hint = did_you_mean(detail["input"], _QUOTED.findall(expected))
        message = (
            f"{shorten(repr(detail['input']))} is not a valid {location[-1]}; "
            f"{hint + ' ' if hint else ''}expected one of {expected}"
        )
    else:
        message = f"{detail['msg']} (got {shorten(repr(detail['input']), 80)})"
    field_name = format_path(location) or ROOT_FIELD
    return PaperFileError(file, line_of(lines, location), field_name, message)


def _model_at(model: type[BaseModel], location: Location) -> type[BaseModel] | None:
    """The model class validating the mapping at `location` (to list its allowed fields)."""
    current: object = model
    for part in location:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _nested_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _nested_model(annotation: object) -> object:
    """Unwrap list[X], X | None, Annotated[X, ...] down to a model class if there is one."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is None:
        return annotation
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _nested_model(args[0])
    if origin in (list, typing.Union, types.UnionType):
        for arg in args:
            found = _nested_model(arg)
            if isinstance(found, type) and issubclass(found, BaseModel):
                return found
    return annotation


def sorted_errors(errors: Iterable[PaperFileError]) -> list[PaperFileError]:
    return sorted(errors, key=lambda error: (str(error.file), error.line))


def first_error(errors: Sequence[PaperFileError]) -> PaperFileError:
    first = errors[0]
    raised = PaperFileError(first.file, first.line, first.field, first.message)
    raised.errors = (raised, *errors[1:])
    return raised


__all__ = [
    "ROOT_FIELD",
    "YAML_FIELD",
    "PaperFileError",
    "first_error",
    "sorted_errors",
    "validation_error",
    "yaml_error",
]
