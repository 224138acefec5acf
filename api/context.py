"""What every resolver gets: the request's reader (with its round-trip counter) and loaders.

Built per request by `get_context`, from the driver the app opened once in its lifespan.
"""

from dataclasses import dataclass

import strawberry
from fastapi import Request
from neo4j import AsyncDriver, Driver
from strawberry.fastapi import BaseContext

from claimgraph.api.loaders import Loaders
from claimgraph.api.settings import ApiSettings
from claimgraph.graph.read_runner import Reader, RoundTrips


@dataclass(frozen=True)
class Backend:
    """The process-wide handles the app opens once: drivers, database, settings."""

    driver: AsyncDriver
    write_driver: Driver
    database: str
    query_timeout: float
    settings: ApiSettings


class Context(BaseContext):
    def __init__(self, backend: Backend, authorization: str | None) -> None:
        super().__init__()
        self.backend = backend
        self.authorization = authorization
        self.round_trips = RoundTrips()
        self.reader = Reader(
            backend.driver, backend.database, backend.query_timeout, self.round_trips
        )
        self.loaders = Loaders.create(self.reader)

    @property
    def nested_reads(self) -> bool:
        return self.backend.settings.nested_reads


Info = strawberry.Info[Context, None]


async def get_context(request: Request) -> Context:
    backend: Backend = request.app.state.backend
    return Context(backend, request.headers.get("authorization"))
