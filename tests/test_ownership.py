"""Nothing one file holds is lost to another: ownership by origin, --replace, one file a source.

Every refusal is checked to name both holders and a real field, and to leave the graph's
checksum as it was; every accepted takeover to list what it replaced.
"""

import shutil
from pathlib import Path
from textwrap import dedent

import pytest
from neo4j import Driver

from claimgraph.graph.connection import ConnectionTarget
from claimgraph.ingest.paper_file import CORPUS_DIR, PaperFileError
from claimgraph.ingest.pipeline import ingest_paths
from claimgraph.ingest.text_ingest import ingest_texts
from claimgraph.schemas.ingest_report import ChangeKind, IngestReport
from tests.graph_checksum import graph_checksum

PODCAST = "podcast-digest-scaling-laws-and-compute-allocation"
HO = "ho-2024-algorithmic-progress-lms"


@pytest.fixture
def corpus(driver: Driver, neo4j_target: ConnectionTarget) -> Driver:
    ingest_paths(driver, neo4j_target.database, [CORPUS_DIR])
    return driver


def _refused_unchanged(
    driver: Driver, target: ConnectionTarget, ingest: "object"
) -> PaperFileError:
    before = graph_checksum(driver, target.database)
    with pytest.raises(PaperFileError) as caught:
        ingest()  # type: ignore[operator]
    assert graph_checksum(driver, target.database) == before
    return caught.value


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(dedent(text), encoding="utf-8")
    return path


NOTES = f"source: {{id: {PODCAST}, title: My notes, kind: blog_post}}\nclaims: []\n"


def test_text_naming_a_corpus_source_is_refused_naming_both_files(
    corpus: Driver, neo4j_target: ConnectionTarget
) -> None:
    db = neo4j_target.database
    error = _refused_unchanged(
        corpus, neo4j_target, lambda: ingest_texts(corpus, db, [("my-notes.yaml", NOTES)])
    )
    assert (str(error.file), error.line, error.field) == ("my-notes.yaml", 1, "source.id")
    assert f"corpus/{PODCAST}.yaml (the shipped corpus)" in error.message
    assert "my-notes.yaml (sent to ingestPaper)" in error.message
    # 3 claims, 1 evidence and 3 quantities of the podcast file would go
    assert "remove 3 Claim, 1 Evidence, 3 Quantity" in error.message
    assert "--replace" in error.message


def test_replace_takes_the_source_over_and_the_report_lists_what_it_replaced(
    corpus: Driver, neo4j_target: ConnectionTarget
) -> None:
    db = neo4j_target.database
    report = ingest_texts(corpus, db, [("my-notes.yaml", NOTES)], replace=True)
    (file,) = report.files
    replaced = {(c.id, c.change) for c in file.replaced}
    assert (PODCAST, ChangeKind.UPDATED) in replaced
    assert len([c for c in file.replaced if c.change is ChangeKind.REMOVED]) == 7
    assert all(f"corpus/{PODCAST}.yaml" in (c.replaced_from or "") for c in file.replaced)
    records, _, _ = corpus.execute_query(
        "MATCH (s:Source {id: $id}) RETURN s.origin AS origin, s.title AS title",
        id=PODCAST,
        database_=db,
    )
    assert (records[0]["origin"], records[0]["title"]) == ("api:my-notes.yaml", "My notes")
    # and now the corpus file is the one refused: it would take the source back
    with pytest.raises(PaperFileError, match=r"my-notes\.yaml"):
        ingest_paths(corpus, db, [CORPUS_DIR / f"{PODCAST}.yaml"])


def test_a_copy_of_a_corpus_file_in_another_folder_is_another_file(
    corpus: Driver, neo4j_target: ConnectionTarget, tmp_path: Path
) -> None:
    copy = tmp_path / f"{HO}.yaml"
    shutil.copy(CORPUS_DIR / copy.name, copy)
    error = _refused_unchanged(
        corpus, neo4j_target, lambda: ingest_paths(corpus, neo4j_target.database, [copy])
    )
    assert error.field == "source.id" and str(copy) in error.message
    assert f"corpus/{HO}.yaml" in error.message and "remove none" in error.message


def test_a_quantities_file_elsewhere_is_not_the_corpus_catalogue(
    corpus: Driver, neo4j_target: ConnectionTarget, tmp_path: Path
) -> None:
    """The corpus catalogue used to be owned by its stem: any quantities.yaml replaced it."""
    stray = _write(
        tmp_path / "elsewhere",
        "quantities.yaml",
        """\
        quantities:
          - id: llm-training-algorithmic-efficiency
            name: Mine
            description: My own take.
            scope: training
            direction: less compute
        """,
    )
    error = _refused_unchanged(
        corpus, neo4j_target, lambda: ingest_paths(corpus, neo4j_target.database, [stray])
    )
    assert (error.line, error.field) == (2, "quantities[0].id")
    assert "already a Quantity of" in error.message and "corpus/quantities.yaml" in error.message


