"""Each conflation rule, on a small graph built to make it fire (and one that must not)."""

from pathlib import Path
from textwrap import dedent

import pytest
from neo4j import Driver

from claimgraph.graph.connection import ConnectionTarget
from claimgraph.ingest.pipeline import ingest_paths

QUANTITIES = """\
quantities:
  - {id: q-train, name: Training, description: Training compute., scope: training, direction: less}
  - {id: q-inf, name: Inference, description: Inference price., scope: inference, direction: less}
  - {id: q-spent, name: Spent, description: Compute spent., scope: compute, direction: more}
  - {id: q-train2, name: All-in, description: All drivers., scope: training, direction: less}
  - {id: q-vision, name: Vision, description: ImageNet., scope: training, domain: vision,
     direction: less}
  - {id: q-lang, name: Language, description: LLMs., scope: training, domain: language,
     direction: less}
  - {id: q-hw, name: Hardware, description: FLOP per dollar., scope: hardware, direction: more}
  - {id: q-data, name: Data, description: Tokens., scope: data, direction: more}
"""


def paper(claims: str, extra: str = "") -> str:
    return (
        dedent(
            """\
        source: {id: src, title: Test source, kind: paper, year: 2025}
        evidence:
          - {id: ev-inf, kind: cost_comparison, scope: inference, summary: Prices compared.}
          - {id: ev-train, kind: experiment, scope: training, summary: Runs compared.}
          - {id: ev-spent, kind: regression, scope: compute, summary: Compute of big runs.}
          - {id: ev-vision, kind: experiment, scope: training, domain: vision, summary: ImageNet.}
        claims:
        """
        )
        + dedent(claims)
        + dedent(extra)
    )


def claim(
    cid: str,
    quantity: str,
    unit: str = "multiplier_per_year",
    value: float = 3,
    category: str = "algorithmic",
    more: str = "",
) -> str:
    return (
        f"  - {{id: {cid}, quantity: {quantity}, category: {category}, statement: A figure.,"
        f" estimate: {{value: {value}, unit: {unit}{more}}}"
    )


