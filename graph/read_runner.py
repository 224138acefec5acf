"""The one door every API read goes through: a timeout, a round-trip count, clear failures.

Each call is one auto-commit read transaction (one round trip to Neo4j) under
`Query(timeout=...)`, so a runaway query is stopped by the server. There is no
managed-transaction retry loop: a dead database must fail a request at once, not
after the driver's 30 s of retries. A single retry covers a pooled connection that
went stale while the server restarted, so the API recovers without a restart.
"""

from dataclasses import dataclass, field
from typing import Any, LiteralString

from neo4j import READ_ACCESS, AsyncDriver, Query
from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired

Row = dict[str, Any]


class DatabaseUnavailable(Exception):
    """Neo4j could not be reached; the request may be retried later."""


class QueryTimedOut(Exception):
    """Neo4j stopped a read that ran past the configured transaction timeout."""


@dataclass
class RoundTrips:
    """Cypher calls made for one request (tests read it to prove there is no N+1)."""

    count: int = 0
    queries: list[str] = field(default_factory=list)

    def record(self, query: str) -> None:
        self.count += 1
        self.queries.append(" ".join(query.split())[:80])


_STALE_CONNECTION = (ServiceUnavailable, SessionExpired)


async def run_read(
    driver: AsyncDriver,
    database: str,
    query: LiteralString,
    params: Row,
    *,
    timeout: float,
    counter: RoundTrips,
) -> list[Row]:
    """Run one read query and return its records as dicts; count every attempt."""
    for attempt in (1, 2):
        counter.record(query)
        try:
            return await _once(driver, database, query, params, timeout)
        except _STALE_CONNECTION as error:
            if attempt == 2:
                raise DatabaseUnavailable("the graph database is unavailable") from error
        except Neo4jError as error:
            if "TransactionTimedOut" in (error.code or ""):
                raise QueryTimedOut(f"the query ran longer than {timeout:g} s") from error
            raise
        except (DriverError, OSError) as error:
            raise DatabaseUnavailable("the graph database is unavailable") from error
    raise AssertionError("unreachable")  # pragma: no cover


async def _once(
    driver: AsyncDriver, database: str, query: LiteralString, params: Row, timeout: float
) -> list[Row]:
    async with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
        result = await session.run(Query(query, timeout=timeout), params)
        keys = result.keys()
        # Every read query returns projections (maps, lists, scalars), never nodes, so the
        # values need none of Record.data()'s recursive conversion, which cost a fifth of a
        # 100-claim page.
        return [dict(zip(keys, record, strict=True)) async for record in result]


@dataclass(frozen=True)
class Reader:
    """`run_read` bound to one driver, database, timeout and request counter."""

    driver: AsyncDriver
    database: str
    timeout: float
    counter: RoundTrips = field(default_factory=RoundTrips)

    async def rows(self, query: LiteralString, **params: Any) -> list[Row]:
        return await run_read(
            self.driver, self.database, query, params, timeout=self.timeout, counter=self.counter
        )
