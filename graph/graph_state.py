"""One node that serializes writers and records which paper writes the derived results saw.

`(:GraphState {id: 'graph'})` counts every transaction that changed a paper file's nodes
(`paper_writes`) and remembers the count the last reconciliation pass computed from
(`derived_from`, with `computed_at`). Derived results are stale exactly when the two
differ: a crash between a file's commit and the pass that follows it leaves the count
ahead, and the next `ingest`, `reconcile` or `up` brings them level. Edits made by hand
(in Neo4j Browser) bypass the count; `claimgraph reconcile` recomputes regardless.

Every writer takes this node's write lock before its first write, so writers queue
behind one another instead of locking nodes in different orders and deadlocking: two
ingests of the same files, or an ingest and a pass, simply wait their turn. Setting a
property to its own value takes the lock without changing anything, so a pass that finds
nothing to change commits nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

from neo4j import Driver, ManagedTransaction

LABEL: Final = "GraphState"
STATE_ID: Final = "graph"

CONSTRAINT: Final = (
    "CREATE CONSTRAINT graphstate_id_unique IF NOT EXISTS FOR (n:GraphState) REQUIRE n.id IS UNIQUE"
)

COUNT_PAPER_WRITE: Final = (
    "MERGE (s:GraphState {id: 'graph'}) "
    "SET s.paper_writes = coalesce(s.paper_writes, 0) + 1, s.paper_written_at = datetime() "
    "RETURN s.paper_writes AS writes"
)
"""Take the writers' lock and count one more paper write (in the file's transaction)."""

LOCK_FOR_PASS: Final = (
    "MERGE (s:GraphState {id: 'graph'}) SET s.id = s.id "
    "RETURN coalesce(s.paper_writes, 0) AS writes, s.derived_from AS derived_from"
)
"""Take the writers' lock for a reconciliation pass; read the count it computes from."""

RECORD_PASS: Final = (
    "MATCH (s:GraphState {id: 'graph'}) SET s.derived_from = $writes, s.computed_at = datetime()"
)

READ: Final = (
    "OPTIONAL MATCH (s:GraphState {id: 'graph'}) "
    "RETURN s.paper_writes AS writes, s.derived_from AS derived_from, "
    "s.computed_at AS computed_at, s.paper_written_at AS written_at, "
    "EXISTS { MATCH (c:Claim) WHERE c.owner IS NOT NULL } AS has_claims"
)


@dataclass(frozen=True)
class DerivedState:
    """Whether the stored derived results reflect every paper write, and when computed."""

    stale: bool
    computed_at: dt.datetime | None
    paper_writes: int
    derived_from: int | None
    written_at: dt.datetime | None

    def describe(self) -> str:
        if self.computed_at is None:
            if not self.stale:
                return "derived results are up to date"
            return (
                "derived results are stale: no reconciliation pass has recorded what it "
                "computed them from; `claimgraph reconcile` (or any ingest) recomputes them"
            )
        when = f"computed {self.computed_at:%Y-%m-%d %H:%M:%S %Z}".rstrip()
        if not self.stale:
            return f"derived results are up to date ({when})"
        behind = self.paper_writes - (self.derived_from or 0)
        return (
            f"derived results are stale: {when}, before the last {behind} paper write(s); "
            "`claimgraph reconcile` (or any ingest) brings them up to date"
        )


def count_paper_write(tx: ManagedTransaction) -> int:
    """In a file's write transaction, before its first write: queue, then count it."""
    return int(tx.run(COUNT_PAPER_WRITE).single(strict=True)["writes"])


def lock_for_pass(tx: ManagedTransaction) -> tuple[int, int | None]:
    """In the pass's transaction, before it reads: queue; (paper writes, last derived from)."""
    record = tx.run(LOCK_FOR_PASS).single(strict=True)
    derived_from = record["derived_from"]
    return int(record["writes"]), None if derived_from is None else int(derived_from)


def record_pass(tx: ManagedTransaction, writes: int) -> None:
    tx.run(RECORD_PASS, writes=writes).consume()


def state_of(record: dict[str, Any] | Any) -> DerivedState:
    """A DerivedState from a row of READ."""
    writes = int(record["writes"] or 0)
    derived_from = record["derived_from"]
    has_claims = bool(record["has_claims"])
    if record["writes"] is None and derived_from is None:
        stale = has_claims  # no pass recorded what it saw: nothing vouches for the results
    else:
        stale = derived_from is None or int(derived_from) != writes
    return DerivedState(
        stale=stale,
        computed_at=_native(record["computed_at"]),
        paper_writes=writes,
        derived_from=None if derived_from is None else int(derived_from),
        written_at=_native(record["written_at"]),
    )


def read_state(driver: Driver, database: str) -> DerivedState:
    records, _, _ = driver.execute_query(READ, database_=database)
    return state_of(records[0])


def _native(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    native = value.to_native() if hasattr(value, "to_native") else value
    return native if isinstance(native, dt.datetime) else None


__all__ = [
    "CONSTRAINT",
    "COUNT_PAPER_WRITE",
    "LABEL",
    "LOCK_FOR_PASS",
    "READ",
    "RECORD_PASS",
    "DerivedState",
    "count_paper_write",
    "lock_for_pass",
    "read_state",
    "record_pass",
    "state_of",
]
