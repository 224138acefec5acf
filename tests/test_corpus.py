"""The shipped corpus loads, is internally consistent and matches the seed texts; no Neo4j.

The seed articles live outside the repository (`../shared/seeds/`, or $CLAIMGRAPH_SEEDS);
the span tests skip, loudly, when they are not there.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from claimgraph.ingest.paper_file import (
    CORPUS_DIR,
    LoadedFile,
    check_corpus,
    corpus_files,
    load_corpus,
    read_paper_file,
)
from claimgraph.schemas.enums import Scope, Unit
from claimgraph.schemas.estimate import Estimate
from claimgraph.schemas.models import Claim, Quantity
from claimgraph.schemas.paper_file import PaperFile, QuantityCatalogue, definitions

SEEDS_DIR = Path(
    os.environ.get("CLAIMGRAPH_SEEDS", Path(__file__).resolve().parents[2] / "shared" / "seeds")
)
COPY_WINDOW = 8
"""A run of this many words shared with a seed counts as a copied sentence."""


@cache
def corpus() -> tuple[LoadedFile, ...]:
    return tuple(load_corpus(CORPUS_DIR))


def papers() -> Iterator[PaperFile]:
    for loaded in corpus():
        if loaded.paper is not None:
            yield loaded.paper


def all_claims() -> dict[str, Claim]:
    return {claim.id: claim for paper in papers() for claim in paper.claims}


def all_quantities() -> dict[str, Quantity]:
    return {quantity.id: quantity for loaded in corpus() for quantity in loaded.document.quantities}


def seed_text(name: str) -> str:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed texts not found at {SEEDS_DIR} (set CLAIMGRAPH_SEEDS)")
    return (SEEDS_DIR / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("path", corpus_files(CORPUS_DIR), ids=lambda path: path.name)
def test_every_corpus_file_loads(path: Path) -> None:
    loaded = read_paper_file(path)
    if isinstance(loaded.document, PaperFile):
        assert path.stem == loaded.document.source.id, "a paper file is named after its source"
    else:
        assert isinstance(loaded.document, QuantityCatalogue)


def test_corpus_covers_every_seed() -> None:
    seeds = {
        claim.locator.text for claim in all_claims().values() if claim.locator.text is not None
    }
    assert {name[:3] for name in seeds} >= {"000", "001", "002", "003"}
    assert any(paper.source.id.startswith("redwood-") for paper in papers())  # seed 004


def test_ids_unique_and_no_dangling_reference_across_the_corpus() -> None:
    errors = check_corpus(corpus())
    assert errors == [], "\n".join(map(str, errors))
    ids = [definition.id for loaded in corpus() for definition in definitions(loaded.document)]
    assert len(ids) == len(set(ids))


def renderings(number: float) -> set[str]:
    """How a seed may write a number: 16000 as 16000, 16,000 or 16K; 0.91 as .91."""
    out = {f"{number:g}", repr(number)}
    if float(number).is_integer():
        whole = int(number)
        out |= {str(whole), f"{whole:,}"}
        if whole and whole % 1000 == 0:
            out.add(f"{whole // 1000}K")
    return out


def mentions(text: str, number: float, unit: Unit) -> bool:
    """Whether `text` contains the number as a whole number (not inside 2018 or 1.68)."""
    candidates = renderings(number)
    if unit is Unit.SHARE:
        candidates |= renderings(round(number * 100, 10))
    for candidate in candidates:
        pattern = rf"(?<![\d.,]){re.escape(candidate)}(?![\d]|[.,]\d)"
        if re.search(pattern, text):
            return True
    return False


def stated_numbers_present(text: str, estimate: Estimate) -> bool:
    if mentions(text, estimate.value, estimate.unit):
        return True
    interval = estimate.interval  # a range stated without a point: both ends must be there
    return interval is not None and all(
        mentions(text, end, estimate.unit) for end in (interval.low, interval.high)
    )


def spanned_claims() -> list[Claim]:
    return [claim for claim in all_claims().values() if claim.locator.span is not None]


@pytest.mark.parametrize("claim", spanned_claims(), ids=lambda claim: claim.id)
def test_span_contains_the_stated_number(claim: Claim) -> None:
    assert claim.locator.text is not None and claim.locator.span is not None
    text = seed_text(claim.locator.text)
    start, end = claim.locator.span
    assert end <= len(text)
    excerpt = text[start:end]
    assert stated_numbers_present(excerpt, claim.estimate), (
        f"{claim.id}: span {claim.locator.span} is {excerpt!r}, "
        f"which does not contain {claim.estimate.value:g}"
    )


def test_every_seed_locator_names_an_existing_seed() -> None:
    for claim in all_claims().values():
        if claim.locator.text is not None:
            seed_text(claim.locator.text)


def our_prose() -> Iterator[tuple[str, str]]:
    """(where, text) for every piece of prose we wrote: statements, summaries, descriptions."""
    for loaded in corpus():
        doc = loaded.document
        for quantity in doc.quantities:
            yield quantity.id, quantity.description
        if isinstance(doc, PaperFile):
            for claim in doc.claims:
                yield claim.id, claim.statement
            for evidence in doc.evidence:
                yield evidence.id, evidence.summary
            for critique in doc.critiques:
                yield critique.id, critique.summary
            for grouping in doc.groupings:
                yield grouping.id, grouping.summary


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def test_no_copied_sentences_and_no_quotations() -> None:
    seeds = [seed_text(path.name) for path in sorted(SEEDS_DIR.glob("*.txt"))]
    windows: set[tuple[str, ...]] = set()
    for seed in seeds:
        tokens = words(seed)
        windows |= {
            tuple(tokens[i : i + COPY_WINDOW]) for i in range(len(tokens) - COPY_WINDOW + 1)
        }
    for where, prose in our_prose():
        assert not re.search(r"[\"“”]", prose), f"{where}: quotation marks in our prose"
        tokens = words(prose)
        for i in range(len(tokens) - COPY_WINDOW + 1):
            run = tuple(tokens[i : i + COPY_WINDOW])
            assert run not in windows, f"{where}: copied from a seed: {' '.join(run)}"


def test_nanochat_factors_multiply_to_the_total() -> None:
    claims = all_claims()
    [decomposition] = [
        d for paper in papers() for d in paper.decompositions if "nanochat" in d.total
    ]
    total = claims[decomposition.total].estimate
    factors = [claims[factor].estimate for factor in decomposition.factors]
    assert total.value == 600
    assert sorted(f.value for f in factors) == [2, 5, 6, 10]
    product = math.prod(f.value for f in factors)
    assert abs(product - total.value) <= decomposition.tolerance * total.value
    assert {f.years for f in factors} == {total.years}  # same span: the product is comparable


def test_every_decomposition_is_consistent() -> None:
    claims = all_claims()
    for paper in papers():
        for decomposition in paper.decompositions:
            total = claims[decomposition.total].estimate.value
            product = math.prod(claims[f].estimate.value for f in decomposition.factors)
            assert abs(product / total - 1) <= decomposition.tolerance, decomposition.id


def test_epoch_and_core_algorithmic_estimates_can_conflict() -> None:
    """The 8-month halving and the post's ~1.2x/yr measure one quantity, so they get pooled
    and clash; the post's scale-dependence critique targets one and proposes the other."""
    claims = all_claims()
    epoch = claims["epoch-2024-training-halving-8mo"]
    core = claims["byrnes-2026-core-algorithmic-3-5x-since-2018"]
    assert epoch.quantity == core.quantity
    assert epoch.estimate.interval is not None and epoch.estimate.interval.level == 0.95
    epoch_r_low = 2 ** (12 / epoch.estimate.interval.high)
    assert core.estimate.interval is not None and core.estimate.years is not None
    core_r_high = core.estimate.interval.high ** (1 / core.estimate.years)
    assert core_r_high < epoch_r_low  # the intervals do not overlap
    critiques = [c for paper in papers() for c in paper.critiques if epoch.id in c.targets]
    assert [(c.kind.value, c.alternative) for c in critiques] == [("scale_dependence", core.id)]


