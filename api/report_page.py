"""Report pages as HTML: Jinja2 templates (autoescaped) around the inlined forest plot.

Every text that comes from the graph goes through the templates' autoescape; the one
piece of markup passed through is the SVG matplotlib wrote (which escapes its own text).
The pages run no script. Their Content-Security-Policy allows the API's own style sheet,
and for the inline SVG exactly the style element and style attributes matplotlib wrote,
each by its SHA-256 hash, so nothing injected into the page could style or run anything.
"""

import base64
import difflib
import hashlib
import html
import re
from collections.abc import Sequence
from typing import Any, Final
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from claimgraph.api.forest_plot import forest_svg
from claimgraph.api.graphiql import WEB_DIR
from claimgraph.api.report_data import IndexRow, QuantityReport
from claimgraph.api.report_graphql import SECTION_QUERIES, graphiql_link
from claimgraph.api.report_view import fmt_interval, fmt_r, report_view

REPORT_PATH: Final = "/report"
CSS_URL: Final = f"{REPORT_PATH}/report.css"
NEAREST: Final = 5
"""How many similar ids a page for an unknown quantity suggests."""

BASE_POLICY: Final = (
    "default-src 'none'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)

_ENV: Final = Environment(
    loader=FileSystemLoader(WEB_DIR),
    autoescape=select_autoescape(default_for_string=True, default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def quantity_url(quantity_id: str) -> str:
    return f"{REPORT_PATH}/{quote(quantity_id, safe='')}"


def _digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def content_security_policy(svg: str = "") -> str:
    """The page's policy: own style sheet, plus the hashes of the SVG's own styles."""
    elements = sorted({_digest(s) for s in re.findall(r"<style[^>]*>(.*?)</style>", svg, re.S)})
    attributes = sorted({_digest(html.unescape(s)) for s in re.findall(r'style="([^"]*)"', svg)})
    policy = f"{BASE_POLICY}; style-src 'self' {' '.join(elements)}".rstrip()
    if attributes:
        policy += f"; style-src-attr 'unsafe-hashes' {' '.join(attributes)}"
    return policy


def _render(template: str, **values: Any) -> str:
    return _ENV.get_template(template).render(
        css_url=CSS_URL, index_url=REPORT_PATH, url_for=quantity_url, **values
    )


def index_html(rows: Sequence[IndexRow]) -> str:
    view = [
        {
            "id": row.quantity.id,
            "name": row.quantity.name,
            "unit": f"r per year ({row.quantity.reads_as.value.replace('_', ' ')})",
            "claims": row.claims,
            "k": row.pooled.k if row.pooled else 0,
            "r": fmt_r(row.pooled.r if row.pooled else None),
            "interval": fmt_interval(row.pooled.r_low, row.pooled.r_high) if row.pooled else "—",
            "url": quantity_url(row.quantity.id),
            "graphiql": graphiql_link("pooled", row.quantity.id),
        }
        for row in rows
    ]
    return _render("report-index.html.j2", rows=view)


def quantity_html(report: QuantityReport) -> tuple[str, str]:
    """The page and the policy it needs (the hashes of its plot's styles)."""
    view = report_view(report)
    svg = forest_svg(view.plot_rows, f"{report.quantity.name}: estimates of r")
    page = _render(
        "report-quantity.html.j2",
        quantity=report.quantity,
        pooled=report.pooled,
        svg=Markup(svg),  # matplotlib escapes the text it writes into the SVG
        stats=view.stats,
        pools=view.pools,
        estimates=view.estimates,
        flags=view.flags,
        conflicts=report.conflicts,
        deviations=report.deviations,
        links={section: graphiql_link(section, report.quantity.id) for section in SECTION_QUERIES},
    )
    return page, content_security_policy(svg)


def nearest_ids(requested: str, known: Sequence[str]) -> list[str]:
    return difflib.get_close_matches(requested, known, n=NEAREST, cutoff=0.5)


def missing_html(requested: str, known: Sequence[str]) -> str:
    return _render(
        "report-missing.html.j2", requested=requested, nearest=nearest_ids(requested, known)
    )