def test_two_catalogues_with_one_stem_in_two_folders_live_side_by_side(
    driver: Driver, neo4j_target: ConnectionTarget, tmp_path: Path
) -> None:
    text = """\
    quantities:
      - id: {id}
        name: Q
        description: D.
        scope: training
        direction: less
    """
    first = _write(tmp_path / "a", "quantities.yaml", text.format(id="q-one"))
    second = _write(tmp_path / "b", "quantities.yaml", text.format(id="q-two"))
    db = neo4j_target.database
    ingest_paths(driver, db, [first])
    report = ingest_paths(driver, db, [second])
    assert [c.id for c in report.files[0].changes] == ["q-two"]  # q-one is not removed
    records, _, _ = driver.execute_query(
        "MATCH (q:Quantity) RETURN q.id AS id ORDER BY id", database_=db
    )
    assert [r["id"] for r in records] == ["q-one", "q-two"]


def test_a_file_renaming_its_source_removes_what_it_wrote_under_the_old_name(
    driver: Driver, neo4j_target: ConnectionTarget, tmp_path: Path
) -> None:
    db = neo4j_target.database
    path = _write(tmp_path, "paper.yaml", "source: {id: name-a, title: T, kind: paper}\n")
    ingest_paths(driver, db, [path])
    _write(tmp_path, "paper.yaml", "source: {id: name-b, title: T, kind: paper}\n")
    report = ingest_paths(driver, db, [path])
    assert {(c.id, c.change) for c in report.files[0].changes} == {
        ("name-b", ChangeKind.CREATED),
        ("name-a", ChangeKind.REMOVED),
    }


def test_graphs_written_before_origins_converge_without_refusal(
    corpus: Driver, neo4j_target: ConnectionTarget
) -> None:
    """Turn the graph into the old format (owner only; the catalogue owned by its stem) and
    re-ingest: every file adopts its nodes, nothing is removed, and a second run is a no-op."""
    db = neo4j_target.database
    clean = graph_checksum(corpus, db, with_state=False)
    corpus.execute_query(
        "MATCH (n) WHERE n.origin IS NOT NULL "
        "SET n.owner = CASE WHEN n.owner STARTS WITH 'catalogue:' THEN 'catalogue:quantities' "
        "ELSE n.owner END, n.content_hash = 'format-1' REMOVE n.origin",
        database_=db,
    )
    first = ingest_paths(corpus, db, [CORPUS_DIR])
    assert not any(c.change is ChangeKind.REMOVED for f in first.files for c in f.changes)
    assert all(f.changed for f in first.files)  # rewritten once, with their origin
    assert not ingest_paths(corpus, db, [CORPUS_DIR]).changed
    assert graph_checksum(corpus, db, with_state=False) == clean


def test_an_old_node_another_file_would_remove_is_not_adopted(
    driver: Driver, neo4j_target: ConnectionTarget, tmp_path: Path
) -> None:
    db = neo4j_target.database
    paper = """\
    source: {id: old-src, title: T, kind: paper}
    evidence:
      - {id: old-ev, kind: anecdote, scope: training, summary: S.}
    """
    path = _write(tmp_path / "x", "old.yaml", paper)
    ingest_paths(driver, db, [path])
    driver.execute_query("MATCH (n {owner: 'old-src'}) REMOVE n.origin", database_=db)
    other = _write(tmp_path / "y", "new.yaml", "source: {id: old-src, title: T, kind: paper}\n")
    error = _refused_unchanged(driver, neo4j_target, lambda: ingest_paths(driver, db, [other]))
    assert "an earlier ingest that recorded no file" in error.message
    assert "old-ev" in error.message


SAME_SOURCE = [
    pytest.param("url: 'http://www.arxiv.org/abs/2403.05812v3/'", "url", "arXiv id", id="arxiv"),
    # arXiv's own DOI names the arXiv id
    pytest.param("url: 'https://doi.org/10.48550/arXiv.2403.05812'", "url", "arXiv id", id="doi"),
    pytest.param("year: 2024", "title", "title and year", id="title-and-year"),
]


