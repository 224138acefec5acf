"""The one terminal every command prints to (stderr: stdout is for data such as a draft)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import typer
from rich.console import Console

if TYPE_CHECKING:
    from claimgraph.ingest.paper_file import PaperFileError

console: Final = Console(stderr=True)

MAX_ERRORS_SHOWN: Final = 25
"""Errors listed in full; a run with thousands (a wrong folder) shows the first ones."""


def say(line: str) -> None:
    """One line as it is: no markup, no highlighting, no wrapping inside a path."""
    console.print(line, highlight=False, markup=False, soft_wrap=True)


def refuse_files(error: PaperFileError) -> typer.Exit:
    """Print every problem of a refused run (up to a limit) and the exit to raise."""
    for problem in error.errors[:MAX_ERRORS_SHOWN]:
        say(f"error {problem}")
    hidden = len(error.errors) - MAX_ERRORS_SHOWN
    if hidden > 0:
        say(f"... and {hidden} more like them.")
    if error.written:
        names = ", ".join(path.name for path in error.written)
        say(
            f"{len(error.errors)} error(s); {error.file} was not written, but the "
            f"{len(error.written)} file(s) before it were: {names}. Another ingest changed "
            "the graph meanwhile; fix the error and run the ingest again."
        )
    else:
        say(f"{len(error.errors)} error(s); nothing was written.")
    return typer.Exit(code=1)


def fail(message: str) -> typer.Exit:
    """Print one line saying what went wrong (no traceback) and the exit to raise."""
    say(f"error: {message}")
    return typer.Exit(code=1)
