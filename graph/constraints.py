"""Constraints and indexes, created idempotently by every entry point.

Labels are fixed by the domain model, so these statements are constants, not
built from input. Each node label's `id` is unique, which also gives MERGE an
index to find nodes by.
"""

from neo4j import Driver

from claimgraph.graph import graph_state
from claimgraph.graph.derived_store import DerivedLabel
from claimgraph.graph.paper_queries import SOURCE_KEYS
from claimgraph.graph.paper_rows import NodeKind

OWNED_LABELS: tuple[str, ...] = tuple(kind.value for kind in NodeKind)
"""Labels written by ingest; each node remembers the file (owner) that wrote it."""

NODE_LABELS: tuple[str, ...] = (*OWNED_LABELS, *(label.value for label in DerivedLabel))

UNIQUE_ID_CONSTRAINTS: tuple[str, ...] = (
    *(
        f"CREATE CONSTRAINT {label.lower()}_id_unique IF NOT EXISTS "
        f"FOR (n:{label}) REQUIRE n.id IS UNIQUE"
        for label in NODE_LABELS
    ),
    graph_state.CONSTRAINT,
)

INDEXES: tuple[str, ...] = (
    *(
        f"CREATE INDEX {label.lower()}_owner IF NOT EXISTS FOR (n:{label}) ON (n.owner)"
        for label in OWNED_LABELS
    ),
    *(
        f"CREATE INDEX {label.lower()}_origin IF NOT EXISTS FOR (n:{label}) ON (n.origin)"
        for label in OWNED_LABELS
    ),
    *(
        f"CREATE INDEX source_{key} IF NOT EXISTS FOR (n:Source) ON (n.{key})"
        for key in SOURCE_KEYS
    ),
    "CREATE INDEX quantity_scope IF NOT EXISTS FOR (n:Quantity) ON (n.scope)",
    "CREATE INDEX claim_category IF NOT EXISTS FOR (n:Claim) ON (n.category)",
    "CREATE INDEX claim_source IF NOT EXISTS FOR (n:Claim) ON (n.source_id)",
    "CREATE INDEX claim_quantity IF NOT EXISTS FOR (n:Claim) ON (n.quantity_id)",
    "CREATE INDEX flag_kind IF NOT EXISTS FOR (n:Flag) ON (n.kind)",
    "CREATE FULLTEXT INDEX text_search IF NOT EXISTS "
    "FOR (n:Claim|Source|Critique|Evidence) ON EACH [n.statement, n.title, n.summary]",
)


def ensure_schema(driver: Driver, database: str) -> None:
    """Create what is missing and wait until every index is online."""
    for statement in (*UNIQUE_ID_CONSTRAINTS, *INDEXES):
        driver.execute_query(statement, database_=database)
    driver.execute_query("CALL db.awaitIndexes(300)", database_=database)
