"""How well the extractor does on texts with answer files: recall, precision, intervals.

An expected figure is *found* when an extracted figure of the same unit states the same
value (within 0.1 %, so 2/3 read as 0.6667 counts) and overlaps the words the answer says
it is stated in. Each extracted figure answers at most one expected figure. *Precision* is
the share of extracted figures that found one; *intervals kept* the share of expected
intervals whose figure came out with the same ends and level; bounds, years and periods
are counted the same way, for reading.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from claimgraph.ingest.extract.answers import Case, ExpectedFigure, load_cases
from claimgraph.ingest.extract.figures import Figure, extract_figures

REL_TOLERANCE = 1e-3


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=REL_TOLERANCE, abs_tol=1e-9)


def _occurrences(text: str, words: str) -> list[tuple[int, int]]:
    spans, start = [], text.find(words)
    while start >= 0:
        spans.append((start, start + len(words)))
        start = text.find(words, start + 1)
    return spans


def matches(text: str, expected: ExpectedFigure, figure: Figure) -> bool:
    """Same unit, same value, and the figure overlaps where the answer says it is stated."""
    if figure.unit is not expected.unit or not close(figure.value, expected.value):
        return False
    return any(
        figure.start < end and start < figure.end for start, end in _occurrences(text, expected.at)
    )


@dataclass(frozen=True, slots=True)
class CaseScore:
    """One text: what was expected, what came out, and which pairs matched."""

    name: str
    expected: tuple[ExpectedFigure, ...]
    extracted: tuple[Figure, ...]
    pairs: tuple[tuple[ExpectedFigure, Figure], ...]

    @property
    def missed(self) -> tuple[ExpectedFigure, ...]:
        found = {id(e) for e, _ in self.pairs}
        return tuple(e for e in self.expected if id(e) not in found)

    @property
    def extra(self) -> tuple[Figure, ...]:
        used = {id(f) for _, f in self.pairs}
        return tuple(f for f in self.extracted if id(f) not in used)

    def kept(self, aspect: str) -> tuple[int, int]:
        """(kept, stated) for 'interval', 'bound', 'years' or 'period' among expected figures."""
        stated = [e for e in self.expected if getattr(e, aspect) is not None]
        found = dict((id(e), f) for e, f in self.pairs)
        kept = sum(1 for e in stated if id(e) in found and _same(aspect, e, found[id(e)]))
        return kept, len(stated)


def _same(aspect: str, expected: ExpectedFigure, figure: Figure) -> bool:
    if aspect == "interval":
        interval = expected.interval
        assert interval is not None
        return (
            close(figure.low, interval.low)
            and close(figure.high, interval.high)
            and close(figure.level, interval.level)
        )
    if aspect == "bound":
        return figure.bound is expected.bound
    if aspect == "years":
        return close(figure.years, expected.years)
    period = expected.period
    return (
        figure.period is not None and period is not None and tuple(figure.period) == tuple(period)
    )


def score_case(case: Case) -> CaseScore:
    figures = tuple(extract_figures(case.text))
    free = list(figures)
    pairs: list[tuple[ExpectedFigure, Figure]] = []
    for expected in case.answers.figures:
        match = next((f for f in free if matches(case.text, expected, f)), None)
        if match is not None:
            free.remove(match)
            pairs.append((expected, match))
    return CaseScore(case.name, tuple(case.answers.figures), figures, tuple(pairs))


@dataclass(frozen=True, slots=True)
class SetScore:
    """Scores per text of one answer set, and overall."""

    folder: Path
    cases: tuple[CaseScore, ...]

    def total(self, what: str) -> int:
        counts = {
            "expected": lambda c: len(c.expected),
            "found": lambda c: len(c.pairs),
            "extracted": lambda c: len(c.extracted),
        }
        return sum(counts[what](case) for case in self.cases)

    def kept(self, aspect: str) -> tuple[int, int]:
        pairs = [case.kept(aspect) for case in self.cases]
        return sum(k for k, _ in pairs), sum(n for _, n in pairs)

    @property
    def recall(self) -> float:
        return _ratio(self.total("found"), self.total("expected"))

    @property
    def precision(self) -> float:
        return _ratio(self.total("found"), self.total("extracted"))

    @property
    def intervals_kept(self) -> float:
        return _ratio(*self.kept("interval"))

    def table(self) -> str:
        """Per-text rows, the overall row, then every miss and every unmatched figure."""
        head = (
            f"{'text':<36} {'expected':>8} {'found':>5} {'recall':>6} {'extracted':>9} "
            f"{'precision':>9} {'intervals':>9} {'bounds':>7} {'years':>6} {'periods':>7}"
        )
        rows = [head] + [_row(c.name, _counts([c])) for c in self.cases]
        rows.append(_row("overall", _counts(self.cases)))
        for case in self.cases:
            rows += [f"miss: {case.name} {_expected(e)}" for e in case.missed]
            rows += [f"extra: {case.name} {_described(f)}" for f in case.extra]
        return "\n".join(rows)


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def _counts(cases: Sequence[CaseScore]) -> dict[str, tuple[int, int]]:
    def total(aspect: str) -> tuple[int, int]:
        pairs = [c.kept(aspect) for c in cases]
        return sum(k for k, _ in pairs), sum(n for _, n in pairs)

    found = sum(len(c.pairs) for c in cases)
    return {
        "recall": (found, sum(len(c.expected) for c in cases)),
        "precision": (found, sum(len(c.extracted) for c in cases)),
        **{aspect: total(aspect) for aspect in ("interval", "bound", "years", "period")},
    }


def _percent(part: int, whole: int) -> str:
    return "-" if whole == 0 else f"{part / whole:.0%}"


def _kept(pair: tuple[int, int]) -> str:
    return "-" if pair[1] == 0 else f"{pair[0]}/{pair[1]}"


def _row(name: str, counts: dict[str, tuple[int, int]]) -> str:
    found, expected = counts["recall"]
    _, extracted = counts["precision"]
    return (
        f"{name:<36} {expected:>8} {found:>5} {_percent(found, expected):>6} {extracted:>9} "
        f"{_percent(found, extracted):>9} {_kept(counts['interval']):>9} "
        f"{_kept(counts['bound']):>7} {_kept(counts['years']):>6} {_kept(counts['period']):>7}"
    )


def _expected(e: ExpectedFigure) -> str:
    return f"{e.value:g} {e.unit.value} at {e.at!r}"


def _described(f: Figure) -> str:
    interval = f" [{f.low:g}, {f.high:g}]" if f.low is not None and f.high is not None else ""
    return f"{f.value:g} {f.unit.value}{interval} from {f.text!r} ({f.family})"


def score_cases(folder: Path, cases: Iterable[Case]) -> SetScore:
    return SetScore(folder, tuple(score_case(case) for case in cases))


def score_folder(folder: Path) -> SetScore:
    """Score every text with an answer file in `folder` (raises `AnswerError` if none)."""
    return score_cases(folder, load_cases(folder))


__all__ = ["CaseScore", "SetScore", "close", "matches", "score_case", "score_folder"]
