"""Drivers for whichever Neo4j the settings point at.

NEO4J_URI wins (any scheme the driver knows, `neo4j://` routing included);
otherwise the locally provisioned instance, whose password lives beside it.
"""

from dataclasses import dataclass

from neo4j import (
    AsyncDriver,
    AsyncGraphDatabase,
    Driver,
    GraphDatabase,
    NotificationMinimumSeverity,
)

from claimgraph.graph.local_server import LocalServer
from claimgraph.graph.settings import Settings


@dataclass(frozen=True)
class ConnectionTarget:
    uri: str
    user: str
    password: str
    database: str

    @property
    def auth(self) -> tuple[str, str]:
        return (self.user, self.password)


def resolve_target(settings: Settings) -> ConnectionTarget:
    if settings.neo4j_uri is not None:
        if settings.neo4j_password is None:
            raise ValueError("NEO4J_URI is set but NEO4J_PASSWORD is not")
        return ConnectionTarget(
            uri=settings.neo4j_uri,
            user=settings.neo4j_user,
            password=settings.neo4j_password.get_secret_value(),
            database=settings.neo4j_database,
        )
    local = LocalServer.from_settings(settings)
    return ConnectionTarget(
        uri=local.bolt_uri,
        user="neo4j",
        password=local.password,
        database=settings.neo4j_database,
    )


NOTIFICATIONS = NotificationMinimumSeverity.OFF
"""Server hints (unknown property keys on an empty graph, and the like) are not for users."""


def open_driver(target: ConnectionTarget) -> Driver:
    return GraphDatabase.driver(
        target.uri, auth=target.auth, notifications_min_severity=NOTIFICATIONS
    )


def open_async_driver(target: ConnectionTarget) -> AsyncDriver:
    return AsyncGraphDatabase.driver(
        target.uri, auth=target.auth, notifications_min_severity=NOTIFICATIONS
    )
