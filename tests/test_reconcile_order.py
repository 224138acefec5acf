"""The graph a corpus builds does not depend on the order its files were written in.

A run cut short (a crash, a kill, a folder ingested in parts) and then finished must end
with the very nodes, properties and links one uninterrupted run writes, derived results
included: a flag's reason, for instance, may not depend on which claim the graph happened
to return first.
"""

from pathlib import Path

from neo4j import Driver

from bench.synthetic import generate_corpus
from claimgraph.graph.connection import ConnectionTarget
from claimgraph.ingest.pipeline import ingest_paths
from tests.graph_checksum import graph_checksum


def test_a_corpus_ingested_in_parts_builds_the_graph_one_run_builds(
    driver: Driver, neo4j_target: ConnectionTarget, tmp_path: Path
) -> None:
    db = neo4j_target.database
    generate_corpus(tmp_path, 32, 40, seed=11)
    ingest_paths(driver, db, [tmp_path])
    whole = graph_checksum(driver, db, with_state=False)
    files = sorted(tmp_path.glob("*.yaml"))
    for parts in ([files[:12]], [files[:5], files[:20]]):
        driver.execute_query("MATCH (n) DETACH DELETE n", database_=db)
        for part in parts:
            ingest_paths(driver, db, part)
        ingest_paths(driver, db, [tmp_path])
        assert graph_checksum(driver, db, with_state=False) == whole
