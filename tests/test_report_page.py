"""The report pages against the shipped corpus: the numbers are the API's, the plot has a
row per estimate, the links run the queries that give those numbers, and the pages are
locked down by their Content-Security-Policy."""

import asyncio
import base64
import hashlib
import html
import json
import math
import re
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from claimgraph.api.report_data import read_report
from claimgraph.api.report_graphql import SECTION_QUERIES
from claimgraph.graph.connection import ConnectionTarget, open_async_driver
from claimgraph.graph.read_runner import Reader, RoundTrips
from claimgraph.schemas.ingest_report import IngestReport
from tests.api_support import api_client, data

LLM = "llm-training-algorithmic-efficiency"
PAGE = f"/report/{LLM}"


@dataclass(frozen=True)
class Fetched:
    page: str
    policy: str
    index: str
    missing_status: int
    missing: str
    answers: dict[str, Any]
    linked: dict[str, Any]


class _Links(HTMLParser):
    """Every GraphiQL link of a page, by the section heading it sits in."""

    def __init__(self) -> None:
        super().__init__()
        self.section: str | None = None
        self.links: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "section" and found.get("id"):
            self.section = found["id"]
        if tag == "a" and found.get("class") == "gq" and self.section:
            self.links[self.section] = found["href"] or ""


def _run_link(client: TestClient, href: str) -> Any:
    params = parse_qs(urlsplit(href).query)
    assert urlsplit(href).path == "/graphql"
    return data(client, params["query"][0], json.loads(params["variables"][0]))


@pytest.fixture(scope="module")
def fetched(neo4j_target: ConnectionTarget, corpus_loaded: IngestReport) -> Fetched:
    with api_client(neo4j_target) as client:
        response = client.get(PAGE)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/html")
        index = client.get("/report")
        assert index.status_code == 200
        missing = client.get("/report/llm-training-algorithmic-eficiency")
        answers = {name: data(client, q, {"id": LLM}) for name, q in SECTION_QUERIES.items()}
        parser = _Links()
        parser.feed(response.text)
        linked = {name: _run_link(client, href) for name, href in parser.links.items()}
        return Fetched(
            response.text,
            response.headers["content-security-policy"],
            index.text,
            missing.status_code,
            missing.text,
            answers,
            linked,
        )


def _reconciliation(fetched: Fetched, section: str) -> Any:
    return fetched.answers[section]["quantity"]["reconciliation"]


def test_page_shows_the_pooled_r_the_api_returns(fetched: Fetched) -> None:
    pooled = _reconciliation(fetched, "pooled")
    estimates = _reconciliation(fetched, "estimates")["estimates"]
    # The pool is the random-effects weighted mean of ln r over the three pooled estimates:
    # Byrnes' 3.5x since 2018 (r = 3.5^(1/6.5) = 1.219, range basis), nanochat's 2x
    # (1.104, imputed) and Epoch's 8-month halving (2^(12/8) = 2.828, stated), with weights
    # of about 0.405, 0.297 and 0.297: exp(0.405 ln 1.219 + 0.297 ln 1.104 + 0.297 ln 2.828)
    # = exp(0.080 + 0.029 + 0.309) = 1.52 per year.
    by_id = {e["claimId"]: e for e in estimates}
    assert by_id["epoch-2024-training-halving-8mo"]["r"] == pytest.approx(2 ** (12 / 8))
    weighted = sum(e["weight"] * math.log(e["r"]) for e in estimates)
    assert math.exp(weighted) == pytest.approx(pooled["r"], rel=1e-6)
    assert pooled["r"] == pytest.approx(1.52, abs=0.005)
    assert f'data-stat="r">{pooled["r"]:.3f}<' in fetched.page
    assert f'data-stat="k">{pooled["k"]}<' in fetched.page
    low, high = pooled["rLow"], pooled["rHigh"]
    assert f'data-stat="interval">{low:.3f} – {high:.3f}<' in fetched.page
    pi = f"{pooled['piLow']:.3f} – {pooled['piHigh']:.3f}"
    assert f'data-stat="prediction interval">{pi}<' in fetched.page
    assert f'data-stat="tau²">{pooled["tau2"]:.4f}<' in fetched.page
    assert f'data-stat="I²">{100 * pooled["i2"]:.1f}%<' in fetched.page
    assert f'data-stat="Q">{pooled["q"]:.3f}<' in fetched.page


def _svg(page: str) -> str:
    match = re.search(r"<svg.*?</svg>", page, re.S)
    assert match is not None, "no inline SVG on the page"
    return match.group(0)


