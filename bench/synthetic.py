"""Synthetic corpora of any size, for benchmarks and scale tests of ingest.

The seed corpus has a dozen files; measuring ingest needs thousands. The generator writes
paper files shaped like real ones (one source each, plus a quantity catalogue) whose
references cross files the way papers do: claims cite claims of earlier sources, critiques
target them, groupings mix them. Everything comes from `random.Random` seeded per source, so
one seed always gives the same bytes, and `corpus_rows` gives the very rows ingest writes
without going through YAML (the baseline of `bench.ingest`).

Longer than our usual module: it is one recipe (catalogue, sources, claims, critiques,
groupings, decompositions) whose parts share the seeded generator and the id scheme, and
reads best in one place; its YAML writer lives apart in `bench.synthetic_yaml`.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from bench.synthetic_yaml import to_yaml
from claimgraph.graph.paper_rows import DocumentRows, document_rows, owner_of
from claimgraph.ingest.origins import origin_of_path
from claimgraph.ingest.paper_file import document_model

Doc = dict[str, object]
"""A paper file or catalogue as plain data, exactly what the YAML file holds."""

CATALOGUE_STEM: Final = "quantities"
CLAIMS_PER_QUANTITY: Final = 100

_SCOPES: Final = ("training", "inference", "hardware", "compute", "capability", "data")
_CATEGORIES: Final = ("algorithmic", "optimization", "data", "hardware", "mixed")
_SOURCE_KINDS: Final = ("paper", "blog_post", "podcast", "talk", "dataset", "news_article")
_EVIDENCE_KINDS: Final = ("experiment", "regression", "cost_comparison", "anecdote", "citation")
_CRITIQUE_KINDS: Final = (
    "methodology",
    "conflation",
    "ceiling",
    "scale_dependence",
    "misattribution",
    "unsupported",
)
_CRITIQUE_WEIGHTS: Final = (6, 6, 6, 1, 6, 6)
"""A scale-dependence critique flags its target beside every claim of its quantity: rare."""
_RATE_UNITS: Final = (
    "halving_time_months",
    "multiplier_per_year",
    "percent_per_year",
    "factor_over_years",
    "one_time_factor",
)
_OUTLIER_SHARE: Final = 0.0005
"""Claims stating their quantity's rate 1.6x too high: the rare genuine conflict."""
_SCALE_BOUND_SHARE: Final = 0.005
"""Claims holding only at one compute scale (each is flagged beside its scale-free peers)."""
_NAMES: Final = ("Ada Byron", "Alan Turing", "Grace Hopper", "Claude Shannon", "Edsger Dijkstra")
_PRESENTED_AS: Final = ("agreeing", "one trend", "contrasting")


@dataclass(frozen=True)
class SyntheticCorpus:
    """What `generate_corpus` wrote: the folder, its files (catalogue first) and the counts."""

    directory: Path
    files: tuple[Path, ...]
    sources: int
    claims: int
    quantities: int
    seed: int


