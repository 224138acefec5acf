"""What Neo4j Browser fetches from the API: the GraSS style, the curators' guide, the model page.

Browser runs on the Neo4j server's origin and fetches these cross-origin (guides with
no-cache headers, which makes the browser ask first), so they are a small app of their
own, mounted at /neo4j-browser, behind CORS middleware. Any origin may read them: they
hold no data and no secret, only the style, the questions and the documentation, and a
Neo4j reached through NEO4J_URI serves its Browser from an origin not known here.
"""

from pathlib import Path
from typing import Final

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, PlainTextResponse
from markdown_it import MarkdownIt

from claimgraph.api.browser_guide import render_guide
from claimgraph.api.graphiql import WEB_DIR

BROWSER_PATH: Final = "/neo4j-browser"
GUIDE_NAME: Final = "claimgraph"
"""`:play claimgraph` finds the guide at <allow-listed URL>/claimgraph."""
STYLE_NAME: Final = "claimgraph.grass"
MODEL_DOC: Final = WEB_DIR / "graph-model.md"
"""docs/graph-model.md, linked into the package so an install serves it too."""


def model_page(markdown: Path = MODEL_DOC) -> str:
    body = MarkdownIt("commonmark").enable("table").render(markdown.read_text(encoding="utf-8"))
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<title>claimgraph · graph model</title><style>"
        "body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
        "line-height:1.45}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
        "padding:.25rem .5rem;vertical-align:top}code{background:#f4f4f4}</style></head>"
        f"<body>{body}</body></html>"
    )


def browser_app() -> FastAPI:
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET"],
        allow_headers=["*"],
        max_age=3600,
    )

    @app.get(f"/{GUIDE_NAME}", response_class=HTMLResponse)
    async def guide(request: Request) -> HTMLResponse:
        """The curators' guide (`:play <this URL>`, or `:play claimgraph`)."""
        model_url = str(request.url_for("graph_model"))
        return HTMLResponse(render_guide(model_url))

    @app.get(f"/{STYLE_NAME}", response_class=PlainTextResponse)
    async def style() -> PlainTextResponse:
        """The GraSS style sheet (`:style <this URL>`): a colour and a caption per label."""
        return PlainTextResponse((WEB_DIR / STYLE_NAME).read_text(encoding="utf-8"))

    @app.get("/graph-model", response_class=HTMLResponse, name="graph_model")
    async def graph_model() -> HTMLResponse:
        """docs/graph-model.md: every label, relationship type and property."""
        return HTMLResponse(model_page())

    return app
