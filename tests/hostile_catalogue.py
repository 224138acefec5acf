"""The bad-input catalogue: every kind of file ingest must refuse, with the error it must give.

Three sources of cases, each with the expected line, field and words of its first error:
- the fixture files in tests/hostile/, whose first line says `# expect: LINE FIELD | words`
  (YAML that attacks the parser: bombs, tags, merge keys, impossible dates, ...);
- one-line changes of the valid file of tests/test_paper_file.py (BASE_LINES, line numbers
  in its comments): every refusal of that file and of test_ingest_refusals, and the values
  that validated once but broke reconciliation (NaN, infinities, 1e400, tiny halving
  times, 400 orders of magnitude a year, a halving-time factor, ...);
- generated files too big to keep (5,000-deep nesting, a 5,000-digit integer, a
  10,000-character id, a 50 MB file) and cases that need the graph (a file taking over
  another file's source or ids, the same source twice, a dropped claim others cite).
"""

# ruff: noqa: E501 - the catalogue is a table, one case a line

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from tests.test_paper_file import BASE_LINES

HOSTILE_DIR: Final = Path(__file__).with_name("hostile")


@dataclass(frozen=True)
class Case:
    """One hostile input: its text (or bytes), and where and how it must be refused."""

    name: str
    content: str | bytes
    line: int
    field: str
    words: str
    file_name: str = "paper.yaml"
    text_too: bool = True  # also sent as text to ingestPaper (bytes never are)
    file_too: bool = True  # also written to a file (a lone surrogate cannot be)
    folder: str = ""  # a sub-folder of the run's scratch folder (a file's identity)


def base(changes: dict[int, str | None]) -> str:
    """BASE with line N replaced (or removed when the replacement is None)."""
    lines = [
        changes.get(number, line) if number in changes else line
        for number, line in enumerate(BASE_LINES, start=1)
    ]
    return "\n".join(line for line in lines if line is not None) + "\n"


