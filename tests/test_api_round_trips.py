"""No N+1: a nested query costs the same number of Cypher round trips for 10 or 500 claims.

Every Cypher call of the API goes through graph.read_runner.run_read, which counts it;
with debug on, the response reports the count in `extensions.roundTrips`.
"""

from pathlib import Path

from neo4j import Driver

from claimgraph.graph.connection import ConnectionTarget
from claimgraph.ingest.pipeline import ingest_paths
from tests.api_support import api_client, post

NESTED_PAGE = """{ claims(first: 100, filter: {source: "synthetic-claims"}) {
  totalCount edges { node { id source { id title } evidence { id summary }
    critiques { id kind source { id title } } } } } }"""

NESTED_SOURCE = """{ source(id: "synthetic-claims") { claims { id
  source { id } evidence { id } critiques { id source { id } } } } }"""


def write_synthetic(folder: Path, n: int) -> None:
    """n claims by one source, each with its evidence, and n critiques by another source.

    Every claim states the same 8 months: differing points would make the reconciliation
    store a conflict per pair (n^2 / 2 of them), which is not what this test measures.
    """
    claims = "".join(
        f"""  - id: synthetic-claim-{i}
    quantity: synthetic-quantity
    category: algorithmic
    statement: Synthetic claim number {i}.
    estimate:
      value: 8.0
      unit: halving_time_months
    evidence:
      - synthetic-evidence-{i}
"""
        for i in range(n)
    )
    evidence = "".join(
        f"""  - id: synthetic-evidence-{i}
    kind: experiment
    scope: training
    summary: Synthetic experiment number {i}.
"""
        for i in range(n)
    )
    critiques = "".join(
        f"""  - id: synthetic-critique-{i}
    kind: methodology
    targets:
      - synthetic-claim-{i}
    summary: Synthetic objection number {i}.
"""
        for i in range(n)
    )
    (folder / "synthetic-claims.yaml").write_text(
        f"""source:
  id: synthetic-claims
  title: Synthetic claims
  kind: paper
quantities:
  - id: synthetic-quantity
    name: Synthetic quantity
    description: A quantity for load tests.
    scope: training
    direction: less compute
claims:
{claims}evidence:
{evidence}"""
    )
    (folder / "synthetic-critic.yaml").write_text(
        f"""source:
  id: synthetic-critic
  title: Synthetic critic
  kind: blog_post
critiques:
{critiques}"""
    )


def measure(
    driver: Driver, target: ConnectionTarget, folder: Path, n: int
) -> dict[bool, tuple[int, int]]:
    """Round trips of the page and of the source query, with nested reads on and off."""
    driver.execute_query("MATCH (n) DETACH DELETE n", database_=target.database)
    folder.mkdir()
    write_synthetic(folder, n)
    ingest_paths(driver, target.database, [folder])
    return {nested: _round_trips(target, n, nested) for nested in (True, False)}


def _round_trips(target: ConnectionTarget, n: int, nested: bool) -> tuple[int, int]:
    with api_client(target, nested=nested) as client:
        page = post(client, NESTED_PAGE)
        whole = post(client, NESTED_SOURCE)
    assert "errors" not in page and "errors" not in whole
    nodes = [edge["node"] for edge in page["data"]["claims"]["edges"]]
    assert page["data"]["claims"]["totalCount"] == n
    assert len(nodes) == min(n, 100)
    assert all(len(node["critiques"]) == 1 for node in nodes)
    assert all(node["critiques"][0]["source"]["id"] == "synthetic-critic" for node in nodes)
    assert len(whole["data"]["source"]["claims"]) == n
    return page["extensions"]["roundTrips"], whole["extensions"]["roundTrips"]


def test_nested_queries_cost_the_same_round_trips_for_10_and_500_claims(
    driver: Driver, neo4j_target: ConnectionTarget, tmp_path: Path
) -> None:
    small = measure(driver, neo4j_target, tmp_path / "small", 10)
    large = measure(driver, neo4j_target, tmp_path / "large", 500)
    assert small == large
    # nested reads: each query is translated whole into one Cypher query = (1, 1);
    # DataLoaders: the page: 1 page query with its count (totalCount is selected) + one
    # batch each for the claims' sources, their evidence, their critiques and the
    # critiques' sources = 5, whatever the page's length; the source's claims: the
    # source + its claims + evidence + critiques + critique sources = 5 (the claims' own
    # source is already in the loader's cache).
    assert small == {True: (1, 1), False: (5, 5)}
