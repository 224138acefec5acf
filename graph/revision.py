"""Which committed state of the database a reader sees, as a token that changes on every write.

Neo4j hands back a bookmark after every transaction, reads included; for a read it
names the last transaction the database had committed. Two reads that return the
same bookmark therefore saw the same committed data, whoever wrote in between
(this process, the CLI, a curator in Neo4j Browser). The token is only compared,
never parsed: a change that is not a data change merely looks like one.
"""

from typing import Final, LiteralString

from neo4j import READ_ACCESS, AsyncDriver, Query

PROBE: Final[LiteralString] = "RETURN 1 AS alive"


async def graph_revision(driver: AsyncDriver, database: str, *, timeout: float) -> str:
    """The bookmark of one trivial read: equal tokens mean equal committed data."""
    async with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
        result = await session.run(Query(PROBE, timeout=timeout))
        await result.consume()
        bookmarks = await session.last_bookmarks()
    return "|".join(sorted(bookmarks.raw_values))
