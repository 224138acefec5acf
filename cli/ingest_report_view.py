"""Render an ingest report for the terminal: what changed first, by id, then the summary.

Plain lines wrapped at spaces (cli.console.wrap), never a table: a table folds a long
file name mid-word in 80 columns, and a curator looks for the change, not for columns.
"""

from collections.abc import Sequence
from pathlib import Path
from typing import Final

from claimgraph.cli.console import IDS_SHOWN
from claimgraph.schemas.ingest_report import ChangeKind, FileReport, IngestReport

NAMES_SHOWN: Final = 10


def report_lines(report: IngestReport, *, verbose: bool = False) -> list[str]:
    """Each changed file with the ids it created, updated or removed; then one line for
    the unchanged files; then the run's summary (kept word for word: scripts read it)."""
    lines: list[str] = []
    changed = [file for file in report.files if file.changed]
    for file in changed:
        lines += _file_lines(file, verbose=verbose)
    unchanged = sorted(Path(file.file).name for file in report.files if not file.changed)
    if unchanged and changed:
        lines.append(f"{len(unchanged)} file(s) unchanged{_listed(unchanged, verbose)}")
    if not report.changed:
        lines.append(f"No changes: the graph already holds these {len(report.files)} file(s).")
    else:
        verb = "would change" if report.dry_run else "changed"
        lines.append(f"{len(changed)} of {len(report.files)} file(s) {verb} the graph.")
    if report.dry_run:
        lines.append("This was a dry run: nothing was written.")
    return lines


def _file_lines(file: FileReport, *, verbose: bool) -> list[str]:
    counts = ", ".join(
        f"{file.count(kind)} {kind.value}" for kind in ChangeKind if file.count(kind)
    )
    lines = [f"{Path(file.file).name}: {counts}, {file.unchanged} unchanged"]
    shown = file.changes if verbose else file.changes[:IDS_SHOWN]
    lines += [f"  {item.change.value:<8} {item.label:<13} {item.id}" for item in shown]
    hidden = len(file.changes) - len(shown)
    if hidden:
        lines.append(f"  ... and {hidden} more (--verbose lists them all)")
    return lines


def _listed(names: Sequence[str], verbose: bool) -> str:
    if not verbose and len(names) > NAMES_SHOWN:
        return "."
    return ": " + ", ".join(names) + "."


def replaced_lines(report: IngestReport) -> list[str]:
    """Every entity taken over from another file, with whom it belonged to before."""
    replaced = [(file, change) for file in report.files for change in file.replaced]
    if not replaced:
        return []
    verb = "would replace" if report.dry_run else "replaced"
    lines = [f"{len(replaced)} entit(ies) {verb} what other files held:"]
    lines += [
        f"  {change.change.value:<8} {change.label:<13} {change.id}  "
        f"(was {change.replaced_from}; now {Path(file.file).name})"
        for file, change in replaced
    ]
    return lines