def test_the_plot_has_one_row_per_estimate_and_the_pools(fetched: Fetched) -> None:
    svg = _svg(fetched.page)
    ids = re.findall(r'<g id="([^"]+)"', svg)
    reconciliation = _reconciliation(fetched, "estimates")
    pooled = {e["claimId"] for e in reconciliation["estimates"]}
    left_out = {o["claimId"] for o in reconciliation["leftOut"]}
    # three pooled estimates (Byrnes' two, Epoch's) and Amodei's restatement left out
    assert len(pooled) == 3 and left_out == {"amodei-2025-algorithmic-shift-1-68x-per-year"}
    assert {i for i in ids if i.startswith("estimate-") and "--" not in i} == {
        f"estimate-{c}" for c in pooled
    }
    assert {i for i in ids if i.startswith("left-out-") and "--" not in i} == {
        f"left-out-{c}" for c in left_out
    }
    for row in ("pooled-diamond", "prediction-interval", "stated-only", "critique-adjusted"):
        assert ids.count(row) == 1, row
    # the left-out row says why, and every basis is in the legend
    assert "left out: restatement" in svg
    for basis in ("stated", "range", "imputed", "none"):
        assert f"{basis} basis" in svg


def test_the_plot_is_the_same_bytes_each_time(
    neo4j_target: ConnectionTarget, fetched: Fetched
) -> None:
    with api_client(neo4j_target) as client:
        again = client.get(PAGE).text
    assert _svg(again) == _svg(fetched.page)
    assert "<dc:date>" not in _svg(again)


def test_estimate_table_rows_hold_the_api_numbers(fetched: Fetched) -> None:
    reconciliation = _reconciliation(fetched, "estimates")
    claims = {c["id"]: c for c in fetched.answers["estimates"]["quantity"]["claims"]}
    for member in reconciliation["estimates"]:
        row = re.search(rf'<tr data-claim="{member["claimId"]}".*?</tr>', fetched.page, re.S)
        assert row is not None, member["claimId"]
        text = row.group(0)
        assert f">{member['r']:.3f}<" in text
        assert f">{member['rLow']:.3f} – {member['rHigh']:.3f}<" in text
        assert f">{100 * member['weight']:.1f}%<" in text
        assert f">{member['basis'].lower()}" in text
        claim = claims[member["claimId"]]
        assert html.escape(claim["source"]["title"]) in text
        for flag in claim["flags"]:
            assert f"{flag['kind'].lower()}: {flag['rule']}" in text
        for critique in claim["critiques"]:
            assert critique["id"] in text
    # the critique Byrnes makes of Epoch's halving sits beside Epoch's row
    epoch = re.search(
        r'<tr data-claim="epoch-2024-training-halving-8mo".*?</tr>', fetched.page, re.S
    )
    assert epoch is not None and "byrnes-2026-epoch-halving-is-scale-dependent" in epoch.group(0)


def test_conflicts_deviations_and_flags_are_shown(fetched: Fetched) -> None:
    quantity = fetched.answers["conflicts"]["quantity"]
    (conflict,) = quantity["conflicts"]
    assert {conflict["claimA"], conflict["claimB"]} == {
        "byrnes-2026-core-algorithmic-3-5x-since-2018",
        "epoch-2024-training-halving-8mo",
    }
    section = fetched.page.split('id="conflicts"', 1)[1]
    assert f">{conflict['gapLog10']:.3f}<" in section
    for explanation in conflict["explanations"]:
        assert html.escape(explanation["detail"]) in section
    # Epoch's estimate lies outside the others' prediction interval: a stored deviation
    outside = [o for o in quantity["reconciliation"]["leaveOneOut"] if o["outsidePrediction"]]
    assert [o["claimId"] for o in outside] == ["epoch-2024-training-halving-8mo"]
    (epoch,) = outside
    assert f">{epoch['r']:.3f}<" in section  # the others' pool, without Epoch
    assert f">{epoch['stdResidual']:.2f}<" in section
    flags = {f["id"]: f for c in fetched.answers["flags"]["quantity"]["claims"] for f in c["flags"]}
    assert flags
    for flag in flags.values():
        assert html.escape(flag["reason"]) in fetched.page


def test_each_section_links_to_the_query_that_gives_its_numbers(fetched: Fetched) -> None:
    assert set(fetched.linked) == {"pooled", "flags", "estimates", "conflicts"}
    for section, answer in fetched.linked.items():
        assert answer == fetched.answers[section], section


