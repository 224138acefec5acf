"""Neo4j Browser's style sheet, guide and server settings, checked against a real graph."""

import re
from html.parser import HTMLParser
from typing import Any, Final

import pytest
from neo4j import Driver

from claimgraph.api.browser_guide import QUESTIONS, param_command, render_guide
from claimgraph.api.graphiql import WEB_DIR
from claimgraph.graph.connection import ConnectionTarget
from claimgraph.graph.derived_store import DerivedLabel
from claimgraph.graph.paper_rows import NodeKind
from claimgraph.graph.server_config import InstanceLayout, api_url, render_config
from claimgraph.graph.settings import Settings
from claimgraph.schemas.ingest_report import IngestReport
from tests.api_support import api_client


def parse_grass(text: str) -> dict[str, dict[str, str]]:
    """selector -> {property: value}, quotes dropped, as Browser reads a GraSS sheet."""
    rules: dict[str, dict[str, str]] = {}
    for selector, body in re.findall(r"([^\s{}]+)\s*\{([^}]*)\}", text):
        props = {}
        for item in body.split(";"):
            key, _, value = item.partition(":")
            if key.strip():
                props[key.strip()] = value.strip().strip("'")
        rules[selector] = props
    return rules


STYLE: Final = parse_grass((WEB_DIR / "claimgraph.grass").read_text())
LABELS: Final = [k.value for k in NodeKind] + [d.value for d in DerivedLabel]
STYLE_COLOURS: Final = {label: STYLE[f"node.{label}"]["color"].upper() for label in LABELS}


def test_every_label_has_its_own_colour_and_a_caption() -> None:
    for label in LABELS:
        rule = STYLE[f"node.{label}"]
        assert rule["caption"], label
        assert re.fullmatch(r"#[0-9A-F]{6}", rule["color"].upper()), label
    assert len(set(STYLE_COLOURS.values())) == len(LABELS)  # no two labels alike


def test_every_caption_names_properties_the_nodes_have(
    session_driver: Driver, neo4j_target: ConnectionTarget, corpus_loaded: IngestReport
) -> None:
    for label in LABELS:
        for prop in re.findall(r"\{([^}]+)\}", STYLE[f"node.{label}"]["caption"]):
            records, _, _ = session_driver.execute_query(
                f"MATCH (n:{label}) RETURN count(n) AS nodes, count(n[$prop]) AS with_prop",
                prop=prop,
                database_=neo4j_target.database,
            )
            nodes, with_prop = records[0]["nodes"], records[0]["with_prop"]
            assert nodes > 0, f"the corpus has no {label} node to check"
            assert with_prop == nodes, f"{with_prop} of {nodes} {label} nodes have {prop}"


class _GuideShape(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.runnable: list[str] = []
        self._in_runnable = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_runnable = tag == "pre" and "runnable" in (dict(attrs).get("class") or "")
        if self._in_runnable:
            self.runnable.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self._in_runnable = False

    def handle_data(self, data: str) -> None:
        if self._in_runnable:
            self.runnable[-1] += data


def test_the_guide_is_in_browsers_slide_format() -> None:
    shape = _GuideShape()
    shape.feed(render_guide("http://127.0.0.1:1/neo4j-browser/graph-model"))
    tags = [tag for tag, _ in shape.tags]
    assert tags[:3] == ["title", "article", "carousel"]
    assert tags.count("slide") == len(QUESTIONS)
    expected = [param_command(n, v) for q in QUESTIONS for n, v in q.params]
    expected += [query.cypher for q in QUESTIONS for query in q.queries]
    assert sorted(shape.runnable) == sorted(expected)
    links = [a.get("href") for tag, a in shape.tags if tag == "a"]
    assert links == ["http://127.0.0.1:1/neo4j-browser/graph-model"] * len(QUESTIONS)


@pytest.mark.parametrize("question", QUESTIONS, ids=[q.title for q in QUESTIONS])
def test_every_guide_query_finds_something_in_the_corpus(
    question: Any,
    session_driver: Driver,
    neo4j_target: ConnectionTarget,
    corpus_loaded: IngestReport,
) -> None:
    params = dict(question.params)
    for query in question.queries:
        records, _, _ = session_driver.execute_query(
            query.cypher, params, database_=neo4j_target.database
        )
        assert records, f"{question.title}: {query.caption} found nothing"


def test_the_decomposition_query_lists_the_factors_in_the_sources_order(
    session_driver: Driver, neo4j_target: ConnectionTarget, corpus_loaded: IngestReport
) -> None:
    # Byrnes 2026 splits nanochat's 600x into hardware 6 x algorithms 2 x optimizations 10 x
    # data 5 (= 600), in that order
    (question,) = [q for q in QUESTIONS if q.title == "The decomposition of a total"]
    records, _, _ = session_driver.execute_query(
        question.queries[1].cypher, dict(question.params), database_=neo4j_target.database
    )
    assert [r["figure"] for r in records] == [
        "Byrnes 2026: 6× in 7 yr",
        "Byrnes 2026: 2× in 7 yr",
        "Byrnes 2026: 10× in 7 yr",
        "Byrnes 2026: 5× in 7 yr",
    ]


def test_browser_may_fetch_the_guide_and_style_across_origins(
    neo4j_target: ConnectionTarget,
) -> None:
    with api_client(neo4j_target) as client:
        preflight = client.options(
            "/neo4j-browser/claimgraph",
            headers={
                "Origin": "http://127.0.0.1:7474",
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "pragma,cache-control",
            },
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == "*"
        assert "pragma" in preflight.headers["access-control-allow-headers"]
        style = client.get("/neo4j-browser/claimgraph.grass", headers={"Origin": "http://x"})
        assert style.headers["access-control-allow-origin"] == "*"
        assert parse_grass(style.text) == STYLE
        guide = client.get("/neo4j-browser/claimgraph")
        assert "http://testserver/neo4j-browser/graph-model" in guide.text
        model = client.get("/neo4j-browser/graph-model")
        assert model.status_code == 200 and "<table>" in model.text


@pytest.mark.parametrize(
    ("host", "port", "expected"),
    [
        ("127.0.0.1", 8000, "http://127.0.0.1:8000"),
        ("0.0.0.0", 9100, "http://127.0.0.1:9100"),  # a wildcard listener, reached on loopback
        ("::1", 8000, "http://[::1]:8000"),
    ],
)
def test_neo4j_conf_points_browser_at_the_api_from_the_settings(
    host: str, port: int, expected: str, tmp_path: Any
) -> None:
    settings = Settings.model_validate({"CLAIMGRAPH_API_HOST": host, "CLAIMGRAPH_API_PORT": port})
    conf = render_config(
        InstanceLayout(tmp_path), 7687, 7474, "1g", "512m", api=api_url(settings)
    ).splitlines()
    hostname = expected.split("//")[1].rsplit(":", 1)[0].strip("[]")
    assert f"browser.remote_content_hostname_whitelist={expected}/neo4j-browser,{hostname}" in conf
    assert (
        f"browser.post_connect_cmd=style {expected}/neo4j-browser/claimgraph.grass; "
        f"play {expected}/neo4j-browser/claimgraph" in conf
    )


def test_neo4j_conf_defaults_to_the_environments_api_port(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.setenv("CLAIMGRAPH_API_PORT", "8123")
    conf = render_config(InstanceLayout(tmp_path), 7687, 7474, "1g", "512m")
    assert "play http://127.0.0.1:8123/neo4j-browser/claimgraph" in conf
