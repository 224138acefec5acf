"""What an ingest changed, file by file: the CLI prints it and the API returns it."""

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from claimgraph.schemas.reconciliation import ReconciliationResult


class ChangeKind(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    REMOVED = "removed"


class EntityChange(BaseModel):
    """One entity an ingest created, updated or removed.

    It names who held it before when it belonged to another file (another source,
    catalogue or origin) and the ingest was told to replace it.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str = Field(description="The entity's node label (Claim, Source, ...).")
    id: str = Field(description="The entity's id.")
    change: ChangeKind = Field(description="What happened to it.")
    replaced_from: str | None = Field(
        default=None, description="Who held it before, when the ingest replaced another's."
    )


class FileReport(BaseModel):
    """One file's effect; on a dry run the changes are what would have been written."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str = Field(description="The file's name.")
    owner: str = Field(description="Whose nodes the file writes: its source id, or the catalogue.")
    origin: str = Field(default="", description="Where the file came from (a path or the API).")
    dry_run: bool = Field(description="True when nothing was written.")
    changes: list[EntityChange] = Field(description="Every entity the file changed.")
    unchanged: int = Field(description="How many of its entities were already as written.")

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