@pytest.mark.parametrize(("line", "field", "kind"), SAME_SOURCE)
def test_the_same_source_in_a_second_file_is_refused_naming_both_files(
    corpus: Driver, neo4j_target: ConnectionTarget, tmp_path: Path, line: str, field: str, kind: str
) -> None:
    path = _write(
        tmp_path,
        "again.yaml",
        f"source:\n  id: another-name\n  title: 'Algorithmic progress in language models'\n"
        f"  kind: paper\n  {line}\n",
    )
    error = _refused_unchanged(
        corpus, neo4j_target, lambda: ingest_paths(corpus, neo4j_target.database, [path])
    )
    assert error.field == f"source.{field}"
    assert f"same {kind}" in error.message and f"corpus/{HO}.yaml" in error.message


def test_the_same_url_twice_in_one_run_is_refused_naming_both_files(
    driver: Driver, neo4j_target: ConnectionTarget, tmp_path: Path
) -> None:
    one = _write(
        tmp_path,
        "one.yaml",
        "source: {id: one, title: A, kind: blog_post, url: 'https://Example.org/post'}\n",
    )
    two = _write(
        tmp_path,
        "two.yaml",
        "source: {id: two, title: B, kind: blog_post, url: 'http://example.org/post/'}\n",
    )
    error = _refused_unchanged(
        driver, neo4j_target, lambda: ingest_paths(driver, neo4j_target.database, [one, two])
    )
    assert error.file == two and error.field == "source.url"
    assert str(one) in error.message and "same URL: example.org/post" in error.message


def test_a_figure_that_would_break_another_files_decomposition_is_refused(
    corpus: Driver, neo4j_target: ConnectionTarget, tmp_path: Path
) -> None:
    """Byrnes decomposes 600x in 7 years into four one-time factors of the same file; a
    factor of another file's decomposition turned into a share could not be multiplied."""
    db = neo4j_target.database
    factor = _write(
        tmp_path,
        "factor.yaml",
        """\
        source: {id: factor-src, title: F, kind: paper}
        claims:
          - id: factor-claim
            quantity: llm-training-algorithmic-efficiency
            category: hardware
            statement: Hardware gave six times.
            estimate: {value: 6, unit: one_time_factor}
        """,
    )
    total = _write(
        tmp_path,
        "total.yaml",
        """\
        source: {id: total-src, title: T, kind: paper}
        claims:
          - id: total-claim
            quantity: llm-training-algorithmic-efficiency
            category: mixed
            statement: Twelve times in all.
            estimate: {value: 12, unit: one_time_factor}
        decompositions:
          - {id: total-split, total: total-claim, factors: [factor-claim]}
        """,
    )
    ingest_paths(corpus, db, [factor, total])
    factor.write_text(factor.read_text().replace("6, unit: one_time_factor", "0.5, unit: share"))
    error = _refused_unchanged(corpus, neo4j_target, lambda: ingest_paths(corpus, db, [factor]))
    assert (error.line, error.field) == (7, "claims[0].estimate.unit")
    assert "total-split" in error.message and str(total) in error.message


def test_a_decomposition_over_another_files_rate_is_checked_against_the_graph(
    corpus: Driver, neo4j_target: ConnectionTarget, tmp_path: Path
) -> None:
    """A halving-time factor under a one-time total cannot be read as a multiplier (the
    total gives no span to compound it over), even when the factor lives in another file."""
    bad = _write(
        tmp_path,
        "bad.yaml",
        """\
        source: {id: bad-src, title: B, kind: paper}
        claims:
          - id: bad-total
            quantity: llm-training-algorithmic-efficiency
            category: mixed
            statement: Ten times in all.
            estimate: {value: 10, unit: one_time_factor}
        decompositions:
          - {id: bad-split, total: bad-total, factors: [epoch-2024-training-halving-8mo]}
        """,
    )
    error = _refused_unchanged(
        corpus, neo4j_target, lambda: ingest_paths(corpus, neo4j_target.database, [bad])
    )
    assert error.field == "decompositions[0].factors[0]"
    assert "halving_time_months" in error.message and "factor_over_years" in error.message


def test_the_shipped_corpus_stays_idempotent_and_owned_by_file_name(
    corpus: Driver, neo4j_target: ConnectionTarget
) -> None:
    report: IngestReport = ingest_paths(corpus, neo4j_target.database, [CORPUS_DIR])
    assert not report.changed
    records, _, _ = corpus.execute_query(
        "MATCH (n) WHERE n.owner IS NOT NULL RETURN DISTINCT n.origin AS origin ORDER BY origin",
        database_=neo4j_target.database,
    )
    names = sorted(path.name for path in CORPUS_DIR.glob("*.yaml"))
    assert [r["origin"] for r in records] == [f"corpus:{name}" for name in names]
