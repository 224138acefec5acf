"""How much of the hand-encoded corpus the extractor finds on its own (recall), per seed text.

A corpus claim whose locator has text + span is *found* when some figure extracted from that
seed overlaps its span and states one of its numbers (the value or an interval end). Figures
that match no claim are listed too: a rough view of precision, for reading, not for asserting
(many are real figures the corpus chose not to encode).

`python -m claimgraph.ingest.extract.recall` prints the per-seed table.
"""

from __future__ import annotations

import argparse
import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from claimgraph.ingest.extract.figures import Figure, extract_figures
from claimgraph.ingest.paper_file import CORPUS_DIR, check_paper_file, corpus_files
from claimgraph.schemas.models import Claim

SEEDS_ENV: Final = "CLAIMGRAPH_SEEDS"


def default_seeds_dir() -> Path:
    """$CLAIMGRAPH_SEEDS, else shared/seeds beside the checkout (where tests/ looks too)."""
    configured = os.environ.get(SEEDS_ENV)
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[3] / "shared" / "seeds"


class NothingToMeasure(ValueError):
    """No text with hand-encoded figures was found: says where it looked and what to set."""


@dataclass(frozen=True, slots=True)
class EncodedClaim:
    """A corpus claim located by a span in a seed, reduced to what matching needs."""

    id: str
    text: str
    start: int
    end: int
    numbers: tuple[float, ...]

    @classmethod
    def of(cls, claim: Claim) -> EncodedClaim | None:
        locator = claim.locator
        if locator.text is None or locator.span is None:
            return None
        estimate = claim.estimate
        ends = (estimate.interval.low, estimate.interval.high) if estimate.interval else ()
        return cls(
            claim.id, locator.text, locator.span[0], locator.span[1], (estimate.value, *ends)
        )


@dataclass(frozen=True, slots=True)
class Miss:
    """A corpus claim no extracted figure matched, with the text its span covers."""

    claim: EncodedClaim
    excerpt: str


@dataclass(frozen=True, slots=True)
class SeedRecall:
    """Recall on one seed text: claims encoded, found, missed; figures matching nothing."""

    text: str
    encoded: int
    found: int
    misses: tuple[Miss, ...]
    figures: tuple[Figure, ...]
    unmatched: tuple[Figure, ...]

    @property
    def recall(self) -> float | None:
        return self.found / self.encoded if self.encoded else None


@dataclass(frozen=True, slots=True)
class RecallReport:
    """Recall per seed and overall; `skipped` names corpus files or claims left out, and why."""

    seeds: tuple[SeedRecall, ...]
    skipped: tuple[str, ...] = field(default=())

    @property
    def encoded(self) -> int:
        return sum(seed.encoded for seed in self.seeds)

    @property
    def found(self) -> int:
        return sum(seed.found for seed in self.seeds)

    @property
    def recall(self) -> float:
        return self.found / self.encoded if self.encoded else 1.0

    @property
    def misses(self) -> tuple[Miss, ...]:
        return tuple(miss for seed in self.seeds for miss in seed.misses)

    @property
    def unmatched(self) -> int:
        return sum(len(seed.unmatched) for seed in self.seeds)

    def table(self) -> str:
        """The per-seed table, the misses and the skipped items, as plain text."""
        rows = [
            f"{'seed':<28} {'encoded':>7} {'found':>5} {'recall':>6} {'figures':>7} "
            f"{'unmatched':>9}"
        ]
        for seed in self.seeds:
            rows.append(
                f"{seed.text:<28} {seed.encoded:>7} {seed.found:>5} {_percent(seed.recall):>6} "
                f"{len(seed.figures):>7} {len(seed.unmatched):>9}"
            )
        figures = sum(len(seed.figures) for seed in self.seeds)
        rows.append(
            f"{'overall':<28} {self.encoded:>7} {self.found:>5} {_percent(self.recall):>6} "
            f"{figures:>7} {self.unmatched:>9}"
        )
        rows += [
            f"miss: {m.claim.text} {m.claim.id} {list(_span(m))} {m.excerpt!r}" for m in self.misses
        ]
        rows += [f"skipped: {reason}" for reason in self.skipped]
        return "\n".join(rows)


def _span(miss: Miss) -> tuple[int, int]:
    return miss.claim.start, miss.claim.end


def _percent(ratio: float | None) -> str:
    return "-" if ratio is None else f"{ratio:.0%}"


