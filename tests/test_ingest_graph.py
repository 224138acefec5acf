"""Ingest against a real Neo4j: idempotent, file-is-truth, and all-or-nothing on bad input."""

from pathlib import Path
from textwrap import dedent

import pytest
from neo4j import Driver

from claimgraph.graph.connection import ConnectionTarget
from claimgraph.ingest.paper_file import CORPUS_DIR, PaperFileError
from claimgraph.ingest.pipeline import ingest_paths
from claimgraph.schemas.ingest_report import ChangeKind

CATALOGUE = """\
quantities:
  - id: q-train
    name: Training efficiency
    description: Training compute to reach a fixed capability.
    scope: training
    direction: less compute
"""

PAPER = """\
source:
  id: src-a
  title: Paper A
  kind: paper
  year: 2024
evidence:
  - id: ev-a
    kind: regression
    scope: training
    summary: A fit over published results.
claims:
  - id: claim-a1
    quantity: q-train
    category: algorithmic
    statement: Compute halves about every eight months.
    estimate: {value: 8, unit: halving_time_months, interval: {low: 5, high: 14, level: 0.95}}
    evidence: [ev-a]
  - id: claim-a2
    quantity: q-train
    category: mixed
    statement: About four times better per year.
    estimate: {value: 4, unit: multiplier_per_year}
"""

