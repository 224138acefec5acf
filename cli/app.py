"""The `claimgraph` command: its subcommands, assembled from one module per group."""

import sys
from typing import Annotated

import typer

from claimgraph.cli.export_commands import export
from claimgraph.cli.extract_commands import extract
from claimgraph.cli.ingest_commands import ingest, reconcile
from claimgraph.cli.neo4j_commands import neo4j_app
from claimgraph.cli.serve_commands import serve, up
from claimgraph.cli.web_commands import web_app

app = typer.Typer(
    help="Track quantitative claims about AI progress in a Neo4j graph.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _print_version(asked: bool) -> None:
    if asked:
        from claimgraph import __version__

        typer.echo(f"claimgraph {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the installed version and exit.",
        ),
    ] = False,
) -> None:
    """Track quantitative claims about AI progress in a Neo4j graph."""


app.add_typer(neo4j_app, name="neo4j")
app.add_typer(web_app, name="web")
app.command()(up)
app.command()(serve)
app.command()(ingest)
app.command()(reconcile)
app.command()(extract)
app.command()(export)


def run() -> None:
    """The installed script: the command, with a bad setting said in one line per setting.

    Settings are read from the environment by whichever command needs them; a value that
    does not validate would otherwise surface as a traceback of the settings class.
    """
    try:
        app(prog_name="claimgraph")
    except Exception as error:
        from claimgraph.cli.settings_errors import settings_problems

        problems = settings_problems(error)
        if not problems:
            raise
        for line in problems:
            print(f"error: {line}", file=sys.stderr)
        sys.exit(2)