def quantity_count(sources: int, claims_per_source: int) -> int:
    """One shared quantity per hundred claims, at least one."""
    return max(1, sources * claims_per_source // CLAIMS_PER_QUANTITY)


def source_id(index: int) -> str:
    return f"syn-s{index:05d}"


def claim_id(source: int, index: int) -> str:
    return f"{source_id(source)}-c{index:04d}"


def quantity_id(index: int) -> str:
    return f"syn-q{index:04d}"


def corpus_documents(sources: int, claims_per_source: int, seed: int = 0) -> list[tuple[str, Doc]]:
    """(file stem, document) for the catalogue and every source, in file-name order."""
    if sources < 1 or claims_per_source < 1:
        raise ValueError("a synthetic corpus needs at least one source and one claim per source")
    rates = _true_rates(quantity_count(sources, claims_per_source), seed)
    docs: list[tuple[str, Doc]] = [(CATALOGUE_STEM, _catalogue(len(rates), seed))]
    for index in range(sources):
        rng = random.Random(seed * 1_000_003 + index)
        docs.append((source_id(index), _paper(rng, index, claims_per_source, rates)))
    return docs


def generate_corpus(
    out_dir: Path, sources: int, claims_per_source: int, seed: int = 0
) -> SyntheticCorpus:
    """Write one YAML paper file per source plus `quantities.yaml` into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    for stem, doc in corpus_documents(sources, claims_per_source, seed):
        path = out_dir / f"{stem}.yaml"
        path.write_text(to_yaml(doc), encoding="utf-8")
        files.append(path)
    return SyntheticCorpus(
        directory=out_dir,
        files=tuple(files),
        sources=sources,
        claims=sources * claims_per_source,
        quantities=quantity_count(sources, claims_per_source),
        seed=seed,
    )


def corpus_rows(
    sources: int, claims_per_source: int, seed: int = 0, directory: Path | None = None
) -> list[DocumentRows]:
    """The node and link rows ingest would write for this corpus, computed without YAML.

    `directory` is where `generate_corpus` wrote the files (their origin is part of each
    row); by default a folder named `synthetic` in the working directory.
    """
    folder = directory if directory is not None else Path("synthetic")
    rows: list[DocumentRows] = []
    for stem, doc in corpus_documents(sources, claims_per_source, seed):
        document = document_model(doc).model_validate(doc)
        origin = origin_of_path(folder / f"{stem}.yaml").key
        rows.append(document_rows(document, owner_of(document, origin), origin))
    return rows


# --- documents --------------------------------------------------------------------------


def _true_rates(count: int, seed: int) -> list[float]:
    """Each quantity's annual multiplier, which its claims restate in their own units.

    Claims of one quantity agree within a few percent (so reconciliation sees agreement,
    not a conflict per pair), except for the rare outlier.
    """
    rng = random.Random(seed * 7919 + 1)
    return [rng.uniform(1.3, 3.0) for _ in range(count)]


def _scope(index: int) -> str:
    return _SCOPES[index % len(_SCOPES)]


def _catalogue(count: int, seed: int) -> Doc:
    rng = random.Random(seed)
    quantities: list[Doc] = []
    for index in range(count):
        scope = _scope(index)
        quantities.append(
            {
                "id": quantity_id(index),
                "name": f"Synthetic quantity {index} ({scope})",
                "description": f"A {scope} quantity made up for scale tests, "
                f"variant {rng.randrange(1000)}.",
                "scope": scope,
                "direction": f"less {scope} cost for a fixed result",
            }
        )
    return {"quantities": quantities}


def _paper(rng: random.Random, index: int, claims: int, rates: Sequence[float]) -> Doc:
    evidence = [f"{source_id(index)}-e{k:02d}" for k in range(max(1, claims // 10))]
    plan = _decomposition_plan(claims)
    factors = {k for _, *pair in plan for k in pair}
    totals = {total: pair for total, *pair in plan}
    claim_docs: list[Doc] = []
    values: dict[int, float] = {}
    for k in range(claims):
        parts = totals.get(k)
        product = values[parts[0]] * values[parts[1]] if parts else None
        doc, values[k] = _claim(rng, index, k, claims, rates, evidence, k in factors, product)
        claim_docs.append(doc)
    cited_sources = sorted({rng.randrange(index) for _ in range(min(index, 3))})
    paper: Doc = {
        "source": _source(rng, index, cited_sources),
        "evidence": [_evidence(rng, k, e) for k, e in enumerate(evidence)],
        "claims": claim_docs,
    }
    if index > 0:
        own = [claim_id(index, k) for k in range(claims)]
        paper["critiques"] = [
            _critique(rng, index, k, claims, own) for k in range(max(1, claims // 20))
        ]
    if claims >= 2:
        paper["groupings"] = [_grouping(rng, index, k, claims) for k in range(max(1, claims // 25))]
    if plan:
        paper["decompositions"] = [_decomposition(index, n, *parts) for n, parts in enumerate(plan)]
    return paper


def _source(rng: random.Random, index: int, cites: Sequence[int]) -> Doc:
    doc: Doc = {
        "id": source_id(index),
        "title": f"Synthetic study number {index} of efficiency trends",
        "authors": rng.sample(_NAMES, 2),
    }
    if index % 2:
        doc["date"] = f"{2015 + index % 10}-{1 + index % 12:02d}-{1 + index % 28:02d}"
    else:
        doc["year"] = 2015 + index % 10
    doc["url"] = f"https://example.org/synthetic/{index}"
    doc["kind"] = rng.choice(_SOURCE_KINDS)
    if cites:
        doc["cites"] = [source_id(i) for i in cites]
    return doc


def _evidence(rng: random.Random, k: int, evidence_id: str) -> Doc:
    return {
        "id": evidence_id,
        "kind": rng.choice(_EVIDENCE_KINDS),
        "scope": _scope(k),
        "summary": f"Measurements behind the figures, batch {rng.randrange(100)}.",
    }


def _claim(
    rng: random.Random,
    index: int,
    k: int,
    claims: int,
    rates: Sequence[float],
    evidence: Sequence[str],
    factor: bool,
    product: float | None,
) -> tuple[Doc, float]:
    """One claim and its value; `product` makes it the total of a decomposition."""
    quantity = rng.randrange(len(rates))
    if product is not None:
        value = round(product, 2)
        estimate: Doc = {"value": value, "unit": "one_time_factor"}
        statement = f"Together the changes give about {value:g} times."
    else:
        unit = "one_time_factor" if factor else rng.choice(_RATE_UNITS)
        rate = rates[quantity] * math.exp(rng.uniform(-0.03, 0.03))
        if rng.random() < _OUTLIER_SHARE:
            rate *= 1.6
        value, estimate, statement = _estimate(rng, unit, rate)
    doc: Doc = {
        "id": claim_id(index, k),
        "quantity": quantity_id(quantity),
        "category": rng.choice(_CATEGORIES),
        "statement": statement,
        "estimate": estimate,
        "locator": {"section": f"section {1 + k % 9}"},
    }
    same_scope = evidence[quantity % len(_SCOPES) :: len(_SCOPES)]
    if same_scope and rng.random() < 0.5:
        doc["evidence"] = [rng.choice(same_scope)]
    if index > 0 and rng.random() < 0.2:
        doc["cites"] = [claim_id(rng.randrange(index), rng.randrange(claims))]
    plain_factor = estimate["unit"] == "one_time_factor" and not factor and product is None
    if plain_factor and rng.random() < 0.3:
        doc["upper_bound"] = True
    return doc, value


def _estimate(rng: random.Random, unit: str, rate: float) -> tuple[float, Doc, str]:
    """`rate` (an annual multiplier) stated in `unit`, with a statement saying it in words.

    A one-time factor is not a rate: it gets a multiplier of its own.
    """
    estimate: Doc
    if unit == "halving_time_months":
        value = round(12 * math.log(2) / math.log(rate), 1)
        interval = {"low": round(value * 0.7, 1), "high": round(value * 1.4, 1), "level": 0.95}
        estimate = {"value": value, "unit": unit, "interval": interval}
        statement = f"Compute for a fixed result halves about every {value:g} months."
    elif unit == "multiplier_per_year":
        value = round(rate, 2)
        estimate = {"value": value, "unit": unit}
        statement = f"Efficiency improves about {value:g} times per year."
    elif unit == "percent_per_year":
        value = round((rate - 1) * 100, 1)
        estimate = {"value": value, "unit": unit}
        statement = f"Efficiency improves about {value:g} percent per year."
    elif unit == "factor_over_years":
        years = float(rng.randint(3, 8))
        value = float(f"{rate**years:.3g}")
        estimate = {"value": value, "unit": unit, "years": years}
        statement = f"Efficiency grew {value:g} times over {years:g} years."
    else:
        value = round(rng.uniform(1.5, 20), 1)
        estimate = {"value": value, "unit": unit}
        statement = f"One change gives a one-time gain of {value:g} times."
    if unit != "one_time_factor":
        start = rng.randint(2012, 2020)
        estimate["period"] = {"start_year": start, "end_year": start + rng.randint(2, 5)}
    if rng.random() < _SCALE_BOUND_SHARE:
        estimate["compute_scale_flop"] = 1e23
    return value, estimate, statement


def _critique(rng: random.Random, index: int, k: int, claims: int, own: Sequence[str]) -> Doc:
    targets = sorted(
        {claim_id(rng.randrange(index), rng.randrange(claims)) for _ in range(rng.randint(1, 2))}
    )
    doc: Doc = {
        "id": f"{source_id(index)}-k{k:02d}",
        "kind": rng.choices(_CRITIQUE_KINDS, _CRITIQUE_WEIGHTS)[0],
        "targets": targets,
        "summary": f"The cited figure does not hold up, reason {rng.randrange(50)}.",
    }
    if rng.random() < 0.3:
        doc["alternative"] = rng.choice(own)
    return doc


def _grouping(rng: random.Random, index: int, k: int, claims: int) -> Doc:
    members = [claim_id(index, c) for c in sorted(rng.sample(range(claims), 2))]
    if index > 0 and rng.random() < 0.5:
        members.append(claim_id(rng.randrange(index), rng.randrange(claims)))
    return {
        "id": f"{source_id(index)}-g{k:02d}",
        "summary": f"Several figures presented side by side, set {k}.",
        "claims": members,
        "presented_as": rng.choice(_PRESENTED_AS),
    }


def _decomposition_plan(claims: int) -> list[tuple[int, int, int]]:
    """(total, factor, factor) claim positions: one decomposition per fifty claims.

    Factors come before their total so its value can be their product.
    """
    return [(block * 50 + 49, block * 50 + 47, block * 50 + 48) for block in range(claims // 50)]


def _decomposition(index: int, number: int, total: int, first: int, second: int) -> Doc:
    return {
        "id": f"{source_id(index)}-d{number:02d}",
        "total": claim_id(index, total),
        "factors": [claim_id(index, first), claim_id(index, second)],
        "tolerance": 0.1,
    }


__all__ = [
    "CATALOGUE_STEM",
    "SyntheticCorpus",
    "claim_id",
    "corpus_documents",
    "corpus_rows",
    "generate_corpus",
    "quantity_count",
    "quantity_id",
    "source_id",
]