CRITIC = """\
source:
  id: src-b
  title: Paper B
  kind: blog_post
  cites: [src-a]
critiques:
  - id: crit-b
    kind: scale_dependence
    targets: [claim-a1]
    summary: The trend depends on the compute scale.
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(dedent(text))
    return path


def graph_counts(driver: Driver, database: str) -> tuple[int, int]:
    records, _, _ = driver.execute_query(
        "CALL { MATCH (n) RETURN count(n) AS nodes } "
        "CALL { MATCH ()-[r]->() RETURN count(r) AS links } RETURN nodes, links",
        database_=database,
    )
    return records[0]["nodes"], records[0]["links"]


@pytest.fixture
def papers(tmp_path: Path) -> Path:
    write(tmp_path, "quantities.yaml", CATALOGUE)
    write(tmp_path, "src-a.yaml", PAPER)
    write(tmp_path, "src-b.yaml", CRITIC)
    return tmp_path


def test_corpus_loads_and_a_second_ingest_changes_nothing(
    driver: Driver, neo4j_target: ConnectionTarget
) -> None:
    db = neo4j_target.database
    first = ingest_paths(driver, db, [CORPUS_DIR])
    assert first.changed and all(f.count(ChangeKind.CREATED) > 0 for f in first.files)
    counts = graph_counts(driver, db)
    # mark every node and link: a rewrite (SET n = ...) by the second run would erase the marks
    driver.execute_query("MATCH (n) SET n.untouched = true", database_=db)
    driver.execute_query("MATCH ()-[r]->() SET r.untouched = true", database_=db)
    second = ingest_paths(driver, db, [CORPUS_DIR])
    assert not second.changed
    assert sum(f.unchanged for f in second.files) == sum(
        f.count(ChangeKind.CREATED) for f in first.files
    )
    assert graph_counts(driver, db) == counts
    records, _, _ = driver.execute_query(
        "CALL { MATCH (n) WHERE n.untouched IS NULL RETURN count(n) AS n } "
        "CALL { MATCH ()-[r]->() WHERE r.untouched IS NULL RETURN count(r) AS r } RETURN n, r",
        database_=db,
    )
    assert (records[0]["n"], records[0]["r"]) == (0, 0)
    stubs, _, _ = driver.execute_query("MATCH (n) WHERE n.stub RETURN count(n) AS n", database_=db)
    assert stubs[0]["n"] == 0


def test_links_follow_the_domain_model(
    driver: Driver, neo4j_target: ConnectionTarget, papers: Path
) -> None:
    ingest_paths(driver, neo4j_target.database, [papers])
    records, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) WHERE NOT (a:Consensus OR a:Conflict OR a:Flag OR a:FactorCheck) "
        "RETURN a.id AS a, type(r) AS rel, b.id AS b ORDER BY a, rel, b",
        database_=neo4j_target.database,
    )
    assert [(r["a"], r["rel"], r["b"]) for r in records] == [
        ("claim-a1", "MEASURES", "q-train"),
        ("claim-a1", "SUPPORTED_BY", "ev-a"),
        ("claim-a2", "MEASURES", "q-train"),
        ("crit-b", "TARGETS", "claim-a1"),
        ("src-a", "MAKES", "claim-a1"),
        ("src-a", "MAKES", "claim-a2"),
        ("src-b", "CITES", "src-a"),
        ("src-b", "MAKES", "crit-b"),
    ]


def test_edited_file_updates_and_dropped_entities_are_removed(
    driver: Driver, neo4j_target: ConnectionTarget, papers: Path
) -> None:
    db = neo4j_target.database
    ingest_paths(driver, db, [papers])
    edited = PAPER.replace("About four times", "About five times").replace("value: 4,", "value: 5,")
    write(papers, "src-a.yaml", edited)
    report = ingest_paths(driver, db, [papers / "src-a.yaml"])
    changes = {(c.id, c.change) for c in report.files[0].changes}
    assert changes == {("claim-a2", ChangeKind.UPDATED)}
    value, _, _ = driver.execute_query(
        "MATCH (c:Claim {id: 'claim-a2'}) RETURN c.value AS v", database_=db
    )
    assert value[0]["v"] == 5

    dropped = PAPER.split("  - id: claim-a2")[0]
    write(papers, "src-a.yaml", dropped)
    report = ingest_paths(driver, db, [papers / "src-a.yaml"])
    assert {(c.id, c.change) for c in report.files[0].changes} == {("claim-a2", ChangeKind.REMOVED)}
    gone, _, _ = driver.execute_query(
        "MATCH (c:Claim {id: 'claim-a2'}) RETURN count(c) AS n", database_=db
    )
    assert gone[0]["n"] == 0


def test_dry_run_reports_without_writing(
    driver: Driver, neo4j_target: ConnectionTarget, papers: Path
) -> None:
    report = ingest_paths(driver, neo4j_target.database, [papers], dry_run=True)
    assert report.dry_run
    # 1 quantity; source, evidence, 2 claims; source, critique
    assert sum(f.count(ChangeKind.CREATED) for f in report.files) == 1 + 4 + 2
    assert graph_counts(driver, neo4j_target.database) == (0, 0)


def _refused(driver: Driver, target: ConnectionTarget, paths: list[Path]) -> PaperFileError:
    before = graph_counts(driver, target.database)
    with pytest.raises(PaperFileError) as caught:
        ingest_paths(driver, target.database, paths)
    assert graph_counts(driver, target.database) == before
    return caught.value


def test_reference_to_an_id_that_exists_nowhere_is_refused(
    driver: Driver, neo4j_target: ConnectionTarget, tmp_path: Path
) -> None:
    critic = write(tmp_path, "src-b.yaml", CRITIC)  # cites src-a, targets claim-a1: both nowhere
    error = _refused(driver, neo4j_target, [critic])
    assert [(e.file, e.line, e.field) for e in error.errors] == [
        (critic, 5, "source.cites[0]"),
        (critic, 9, "critiques[0].targets[0]"),
    ]
    assert "unknown claim 'claim-a1'" in error.errors[1].message


def test_reference_resolved_by_the_graph_is_accepted(
    driver: Driver, neo4j_target: ConnectionTarget, papers: Path
) -> None:
    ingest_paths(driver, neo4j_target.database, [papers / "quantities.yaml", papers / "src-a.yaml"])
    report = ingest_paths(driver, neo4j_target.database, [papers / "src-b.yaml"])
    assert [c.id for c in report.files[0].changes] == ["src-b", "crit-b"]


def test_id_owned_by_another_file_is_refused(
    driver: Driver, neo4j_target: ConnectionTarget, papers: Path
) -> None:
    ingest_paths(driver, neo4j_target.database, [papers])
    thief = write(
        papers.parent,
        "thief.yaml",
        CRITIC.replace("src-b", "src-c").replace("id: crit-b", "id: claim-a2"),
    )
    error = _refused(driver, neo4j_target, [thief])
    assert (error.line, error.field) == (7, "critiques[0].id")
    assert "already a Claim of 'src-a'" in error.message


def test_a_batch_with_one_bad_file_writes_nothing(
    driver: Driver, neo4j_target: ConnectionTarget, papers: Path
) -> None:
    bad = CRITIC.replace("src-b", "src-z").replace("crit-b", "crit-z").replace("claim-a1", "x")
    write(papers, "src-z.yaml", bad)
    error = _refused(driver, neo4j_target, [papers])
    assert error.file.name == "src-z.yaml" and error.field == "critiques[0].targets[0]"
    assert graph_counts(driver, neo4j_target.database) == (0, 0)


def test_dropping_a_claim_another_file_critiques_is_refused(
    driver: Driver, neo4j_target: ConnectionTarget, papers: Path
) -> None:
    ingest_paths(driver, neo4j_target.database, [papers])
    write(papers, "src-a.yaml", PAPER.replace("claim-a1", "claim-a0"))
    error = _refused(driver, neo4j_target, [papers / "src-a.yaml"])
    assert "'claim-a1' was dropped" in error.message and "src-b" in error.message
