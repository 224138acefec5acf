"""The one terminal every command prints to (stderr: stdout is for data such as a draft)."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Final

import typer
from rich.console import Console

if TYPE_CHECKING:
    from claimgraph.ingest.paper_file import PaperFileError

console: Final = Console(stderr=True)

MAX_ERRORS_SHOWN: Final = 25
"""Errors listed in full; a run with thousands (a wrong folder) shows the first ones."""

IDS_SHOWN: Final = 20
"""Changed ids an ingest lists per file unless --verbose: a first ingest of a large file
creates thousands."""


def say(line: str) -> None:
    """One line as it is: no markup, no highlighting, no wrapping inside a path."""
    console.print(line, highlight=False, markup=False, soft_wrap=True)


def wrap(line: str, indent: int = 4) -> None:
    """One line wrapped at spaces to the terminal's width, continued `indent` deeper.

    A file name or an id is never cut (rich folds a word longer than the width; this
    keeps it whole, so it can be copied even when it is wider than the terminal).
    """
    lead = " " * (len(line) - len(line.lstrip(" ")) + indent)
    for part in textwrap.wrap(
        line,
        width=max(console.width, 20),
        subsequent_indent=lead,
        break_long_words=False,
        break_on_hyphens=False,
        drop_whitespace=True,
    ) or [""]:
        say(part)


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
