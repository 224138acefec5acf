"""Render an ingest report for the terminal."""

from pathlib import Path

from rich.console import Console
from rich.table import Table

from claimgraph.schemas.ingest_report import ChangeKind, IngestReport


def print_report(console: Console, report: IngestReport, *, verbose: bool = False) -> None:
    verb = "would change" if report.dry_run else "changed"
    table = Table(title=f"ingest ({'dry run' if report.dry_run else 'written'})")
    table.add_column("file", overflow="fold")
    for change in ChangeKind:
        table.add_column(change.value, justify="right")
    table.add_column("unchanged", justify="right")
    for file in report.files:
        table.add_row(
            Path(file.file).name,
            *(str(file.count(change)) for change in ChangeKind),
            str(file.unchanged),
        )
    console.print(table)
    for file in report.files if verbose else []:
        for item in file.changes:
            console.print(f"  {item.change.value:<8} {item.label:<13} {item.id}  ({file.owner})")
    if not report.changed:
        console.print(f"No changes: the graph already holds these {len(report.files)} file(s).")
    else:
        changed = sum(1 for f in report.files if f.changed)
        console.print(f"{changed} of {len(report.files)} file(s) {verb} the graph.")


def print_replaced(console: Console, report: IngestReport) -> None:
    """Every entity taken over from another file, with whom it belonged to before."""
    replaced = [(file, change) for file in report.files for change in file.replaced]
    if not replaced:
        return
    verb = "would replace" if report.dry_run else "replaced"
    console.print(f"{len(replaced)} entit(ies) {verb} what other files held:", highlight=False)
    for file, change in replaced:
        console.print(
            f"  {change.change.value:<8} {change.label:<13} {change.id}  "
            f"(was {change.replaced_from}; now {Path(file.file).name})",
            highlight=False,
            markup=False,
        )
