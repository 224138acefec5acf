"""What ingestPaper returns: the CLI's IngestReport, file by file, plus the new flags."""

import strawberry

from claimgraph.api.types import enums as _enums  # noqa: F401  (registers the enums first)
from claimgraph.api.types.base import build, described, from_pydantic
from claimgraph.api.types.objects import FlagType, flag_type
from claimgraph.schemas.ingest_report import ChangeKind, EntityChange, FileReport, IngestReport


@from_pydantic(EntityChange, name="EntityChange")
class EntityChangeType:
    pass


@from_pydantic(FileReport, name="FileReport")
class FileReportType:
    model: strawberry.Private[FileReport]

    @described("How many entities this file created.")
    def created(self) -> int:
        return self.model.count(ChangeKind.CREATED)

    @described("How many entities this file updated.")
    def updated(self) -> int:
        return self.model.count(ChangeKind.UPDATED)

    @described("How many entities this file removed.")
    def removed(self) -> int:
        return self.model.count(ChangeKind.REMOVED)


@strawberry.type(description="The ingest report, as the CLI prints it.")
class IngestResult:
    files: list[FileReportType] = strawberry.field(description="Each file's effect.")
    dry_run: bool = strawberry.field(description="True when nothing was written.")
    new_flags: list[FlagType] = strawberry.field(
        description="Flags the reconciliation after this write raised that did not exist before."
    )
    derived_created: list[strawberry.ID] = strawberry.field(
        description="Ids of derived nodes (consensus, conflicts, flags, checks) the pass created."
    )
    derived_updated: list[strawberry.ID] = strawberry.field(
        description="Ids of derived nodes whose values the pass changed."
    )
    derived_removed: list[strawberry.ID] = strawberry.field(
        description="Ids of derived nodes the pass removed."
    )


def ingest_result(report: IngestReport) -> IngestResult:
    rec = report.reconciliation
    return IngestResult(
        files=[build(FileReportType, f) for f in report.files],
        dry_run=report.dry_run,
        new_flags=[flag_type(f) for f in rec.new_flags] if rec else [],
        derived_created=[strawberry.ID(i) for i in rec.created] if rec else [],
        derived_updated=[strawberry.ID(i) for i in rec.updated] if rec else [],
        derived_removed=[strawberry.ID(i) for i in rec.removed] if rec else [],
    )
