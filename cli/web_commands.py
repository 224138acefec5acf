"""`claimgraph web provision`: fetch GraphiQL's and Swagger UI's browser files (api.web_assets)."""

import typer

from claimgraph.cli.console import console, say

web_app = typer.Typer(
    help="The files the API's browser pages need.", no_args_is_help=True, rich_markup_mode=None
)


@web_app.command("provision")
def web_provision() -> None:
    """Fetch GraphiQL, React and Swagger UI from the npm registry (once, with npm)."""
    from claimgraph.api.web_assets import WebAssetsError, ensure_web_assets

    try:
        with console.status("fetching GraphiQL, React and Swagger UI from npm"):
            folder = ensure_web_assets()
    except WebAssetsError as error:
        say(f"error: {error}")
        raise typer.Exit(code=1) from error
    say(f"browser files ready in {folder}")


def provision_or_warn() -> None:
    """For `up`: serve even when the files cannot be had; GraphiQL then says how to get them."""
    from claimgraph.api.web_assets import WebAssetsError, ensure_web_assets

    try:
        ensure_web_assets()
    except WebAssetsError as error:
        say(f"warning: GraphiQL and /docs will not load until this is fixed: {error}")
