"""GraphiQL, the OpenAPI page and Neo4j Browser in real headless Chromium.

The machine reaches no CDN, so a page that needed one would not render here at all;
besides, every request Chromium makes is logged and checked to stay on loopback.
Screenshots go to test-artifacts/ (ignored by git) for a person to look at.
"""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from selenium.webdriver.common.by import By

from claimgraph.api.questions import QUESTIONS
from claimgraph.api.report_graphql import SECTION_QUERIES
from claimgraph.graph.connection import ConnectionTarget
from claimgraph.schemas.ingest_report import IngestReport
from tests.browser_support import (
    ARTIFACTS,
    CuratorStack,
    chromium,
    curator_stack,
    log_in_to_browser,
    off_machine,
    requested_urls,
    run_in_browser,
    served_api,
    wait_for,
)
from tests.test_browser_style import STYLE_COLOURS

FRAME_COMMAND = "[data-testid='frameCommand']"


@pytest.fixture(scope="module")
def api(neo4j_target: ConnectionTarget, corpus_loaded: IngestReport) -> Iterator[str]:
    with served_api(neo4j_target) as base:
        yield base


def _operation_name(document: str) -> str:
    return document.split("query ", 1)[1].split()[0]


def test_graphiql_renders_the_schema_offline_with_the_questions_as_tabs(api: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with chromium() as driver:
        driver.get(f"{api}/graphql")
        tabs = wait_for(
            lambda: (
                [t.text for t in driver.find_elements(By.CSS_SELECTOR, ".graphiql-tab")] or None
            ),
            what="GraphiQL's tabs",
        )
        assert tabs == [_operation_name(q) for q in QUESTIONS]
        # the docs explorer lists the root types once the schema came back by introspection
        driver.find_element(
            By.CSS_SELECTOR, "button[aria-label='Show Documentation Explorer']"
        ).click()
        explorer = wait_for(
            lambda: driver.find_element(By.CSS_SELECTOR, ".graphiql-doc-explorer"),
            what="the docs explorer",
        )
        wait_for(lambda: "Reconciliation" in explorer.text, what="the schema's types")
        driver.find_element(By.LINK_TEXT, "Query").click()
        wait_for(lambda: "Every quantity, with its reconciliation" in explorer.text, what="docs")
        # run the first question: its answer comes back from the corpus
        driver.find_element(By.CSS_SELECTOR, ".graphiql-execute-button").click()
        result = wait_for(
            lambda: driver.find_element(By.CSS_SELECTOR, ".graphiql-response").text or None,
            what="the answer",
        )
        driver.save_screenshot(str(ARTIFACTS / "graphiql.png"))
        assert '"reconciliation"' in result and '"errors"' not in result
        urls = requested_urls(driver)
    assert any(url.endswith("/graphiql.min.js") for url in urls)
    assert off_machine(urls) == []


def test_the_openapi_page_renders_offline(api: str) -> None:
    with chromium() as driver:
        driver.get(f"{api}/docs")
        wait_for(
            lambda: "/export/claims.csv" in driver.find_element(By.ID, "swagger-ui").text,
            what="Swagger UI's operations",
        )
        driver.save_screenshot(str(ARTIFACTS / "openapi.png"))
        urls = requested_urls(driver)
    assert any(url.endswith("/swagger-ui-bundle.js") for url in urls)
    assert off_machine(urls) == []


def test_the_report_page_shows_its_plot_and_numbers(api: str) -> None:
    quantity = "llm-training-algorithmic-efficiency"
    pooled = httpx.post(
        f"{api}/graphql",
        json={"query": SECTION_QUERIES["pooled"], "variables": {"id": quantity}},
        timeout=30,
    ).json()["data"]["quantity"]["reconciliation"]
    with chromium() as driver:
        driver.get(f"{api}/report/{quantity}")
        plot = wait_for(
            lambda: driver.find_element(By.CSS_SELECTOR, "#forest-plot svg"), what="the plot"
        )
        assert plot.size["width"] > 400 and plot.size["height"] > 200
        rows = plot.find_elements(By.CSS_SELECTOR, "g[id^='estimate-']:not([id*='--'])")
        assert len(rows) == pooled["k"]
        assert plot.find_elements(By.CSS_SELECTOR, "g#pooled-diamond")
        shown = driver.find_element(By.CSS_SELECTOR, "[data-stat='r']").text
        assert shown == f"{pooled['r']:.3f}"
        # the page's own style sheet applied (no CSP refusal): the header bar is dark
        header = driver.find_element(By.TAG_NAME, "header")
        assert header.value_of_css_property("background-color") == "rgba(35, 48, 61, 1)"
        driver.save_screenshot(str(ARTIFACTS / "report-page.png"))
        console = driver.get_log("browser")  # type: ignore[no-untyped-call]
        urls = requested_urls(driver)
        # the pooled section's link opens GraphiQL on the query that gives those numbers
        driver.find_element(By.CSS_SELECTOR, "#pooled a.gq").click()
        tabs = wait_for(
            lambda: (
                [t.text for t in driver.find_elements(By.CSS_SELECTOR, ".graphiql-tab")] or None
            ),
            what="GraphiQL's tabs",
        )
    assert "ReportPooled" in tabs
    assert [e for e in console if "Content Security Policy" in e["message"]] == []
    assert off_machine(urls) == []


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CuratorStack]:
    with curator_stack(tmp_path_factory.mktemp("curator-neo4j")) as found:
        yield found