def test_an_unknown_quantity_is_a_404_naming_the_nearest_ids(fetched: Fetched) -> None:
    assert fetched.missing_status == 404
    assert f'href="/report/{LLM}"' in fetched.missing
    assert 'href="/report"' in fetched.missing


def test_the_index_lists_quantities_with_estimates(fetched: Fetched) -> None:
    pooled = _reconciliation(fetched, "pooled")
    row = re.search(rf'<tr>\s*<td><a href="/report/{LLM}">.*?</tr>', fetched.index, re.S)
    assert row is not None
    assert f">{pooled['r']:.3f}<" in row.group(0)
    assert f">{pooled['rLow']:.3f} – {pooled['rHigh']:.3f}<" in row.group(0)
    assert re.search(rf'class="num">{pooled["k"]}<', row.group(0))


def test_the_index_counts_each_quantitys_claims(
    fetched: Fetched, session_driver: Driver, neo4j_target: ConnectionTarget
) -> None:
    counted, _, _ = session_driver.execute_query(
        "MATCH (c:Claim) WHERE c.owner IS NOT NULL RETURN c.quantity_id AS id, count(*) AS claims",
        database_=neo4j_target.database,
    )
    expected = {record["id"]: record["claims"] for record in counted}
    # the LLM quantity: Byrnes' two, Epoch's halving and Amodei's restatement
    assert expected[LLM] == 4
    rows = re.findall(
        r'<tr>\s*<td><a href="/report/([^"]+)">.*?<td class="num">(\d+)</td>', fetched.index, re.S
    )
    assert {quantity: int(claims) for quantity, claims in rows} == expected


def test_a_quantity_costs_the_same_reads_whatever_its_claims(
    neo4j_target: ConnectionTarget, corpus_loaded: IngestReport
) -> None:
    async def round_trips(quantity_id: str) -> tuple[int, int]:
        driver = open_async_driver(neo4j_target)
        try:
            counter = RoundTrips()
            report = await read_report(
                Reader(driver, neo4j_target.database, 30, counter), quantity_id
            )
            assert report is not None
            return len(report.claims), counter.count
        finally:
            await driver.close()

    sizes = {q: asyncio.run(round_trips(q)) for q in (LLM, "hardware-flop-per-dollar")}
    claims = {q: n for q, (n, _) in sizes.items()}
    assert len(set(claims.values())) == 2, claims  # two quantities of different sizes
    assert {reads for _, reads in sizes.values()} == {8}  # 5 by quantity id, then 3 by claim ids


def _digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_the_policy_allows_no_script_and_only_the_plots_own_styles(fetched: Fetched) -> None:
    directives = dict(d.strip().split(" ", 1) for d in fetched.policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert "script-src" not in directives  # falls back to 'none'
    assert "'unsafe-inline'" not in fetched.policy
    assert "http" not in fetched.policy  # nothing from elsewhere
    assert "<script" not in fetched.page
    # every style the SVG holds is allowed by its hash, and nothing else inline is
    for value in set(re.findall(r'style="([^"]*)"', fetched.page)):
        assert _digest(html.unescape(value)) in directives["style-src-attr"]
    for block in re.findall(r"<style[^>]*>(.*?)</style>", fetched.page, re.S):
        assert _digest(block) in directives["style-src"]


def test_the_style_sheet_is_served(neo4j_target: ConnectionTarget, fetched: Fetched) -> None:
    assert 'href="/report/report.css"' in fetched.page
    with api_client(neo4j_target) as client:
        response = client.get("/report/report.css")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")


def test_graphiql_opens_for_a_browser_and_runs_the_query_for_a_client(
    neo4j_target: ConnectionTarget, fetched: Fetched
) -> None:
    parser = _Links()
    parser.feed(fetched.page)
    href = parser.links["pooled"]
    with api_client(neo4j_target) as client:
        page = client.get(href, headers={"Accept": "text/html,application/xhtml+xml"})
        answer = client.get(href, headers={"Accept": "application/json"})
    assert page.headers["content-type"].startswith("text/html") and "graphiql" in page.text
    assert answer.json()["data"] == fetched.answers["pooled"]


def test_the_app_and_the_cli_load_without_the_plotting_and_template_libraries() -> None:
    # matplotlib and Jinja2 are loaded by the first report page, not by `claimgraph --help`
    # nor by the API's other routes
    code = (
        "import sys, claimgraph.cli.app, claimgraph.api.app; "
        "print(sorted(m for m in ('matplotlib', 'jinja2') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
