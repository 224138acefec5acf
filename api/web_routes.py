"""The browser-facing routes beside GraphQL: provisioned files and the OpenAPI page (/docs).

FastAPI's own /docs loads Swagger UI from a CDN, so the app turns it off and this one
serves swagger-ui-dist from the provisioned folder instead; /redoc stays off (one API
explorer is enough, and ReDoc's page would need Google Fonts). Files are served by name
from a fixed list, never by a path taken from the request.
"""

from pathlib import Path
from typing import Final

from fastapi import APIRouter, FastAPI, HTTPException
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse

from claimgraph.api.browser_routes import BROWSER_PATH, browser_app
from claimgraph.api.export_routes import export_router
from claimgraph.api.graphiql import ASSETS_PATH, WEB_DIR, assets_url, missing_assets_page
from claimgraph.api.report_routes import report_router
from claimgraph.api.web_assets import SERVED, is_provisioned

OWN_FILES: Final = frozenset({"graphiql-init.js"})
"""Files of ours served beside the npm ones (from api/web/)."""

FOREVER: Final = {"Cache-Control": "public, max-age=31536000, immutable"}
"""For the npm files: the digest in their address changes whenever they do."""

REVALIDATE: Final = {"Cache-Control": "no-cache"}
"""For our own files, which change without the digest: a browser asks again (ETag) each time."""


def web_router(folder: Path) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get(f"{ASSETS_PATH}/{{digest}}/{{name}}")
    async def web_asset(digest: str, name: str) -> FileResponse:
        """A provisioned npm file or one of ours; the digest names the pinned set."""
        if digest != folder.name:
            raise HTTPException(404, "no such asset set")
        if name in OWN_FILES:
            return FileResponse(WEB_DIR / name, headers=REVALIDATE)
        if name not in SERVED or not is_provisioned(folder):
            raise HTTPException(404, f"{name} is not provisioned; run claimgraph web provision")
        return FileResponse(folder / name, headers=FOREVER)

    @router.get("/docs", response_model=None)
    async def swagger_ui() -> HTMLResponse:
        """The OpenAPI page, on Swagger UI from the provisioned files."""
        if not is_provisioned(folder):
            return missing_assets_page(folder, "The OpenAPI page")
        assets = assets_url(folder)
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="claimgraph · API",
            swagger_js_url=f"{assets}/swagger-ui-bundle.js",
            swagger_css_url=f"{assets}/swagger-ui.css",
            swagger_favicon_url=f"{assets}/swagger-favicon-32x32.png",
            swagger_ui_parameters={"validatorUrl": None},
        )

    return router


def register_web(app: FastAPI, assets: Path) -> None:
    """Everything a person opens in a browser: files, /docs, Neo4j Browser's style and
    guide, the exports and the report pages."""
    app.include_router(web_router(assets))
    app.include_router(export_router())
    app.include_router(report_router())
    app.mount(BROWSER_PATH, browser_app())
