"""A paper-file draft (YAML with TODOs) from the figures found in a plain-text source.

What only a reader can decide (which quantity a figure measures, the paraphrase, the
source's authors) is left as a TODO placeholder. The quantity placeholder `TODO` is
deliberately *not* a valid slug, so `check_paper_file` rejects an unfinished draft with one
error per claim, each pointing at `claims[i].quantity`: a draft cannot be ingested by
accident, and the errors are the curator's to-do list.
"""

from __future__ import annotations

import io
import math
import re
from pathlib import Path
from typing import Final

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from claimgraph.ingest.extract.figures import Figure, extract_figures
from claimgraph.ingest.extract.model import Bound
from claimgraph.ingest.extract.source_meta import read_source_facts
from claimgraph.schemas.enums import SourceKind, Unit
from claimgraph.schemas.json_schema import PAPER_FILE_SCHEMA, schema_line

QUANTITY_PLACEHOLDER: Final = "TODO"
"""Stands in for a quantity id; not a valid slug, so validation names every unfilled one."""

STATEMENT_PLACEHOLDER: Final = "TODO: paraphrase"
TITLE_PLACEHOLDER: Final = "TODO: title"


def guess_kind(text: str) -> SourceKind:
    """A podcast digest, a news write-up, a paper or (by default) a blog post."""
    head = text[:2000].lower()
    if "podcast" in head:
        return SourceKind.PODCAST
    if re.search(r"coverage of|editorial|\bnews\b", head):
        return SourceKind.NEWS_ARTICLE
    if re.search(r"\babstract\b|\barxiv\b", head):
        return SourceKind.PAPER
    return SourceKind.BLOG_POST


