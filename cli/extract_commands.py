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
        bool,
        typer.Option(
            "--recall", help="Measure the extractor: on the seeds against corpus/, or on --set."
        ),
    ] = False,
    answer_set: Annotated[
        Path | None,
        typer.Option(
            "--set",
            help="With --recall: a folder of NAME.txt texts, each beside a NAME.yaml of the "
            "figures a curator would encode; prints recall, precision and intervals kept.",
        ),
    ] = None,
    seeds: Annotated[
        Path | None,
        typer.Option("--seeds", help="With --recall: the seed texts [default: $CLAIMGRAPH_SEEDS]."),
    ] = None,
) -> None:
    """Draft a paper file from text: every growth or efficiency figure with its span."""
    if recall or answer_set is not None:
        _measure(answer_set, seeds)
        return
    if text_file is None:
        raise typer.BadParameter("give a text file, or --recall")
    from claimgraph.ingest.extract.draft import draft_paper_file

    draft = draft_paper_file(text_file, written_to=output)
    if output is None:
        print(draft, end="")
    else:
        output.write_text(draft, encoding="utf-8")
        console.print(f"Draft written to {output}: fill the TODO fields, then ingest --dry-run it.")


def _measure(answer_set: Path | None, seeds: Path | None) -> None:
    """Print the table; exit 1 with the reason when there is nothing to measure."""
    from claimgraph.ingest.extract.answers import AnswerError
    from claimgraph.ingest.extract.recall import NothingToMeasure, measure_recall
    from claimgraph.ingest.extract.scoring import score_folder

    try:
        table = (
            score_folder(answer_set).table()
            if answer_set
            else measure_recall(seeds_dir=seeds).table()
        )
    except (AnswerError, NothingToMeasure) as error:
        console.print(f"[red]error:[/red] {error}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from error
    print(table)
