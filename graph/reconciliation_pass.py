"""Where the reconciliation step runs: one write transaction that reads, derives and stores.

Runs after every ingest and on `claimgraph reconcile`. The reads are one query per kind of
input (graph.reconcile_reads), the arithmetic is the pure function the caller passes in
(reconcile.derive.derive: this layer does not import the arithmetic), and the write is a
diff against what is stored (graph.derived_store), all in one transaction so readers never
see half a pass. The transaction first takes the writers' lock (graph.graph_state), so it
reads a graph no ingest is halfway through, and records which paper writes it saw, so a
later reader can tell whether the results are stale.
"""

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from neo4j import Driver, ManagedTransaction

from claimgraph.graph import derived_store, graph_state, reconcile_reads
from claimgraph.graph.derived_rows import derived_rows
from claimgraph.schemas.reconciliation import ReconciliationResult
from claimgraph.schemas.reconciliation_inputs import ReconciliationInputs

Derive = Callable[[ReconciliationInputs], ReconciliationResult]
"""The pass's arithmetic: inputs as read from the graph to the results to store."""


def run_reconciliation(driver: Driver, database: str, derive: Derive) -> ReconciliationResult:
    """Recompute every derived result and store what changed; the result says what that was."""

    def work(tx: ManagedTransaction) -> ReconciliationResult:
        writes, derived_from = graph_state.lock_for_pass(tx)
        result = derive(reconcile_reads.read_inputs(tx))
        changes = derived_store.sync(tx, derived_rows(result))
        if changes.created or changes.updated or changes.removed or derived_from != writes:
            graph_state.record_pass(tx, writes)
        return result.model_copy(
            update={
                "created": changes.created,
                "updated": changes.updated,
                "removed": changes.removed,
                "unchanged": changes.unchanged,
            }
        )

    with driver.session(database=database) as session, _no_cyclic_gc():
        return session.execute_write(work)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """The pass allocates a few objects per claim and frees nearly all of them by
    reference counting; cyclic collections triggered meanwhile rescanned the growing
    heap again and again, about a third of the pass's Python time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
