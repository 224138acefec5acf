"""The HTTP application: health probes now, GraphQL mounted beside them.

The driver is opened once per process in the lifespan and shared by every
request; the app holds no other state, so replicas can run side by side.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from neo4j import AsyncDriver
from neo4j.exceptions import DriverError, Neo4jError

from graph.connection import ConnectionTarget, open_async_driver, resolve_target
from graph.settings import Settings


def create_app(target: ConnectionTarget | None = None) -> FastAPI:
    """Build the app for `target`, or for whatever the environment's settings point at."""
    target = target or resolve_target(Settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        driver = open_async_driver(target)
        app.state.driver = driver
        app.state.database = target.database
        try:
            yield
        finally:
            await driver.close()

    app = FastAPI(title="claimgraph", lifespan=lifespan)

    @app.get("/health")
    async def health() -> dict[str, str]:
        """The process is alive; says nothing about Neo4j (that is /ready)."""
        return {"status": "ok"}

    @app.get("/ready", response_model=None)
    async def ready() -> JSONResponse:
        """Neo4j answers a query; a load balancer routes traffic only while this is 200."""
        driver: AsyncDriver = app.state.driver
        try:
            records, _, _ = await driver.execute_query(
                "CALL dbms.components() YIELD name, versions RETURN versions[0] AS version",
                database_=app.state.database,
            )
        except (DriverError, Neo4jError, OSError) as error:
            return JSONResponse(
                status_code=503,
                content={
                    "status": "unavailable",
                    "neo4j": "database unavailable",
                    "detail": type(error).__name__,
                },
            )
        return JSONResponse({"status": "ready", "neo4j": records[0]["version"]})

    return app
