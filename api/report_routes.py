"""`/report` (every quantity with estimates), `/report/{quantity}` and `/report/report.css`.

The plot is drawn in a worker thread so a page being drawn never holds up the event
loop, and a page drawn once is served again until the graph changes (page_cache.py).
An unknown quantity answers 404 with the nearest ids. The style sheet's path cannot be
a quantity's: ids are slugs, which hold no dot.
"""

from typing import Final

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse
from starlette.concurrency import run_in_threadpool

from claimgraph.api.context import Backend
from claimgraph.api.graphiql import WEB_DIR
from claimgraph.api.page_cache import Draw, PageCache
from claimgraph.api.report_data import quantity_ids, read_index, read_report
from claimgraph.graph.read_runner import Reader, RoundTrips

HTML_HEADERS: Final = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}


def _reader(request: Request) -> Reader:
    backend: Backend = request.app.state.backend
    return Reader(backend.driver, backend.database, backend.query_timeout, RoundTrips())


def _page(body: str, policy: str, status: int = 200) -> HTMLResponse:
    headers = {**HTML_HEADERS, "Content-Security-Policy": policy}
    return HTMLResponse(body, status_code=status, headers=headers)


async def _kept_or_drawn(request: Request, draw: Draw) -> HTMLResponse:
    pages: PageCache | None = request.app.state.page_cache
    return await (pages.page(request.url.path, draw) if pages else draw())


def report_router() -> APIRouter:
    # the page module pulls in Jinja2 and, when a plot is drawn, matplotlib: load on first use
    router = APIRouter(prefix="/report", include_in_schema=False)

    @router.get("/report.css")
    async def style_sheet() -> FileResponse:
        return FileResponse(WEB_DIR / "report.css", media_type="text/css", headers=HTML_HEADERS)

    @router.get("", response_model=None)
    async def index(request: Request) -> HTMLResponse:
        async def draw() -> HTMLResponse:
            from claimgraph.api import report_page

            rows = await read_index(_reader(request))
            return _page(report_page.index_html(rows), report_page.content_security_policy())

        return await _kept_or_drawn(request, draw)

    @router.get("/{quantity}", response_model=None)
    async def quantity(request: Request, quantity: str) -> HTMLResponse:
        async def draw() -> HTMLResponse:
            from claimgraph.api import report_page

            reader = _reader(request)
            report = await read_report(reader, quantity)
            if report is None:
                known = await quantity_ids(reader)
                body = report_page.missing_html(quantity, known)
                return _page(body, report_page.content_security_policy(), status=404)
            page, policy = await run_in_threadpool(report_page.quantity_html, report)
            return _page(page, policy)

        return await _kept_or_drawn(request, draw)

    return router
