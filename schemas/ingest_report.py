"""What an ingest changed, file by file: the CLI prints it and the API returns it."""

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from claimgraph.schemas.reconciliation import ReconciliationResult


class ChangeKind(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    REMOVED = "removed"


class EntityChange(BaseModel):
    """One entity an ingest created, updated or removed.

    `replaced_from` names who held it before, when it belonged to another file (another
    source, catalogue or origin) and the ingest was told to replace it.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str
    id: str
    change: ChangeKind
    replaced_from: str | None = None


class FileReport(BaseModel):
    """One file's effect; with `dry_run` the changes are what would have been written."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str
    owner: str
    origin: str = ""
    dry_run: bool
    changes: list[EntityChange]
    unchanged: int

    def count(self, change: ChangeKind) -> int:
        return sum(1 for item in self.changes if item.change is change)

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    @property
    def replaced(self) -> list[EntityChange]:
        """The changes that took over what another file held."""
        return [change for change in self.changes if change.replaced_from is not None]


class IngestReport(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    files: list[FileReport]
    dry_run: bool
    reconciliation: ReconciliationResult | None = None
    """The derived results recomputed after the write (None for a dry run)."""

    @property
    def changed(self) -> bool:
        return any(report.changed for report in self.files)
