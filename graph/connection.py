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
from neo4j.exceptions import AuthError, DriverError, Neo4jError

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


class DatabaseUnreachable(Exception):
    """No Neo4j answers where the settings point, or it refuses the credentials."""


CHECK_TIMEOUT_SECONDS = 5.0
"""How long a command waits for Neo4j to accept a connection before it says it cannot."""

COMMAND_RETRY_SECONDS = 15.0
"""How long a command's writes retry a connection lost midway (the driver's default is 30)."""


def open_checked_driver(target: ConnectionTarget, *, where: str) -> Driver:
    """A driver for a command, once Neo4j has answered; else DatabaseUnreachable at once.

    `where` says how the address was chosen (NEO4J_URI, or the local server and its
    state), for the one line a command prints when nothing answers.
    """
    try:
        driver = GraphDatabase.driver(
            target.uri,
            auth=target.auth,
            notifications_min_severity=NOTIFICATIONS,
            connection_timeout=CHECK_TIMEOUT_SECONDS,
            max_transaction_retry_time=COMMAND_RETRY_SECONDS,
        )
    except (DriverError, ValueError) as error:
        raise DatabaseUnreachable(f"cannot use {target.uri!r} ({where}): {error}") from error
    try:
        driver.verify_connectivity()
    except AuthError as error:
        driver.close()
        raise DatabaseUnreachable(
            f"Neo4j at {target.uri} ({where}) refused user {target.user!r} and its password: "
            f"{error.message}"
        ) from error
    except (DriverError, Neo4jError, OSError) as error:
        driver.close()
        reason = " ".join(str(error).split()) or type(error).__name__
        raise DatabaseUnreachable(
            f"Neo4j is unreachable at {target.uri} ({where}): {reason}"
        ) from error
    return driver