def same_number(a: float, b: float) -> bool:
    """Equal up to float noise (0.91 parsed from '91%' equals 0.91 written in YAML)."""
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def matches(figure: Figure, claim: EncodedClaim) -> bool:
    """The figure overlaps the claim's span and states one of its numbers."""
    overlaps = figure.start < claim.end and claim.start < figure.end
    return overlaps and any(same_number(a, b) for a in figure.numbers for b in claim.numbers)


def encoded_claims(corpus_dir: Path) -> tuple[list[EncodedClaim], list[str]]:
    """(claims located by a span, files skipped because they do not validate)."""
    claims: list[EncodedClaim] = []
    skipped: list[str] = []
    for path in corpus_files(corpus_dir):
        loaded, errors = check_paper_file(path)
        if errors or loaded is None:
            skipped.append(f"{path.name}: does not validate ({errors[0] if errors else '?'})")
            continue
        if loaded.paper is not None:
            claims += [e for c in loaded.paper.claims if (e := EncodedClaim.of(c)) is not None]
    return claims, skipped


def seed_recall(text_name: str, text: str, claims: Iterable[EncodedClaim]) -> SeedRecall:
    """Recall of the extractor on one seed against the claims located in it."""
    figures = tuple(extract_figures(text))
    located = [claim for claim in claims if claim.text == text_name]
    misses = tuple(
        Miss(claim, text[claim.start : claim.end])
        for claim in located
        if not any(matches(figure, claim) for figure in figures)
    )
    unmatched = tuple(f for f in figures if not any(matches(f, claim) for claim in located))
    return SeedRecall(
        text_name, len(located), len(located) - len(misses), misses, figures, unmatched
    )


def measure_recall(corpus_dir: Path = CORPUS_DIR, seeds_dir: Path | None = None) -> RecallReport:
    """Recall of the extractor over every seed text against the hand-encoded corpus."""
    seeds = seeds_dir if seeds_dir is not None else default_seeds_dir()
    claims, skipped = encoded_claims(corpus_dir)
    texts = {path.name: path for path in sorted(seeds.glob("*.txt"))}
    if not texts:
        raise NothingToMeasure(
            f"no seed texts (*.txt) in {seeds}: set {SEEDS_ENV} or pass the seeds folder"
        )
    if not any(claim.text in texts for claim in claims):
        raise NothingToMeasure(
            f"no claim in {corpus_dir} is located in a text of {seeds}: nothing to measure"
        )
    for claim in claims:
        if claim.text not in texts:
            skipped.append(f"{claim.id}: seed {claim.text} not found in {seeds}")
    results = tuple(
        seed_recall(name, path.read_text(encoding="utf-8"), claims) for name, path in texts.items()
    )
    return RecallReport(results, tuple(skipped))


def main(argv: Sequence[str] | None = None) -> int:
    """Print the per-seed recall table (and, with --figures, every extracted figure)."""
    parser = argparse.ArgumentParser(
        prog="python -m claimgraph.ingest.extract.recall", description=__doc__
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR, help="corpus directory")
    parser.add_argument("--seeds", type=Path, default=None, help="seed texts directory")
    parser.add_argument("--figures", action="store_true", help="list every extracted figure")
    args = parser.parse_args(argv)
    try:
        report = measure_recall(args.corpus, args.seeds)
    except NothingToMeasure as error:
        print(f"error: {error}")
        return 1
    print(report.table())
    if args.figures:
        print(figure_listing(report))
    return 0


def figure_listing(report: RecallReport) -> str:
    """Every figure per seed; '-' marks those matching no corpus claim."""
    lines: list[str] = []
    for seed in report.seeds:
        lines.append(f"== {seed.text}")
        unmatched = set(seed.unmatched)
        for f in seed.figures:
            mark = "-" if f in unmatched else "+"
            lines.append(
                f"{mark} [{f.start}, {f.end}] {f.text!r}: {f.value:g} {f.unit.value} "
                f"scope={f.scope.value} category={f.category.value} ({f.family})"
            )
    return "\n".join(lines)


__all__ = [
    "EncodedClaim",
    "Miss",
    "NothingToMeasure",
    "RecallReport",
    "SeedRecall",
    "default_seeds_dir",
    "encoded_claims",
    "figure_listing",
    "main",
    "matches",
    "measure_recall",
    "same_number",
    "seed_recall",
]


if __name__ == "__main__":
    raise SystemExit(main())