def flags_after_ingest(
    driver: Driver, target: ConnectionTarget, folder: Path, body: str
) -> set[tuple[str, str, str]]:
    (folder / "quantities.yaml").write_text(QUANTITIES)
    (folder / "src.yaml").write_text(body)
    ingest_paths(driver, target.database, [folder])
    records, _, _ = driver.execute_query(
        "MATCH (f:Flag) RETURN f.kind AS kind, f.rule AS rule, f.subject AS subject",
        database_=target.database,
    )
    return {(r["kind"], r["rule"], r["subject"]) for r in records}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            paper(claim("a", "q-train") + ", evidence: [ev-inf]}\n"),
            {("training_inference", "evidence_of_the_other_scope", "a")},
            id="training claim on inference evidence",
        ),
        pytest.param(
            paper(claim("a", "q-train") + ", evidence: [ev-train]}\n"),
            set(),
            id="training claim on training evidence",
        ),
        pytest.param(
            paper(claim("a", "q-inf") + "}\n" + claim("b", "q-train") + ", cites: [a]}\n"),
            {("training_inference", "citation_crosses_training_and_inference", "b")},
            id="training claim citing an inference claim",
        ),
        pytest.param(
            paper(claim("a", "q-train") + "}\n" + claim("b", "q-train") + ", cites: [a]}\n"),
            set(),
            id="training claim citing a training claim",
        ),
        pytest.param(
            paper(
                claim("a", "q-train") + "}\n" + claim("b", "q-inf") + "}\n",
                "groupings: [{id: g, summary: Two trends., claims: [a, b], presented_as: one}]\n",
            ),
            {("training_inference", "grouping_mixes_training_and_inference", "g")},
            id="grouping of training and inference",
        ),
        pytest.param(
            paper(
                claim("a", "q-train") + "}\n" + claim("b", "q-train", value=4) + "}\n",
                "groupings: [{id: g, summary: Two trends., claims: [a, b], presented_as: one}]\n",
            ),
            set(),
            id="grouping of two training figures",
        ),
        pytest.param(
            paper(
                claim("a", "q-train", more=", compute_scale_flop: 2.0e+23")
                + "}\n"
                + claim("b", "q-train")
                + "}\n"
            ),
            {("scale_dependence", "scale_bound_beside_scale_free", "a")},
            id="scale-bound figure beside a scale-free one",
        ),
        pytest.param(
            paper(claim("a", "q-train", category="optimization") + "}\n"),
            {("ceiling", "optimizations_as_yearly_trend", "a")},
            id="optimizations stated per year",
        ),
        pytest.param(
            paper(claim("a", "q-train", unit="one_time_factor", category="optimization") + "}\n"),
            set(),
            id="optimizations as a one-time factor",
        ),
        pytest.param(
            paper(
                claim("a", "q-train") + "}\n",
                "critiques: [{id: k, kind: ceiling, targets: [a], summary: Capped.}]\n",
            ),
            {("ceiling", "critiqued_as_compounded_optimizations", "a")},
            id="yearly rate critiqued for compounding one-time gains",
        ),
        pytest.param(
            paper(claim("a", "q-spent") + ", evidence: [ev-inf]}\n"),
            {("task_size", "inference_compute_growth", "a")},
            id="inference compute growth",
        ),
        pytest.param(
            paper(claim("a", "q-spent") + ", evidence: [ev-train]}\n"),
            set(),
            id="training compute growth",
        ),
        pytest.param(
            paper(
                claim("a", "q-spent") + "}\n" + claim("b", "q-train") + "}\n",
                "groupings: [{id: g, summary: One., claims: [a, b], presented_as: agreeing}]\n",
            ),
            {("training_inference", "grouping_presents_compute_growth_as_efficiency", "g")},
            id="compute growth grouped with efficiency",
        ),
        pytest.param(
            paper(
                claim("a", "q-train") + "}\n" + claim("b", "q-inf") + "}\n",
                "groupings: [{id: g, summary: X., claims: [a, b], presented_as: contrasting}]\n",
            ),
            set(),
            id="training and inference set apart on purpose",
        ),
        pytest.param(
            paper(claim("a", "q-spent") + "}\n" + claim("b", "q-train") + ", cites: [a]}\n"),
            {("training_inference", "compute_growth_as_efficiency", "b")},
            id="efficiency claim citing compute growth",
        ),
        pytest.param(
            paper(claim("a", "q-train") + ", evidence: [ev-spent]}\n"),
            {("training_inference", "compute_growth_as_efficiency", "a")},
            id="efficiency claim on compute-growth evidence",
        ),
        pytest.param(
            paper(claim("a", "q-data") + "}\n" + claim("b", "q-hw") + ", cites: [a]}\n"),
            {("training_inference", "citation_crosses_scopes", "b")},
            id="hardware claim citing a data claim",
        ),
        pytest.param(
            paper(
                claim("a", "q-train") + "}\n" + claim("b", "q-train2", value=4) + "}\n",
                "groupings: [{id: g, summary: Agree., claims: [a, b], presented_as: agreeing}]\n",
            ),
            {("training_inference", "grouping_mixes_quantities", "g")},
            id="grouping of two quantities of one scope",
        ),
        pytest.param(
            paper(claim("a", "q-train") + "}\n" + claim("b", "q-train2") + ", cites: [a]}\n"),
            {("training_inference", "citation_of_another_quantity", "b")},
            id="rate citing a rate of another quantity",
        ),
        pytest.param(
            paper(claim("a", "q-vision") + "}\n" + claim("b", "q-lang") + ", cites: [a]}\n"),
            {("training_inference", "citation_of_another_domain", "b")},
            id="language claim citing a vision claim",
        ),
        pytest.param(
            paper(claim("a", "q-lang") + ", evidence: [ev-vision]}\n"),
            {("training_inference", "evidence_of_another_domain", "a")},
            id="language claim on vision evidence",
        ),
        pytest.param(
            paper(claim("a", "q-lang", more="") + ", domain: vision}\n"),
            {("training_inference", "claim_domain_differs_from_quantity", "a")},
            id="vision figure filed under a language quantity",
        ),
        pytest.param(
            paper(
                claim("f1", "q-train", unit="one_time_factor", value=3, category="optimization")
                + "}\n"
                + claim("f2", "q-train", unit="one_time_factor", value=2)
                + "}\n"
                + claim("r", "q-train", value=2)
                + ", cites: [f1, f2]}\n"
            ),
            {("ceiling", "rate_built_from_one_time_factors", "r")},
            id="yearly rate built from one-time speedups, category algorithmic",
        ),
        pytest.param(
            paper(
                claim("f1", "q-train", unit="one_time_factor", value=3)
                + "}\n"
                + claim("m", "q-train", value=2.5)
                + "}\n"
                + claim("r", "q-train", value=2)
                + ", cites: [f1, m]}\n"
            ),
            set(),
            id="yearly rate resting on a measured rate as well",
        ),
    ],
)
def test_rule(
    driver: Driver,
    neo4j_target: ConnectionTarget,
    tmp_path: Path,
    body: str,
    expected: set[tuple[str, str, str]],
) -> None:
    assert flags_after_ingest(driver, neo4j_target, tmp_path, body) == expected


def test_unscoped_claim(driver: Driver, neo4j_target: ConnectionTarget, tmp_path: Path) -> None:
    quantities = QUANTITIES + (
        "  - {id: q-any, name: Any, description: Unstated., scope: unspecified, direction: less}\n"
    )
    (tmp_path / "quantities.yaml").write_text(quantities)
    (tmp_path / "src.yaml").write_text(paper(claim("a", "q-any") + "}\n"))
    ingest_paths(driver, neo4j_target.database, [tmp_path])
    records, _, _ = driver.execute_query(
        "MATCH (f:Flag)-[:FLAGS]->(c:Claim) RETURN f.kind AS kind, c.id AS claim, f.reason AS why",
        database_=neo4j_target.database,
    )
    assert [(r["kind"], r["claim"]) for r in records] == [("unscoped", "a")]
    assert "without saying training or inference" in records[0]["why"]
