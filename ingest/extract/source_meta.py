"""What a text says about itself: title, authors and year, read from its head.

Plain-text sources state these in a few conventional ways: labelled lines ('Title:',
'Authors:', 'Year:', 'Date:', 'Published'), a heading line (short, no closing full stop)
followed by a byline ('By A, B and C, 2020', 'By A (2011)') or a date line ('March 2025').
Only the head of the text is read, up to its first blank line or body paragraph; names in
the running text are the works it cites, not its authors. Whatever is not stated is None,
and the draft writes a TODO in its place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

_HEAD_LINES: Final = 6
_TITLE_MAX_CHARS: Final = 200
_LABEL: Final = re.compile(
    r"^\s*(?P<label>title|authors?|author\(s\)|by|year|date|published(?:\s+on)?)\s*:"
    r"\s*(?P<value>.+?)\s*$",
    re.IGNORECASE,
)
_BYLINE: Final = re.compile(r"^\s*by\s+(?P<value>.+?)\s*$", re.IGNORECASE)
_PUBLISHED: Final = re.compile(
    r"^\s*(?:published|posted|updated)\b\s*(?:on\s+)?(?P<value>.+)$", re.I
)
_YEAR: Final = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)(?!\d)")
_DATE_LINE: Final = re.compile(
    r"^\s*(?:(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+"
    r"(?:\d{1,2},?\s+)?)?(?:19|20)\d\d(?:-\d\d(?:-\d\d)?)?\s*$",
    re.IGNORECASE,
)
_TRAILING_YEAR: Final = re.compile(r"\s*(?:,\s*|\(\s*)(?P<year>(?:19|20)\d\d)\s*\)?\s*$")
_AUTHOR_SPLIT: Final = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s*;\s*")
_ET_AL: Final = re.compile(r"^et\.?\s+al\.?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SourceFacts:
    """Title, authors and year as the text states them, with the line (1-based) of each."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    year: int | None = None
    title_line: int | None = None
    authors_line: int | None = None
    year_line: int | None = None


def read_source_facts(text: str) -> SourceFacts:
    """The source facts stated in the head of `text` (see the module docstring)."""
    head = _head(text)
    facts: dict[str, object] = {}
    for number, line in head:
        _read_line(number, line, facts, first=number == head[0][0])
    return SourceFacts(**facts)  # type: ignore[arg-type]


def _head(text: str) -> list[tuple[int, str]]:
    """The leading lines up to the first blank line after content (at most a few)."""
    lines: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            if lines:
                break
            continue
        if len(line.strip()) > _TITLE_MAX_CHARS and lines:
            break  # a body paragraph
        lines.append((number, line.strip()))
        if len(lines) == _HEAD_LINES:
            break
    return lines


def _read_line(number: int, line: str, facts: dict[str, object], *, first: bool) -> None:
    labelled = _LABEL.match(line)
    if labelled is not None:
        label, value = labelled["label"].lower(), labelled["value"]
        if label == "title":
            _set(facts, "title", value, number)
        elif label.startswith("author") or label == "by":
            _authors(value, number, facts)
        else:
            _year(value, number, facts)
        return
    byline = _BYLINE.match(line)
    if byline is not None and not first:
        _authors(byline["value"], number, facts)
        return
    published = _PUBLISHED.match(line)
    if (published is not None or _DATE_LINE.match(line)) and not first:
        _year(published["value"] if published else line, number, facts)
        return
    if first and _looks_like_a_title(line):
        _set(facts, "title", line, number)


def _looks_like_a_title(line: str) -> bool:
    """A heading, not a sentence: short and without a closing full stop (a question may be)."""
    return len(line) <= _TITLE_MAX_CHARS and not line.rstrip().endswith(".")


def _set(facts: dict[str, object], key: str, value: object, number: int) -> None:
    if key not in facts:
        facts[key] = value
        facts[f"{key}_line"] = number


def _authors(value: str, number: int, facts: dict[str, object]) -> None:
    trailing = _TRAILING_YEAR.search(value)
    if trailing is not None:
        _year(trailing["year"], number, facts)
        value = value[: trailing.start()]
    names = tuple(
        name.strip(" .")
        for name in _AUTHOR_SPLIT.split(value)
        if name.strip(" .") and not _ET_AL.match(name.strip())
    )
    if names:
        _set(facts, "authors", names, number)


def _year(value: str, number: int, facts: dict[str, object]) -> None:
    year = _YEAR.search(value)
    if year is not None:
        _set(facts, "year", int(year["year"]), number)


__all__ = ["SourceFacts", "read_source_facts"]