def _fixture_cases() -> list[Case]:
    cases = []
    for path in sorted(HOSTILE_DIR.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        where, words = text.splitlines()[0].removeprefix("# expect: ").split(" | ", 1)
        line, field_name = where.split(" ", 1)
        cases.append(Case(path.stem, text, int(line), field_name, words))
    return cases


_V = "claims[0].estimate.value"
_LOW = "claims[0].estimate.interval.low"
_NO_INTERVAL = {20: None, 21: None, 22: None, 23: None}

BASE_CASES: Final = [
    # refused before this work, kept refused
    Case("yaml syntax", base({18: "      value: 8: 9"}), 18, "<yaml>", "mapping values"),
    Case("duplicate key", base({19: "      value: 9"}), 19, "<yaml>", "duplicate key"),
    Case("unknown field", base({31: "    upper_bond: true"}), 31, "claims[1].upper_bond", "unknown field"),
    Case("unknown unit", base({30: "      unit: furlongs"}), 30, "claims[1].estimate.unit", "not a valid unit"),
    Case("unknown scope", base({10: "    scope: everything"}), 10, "quantities[0].scope", "not a valid scope"),
    Case("wrong type", base({18: "      value: eight"}), 18, _V, "'eight'"),
    Case("missing field", base({16: None}), 13, "claims[0].statement", "missing required field"),
    Case("outside interval", base({18: "      value: 20"}), 18, _V, "outside its interval"),
    Case("low above high", base({21: "        low: 15"}), 21, _LOW, "is above high"),
    Case("zero halving", base({18: "      value: 0"}), 18, _V, "must be > 0"),
    Case("negative halving", base({18: "      value: -8"}), 18, _V, "must be > 0"),
    Case("negative low", base({21: "        low: -1"}), 21, _LOW, "must be > 0"),
    Case("zero factor", base({29: "      value: 0"}), 29, "claims[1].estimate.value", "must be > 0"),
    Case("share above one", base({29: "      value: 91", 30: "      unit: share"}), 29, "claims[1].estimate.value", "within 0..1"),
    Case("factor without years", base({30: "      unit: factor_over_years"}), 30, "claims[1].estimate.unit", "needs years"),
    Case("year out of range", base({5: "  year: 1850"}), 5, "source.year", "outside 1900..2100"),
    Case("period after 2100", base({31: "      period: {start_year: 2020, end_year: 2191}\n    upper_bound: true"}), 31, "claims[1].estimate.period.end_year", "outside 1900..2100"),
    Case("period backwards", base({31: "      period: {start_year: 2020, end_year: 2019}\n    upper_bound: true"}), 31, "claims[1].estimate.period.start_year", "is after end_year"),
    Case("id not a slug", base({24: "  - id: Test_Claim_B"}), 24, "claims[1].id", "lowercase slug"),
    Case("duplicate id", base({24: "  - id: test-claim-a"}), 24, "claims[1].id", "duplicate id"),
    Case("duplicate across kinds", base({33: "  - id: test-quantity"}), 33, "critiques[0].id", "already defined as a quantity"),
    Case("reference to nothing", base({14: "    quantity: no-such-quantity"}), 14, "claims[0].quantity", "unknown quantity"),
    Case("reference of the wrong kind", base({36: "      - test-quantity"}), 36, "critiques[0].targets[0]", "is a quantity"),
    Case("critique of itself", base({36: "      - test-critique"}), 36, "critiques[0].targets[0]", "targets itself"),
    Case("alternative among targets", base({37: "    alternative: test-claim-a"}), 37, "critiques[0].alternative", "also one of"),
    Case("total among factors", base({43: "      - test-claim-a"}), 43, "decompositions[0].factors[0]", "among its own factors"),
    Case("no source", base({n: None for n in range(1, 6)}), 1, "source", "missing required field"),
    # values that validated but broke reconciliation
    Case("nan value", base({18: "      value: .nan"}), 18, _V, "not a finite number"),
    Case("infinite value", base({18: "      value: .inf"}), 18, _V, "not a finite number"),
    Case("1e400 value", base({18: "      value: 1e400"}), 18, _V, "not a finite number"),
    Case("nan interval end", base({22: "        high: .nan"}), 22, "claims[0].estimate.interval.high", "not a finite number"),
    Case("halving 1e-300", base({18: "      value: 1e-300", **_NO_INTERVAL}), 18, _V, "orders of magnitude per year"),
    Case("halving 0.00001", base({18: "      value: 0.00001", **_NO_INTERVAL}), 18, _V, "orders of magnitude per year"),
    Case("halving of 1e300 months", base({18: "      value: 1e300", **_NO_INTERVAL}), 18, _V, "longer than 12,000 months"),
    Case("400 orders a year", base({18: "      value: 400", 19: "      unit: orders_of_magnitude_per_year", **_NO_INTERVAL}), 18, _V, "at most 10 either way"),
    Case("1e11 times a year", base({18: "      value: 1e11", 19: "      unit: multiplier_per_year", **_NO_INTERVAL}), 18, _V, "at most 10 either way"),
    Case("cost falls 99.9999999999 %", base({18: "      value: 99.9999999999", 19: "      unit: percent_decline_per_year", **_NO_INTERVAL}), 18, _V, "orders of magnitude per year"),
    Case("factor 1e200", base({29: "      value: 1e200"}), 29, "claims[1].estimate.value", "outside the allowed magnitude"),
    Case("level of 1", base({23: "        level: 1.0"}), 23, "claims[0].estimate.interval.level", "within 0.5..0.999"),
    Case("level of 1e-300", base({23: "        level: 1e-300"}), 23, "claims[0].estimate.interval.level", "within 0.5..0.999"),
    Case("years of 1e6", base({30: "      unit: factor_over_years\n      years: 1e6"}), 31, "claims[1].estimate.years", "at most 200"),
    Case("compute scale 1e70", base({30: "      unit: one_time_factor\n      compute_scale_flop: 1e70"}), 31, "claims[1].estimate.compute_scale_flop", "at most 1e+60"),
    Case("halving-time factor", base({41: "    total: test-claim-b", 43: "      - test-claim-a"}), 43, "decompositions[0].factors[0]", "is a rate (halving_time_months)"),
    Case("share as a factor", base({18: "      value: 0.5", 19: "      unit: share", 41: "    total: test-claim-b", 43: "      - test-claim-a", **_NO_INTERVAL}), 39, "decompositions[0].factors[0]", "not a multiplier"),
    # exhaustion
    Case("impossible date", base({5: "  date: 2024-02-30"}), 5, "source.date", "not a valid date"),
    Case("5,000-digit integer", base({5: "  year: " + "9" * 5_000}), 5, "source.year", "numbers may have at most 100"),
    Case("400-digit value", base({29: "      value: " + "9" * 400}), 29, "claims[1].estimate.value", "numbers may have at most 100"),
    Case("30-digit span", base({31: "    upper_bound: true\n    locator: {text: a.txt, span: [0, " + "9" * 30 + "]}"}), 32, "claims[1].locator.span", "<= 1,000,000,000"),
    Case("10,000-character id", base({2: "  id: " + "a" * 10_000}), 2, "source.id", "ids have at most 200 characters"),
    Case("12,000-character statement", base({16: "    statement: " + "word " * 2_400}), 16, "claims[0].statement", "at most 10,000"),
    Case("3,000-character url", base({5: "  year: 2024\n  url: https://example.org/" + "a" * 3_000}), 6, "source.url", "at most 2,000"),
    Case("5,000-deep nesting", base({3: "  title: " + "[" * 5_000 + "]" * 5_000}), 3, "source.title" + "[0]" * 30, "nesting deeper than 32"),
    Case("deep block nesting", "source:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(200)), 33, "source" + "".join(f".k{i}" for i in range(31)), "nesting deeper than 32"),
    Case("101 aliases", "a: &a x\nsource: [" + ", ".join(["*a"] * 101) + "]\n", 2, "source[100]", "more than 100 aliases"),
]  # fmt: skip


def _huge(size: int) -> str:
    """A valid paper file of about `size` bytes: one source with many small evidence items."""
    head = "source: {id: huge, title: Huge, kind: paper}\nevidence:\n"
    item = (
        "  - {{id: e{0}, kind: anecdote, scope: training, summary: An item of a file too big.}}\n"
    )
    count = size // len(item.format(0)) + 1
    return head + "".join(item.format(i) for i in range(count))


def generated_cases() -> list[Case]:
    return [
        Case("50 MB file", _huge(50 * 2**20), 1, "<yaml>", "a paper file may have at most 4,194,304"),
        Case("invalid UTF-8", b"source: {id: x, title: \xff\xfe, kind: paper}\n", 1, "<yaml>", "cannot read file", text_too=False),
        Case("lone surrogate", "source: {id: x, title: \ud800, kind: paper}\n", 1, "<yaml>", "not valid Unicode", file_too=False),
    ]  # fmt: skip


@dataclass(frozen=True)
class GraphCase(Case):
    """A case refused only against what the graph holds (the corpus plus `setup` files)."""

    setup: dict[str, str] = field(default_factory=dict)  # file name -> text, ingested first


TARGET = """\
source: {id: target-src, title: Target, year: 2020, kind: paper, url: 'https://example.org/target'}
quantities:
  - {id: target-q, name: Q, description: D., scope: training, direction: less}
claims:
  - id: target-claim
    quantity: target-q
    category: algorithmic
    statement: Halves yearly.
    estimate: {value: 12, unit: halving_time_months}
"""
CRITIC = """\
source: {id: critic-src, title: Critic, kind: blog_post}
critiques:
  - {id: critic-critique, kind: methodology, targets: [target-claim], summary: No.}
"""
_HO = "ho-2024-algorithmic-progress-lms"

GRAPH_CASES: Final = [
    GraphCase("id held by another file", base({13: "  - id: epoch-2024-training-halving-8mo"}), 13, "claims[0].id", f"already a Claim of '{_HO}'"),
    GraphCase("source held by another file", f"source: {{id: {_HO}, title: Mine, kind: paper}}\n", 1, "source.id", f"corpus/{_HO}.yaml (the shipped corpus)"),
    GraphCase("empty takeover of a corpus source", "source: {id: podcast-digest-scaling-laws-and-compute-allocation, title: Mine, kind: blog_post}\nclaims: []\n", 1, "source.id", "remove 3 Claim, 1 Evidence, 3 Quantity"),
    GraphCase("a quantities.yaml elsewhere", "quantities:\n  - {id: llm-training-algorithmic-efficiency, name: N, description: D., scope: training, direction: less}\n", 2, "quantities[0].id", "corpus/quantities.yaml", file_name="quantities.yaml", folder="elsewhere"),
    GraphCase("same arXiv id", base({5: "  year: 2025\n  url: 'https://arxiv.org/pdf/2403.05812v1'"}), 6, "source.url", "same arXiv id: 2403.05812"),
    GraphCase("same title and year", base({3: "  title: Algorithmic Progress in Language Models", 5: "  year: 2024"}), 3, "source.title", "same title and year"),
    GraphCase("same url", base({5: "  year: 2024\n  url: 'http://www.example.org/target/'"}), 6, "source.url", "same URL: example.org/target", setup={"target.yaml": TARGET}),
    GraphCase("dropped claim others critique", TARGET.replace("target-claim", "target-renamed"), 4, "claims", "'target-claim' was dropped", file_name="target.yaml", setup={"target.yaml": TARGET, "critic.yaml": CRITIC}),
    GraphCase("factor of another file turned rate", TARGET, 9, "claims[0].estimate.unit", "is part of decomposition", file_name="target.yaml", setup={"target.yaml": TARGET.replace("12, unit: halving_time_months", "3, unit: one_time_factor"), "total.yaml": "source: {id: total-src, title: Total, kind: paper}\nclaims:\n  - {id: total-claim, quantity: target-q, category: mixed, statement: S., estimate: {value: 6, unit: one_time_factor}}\ndecompositions:\n  - {id: total-split, total: total-claim, factors: [target-claim]}\n"}),
]  # fmt: skip
"""Setup files (and the case itself when `file_name` names one of them) live in the same
folder, so the case is the same file edited: its origin is the setup file's."""


def file_cases() -> list[Case]:
    return [*_fixture_cases(), *BASE_CASES, *generated_cases()]


Builder = Callable[[], list[Case]]
