"""`claimgraph extract`: draft a paper file from a text, or measure the extractor."""

from pathlib import Path
from typing import Annotated

import typer

from claimgraph.cli.console import console


def extract(
    text_file: Annotated[
        Path | None, typer.Argument(help="Plain text of a source to draft a paper file from.")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the draft here, not to stdout.")
    ] = None,
    recall: Annotated[
        bool, typer.Option("--recall", help="Measure recall on the seeds against corpus/.")
    ] = False,
) -> None:
    """Draft a paper file from text: every growth or efficiency figure with its span."""
    if recall:
        from claimgraph.ingest.extract.recall import measure_recall

        print(measure_recall().table())
        return
    if text_file is None:
        raise typer.BadParameter("give a text file, or --recall")
    from claimgraph.ingest.extract.draft import draft_paper_file

    draft = draft_paper_file(text_file)
    if output is None:
        print(draft, end="")
    else:
        output.write_text(draft, encoding="utf-8")
        console.print(f"Draft written to {output}: fill the TODO fields, then ingest --dry-run it.")
