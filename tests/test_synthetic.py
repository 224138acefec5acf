"""Synthetic corpora: valid, cross-referenced, reproducible, and ingestible at any grouping."""

from collections import Counter
from pathlib import Path

import pytest
from neo4j import Driver

from bench.synthetic import (
    claim_id,
    corpus_documents,
    corpus_rows,
    generate_corpus,
    source_id,
)
from bench.synthetic_yaml import to_yaml
from claimgraph.graph.connection import ConnectionTarget
from claimgraph.graph.paper_rows import document_rows
from claimgraph.ingest import plan
from claimgraph.ingest.paper_file import LoadedFile, PaperFileError, check_corpus, check_paper_file
from claimgraph.ingest.pipeline import ingest_paths
from claimgraph.schemas.ingest_report import ChangeKind
from claimgraph.schemas.paper_file import PaperFile, references

SOURCES = 6
CLAIMS = 60  # enough for one decomposition (one per fifty claims) and a few groupings
OWNED = (
    "n:Source OR n:Quantity OR n:Claim OR n:Evidence OR n:Critique OR n:Grouping OR n:Decomposition"
)


def load_all(folder: Path) -> list[LoadedFile]:
    loaded = []
    for path in sorted(folder.glob("*.yaml")):
        one, errors = check_paper_file(path)
        assert errors == [], errors
        assert one is not None
        loaded.append(one)
    return loaded


def papers(loaded: list[LoadedFile]) -> list[PaperFile]:
    return [f.document for f in loaded if isinstance(f.document, PaperFile)]


def owned_counts(driver: Driver, database: str) -> tuple[int, int, int]:
    """(nodes, links, stubs) written by ingest, leaving out reconciliation's derived results."""
    records, _, _ = driver.execute_query(
        f"CALL {{ MATCH (n) WHERE {OWNED} RETURN count(n) AS nodes }} "
        f"CALL {{ MATCH (n)-[r]->() WHERE {OWNED} RETURN count(r) AS links }} "
        "CALL { MATCH (n) WHERE n.stub RETURN count(n) AS stubs } RETURN nodes, links, stubs",
        database_=database,
    )
    return records[0]["nodes"], records[0]["links"], records[0]["stubs"]


def test_files_validate_and_reference_each_other(tmp_path: Path) -> None:
    corpus = generate_corpus(tmp_path, SOURCES, CLAIMS, seed=1)
    assert corpus.files[0].name == "quantities.yaml"
    assert len(corpus.files) == SOURCES + 1 and corpus.claims == SOURCES * CLAIMS
    loaded = load_all(tmp_path)
    assert check_corpus(loaded) == []

    docs = papers(loaded)
    owner = {c.id: d.source.id for d in docs for c in d.claims}
    cross_cites = [c for d in docs for c in d.claims for x in c.cites if owner[x] != d.source.id]
    cross_targets = [
        t for d in docs for k in d.critiques for t in k.targets if owner[t] != d.source.id
    ]
    assert cross_cites and cross_targets
    assert any(c.evidence for d in docs for c in d.claims)
    assert all(d.groupings for d in docs) and all(d.decompositions for d in docs)
    units = Counter(c.estimate.unit.value for d in docs for c in d.claims)
    assert set(units) >= {
        "halving_time_months",
        "multiplier_per_year",
        "percent_per_year",
        "factor_over_years",
        "one_time_factor",
    }
    halvings = [
        c.estimate for d in docs for c in d.claims if c.estimate.unit == "halving_time_months"
    ]
    assert all(e.interval is not None and e.interval.level == 0.95 for e in halvings)


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    first = generate_corpus(tmp_path / "a", 3, 20, seed=7)
    again = generate_corpus(tmp_path / "b", 3, 20, seed=7)
    other = generate_corpus(tmp_path / "c", 3, 20, seed=8)
    read = [[p.read_bytes() for p in c.files] for c in (first, again, other)]
    assert read[0] == read[1]
    assert read[0] != read[2]


def test_rows_in_memory_are_the_rows_of_the_files(tmp_path: Path) -> None:
    generate_corpus(tmp_path, 3, CLAIMS, seed=2)
    in_memory = corpus_rows(3, CLAIMS, seed=2, directory=tmp_path)
    loaded = load_all(tmp_path)
    rows = [
        document_rows(f.document, r.owner, r.origin) for f, r in zip(loaded, in_memory, strict=True)
    ]
    assert rows == in_memory


def test_ingest_then_reingest_writes_nothing(
    driver: Driver, neo4j_target: ConnectionTarget, tmp_path: Path
) -> None:
    db = neo4j_target.database
    generate_corpus(tmp_path, SOURCES, CLAIMS, seed=3)
    rows = corpus_rows(SOURCES, CLAIMS, seed=3)
    first = ingest_paths(driver, db, [tmp_path])
    assert sum(f.count(ChangeKind.CREATED) for f in first.files) == sum(len(r.nodes) for r in rows)
    assert owned_counts(driver, db) == (
        sum(len(r.nodes) for r in rows),
        sum(len(r.links) for r in rows),
        0,
    )
    second = ingest_paths(driver, db, [tmp_path])
    assert not second.changed


def test_small_write_groups_build_the_same_graph(
    driver: Driver, neo4j_target: ConnectionTarget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files whose references cross group boundaries still link up, with no stub left."""
    db = neo4j_target.database
    generate_corpus(tmp_path, SOURCES, CLAIMS, seed=4)
    whole = ingest_paths(driver, db, [tmp_path])
    expected = owned_counts(driver, db)
    driver.execute_query("MATCH (n) DETACH DELETE n", database_=db)
    monkeypatch.setattr(plan, "GROUP_NODES", 40)  # about one file per check group
    grouped = ingest_paths(driver, db, [tmp_path])
    assert owned_counts(driver, db) == expected
    assert [f.changes for f in grouped.files] == [f.changes for f in whole.files]
    assert not ingest_paths(driver, db, [tmp_path]).changed


def test_dropping_a_claim_another_file_of_the_run_now_links_to_is_refused(
    driver: Driver, neo4j_target: ConnectionTarget, tmp_path: Path
) -> None:
    """Caught before writing, whether or not both files land in one check group."""
    db = neo4j_target.database
    docs = dict(corpus_documents(3, CLAIMS, seed=5))
    for stem, doc in docs.items():
        (tmp_path / f"{stem}.yaml").write_text(to_yaml(doc))
    ingest_paths(driver, db, [tmp_path])
    before = owned_counts(driver, db)

    referenced = {r.id for loaded in load_all(tmp_path) for r in references(loaded.document)}
    dropped = next(claim_id(1, k) for k in range(CLAIMS) if claim_id(1, k) not in referenced)
    source_1, source_2 = docs[source_id(1)], docs[source_id(2)]
    claims_1 = source_1["claims"]
    assert isinstance(claims_1, list)
    source_1["claims"] = [c for c in claims_1 if c["id"] != dropped]
    claims_2 = source_2["claims"]
    assert isinstance(claims_2, list)
    claims_2[0]["cites"] = [*claims_2[0].get("cites", []), dropped]
    for stem in (source_id(1), source_id(2)):
        (tmp_path / f"{stem}.yaml").write_text(to_yaml(docs[stem]))

    with pytest.raises(PaperFileError) as caught:
        ingest_paths(driver, db, [tmp_path])
    assert f"{dropped!r} was dropped from this file but {source_id(2)!r} still links" in str(
        caught.value
    )
    assert owned_counts(driver, db) == before
