"""GraphiQL from the API's own files: the GraphQL router with its IDE page replaced.

strawberry's page loads React and GraphiQL from unpkg.com, which leaves it on "Loading…"
on a network without CDNs. This page loads the same bundles from /web-assets/ (fetched
from npm at provision time by `api.web_assets`) and opens on the README's questions.
Its Content-Security-Policy lets it load and call nothing but this server.
"""

import json
from pathlib import Path
from string import Template
from typing import Any, Final

from fastapi import Request
from fastapi.responses import HTMLResponse

from claimgraph.api.questions import QUESTIONS
from claimgraph.api.router import LimitedGraphQLRouter
from claimgraph.api.web_assets import is_provisioned

WEB_DIR: Final = Path(__file__).parent / "web"
ASSETS_PATH: Final = "/web-assets"

CONTENT_SECURITY_POLICY: Final = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
"""React and CodeMirror set inline styles; every script and request stays on this origin."""


def assets_url(folder: Path) -> str:
    """The URL prefix of the provisioned files; the folder's digest makes it cacheable forever."""
    return f"{ASSETS_PATH}/{folder.name}"


def missing_assets_page(folder: Path, what: str) -> HTMLResponse:
    """What /graphql and /docs show before `claimgraph web provision` has run."""
    body = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{what} is not provisioned</title></head><body>"
        f"<h1>{what} is not provisioned</h1>"
        f"<p>Its browser files are fetched from npm once and served from <code>{folder}</code>, "
        "which does not hold them yet. Run:</p>"
        "<pre>claimgraph web provision</pre>"
        "<p>(<code>make up</code> and <code>make test</code> run it too), then reload. "
        "GraphQL itself works without them: POST queries to this address.</p></body></html>"
    )
    return HTMLResponse(body, status_code=503, headers={"Cache-Control": "no-store"})


def graphiql_page(folder: Path) -> HTMLResponse:
    if not is_provisioned(folder):
        return missing_assets_page(folder, "GraphiQL")
    template = Template((WEB_DIR / "graphiql.html").read_text(encoding="utf-8"))
    questions = json.dumps(list(QUESTIONS)).replace("</", "<\\/")
    html = template.substitute(assets=assets_url(folder), questions=questions)
    return HTMLResponse(html, headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY})


class GraphiQLRouter(LimitedGraphQLRouter):
    """The API's limited GraphQL router, with GraphiQL served from the provisioned `assets`."""

    def __init__(self, *args: Any, assets: Path, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.assets = assets

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return graphiql_page(self.assets)

    def should_render_graphql_ide(self, request: Any) -> bool:
        """A browser navigating to `/graphql?query=...` (a report page's link) gets GraphiQL
        opened on that query; a client asking for JSON still gets the query run."""
        accept = request.headers.get("accept", "")
        return request.method == "GET" and (
            "text/html" in accept or bool(super().should_render_graphql_ide(request))
        )