def test_three_sources_grouping_mixes_training_and_inference() -> None:
    claims, quantities = all_claims(), all_quantities()
    [grouping] = [g for paper in papers() for g in paper.groupings if "three" in g.id]
    scopes = sorted(quantities[claims[c].quantity].scope.value for c in grouping.claims)
    assert scopes == ["inference", "training", "training"]


def test_news_restatement_is_unscoped_and_cites_its_sources() -> None:
    claims, quantities = all_claims(), all_quantities()
    news = claims["pseedr-algorithmic-progress-halving-6-8mo"]
    assert quantities[news.quantity].scope is Scope.UNSPECIFIED
    assert news.estimate.interval is not None
    assert (news.estimate.interval.low, news.estimate.interval.high) == (6, 8)
    # 6-8 months spans the post's three lead figures (8, 6 and 7.5 months), so the
    # restatement rests on all three: two training figures and one inference figure.
    assert set(news.cites) == {
        "epoch-2024-training-halving-8mo",
        "amodei-2025-training-efficiency-4x-per-year",
        "gundlach-2025a-inference-efficiency-3x-per-year",
    }
    cited_scopes = {quantities[claims[c].quantity].scope for c in news.cites}
    assert cited_scopes == {Scope.TRAINING, Scope.INFERENCE}
