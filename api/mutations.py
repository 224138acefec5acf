"""ingestPaper: the CLI's ingest pipeline (ingest.text_ingest), behind a bearer token.

The pipeline is synchronous (neo4j's blocking driver, like the CLI), so it runs in a
worker thread; its validation errors come back as one coded GraphQL error listing
every problem with its file, line and field.
"""

import asyncio
import re
from typing import Final

import strawberry

from claimgraph.api.auth import require_token
from claimgraph.api.context import Info
from claimgraph.api.errors import BAD_PAPER_FILE, BAD_USER_INPUT, PAYLOAD_TOO_LARGE, ApiError
from claimgraph.api.limits import MAX_PAPER_BYTES
from claimgraph.api.paper_text import check_paper_text
from claimgraph.api.types.arguments import DryRun, PaperName, PaperYaml, ReplaceOthers
from claimgraph.api.types.base import described_mutation
from claimgraph.api.types.report import IngestResult, ingest_result
from claimgraph.ingest.text_ingest import PaperFileError, ingest_texts

_NAME: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.ya?ml$")


def _paper_error(error: PaperFileError) -> ApiError:
    problems = [
        {"file": str(p.file), "line": p.line, "field": p.field, "message": p.message}
        for p in error.errors
    ]
    return ApiError(
        BAD_PAPER_FILE,
        f"{len(problems)} problem(s) in the paper file; nothing was written. First: {error}",
        errors=problems,
    )


@strawberry.type(description="Writes, each behind the bearer token the server is given.")
class Mutation:
    @described_mutation(
        "Ingest one paper file (YAML text) exactly as `claimgraph ingest` does: "
        "validate, write in one transaction, reconcile. Needs `Authorization: Bearer <token>`."
    )
    async def ingest_paper(
        self,
        info: Info,
        yaml: PaperYaml,
        name: PaperName = None,
        dry_run: DryRun = False,
        replace: ReplaceOthers = False,
    ) -> IngestResult:
        backend = info.context.backend
        require_token(backend.settings.api_token, info.context.authorization)
        file_name = name or "paper.yaml"
        if not _NAME.fullmatch(file_name):
            raise ApiError(
                BAD_USER_INPUT, f"name {file_name!r} must be a plain file name ending in .yaml"
            )
        check_paper_text(file_name, yaml)
        if len(yaml.encode()) > MAX_PAPER_BYTES:
            raise ApiError(
                PAYLOAD_TOO_LARGE, f"a paper file may have at most {MAX_PAPER_BYTES} bytes"
            )
        try:
            report = await asyncio.to_thread(
                ingest_texts,
                backend.write_driver,
                backend.database,
                [(file_name, yaml)],
                dry_run=dry_run,
                replace=replace,
            )
        except PaperFileError as error:
            raise _paper_error(error) from error
        return ingest_result(report)