def _drawn_nodes(driver: object) -> set[tuple[str, str]]:
    """(fill colour, caption as drawn) of every node in the latest graph view."""
    nodes = driver.find_elements(By.CSS_SELECTOR, "g.node")  # type: ignore[attr-defined]
    drawn = set()
    for node in nodes:
        fill = node.find_element(By.CSS_SELECTOR, "circle.b-outline").get_attribute("fill")
        lines = [t.text.strip() for t in node.find_elements(By.CSS_SELECTOR, "text.caption")]
        drawn.add((fill.upper(), " ".join(lines)))
    return drawn


def test_neo4j_browser_applies_the_style_and_opens_the_guide_on_connect(
    stack: CuratorStack,
) -> None:
    with chromium() as driver:
        log_in_to_browser(driver, stack)
        # post_connect_cmd ran both commands: the guide's first slide and the style frame
        wait_for(
            lambda: "What the graph holds" in driver.find_element(By.TAG_NAME, "body").text,
            what="the guide after connect",
        )
        frames = wait_for(
            lambda: (
                [
                    f.text
                    for f in driver.find_elements(By.CSS_SELECTOR, "[data-testid='frameCommand']")
                ]
                or None
            ),
            what="the frames",
        )
        assert any(f":style {stack.api}/neo4j-browser/claimgraph.grass" in f for f in frames)
        assert any(f":play {stack.api}/neo4j-browser/claimgraph" in f for f in frames)
        run_in_browser(
            driver,
            "MATCH (c:Claim {id: 'epoch-2024-training-halving-8mo'})<-[t:TARGETS]-(k:Critique)"
            "<-[m:MAKES]-(s:Source) RETURN c, t, k, m, s",
        )
        drawn = wait_for(lambda: _drawn_nodes(driver) or None, what="the graph view")
        driver.save_screenshot(str(ARTIFACTS / "neo4j-browser.png"))
    # each label in its colour, each caption whole (hand-read from the corpus: Ho et al.'s
    # claim id starts epoch-2024, its unit is halving_time_months with value 8; Byrnes
    # 2026 makes the scale_dependence critique that targets it)
    assert drawn == {
        (STYLE_COLOURS["Claim"], "Epoch 2024: 8-month halving"),
        (STYLE_COLOURS["Critique"], "Byrnes 2026: scale dependence critique"),
        (STYLE_COLOURS["Source"], "Byrnes 2026"),
    }


def test_play_claimgraph_finds_the_guide_by_name(stack: CuratorStack) -> None:
    with chromium() as driver:
        log_in_to_browser(driver, stack)
        wait_for(lambda: "What the graph holds" in driver.find_element(By.TAG_NAME, "body").text)
        run_in_browser(driver, ":clear")
        run_in_browser(driver, ":play claimgraph")
        wait_for(
            lambda: "What the graph holds" in driver.find_element(By.TAG_NAME, "body").text,
            what="the guide by name",
        )


def test_artifacts_are_not_in_git() -> None:
    ignored = (Path(__file__).resolve().parents[1] / ".gitignore").read_text().split()
    assert f"{ARTIFACTS.name}/" in ignored