def slugify(text: str) -> str:
    """A lowercase slug (a-z, 0-9, single hyphens): '003_baed.txt' stem -> '003-baed'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "draft"


def _number_slug(number: float) -> str:
    return slugify(f"{number:g}")


_BOUND_PREFIX: Final = {Bound.UPPER: "up-to-", Bound.LOWER: "over-"}


def short_slug(figure: Figure) -> str:
    """A readable id tail: halving-8mo, 4x-per-year, 600x-in-7y, up-to-20x, 91pct, 73-usd.

    A range without a level ("3-5x") is named by its ends; a confidence interval around a
    stated point by the point.
    """
    low, high = figure.low, figure.high
    is_range = low is not None and high is not None and figure.level is None
    number = (
        f"{_number_slug(low)}-{_number_slug(high)}"
        if is_range and low is not None and high is not None
        else _number_slug(figure.value)
    )
    if figure.unit is Unit.SHARE:
        ends = (figure.low, figure.high) if is_range else (figure.value,)
        scaled = [x * 100 for x in ends if x is not None]
        number = "-".join(_number_slug(round(x, 6)) for x in scaled)
    tails = {
        Unit.HALVING_TIME_MONTHS: f"halving-{number}mo",
        Unit.DOUBLING_TIME_MONTHS: f"doubling-{number}mo",
        Unit.MULTIPLIER_PER_YEAR: f"{number}x-per-year",
        Unit.PERCENT_PER_YEAR: f"{number}pct-per-year",
        Unit.PERCENT_DECLINE_PER_YEAR: f"{number}pct-decline-per-year",
        Unit.ORDERS_OF_MAGNITUDE_PER_YEAR: f"{number}oom-per-year",
        Unit.FACTOR_OVER_YEARS: f"{number}x-in-{_number_slug(figure.years or 0)}y",
        Unit.ONE_TIME_FACTOR: f"{number}x",
        Unit.SHARE: f"{number}pct",
        Unit.ABSOLUTE: f"{number}-{slugify(figure.label or 'absolute')}",
    }
    prefix = _BOUND_PREFIX.get(figure.bound, "") if figure.bound is not None else ""
    return slugify(prefix + tails[figure.unit])[:80].strip("-")


def _plain_number(number: float) -> int | float:
    return int(number) if float(number).is_integer() and abs(number) < 1e15 else number


def _flow(mapping: CommentedMap | CommentedSeq) -> CommentedMap | CommentedSeq:
    mapping.fa.set_flow_style()
    return mapping


_BOUND_NOTE: Final = {
    Bound.LOWER: "stated as a lower bound; the format has no field for it yet (kept here)",
    Bound.APPROXIMATE: "stated as approximate; the format has no field for it yet (kept here)",
}


def _estimate(figure: Figure) -> CommentedMap:
    estimate = CommentedMap(value=_plain_number(figure.value), unit=figure.unit.value)
    notes: list[str] = []
    if figure.low is not None and figure.high is not None:
        interval = CommentedMap(low=_plain_number(figure.low), high=_plain_number(figure.high))
        if figure.level is not None:
            interval["level"] = figure.level
        estimate["interval"] = _flow(interval)
        if figure.level is None and math.isclose(figure.value, (figure.low + figure.high) / 2):
            notes.append("midpoint of the stated range")
        estimate.yaml_add_eol_comment(
            f"{figure.level:.0%} interval as stated" if figure.level is not None else "a range",
            "interval",
        )
    if figure.bound in _BOUND_NOTE:
        notes.append(_BOUND_NOTE[figure.bound])
    if notes:
        estimate.yaml_add_eol_comment("; ".join(notes), "value")
    if figure.years is not None:
        estimate["years"] = _plain_number(figure.years)
    if figure.label is not None:
        estimate["label"] = figure.label
    if figure.period is not None:
        start_year, end_year = figure.period
        estimate["period"] = _flow(CommentedMap(start_year=start_year, end_year=end_year))
        if figure.period_guessed:
            estimate.yaml_add_eol_comment("guessed from the years in the sentence", "period")
    return estimate


def _claim(source_id: str, index: int, figure: Figure, text_name: str) -> CommentedMap:
    claim = CommentedMap()
    claim["id"] = f"{source_id}-{index}-{short_slug(figure)}"
    claim["quantity"] = QUANTITY_PLACEHOLDER
    claim["category"] = figure.category.value
    claim["statement"] = STATEMENT_PLACEHOLDER
    if figure.upper_bound:
        claim["upper_bound"] = True
    claim["estimate"] = _estimate(figure)
    claim["locator"] = CommentedMap(
        text=text_name, span=_flow(CommentedSeq([figure.start, figure.end]))
    )
    found = " ".join(figure.text.split())
    claim.yaml_add_eol_comment(f"found: {found} ({figure.family})", "id")
    claim.yaml_add_eol_comment(
        f"TODO: a quantity id (scope guessed from nearby words: {figure.scope.value})", "quantity"
    )
    claim.yaml_add_eol_comment("guessed from nearby words", "category")
    claim.yaml_add_eol_comment("TODO", "statement")
    if figure.upper_bound:
        claim.yaml_add_eol_comment("stated as a ceiling (up to, less than)", "upper_bound")
    return claim


def _source(text: str, source_id: str) -> CommentedMap:
    facts = read_source_facts(text)
    source = CommentedMap()
    source["id"] = source_id
    source["title"] = facts.title or TITLE_PLACEHOLDER
    source["authors"] = _flow(CommentedSeq(facts.authors))
    if facts.year is not None:
        source["year"] = facts.year
    source["kind"] = guess_kind(text).value
    source["cites"] = _flow(CommentedSeq())
    source.yaml_add_eol_comment("TODO: rename to author-year-short-title", "id")
    source.yaml_add_eol_comment(_stated("title", facts.title_line), "title")
    source.yaml_add_eol_comment(
        _stated("authors", facts.authors_line)
        + ("" if facts.year is not None else "; TODO: add year or date")
        + "; TODO: url",
        "authors",
    )
    if facts.year is not None:
        source.yaml_add_eol_comment(_stated("year", facts.year_line), "year")
    source.yaml_add_eol_comment("guessed from the text's head, check", "kind")
    source.yaml_add_eol_comment("TODO: ids of sources this one cites", "cites")
    return source


def _stated(field: str, line: int | None) -> str:
    return f"from the text, line {line}" if line is not None else f"TODO: {field}"


HEADER: Final = (
    "Drafted by the claimgraph extractor from {name}: {count} figures.",
    "Guessed (check each): source kind; every claim's category and scope (the quantity",
    "comment); periods marked as guessed. Title, authors and year come from the text's head",
    "when it states them. Bounds the format cannot hold yet (lower, approximate) are comments.",
    "Replace every TODO (quantity ids, statements, source details), delete figures that are",
    "not claims, then validate with `claimgraph ingest --dry-run`.",
)
"""The comment block the draft opens with (a schema line may be put above it)."""


def draft_document(text: str, text_name: str) -> CommentedMap:
    """The draft as a ruamel round-trip mapping (comments attached), before dumping."""
    source_id = slugify(Path(text_name).stem)
    figures = extract_figures(text)
    document = CommentedMap()
    document["source"] = _source(text, source_id)
    document["claims"] = CommentedSeq(
        [_claim(source_id, i, figure, text_name) for i, figure in enumerate(figures, start=1)]
    )
    document.yaml_set_start_comment("\n".join(HEADER).format(name=text_name, count=len(figures)))
    return document


def draft_from_text(text: str, text_name: str, written_to: Path | None = None) -> str:
    """YAML text of a PaperFile draft for `text`, whose locators point into `text_name`.

    It opens with the schema line for a file at `written_to` (None: printed, so the schema's
    absolute path), so an editor checks the draft while the TODOs are filled in.
    """
    yaml = YAML(typ="rt")
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    yaml.dump(draft_document(text, text_name), out)
    return schema_line(PAPER_FILE_SCHEMA, written_to) + "\n" + out.getvalue()


def draft_paper_file(text_path: Path, written_to: Path | None = None) -> str:
    """YAML text of a PaperFile draft for the text file at `text_path` (read as UTF-8)."""
    return draft_from_text(text_path.read_text(encoding="utf-8"), text_path.name, written_to)


__all__ = [
    "HEADER",
    "QUANTITY_PLACEHOLDER",
    "STATEMENT_PLACEHOLDER",
    "TITLE_PLACEHOLDER",
    "draft_document",
    "draft_from_text",
    "draft_paper_file",
    "guess_kind",
    "short_slug",
    "slugify",
]
