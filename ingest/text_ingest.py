"""Paper files given as text (the API's ingestPaper) through the CLI's very pipeline.

Only the loading differs: the text is checked by `check_paper_text` instead of being
read from disk, under the same limits (size, nesting, aliases: ingest.yaml_guard).
Validation, the graph checks, the one-transaction-per-file write and the reconciliation
that follows are `ingest.pipeline`'s own, so the API and the CLI cannot drift apart.
"""

from collections.abc import Iterable
from pathlib import Path

from neo4j import Driver

from claimgraph.graph.constraints import ensure_schema
from claimgraph.ingest.load_many import LoadResult
from claimgraph.ingest.origins import origin_of_text
from claimgraph.ingest.paper_file import PaperFileError, check_paper_text
from claimgraph.ingest.pipeline import ingest_prepared, prepare_loaded
from claimgraph.ingest.plan import PreparedFile
from claimgraph.schemas.ingest_report import IngestReport


def load_text(name: str, text: str) -> LoadResult:
    """`load_many.load_one` for text: validated document, owner and rows, or its errors."""
    path = Path(name)
    loaded, errors = check_paper_text(text, path)
    return LoadResult.of(path, origin_of_text(name), loaded, errors)


def prepare_texts(texts: Iterable[tuple[str, str]]) -> list[PreparedFile]:
    """(name, text) pairs validated like files; raises PaperFileError naming name, line, field."""
    return prepare_loaded(load_text(name, text) for name, text in texts)


def ingest_texts(
    driver: Driver,
    database: str,
    texts: Iterable[tuple[str, str]],
    *,
    dry_run: bool = False,
    replace: bool = False,
) -> IngestReport:
    """What `claimgraph ingest` does for files, for (name, text) pairs.

    Each text's origin is `api:<name>` (ingest.origins): sending a file under the name
    it was sent before updates it; what other files hold is refused unless `replace`.
    """
    files = prepare_texts(texts)
    ensure_schema(driver, database)
    return ingest_prepared(driver, database, files, dry_run=dry_run, replace=replace)


__all__ = ["PaperFileError", "ingest_texts", "load_text", "prepare_texts"]
