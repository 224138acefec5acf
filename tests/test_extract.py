"""The text extractor: each pattern family on hand-checked sentences, the YAML draft, recall.

Pure: no Neo4j. The seed texts are found the way tests/test_corpus.py finds them
(../shared/seeds or $CLAIMGRAPH_SEEDS); the seed-based tests skip when they are absent.
Offsets in comments are counted by hand; each test also asserts the spanned text, so a
miscount shows up as a readable diff.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from claimgraph.cli.app import app
from claimgraph.ingest.extract.draft import (
    QUANTITY_PLACEHOLDER,
    draft_from_text,
    draft_paper_file,
    guess_kind,
    short_slug,
    slugify,
)
from claimgraph.ingest.extract.figures import Figure, extract_figures
from claimgraph.ingest.extract.model import Bound
from claimgraph.ingest.extract.patterns import COMPUTE_PER_DOUBLING, parse_number
from claimgraph.ingest.extract.recall import figure_listing, main, measure_recall
from claimgraph.ingest.extract.source_meta import read_source_facts
from claimgraph.ingest.paper_file import CORPUS_DIR, check_paper_file, dangling_references
from claimgraph.schemas.enums import Category, Scope, SourceKind, Unit
from claimgraph.schemas.paper_file import definitions
from tests.test_corpus import SEEDS_DIR, corpus, seed_text

SEED_003 = "003_baed9da13a121bee.txt"
EXISTING_QUANTITY = "llm-training-algorithmic-efficiency"


def only(text: str) -> Figure:
    """The single figure in `text` (fails if there are none or several)."""
    figures = extract_figures(text)
    assert len(figures) == 1, [f.text for f in figures]
    return figures[0]


def check(figure: Figure, text: str, span: tuple[int, int], excerpt: str) -> None:
    assert figure.span == span
    assert text[span[0] : span[1]] == excerpt == figure.text


# --- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "value"),
    [("8", 8.0), ("1.68", 1.68), ("16,000", 16000.0), ("7½", 7.5), ("seven", 7.0)],
)
def test_parse_number(written: str, value: float) -> None:
    assert parse_number(written) == value


# --- halving and doubling times ------------------------------------------------------------


def test_halving_every_n_months() -> None:
    text = "Compute has halved approximately every 8 months."
    # "Compute has " is 12 chars; "halved approximately every 8 months" is 35 -> [12, 47]
    figure = only(text)
    check(figure, text, (12, 47), "halved approximately every 8 months")
    assert (figure.value, figure.unit, figure.low, figure.high) == (
        8.0,
        Unit.HALVING_TIME_MONTHS,
        None,
        None,
    )


def test_halving_range_with_to() -> None:
    text = "Requirements fall by half approximately every 6 to 8 months."
    # "Requirements fall by " is 21 chars; the match is 38 chars -> [21, 59]
    figure = only(text)
    check(figure, text, (21, 59), "half approximately every 6 to 8 months")
    assert (figure.value, figure.low, figure.high) == (7.0, 6.0, 8.0)
    assert figure.unit is Unit.HALVING_TIME_MONTHS


def test_halving_range_with_hyphen_and_en_dash() -> None:
    for dash in "-–":
        text = f"They halve every 6{dash}8 months."
        # "They " is 5 chars; "halve every 6-8 months" is 22 -> [5, 27]
        figure = only(text)
        check(figure, text, (5, 27), f"halve every 6{dash}8 months")
        assert (figure.low, figure.high) == (6.0, 8.0)


def test_halving_time_list_gives_one_figure_per_item() -> None:
    text = "halving times of 8 months, 6 months, and 7½ months respectively"
    # "halving times of " is 17 chars -> "8 months" [17, 25]; ", " -> "6 months" [27, 35];
    # ", and " (6 chars) -> "7½ months" [41, 50]
    figures = extract_figures(text)
    assert [(f.span, f.value) for f in figures] == [
        ((17, 25), 8.0),
        ((27, 35), 6.0),
        ((41, 50), 7.5),
    ]
    assert {f.unit for f in figures} == {Unit.HALVING_TIME_MONTHS}


def test_n_month_halving_and_halving_time_of() -> None:
    text = "The 8-month halving is odd; a halving time of 9 months."
    # "The " is 4 chars; "8-month halving" is 15 -> [4, 19]
    # "The 8-month halving is odd; a " is 30 chars; "halving time of 9 months" is 24 -> [30, 54]
    first, second = extract_figures(text)
    check(first, text, (4, 19), "8-month halving")
    check(second, text, (30, 54), "halving time of 9 months")
    assert (first.value, second.value) == (8.0, 9.0)


def test_doubling_time_in_years_is_converted_to_months() -> None:
    text = "It doubles every 2 years."
    # "It " is 3 chars; "doubles every 2 years" is 21 -> [3, 24]
    figure = only(text)
    check(figure, text, (3, 24), "doubles every 2 years")
    assert (figure.value, figure.unit) == (24.0, Unit.DOUBLING_TIME_MONTHS)


def test_doubling_twice_a_year() -> None:
    text = "efficiency is doubling twice a year"
    # "efficiency is " is 14 chars; "doubling twice a year" is 21 -> [14, 35]
    figure = only(text)
    check(figure, text, (14, 35), "doubling twice a year")
    assert (figure.value, figure.unit) == (6.0, Unit.DOUBLING_TIME_MONTHS)


# --- rates per year ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "excerpt", "value"),
    [
        ("maybe ~4x/year.", (6, 14), "~4x/year", 4.0),  # "maybe " is 6 chars
        ("around 3× per year", (0, 18), "around 3× per year", 3.0),  # the qualifier is kept
        ("is ~1.68x/year.", (3, 14), "~1.68x/year", 1.68),  # "is " is 3
        ("dropping 3×/year, holding", (9, 16), "3×/year", 3.0),  # "dropping " is 9
    ],
)
def test_multiplier_per_year(text: str, span: tuple[int, int], excerpt: str, value: float) -> None:
    figure = only(text)
    check(figure, text, span, excerpt)
    assert (figure.value, figure.unit) == (value, Unit.MULTIPLIER_PER_YEAR)


def test_multiplier_per_year_range() -> None:
    text = "by 3-4x annually"
    # "by " is 3 chars; "3-4x annually" is 13 -> [3, 16]
    figure = only(text)
    check(figure, text, (3, 16), "3-4x annually")
    assert (figure.value, figure.low, figure.high) == (3.5, 3.0, 4.0)
    assert figure.unit is Unit.MULTIPLIER_PER_YEAR


@pytest.mark.parametrize(
    ("text", "span", "excerpt", "value"),
    [
        ("today (≈20%/year).", (7, 16), "≈20%/year", 20.0),  # "today (" is 7 chars
        ("FLOP/$ has increased 30%/year", (21, 29), "30%/year", 30.0),  # prefix 21 chars
        ("(50%/year!)", (1, 9), "50%/year", 50.0),
        ("grows 30 percent per year", (6, 25), "30 percent per year", 30.0),  # "grows " 6
        ("grows at 38% CAGR", (9, 17), "38% CAGR", 38.0),  # "grows at " is 9
    ],
)
def test_percent_per_year(text: str, span: tuple[int, int], excerpt: str, value: float) -> None:
    figure = only(text)
    check(figure, text, span, excerpt)
    assert (figure.value, figure.unit) == (value, Unit.PERCENT_PER_YEAR)


def test_percent_decline_per_year() -> None:
    text = "prices fall 40% per year"
    # "prices fall " is 12 chars; "40% per year" is 12 -> [12, 24]
    figure = only(text)
    check(figure, text, (12, 24), "40% per year")
    assert (figure.value, figure.unit) == (40.0, Unit.PERCENT_DECLINE_PER_YEAR)


def test_orders_of_magnitude() -> None:
    text = "two orders of magnitude, or 0.5 orders of magnitude per year"
    # "two orders of magnitude" is [0, 23]; ", or " -> "0.5 orders of magnitude per year" [28, 60]
    one_time, rate = extract_figures(text)
    check(one_time, text, (0, 23), "two orders of magnitude")
    assert (one_time.value, one_time.unit) == (100.0, Unit.ONE_TIME_FACTOR)
    check(rate, text, (28, 60), "0.5 orders of magnitude per year")
    assert (rate.value, rate.unit) == (0.5, Unit.ORDERS_OF_MAGNITUDE_PER_YEAR)


# --- factors over years and one-time factors ----------------------------------------------


def test_factor_of_n_in_y_years() -> None:
    text = "So that would be a factor of 600 in 7 years."
    # "So that would be " is 17 chars; "a factor of 600 in 7 years" is 26 -> [17, 43]
    figure = only(text)
    check(figure, text, (17, 43), "a factor of 600 in 7 years")
    assert (figure.value, figure.unit, figure.years) == (600.0, Unit.FACTOR_OVER_YEARS, 7.0)


def test_factor_after_years_spelled_out_and_words_between() -> None:
    text = "10× after two years, 600× less to train in 7 years"
    # "10× after two years" is [0, 19]; ", " -> "600× less to train in 7 years" is [21, 50]
    first, second = extract_figures(text)
    check(first, text, (0, 19), "10× after two years")
    check(second, text, (21, 50), "600× less to train in 7 years")
    assert (first.value, first.years) == (10.0, 2.0)
    assert (second.value, second.years) == (600.0, 7.0)
    assert {first.unit, second.unit} == {Unit.FACTOR_OVER_YEARS}


def test_factor_with_a_period_of_years_nearby() -> None:
    text = "an extra 10× algorithmic improvement (50%/year!) in the 2018-2025 period"
    # "an extra " is 9 chars -> "10×" [9, 12] (the years come from context, outside the span);
    # "an extra 10× algorithmic improvement (" is 38 chars -> "50%/year" [38, 46]
    factor, rate = extract_figures(text)
    check(factor, text, (9, 12), "10×")
    assert (factor.value, factor.unit, factor.years, factor.period) == (
        10.0,
        Unit.FACTOR_OVER_YEARS,
        7.0,
        (2018, 2025),
    )
    check(rate, text, (38, 46), "50%/year")
    assert YAML(typ="safe").load(draft_from_text(text, "t.txt"))["claims"][0]["estimate"] == {
        "value": 10,
        "unit": "factor_over_years",
        "years": 7,
        "period": {"start_year": 2018, "end_year": 2025},
    }


@pytest.mark.parametrize(
    ("text", "span", "excerpt", "value"),
    [
        ("MoE was like a 2× efficiency improvement", (15, 17), "2×", 2.0),  # prefix 15 chars
        ("small ones (~1.2x)", (12, 17), "~1.2x", 1.2),  # "small ones (" is 12
        ("a total of 16,000×", (11, 18), "16,000×", 16000.0),  # "a total of " is 11
        ("a tenfold gain", (2, 9), "tenfold", 10.0),
    ],
)
def test_one_time_factor(text: str, span: tuple[int, int], excerpt: str, value: float) -> None:
    figure = only(text)
    check(figure, text, span, excerpt)
    assert (figure.value, figure.unit, figure.upper_bound) == (
        value,
        Unit.ONE_TIME_FACTOR,
        False,
    )


def test_one_time_factor_range() -> None:
    for dash in "-–":
        text = f"maybe 3{dash}5× worth"
        # "maybe " is 6 chars; "3-5×" is 4 -> [6, 10]
        figure = only(text)
        check(figure, text, (6, 10), f"3{dash}5×")
        assert (figure.value, figure.low, figure.high) == (4.0, 3.0, 5.0)


@pytest.mark.parametrize(
    ("text", "span", "excerpt", "value", "unit"),
    [
        # "there might be " is 15 chars; "up to 20×" is 9 -> [15, 24]
        ("there might be up to 20× improvement", (15, 24), "up to 20×", 20.0, Unit.ONE_TIME_FACTOR),
        # "a factor of less than 1.5×" is 26 chars -> [0, 26]
        (
            "a factor of less than 1.5× total",
            (0, 26),
            "a factor of less than 1.5×",
            1.5,
            Unit.ONE_TIME_FACTOR,
        ),
        # "they contribute " is 16 chars; "less than 10%" is 13 -> [16, 29]
        ("they contribute less than 10% to gains", (16, 29), "less than 10%", 0.1, Unit.SHARE),
        # "cause " is 6 chars; "up to 68%" is 9 -> [6, 15]
        ("cause up to 68% performance hit", (6, 15), "up to 68%", 0.68, Unit.SHARE),
    ],
)
def test_upper_bounds(
    text: str, span: tuple[int, int], excerpt: str, value: float, unit: Unit
) -> None:
    figure = only(text)
    check(figure, text, span, excerpt)
    assert (figure.value, figure.unit, figure.upper_bound) == (value, unit, True)


# --- shares, dollars, compute per doubling, scientific notation ----------------------------


def test_share_of_gains() -> None:
    text = "approximately 91% of total efficiency gains"
    # the qualifier "approximately " (14 chars) opens the span: "approximately 91%" -> [0, 17]
    figure = only(text)
    check(figure, text, (0, 17), "approximately 91%")
    assert (figure.value, figure.unit, figure.bound) == (0.91, Unit.SHARE, Bound.APPROXIMATE)


def test_share_range() -> None:
    text = "finds 0-15% compression difference"
    # "finds " is 6 chars; "0-15%" is 5 -> [6, 11]
    figure = only(text)
    check(figure, text, (6, 11), "0-15%")
    assert (figure.value, figure.low, figure.high, figure.unit) == (0.075, 0.0, 0.15, Unit.SHARE)


def test_percent_above_100_is_not_a_share() -> None:
    assert extract_figures("a 250% increase") == []


def test_dollar_amounts() -> None:
    text = "costs $73 whereas approx. $43K or $5M"
    # "costs " is 6 -> "$73" [6, 9]; "costs $73 whereas approx. " is 26 -> "$43K" [26, 30];
    # "... $43K or " is 34 -> "$5M" [34, 37]
    figures = extract_figures(text)
    assert [(f.span, f.value, f.label) for f in figures] == [
        ((6, 9), 73.0, "USD"),
        ((26, 30), 43000.0, "USD"),
        ((34, 37), 5e6, "USD"),
    ]
    assert {f.unit for f in figures} == {Unit.ABSOLUTE}


def test_compute_increase_per_capability_doubling() -> None:
    text = "increasing training compute by 10x roughly doubles capability"
    # "increasing training compute by 10x roughly doubles": 44 letters + 6 spaces -> [0, 50]
    figure = only(text)
    check(figure, text, (0, 50), "increasing training compute by 10x roughly doubles")
    assert (figure.value, figure.unit, figure.label) == (10.0, Unit.ABSOLUTE, COMPUTE_PER_DOUBLING)
    tenfold = only("a tenfold increase in the compute used results in a doubling")
    assert (tenfold.span, tenfold.value, tenfold.unit) == ((2, 60), 10.0, Unit.ABSOLUTE)


def test_compute_increase_without_doubling_is_a_plain_factor() -> None:
    figure = only("A 10x increase in compute may only yield one tier.")
    assert (figure.span, figure.value, figure.unit) == ((2, 5), 10.0, Unit.ONE_TIME_FACTOR)


def test_scientific_notation_is_not_a_factor() -> None:
    text = "frontier (defined as 2 × 10²³ FLOPs)"
    # "frontier (defined as " is 21 chars; "2 × 10²³ FLOPs" is 14 -> [21, 35]
    figure = only(text)
    check(figure, text, (21, 35), "2 × 10²³ FLOPs")
    assert (figure.value, figure.unit, figure.label) == (2e23, Unit.ABSOLUTE, "FLOP")


@pytest.mark.parametrize(
    "text",
    [
        "matches GPT-2 performance",
        "a single 8XH100 node",
        "the 2018-2025 period",
        "TPU v3 chips",
        "§1.1 is stereotypical",
        "10N× more efficient",
        "(1,2)",
    ],
)
def test_no_figure(text: str) -> None:
    assert extract_figures(text) == []


# --- context guesses -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "scope", "category"),
    [
        ("inference compute has been dropping 3×/year", Scope.INFERENCE, Category.MIXED),
        ("FLOP/$ has increased 30%/year", Scope.HARDWARE, Category.HARDWARE),
        ("optimizing the CUDA code might give up to 20×", Scope.UNSPECIFIED, Category.OPTIMIZATION),
        (
            "Mixture-of-Experts (MoE) was like a 2× improvement in training",
            Scope.TRAINING,
            Category.ALGORITHMIC,
        ),
        ("5× from better data", Scope.DATA, Category.DATA),
        ("distilled models serve 3× cheaper", Scope.INFERENCE, Category.DATA),
        ("it went up 5×", Scope.UNSPECIFIED, Category.MIXED),
    ],
)
def test_scope_and_category_guesses(text: str, scope: Scope, category: Category) -> None:
    figure = only(text)
    assert (figure.scope, figure.category) == (scope, category)


def test_nearest_word_wins() -> None:
    padding = " filler" * 5
    text = f"training{padding} 3× {padding}inference"
    # "training" ends 35 chars before the figure, "inference" starts 36 after: training wins
    assert only(text).scope is Scope.TRAINING


# --- the draft -----------------------------------------------------------------------------


def test_slugs() -> None:
    assert slugify("003_baed9da13a121bee") == "003-baed9da13a121bee"
    assert slugify("  The Nature: of LLMs! ") == "the-nature-of-llms"
    figures = extract_figures("halved every 8 months; up to 20×; 91%; 1.68x/year; $43K")
    assert [short_slug(f) for f in figures] == [
        "halving-8mo",
        "up-to-20x",
        "91pct",
        "1-68x-per-year",
        "43000-usd",
    ]


def test_guess_kind() -> None:
    assert guess_kind("We scan new podcasts daily") is SourceKind.PODCAST
    assert guess_kind("Title\nCoverage of lessw-blog") is SourceKind.NEWS_ARTICLE
    assert guess_kind("Title\nAbstract\nWe show") is SourceKind.PAPER
    assert guess_kind("The nature of LLM algorithmic progress") is SourceKind.BLOG_POST


def test_draft_shape_from_text() -> None:
    draft = YAML(typ="safe").load(
        draft_from_text("\n\nMy Title\nIt halved every 8 months, up to 20×.\n", "my_note.txt")
    )
    assert draft["source"]["id"] == "my-note"
    assert draft["source"]["title"] == "My Title"
    first, second = draft["claims"]
    assert first["id"] == "my-note-1-halving-8mo"
    assert first["quantity"] == QUANTITY_PLACEHOLDER
    assert first["statement"] == "TODO: paraphrase"
    assert first["estimate"] == {"value": 8, "unit": "halving_time_months"}
    # "\n\nMy Title\nIt " is 14 chars; "halved every 8 months" is 21 -> [14, 35]
    assert first["locator"] == {"text": "my_note.txt", "span": [14, 35]}
    assert second["upper_bound"] is True
    assert "TODO" in draft_from_text("x 3×", "n.txt").split("quantity:")[1].splitlines()[0]


def _write_draft(tmp_path: Path, seed: str) -> Path:
    path = tmp_path / f"{Path(seed).stem}.yaml"
    path.write_text(draft_paper_file(SEEDS_DIR / seed), encoding="utf-8")
    return path


def _fill_quantities(path: Path, quantity: str) -> None:
    yaml = YAML(typ="rt")
    document = yaml.load(path.read_text(encoding="utf-8"))
    for claim in document["claims"]:
        claim["quantity"] = quantity
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(document, handle)


def test_raw_draft_fails_only_at_the_quantity_placeholders(tmp_path: Path) -> None:
    seed_text(SEED_003)  # skips when the seeds are absent
    path = _write_draft(tmp_path, SEED_003)
    claims = YAML(typ="safe").load(path.read_text(encoding="utf-8"))["claims"]
    loaded, errors = check_paper_file(path)
    assert loaded is None
    assert len(errors) == len(claims) > 20
    for error in errors:
        assert re.fullmatch(r"claims\[\d+\]\.quantity", error.field), str(error)
        assert "'TODO' is not a valid id" in error.message


def test_filled_draft_of_seed_003_validates(tmp_path: Path) -> None:
    seed_text(SEED_003)
    path = _write_draft(tmp_path, SEED_003)
    known = {d.id: d.kind for loaded in corpus() for d in definitions(loaded.document)}
    assert EXISTING_QUANTITY in known
    _fill_quantities(path, EXISTING_QUANTITY)
    loaded, errors = check_paper_file(path)
    assert errors == [], "\n".join(map(str, errors))
    assert loaded is not None and loaded.paper is not None
    assert dangling_references(loaded, known) == []
    text = seed_text(SEED_003)
    figures = extract_figures(text)
    assert [c.locator.span for c in loaded.paper.claims] == [list(f.span) for f in figures]
    assert any(c.estimate.value == 8 and c.locator.span == [275, 310] for c in loaded.paper.claims)


@pytest.mark.parametrize(
    "seed", sorted(p.name for p in SEEDS_DIR.glob("*.txt")) if SEEDS_DIR.is_dir() else []
)
def test_every_seed_drafts_a_valid_file_once_filled(tmp_path: Path, seed: str) -> None:
    path = _write_draft(tmp_path, seed)
    _fill_quantities(path, EXISTING_QUANTITY)
    _, errors = check_paper_file(path)
    assert errors == [], "\n".join(map(str, errors))


# --- recall against the hand-encoded corpus -----------------------------------------------


def test_recall_on_the_seeds_is_complete() -> None:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed texts not found at {SEEDS_DIR} (set CLAIMGRAPH_SEEDS)")
    report = measure_recall(CORPUS_DIR, SEEDS_DIR)
    print()
    print(report.table())
    print(figure_listing(report))
    assert report.encoded >= 30
    assert report.recall == 1.0, report.table()


def test_recall_main_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed texts not found at {SEEDS_DIR} (set CLAIMGRAPH_SEEDS)")
    assert main(["--seeds", str(SEEDS_DIR)]) == 0
    out = capsys.readouterr().out
    assert SEED_003 in out and "overall" in out


# --- the kinds of statement unseen texts use -----------------------------------------------


def test_number_words_are_read_by_the_library() -> None:
    # words become digits before any pattern runs; spans still point into the original text
    text = "Costs fell roughly ten times every year and halved every nine months."
    first, second = extract_figures(text)
    assert (first.text, first.value, first.unit, first.bound) == (
        "roughly ten times every year",
        10.0,
        Unit.MULTIPLIER_PER_YEAR,
        Bound.APPROXIMATE,
    )
    assert (second.text, second.value, second.unit) == (
        "halved every nine months",
        9.0,
        Unit.HALVING_TIME_MONTHS,
    )
    assert only("It doubles every two and a half years.").value == 30.0  # 2.5 years = 30 months
    assert only("a hundred and fifty-fold gain").value == 150.0


def test_names_with_number_words_are_not_numbers() -> None:
    # "AlphaGo Zero" and "OpenAI Five" are names; "1 year afterwards" still ends the span
    text = "AlphaZero needed eight times less compute than AlphaGo Zero one year afterwards."
    figure = only(text)
    assert (figure.value, figure.unit, figure.years) == (8.0, Unit.FACTOR_OVER_YEARS, 1.0)


def test_confidence_interval_is_the_figures_interval_not_a_share() -> None:
    text = "Compute halves every nine months (95% confidence interval: 4 to 25 months)."
    figure = only(text)
    assert (figure.value, figure.low, figure.high, figure.level) == (9.0, 4.0, 25.0, 0.95)
    assert figure.text == "halves every nine months"


@pytest.mark.parametrize(
    ("text", "low", "high", "level"),
    [
        # years into months with the figure: 1.54 * 12 = 18.48, 3.13 * 12 = 37.56
        ("doubling every 2.07 years (95% CI 1.54 to 3.13 years)", 18.48, 37.56, 0.95),
        ("grows 2.4x per year, with a 90% CI of 2.0x to 2.9x", 2.0, 2.9, 0.9),
        ("a halving time of 7.5 months [95% CI: 5.1, 11.2]", 5.1, 11.2, 0.95),
        ("a doubling time of 2.95 years [2.54, 3.52]", 30.48, 42.24, None),  # 2.54*12, 3.52*12
        ("doubling every 5 to 7 months (90% CI)", 5.0, 7.0, 0.9),  # the level of the range
    ],
)
def test_interval_forms(text: str, low: float, high: float, level: float | None) -> None:
    figure = only(text)
    assert (figure.low, figure.high, figure.level) == pytest.approx((low, high, level))


def test_range_between_is_one_rate() -> None:
    figure = only("Prices fell between 9x and 900x per year.")
    # a range without a point: the midpoint (9 + 900) / 2 = 454.5 is the value
    assert (figure.value, figure.low, figure.high, figure.unit) == (
        454.5,
        9.0,
        900.0,
        Unit.MULTIPLIER_PER_YEAR,
    )


def test_n_fold_between_years_is_a_factor_over_the_years() -> None:
    figure = only("Training compute fell 44-fold between 2012 and 2019.")
    # years = 2019 - 2012 = 7
    assert (figure.value, figure.unit, figure.years, figure.period) == (
        44.0,
        Unit.FACTOR_OVER_YEARS,
        7.0,
        (2012, 2019),
    )
    before = only("Over those fifteen years, machines became about 1000x faster.")
    assert (before.unit, before.years, before.bound) == (
        Unit.FACTOR_OVER_YEARS,
        15.0,
        Bound.APPROXIMATE,
    )
    months = only("a drop of more than 280-fold in about eighteen months")
    assert (months.years, months.bound) == (1.5, Bound.LOWER)  # 18 months = 1.5 years


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("it grew by more than 300,000x", Bound.LOWER),
        ("a gain of at least 9x per year", Bound.LOWER),
        ("the speedup is over 2.2x", Bound.LOWER),
        ("up to 7x faster", Bound.UPPER),
        ("perplexity rises by less than 1%", Bound.UPPER),
        ("about 4.6x per year", Bound.APPROXIMATE),
        ("~1.2x", Bound.APPROXIMATE),
        ("it grew 4.6x per year", None),
    ],
)
def test_bounds_are_kept(text: str, bound: Bound | None) -> None:
    assert only(text).bound is bound


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a 15% end-to-end speedup", 1.15),
        ("running 60% faster", 1.6),
        ("a speedup of 30 percent", 1.3),
    ],
)
def test_percentage_speedups_are_factors(text: str, value: float) -> None:
    figure = only(text)
    assert (figure.value, figure.unit) == (value, Unit.ONE_TIME_FACTOR)


@pytest.mark.parametrize(
    "text",
    [
        "a 50% reliability threshold",
        "84.3% top-1 accuracy",
        "with 95% confidence",
        "GPT-3.5 and FP8 on 8 GPUs in 2019",
        "hundreds of times",
        "a ratio of 20 tokens per parameter",
        "it needed 10^999 FLOP",
    ],
)
def test_conditions_and_names_are_not_figures(text: str) -> None:
    assert extract_figures(text) == []


def test_fractions_and_amounts() -> None:
    assert only("the remaining two-thirds came from hardware").value == pytest.approx(2 / 3, 1e-5)
    assert only("about one seventh of what others need").value == pytest.approx(1 / 7, 1e-5)
    tokens = only("a stock of roughly 300 trillion tokens")
    assert (tokens.value, tokens.label) == (3e14, "tokens")
    hours = only("took 2.788 million H800 GPU hours")
    assert (hours.value, hours.label) == (2788000.0, "GPU hours")
    dollars = only("more than a billion dollars")
    assert (dollars.value, dollars.label, dollars.bound) == (1e9, "USD", Bound.LOWER)
    assert extract_figures("$60 per million tokens")[0].value == 60.0
    assert len(extract_figures("$60 per million tokens")) == 1  # the per-token count is a rate


def test_period_of_a_rate_is_guessed_from_its_sentence() -> None:
    figure = only("From 2006 to 2021, FLOP/s per dollar doubled about every 2.5 years.")
    assert (figure.period, figure.period_guessed, figure.value) == ((2006, 2021), True, 30.0)


# --- the source as the text states it ------------------------------------------------------


def test_source_facts_from_labelled_lines() -> None:
    text = "Title: A Study\nAuthors: Ann Lee, Bo Chen, et al.\nYear: 2022\n\nBody text here.\n"
    facts = read_source_facts(text)
    assert (facts.title, facts.authors, facts.year) == ("A Study", ("Ann Lee", "Bo Chen"), 2022)
    assert (facts.title_line, facts.authors_line, facts.year_line) == (1, 2, 3)


def test_source_facts_from_heading_and_byline() -> None:
    text = "Trends in Things\nBy Ann Lee and Bo Chen (2011)\n\nThe body starts here.\n"
    facts = read_source_facts(text)
    assert (facts.title, facts.authors, facts.year) == (
        "Trends in Things",
        ("Ann Lee", "Bo Chen"),
        2011,
    )
    dated = read_source_facts("A Heading\nMarch 2025\n\nBody.\n")
    assert (dated.title, dated.authors, dated.year) == ("A Heading", (), 2025)


def test_a_first_line_that_is_a_sentence_is_no_title() -> None:
    text = "Compute grew 4x per year over the decade, the report says.\nMore text.\n"
    facts = read_source_facts(text)
    assert (facts.title, facts.authors, facts.year) == (None, (), None)
    draft = YAML(typ="safe").load(draft_from_text(text, "note.txt"))
    assert draft["source"]["title"] == "TODO: title"
    assert "year" not in draft["source"]


def test_draft_says_what_it_guessed_and_keeps_bounds_as_comments() -> None:
    text = (
        "Title: A Study\nYear: 2024\n\nFrom 2010 to 2020 compute grew more than 4x per year, "
        "about 3x cheaper, and the speedup was up to 7x.\n"
    )
    draft = draft_from_text(text, "study.txt")
    loaded = YAML(typ="safe").load(draft)
    assert loaded["source"]["title"] == "A Study" and loaded["source"]["year"] == 2024
    assert "title: A Study # from the text, line 1" in draft
    rate, approximate, ceiling = loaded["claims"]
    assert rate["estimate"]["period"] == {"start_year": 2010, "end_year": 2020}
    assert "guessed from the years in the sentence" in draft
    assert "stated as a lower bound" in draft and "stated as approximate" in draft
    assert ceiling["upper_bound"] is True and "upper_bound" not in approximate
    assert draft.count("category: mixed # guessed from nearby words") == 3
    schema_line, rest = draft.split("\n", 1)
    assert schema_line.startswith("# yaml-language-server: $schema=")
    assert rest.startswith("# Drafted by the claimgraph extractor from study.txt: 3 figures.")


def test_draft_carries_the_interval_level() -> None:
    draft = YAML(typ="safe").load(
        draft_from_text("It halves every nine months (95% CI: 4 to 25 months).", "n.txt")
    )
    assert draft["claims"][0]["estimate"] == {
        "value": 9,
        "unit": "halving_time_months",
        "interval": {"low": 4, "high": 25, "level": 0.95},
    }


# --- the command line ---------------------------------------------------------------------


def test_cli_scores_a_folder_of_texts_with_answers(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Prices fell 10x per year.\n")
    (tmp_path / "a.yaml").write_text(
        "paraphrased_from: a made-up note\n"
        "figures:\n  - {at: 10x per year, value: 10, unit: multiplier_per_year}\n"
    )
    result = CliRunner().invoke(app, ["extract", "--recall", "--set", str(tmp_path)])
    assert result.exit_code == 0, result.output
    overall = next(line for line in result.output.splitlines() if line.startswith("overall"))
    assert overall.split()[1:6] == ["1", "1", "100%", "1", "100%"]


def test_cli_fails_clearly_when_there_is_nothing_to_measure(tmp_path: Path) -> None:
    (tmp_path / "lonely.txt").write_text("No answers here.\n")
    result = CliRunner().invoke(app, ["extract", "--recall", "--set", str(tmp_path)])
    assert result.exit_code == 1
    assert "nothing to measure" in result.output and ".yaml answer file" in result.output
    empty = CliRunner().invoke(app, ["extract", "--recall", "--seeds", str(tmp_path / "none")])
    assert empty.exit_code == 1
    assert "no seed texts" in empty.output and "CLAIMGRAPH_SEEDS" in empty.output


def test_cli_recall_on_the_seeds_is_complete() -> None:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed texts not found at {SEEDS_DIR} (set CLAIMGRAPH_SEEDS)")
    result = CliRunner().invoke(app, ["extract", "--recall", "--seeds", str(SEEDS_DIR)])
    assert result.exit_code == 0, result.output
    overall = next(line for line in result.output.splitlines() if line.startswith("overall"))
    encoded, found, recall = overall.split()[1:4]
    assert int(encoded) >= 30 and found == encoded and recall == "100%"
