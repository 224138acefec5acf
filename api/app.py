"""The HTTP application: health probes, GraphQL (with GraphiQL) at /graphql, and the pages
and files people open in a browser (`register_web`).

The drivers are opened once per process in the lifespan and shared by every request;
the app holds no other state, so replicas and worker processes run side by side. Reads
use the async driver; ingestPaper runs the CLI's synchronous pipeline on the blocking one.
Each part is added by its own small function below: the GraphQL route, the probes, the
response cache and the body limit (outermost, so no oversized body is read by anyone).
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from claimgraph.api.body_limit import BodyLimit
from claimgraph.api.cache_middleware import ResponseCacheMiddleware
from claimgraph.api.context import Backend, get_context
from claimgraph.api.graphiql import GraphiQLRouter
from claimgraph.api.page_cache import PageCache
from claimgraph.api.response_cache import ResponseCache
from claimgraph.api.schema import build_schema
from claimgraph.api.settings import ApiSettings
from claimgraph.api.shared_probe import SharedProbe
from claimgraph.api.web_assets import assets_dir
from claimgraph.api.web_routes import register_web
from claimgraph.graph.connection import (
    ConnectionTarget,
    open_async_driver,
    open_driver,
    resolve_target,
)
from claimgraph.graph.read_runner import DatabaseUnavailable, Reader, RoundTrips
from claimgraph.graph.revision import graph_revision
from claimgraph.graph.settings import Settings

GRAPHQL_PATH = "/graphql"
READY_QUERY = "CALL dbms.components() YIELD name, versions RETURN versions[0] AS version"


def create_app(
    target: ConnectionTarget | None = None, *, api_settings: ApiSettings | None = None
) -> FastAPI:
    """Build the app for `target`, or for whatever the environment's settings point at."""
    settings = Settings()
    target = target or resolve_target(settings)
    api_settings = api_settings or ApiSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        driver = open_async_driver(target)
        write_driver = open_driver(target)
        app.state.backend = Backend(
            driver=driver,
            write_driver=write_driver,
            database=target.database,
            query_timeout=settings.query_timeout_seconds,
            settings=api_settings,
        )
        try:
            yield
        finally:
            write_driver.close()
            await driver.close()

    # FastAPI's /docs and /redoc load from a CDN: off here; register_web serves /docs offline.
    app = FastAPI(title="claimgraph", lifespan=lifespan, docs_url=None, redoc_url=None)
    assets = assets_dir(settings)
    add_graphql(app, api_settings, assets)
    add_probes(app)
    register_web(app, assets)
    app.state.page_cache = None  # the report pages' cache, set when responses are kept
    if api_settings.caches_responses:
        add_response_cache(app, api_settings)
    add_body_limit(app, api_settings)
    return app


def add_graphql(app: FastAPI, api_settings: ApiSettings, assets: Path) -> None:
    router = GraphiQLRouter(
        build_schema(debug=api_settings.debug),
        assets=assets,
        context_getter=get_context,
        graphql_ide="graphiql",
        request_seconds=api_settings.request_seconds,
        max_response_bytes=api_settings.max_response_bytes,
    )
    app.include_router(router, prefix=GRAPHQL_PATH)


def add_probes(app: FastAPI) -> None:
    @app.get("/health")
    async def health() -> dict[str, str]:
        """The process is alive; says nothing about Neo4j (that is /ready)."""
        return {"status": "ok"}

    @app.get("/ready", response_model=None)
    async def ready() -> JSONResponse:
        """Neo4j answers a query; a load balancer routes traffic only while this is 200."""
        backend: Backend = app.state.backend
        reader = Reader(backend.driver, backend.database, backend.query_timeout, RoundTrips())
        try:
            records = await reader.rows(READY_QUERY)
        except DatabaseUnavailable as error:
            return JSONResponse(
                status_code=503,
                content={
                    "status": "unavailable",
                    "neo4j": "database unavailable",
                    "detail": type(error.__cause__).__name__,
                },
            )
        return JSONResponse({"status": "ready", "neo4j": records[0]["version"]})


def add_response_cache(app: FastAPI, api_settings: ApiSettings) -> None:
    """GraphQL answers and report pages, in one budget, checked by one shared probe."""

    async def current_revision() -> str:
        backend: Backend = app.state.backend
        return await graph_revision(backend.driver, backend.database, timeout=backend.query_timeout)

    cache = ResponseCache(api_settings.cache_mb * 2**20)
    probe = SharedProbe(current_revision)
    app.add_middleware(ResponseCacheMiddleware, cache=cache, revision=probe, path=GRAPHQL_PATH)
    app.state.page_cache = PageCache(cache, probe)


def add_body_limit(app: FastAPI, api_settings: ApiSettings) -> None:
    """Added last, so it wraps every other middleware and the routes."""
    app.add_middleware(BodyLimit, max_bytes=api_settings.max_body_bytes)
