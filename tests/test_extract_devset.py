"""The extractor on texts it was not written for: the development set in tests/extract_devset.

Each passage is our paraphrase of a published AI-trend work other than the seeds, with the
figures a curator would encode in an answer file. The thresholds are the targets the
extractor is held to (recall and precision of number + unit, intervals kept); the table is
printed so a failure shows every miss and every extra figure. The last tests fill a draft's
TODOs the way a curator would and dry-run it through `claimgraph ingest` on a real Neo4j.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from neo4j import Driver
from ruamel.yaml import YAML
from typer.testing import CliRunner

from claimgraph.cli.app import app
from claimgraph.graph.connection import ConnectionTarget
from claimgraph.ingest.extract.answers import AnswerError, Case, load_cases
from claimgraph.ingest.extract.draft import TITLE_PLACEHOLDER, draft_from_text
from claimgraph.ingest.extract.scoring import score_cases, score_folder
from claimgraph.ingest.paper_file import check_paper_file
from tests.test_corpus import COPY_WINDOW, SEEDS_DIR, words

DEVSET = Path(__file__).parent / "extract_devset"
CASES = load_cases(DEVSET)


def test_the_set_is_large_and_every_answer_is_a_valid_estimate() -> None:
    # load_cases checked each answer as a paper-file estimate and each `at` against its text
    assert len(CASES) >= 40
    assert sum(len(case.answers.figures) for case in CASES) >= 100
    with_interval = [f for case in CASES for f in case.answers.figures if f.interval]
    assert len(with_interval) >= 15
    assert any(f.interval and f.interval.level for f in with_interval)


def test_passages_are_paraphrases_without_quotation_marks() -> None:
    seed_windows: set[tuple[str, ...]] = set()
    for seed in sorted(SEEDS_DIR.glob("*.txt")) if SEEDS_DIR.is_dir() else []:
        tokens = words(seed.read_text(encoding="utf-8"))
        seed_windows |= {tuple(tokens[i : i + COPY_WINDOW]) for i in range(len(tokens))}
    for case in CASES:
        assert not re.search(r"[\"“”]", case.text), f"{case.name}: quotation marks"
        tokens = words(case.text)
        shared = [
            tokens[i : i + COPY_WINDOW]
            for i in range(len(tokens) - COPY_WINDOW + 1)
            if tuple(tokens[i : i + COPY_WINDOW]) in seed_windows
        ]
        assert not shared, f"{case.name}: shares a run of words with a seed: {shared[0]}"


def test_recall_precision_and_intervals_on_the_development_set() -> None:
    score = score_cases(DEVSET, CASES)
    print()
    print(score.table())
    assert score.recall >= 0.9, score.table()
    assert score.precision >= 0.9, score.table()
    assert score.intervals_kept >= 0.9, score.table()
    bounds_kept, bounds = score.kept("bound")
    assert bounds_kept / bounds >= 0.9, score.table()
    # no passage is a blind spot: each has at least half its figures found
    for case in score.cases:
        if case.expected:
            assert len(case.pairs) / len(case.expected) >= 0.5, case.name


def test_scoring_counts_a_wrong_unit_as_a_miss_and_an_extra(tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_text("It grew 10x over three years and costs $5.\n")
    (tmp_path / "t.yaml").write_text(
        "paraphrased_from: a made-up note\n"
        "figures:\n"
        "  - {at: 10x, value: 10, unit: one_time_factor}\n"  # the text says over 3 years
        "  - {at: $5, value: 5, unit: absolute, label: USD}\n"
    )
    score = score_folder(tmp_path)
    # 1 of 2 expected found; 1 of 2 extracted matched
    assert (score.total("expected"), score.total("found"), score.total("extracted")) == (2, 1, 2)
    assert (score.recall, score.precision) == (0.5, 0.5)
    assert "miss: t.txt 10 one_time_factor" in score.table()
    assert "extra: t.txt 10 factor_over_years" in score.table()


def test_bad_answer_files_are_refused_with_file_and_field(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("It halved every 8 months.\n")
    (tmp_path / "a.yaml").write_text(
        "paraphrased_from: x\nfigures:\n  - {at: 9 months, value: 9, unit: halving_time_months}\n"
    )
    with pytest.raises(AnswerError, match=r"a\.yaml: figures\[0\]\.at: '9 months' does not"):
        load_cases(tmp_path)
    (tmp_path / "a.yaml").write_text(
        "paraphrased_from: x\nfigures:\n  - {at: 8 months, value: 8, unit: factor_over_years}\n"
    )
    with pytest.raises(AnswerError, match=r"a\.yaml: figures\[0\]: .*needs years"):
        load_cases(tmp_path)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_draft_names_the_source_as_the_text_states_it(case: Case) -> None:
    source = YAML(typ="safe").load(draft_from_text(case.text, case.name))["source"]
    expected = case.answers.source
    assert source["title"] == (expected.title or TITLE_PLACEHOLDER)
    assert source["authors"] == (expected.authors or [])
    assert source.get("year") == expected.year


def _filled(case: Case, folder: Path) -> Path:
    """The draft with every TODO filled as a curator would, plus the quantity it uses."""
    yaml = YAML(typ="rt")
    document = yaml.load(draft_from_text(case.text, case.name))
    source = document["source"]
    source["id"] = f"devset-{source['id']}"
    if source["title"] == TITLE_PLACEHOLDER:
        source["title"] = f"A source paraphrased in {case.name}"
    if not source["authors"]:
        source["authors"] = ["A. Curator"]
    document["quantities"] = [
        {
            "id": f"devset-{Path(case.name).stem.replace('_', '-')}-quantity",
            "name": "A quantity of the development set",
            "description": "Stands for whatever the curator decides the figure measures.",
            "scope": "unspecified",
            "direction": "more is better",
        }
    ]
    for index, claim in enumerate(document["claims"]):
        claim["id"] = f"devset-{claim['id']}"
        claim["quantity"] = document["quantities"][0]["id"]
        claim["statement"] = f"Our paraphrase of figure {index + 1} of {case.name}."
    path = folder / f"{source['id']}.yaml"
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(document, handle)
    return path


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_every_draft_validates_once_its_todos_are_filled(case: Case, tmp_path: Path) -> None:
    path = _filled(case, tmp_path)
    loaded, errors = check_paper_file(path)
    assert errors == [], "\n".join(map(str, errors))
    assert loaded is not None and loaded.paper is not None
    assert len(loaded.paper.claims) == len(YAML(typ="safe").load(path.read_text())["claims"])


def _node_count(driver: Driver, database: str) -> int:
    records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=database)
    return int(records[0]["n"])


def test_filled_drafts_pass_ingest_dry_run_on_neo4j(
    driver: Driver, neo4j_target: ConnectionTarget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = [case for case in CASES if case.name.startswith(("05_", "10_", "16_", "31_"))]
    paths = [_filled(case, tmp_path) for case in chosen]
    monkeypatch.setenv("NEO4J_URI", neo4j_target.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_target.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_target.password)
    monkeypatch.setenv("NEO4J_DATABASE", neo4j_target.database)
    before = _node_count(driver, neo4j_target.database)
    result = CliRunner().invoke(app, ["ingest", "--dry-run", *map(str, paths)])
    assert result.exit_code == 0, result.output
    assert "This was a dry run: nothing was written." in result.output
    assert f"{len(paths)} of {len(paths)} file(s) would change the graph" in result.output
    assert _node_count(driver, neo4j_target.database) == before  # a dry run writes nothing

    unfilled = tmp_path / "raw.yaml"
    unfilled.write_text(draft_from_text(chosen[0].text, chosen[0].name), encoding="utf-8")
    refused = CliRunner().invoke(app, ["ingest", "--dry-run", str(unfilled)])
    assert refused.exit_code != 0
    assert "claims[0].quantity" in refused.output
