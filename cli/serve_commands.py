"""`claimgraph serve` and `claimgraph up` (the README's main job).

`up` stops on Ctrl-C (or SIGTERM) what it started and nothing else: the API always, the
local Neo4j only when `up` itself started it. A Neo4j that was already running, or the
server NEO4J_URI names, is left running, and `up` says so and how to stop it. A stop
request is never lost, whenever it comes (see stop_requests.py): one during Neo4j's
start stops the Neo4j just launched, and one while stopping does not cut stopping short.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from claimgraph.cli.addresses_view import address_lines
from claimgraph.cli.console import console, fail, say, wrap
from claimgraph.cli.ingest_commands import ingest_valid
from claimgraph.cli.neo4j_commands import STARTING
from claimgraph.cli.stop_requests import StopRequests
from claimgraph.cli.web_commands import provision_or_warn

if TYPE_CHECKING:
    from claimgraph.graph.local_server import LocalServer
    from claimgraph.graph.settings import Settings


def serve(
    host: Annotated[str | None, typer.Option(help="Listen address.")] = None,
    port: Annotated[int | None, typer.Option(help="Listen port.")] = None,
    workers: Annotated[
        int | None,
        typer.Option(help="Worker processes (default CLAIMGRAPH_API_WORKERS, else one per core)."),
    ] = None,
) -> None:
    """Serve the API (GraphQL at /graphql, probes at /health and /ready)."""
    from claimgraph.graph.settings import Settings

    with StopRequests().installed() as stops:
        _serve(Settings(), host, port, workers, stops)


def _serve(
    settings: Settings, host: str | None, port: int | None, workers: int | None, stops: StopRequests
) -> None:
    from claimgraph.api.settings import ApiSettings
    from claimgraph.cli.api_runner import run_api

    run_api(
        host or settings.api_host,
        port or settings.api_port,
        workers or ApiSettings().worker_count(),
        stops,
    )


def up(
    host: Annotated[str | None, typer.Option(help="Listen address.")] = None,
    port: Annotated[int | None, typer.Option(help="Listen port.")] = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes.")] = None,
    corpus: Annotated[
        Path | None,
        typer.Option(help="Folder of paper files to ingest [default: the shipped corpus]."),
    ] = None,
) -> None:
    """The main job: Neo4j up (provisioned if needed), corpus ingested, API serving.

    A file that is refused is reported and skipped; the others are ingested and served,
    and `up` exits 1 when it stops. Ctrl-C stops the API, and the local Neo4j if `up`
    started it; one that was already running is left running.
    """
    from claimgraph.graph.local_server import LocalServer, LocalServerError
    from claimgraph.graph.settings import Settings
    from claimgraph.ingest.paper_file import CORPUS_DIR

    settings = Settings()
    started: LocalServer | None = None  # ours to stop, from the moment we launch it
    neo4j_up = False
    refused: list[Path] = []
    with StopRequests().installed() as stops:
        try:
            if not settings.uses_external_server:
                server = LocalServer.from_settings(settings)
                running_before = server.status().pid is not None
                started = None if running_before else server
                try:
                    with console.status(STARTING):
                        status = server.start()
                except LocalServerError as error:
                    raise fail(str(error)) from error
                say(
                    status.describe()
                    if started
                    else status.describe().replace("running", "already running", 1)
                )
            neo4j_up = True
            refused = ingest_valid(settings, [corpus or CORPUS_DIR])
            provision_or_warn()
            shown_port = port or settings.api_port
            lines, column = address_lines(settings, host or settings.api_host, shown_port, refused)
            for line in lines:
                wrap(line, indent=column - 2)
            say(_on_stop(settings, started))
            if not stops.requested:  # a Ctrl-C some finalizer swallowed still counts
                _serve(settings, host, port, workers, stops)
        except KeyboardInterrupt:
            pass  # a stop requested before the API ran; stopping is below, as for any stop
        finally:
            stops.hold()  # a second Ctrl-C must not cut the stopping short
            _stop_what_was_started(settings, started, neo4j_up)
    if refused:
        wrap(f"{len(refused)} file(s) were refused and not served: {_names(refused)}")
    if stops.requested:
        _exit_after_ctrl_c(1 if refused else 0)
    if refused:
        raise typer.Exit(code=1)


def _exit_after_ctrl_c(code: int) -> None:
    """End the process with `code`, which says how the stop went.

    A Ctrl-C that landed while an extension module ran leaves CPython remembering the
    KeyboardInterrupt as unhandled, though it was caught here, and on a normal exit the
    interpreter kills itself with SIGINT, so the exit status would report an interrupted
    process after a clean stop. Everything is stopped and printed by now, so the process
    leaves directly.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _on_stop(settings: Settings, started: LocalServer | None) -> str:
    if started is not None:
        return "Ctrl-C stops the API and the Neo4j this command started."
    if settings.uses_external_server:
        return "Ctrl-C stops the API; the Neo4j at NEO4J_URI is not this command's to stop."
    return (
        "Ctrl-C stops the API; Neo4j was running before and is left running "
        "(`claimgraph neo4j stop` stops it)."
    )


def _stop_what_was_started(settings: Settings, started: LocalServer | None, neo4j_up: bool) -> None:
    """`started` may be a Neo4j whose start was interrupted or failed: stop what runs."""
    if started is not None:
        with console.status("stopping Neo4j"):
            stopped = started.stop()
        if stopped:
            say(f"Neo4j stopped ({started.instance_dir})")
        elif neo4j_up:
            say("Neo4j had already stopped")
    elif not neo4j_up:
        return
    elif settings.uses_external_server:
        say(f"API stopped; Neo4j at {settings.neo4j_uri} was not touched.")
    else:
        say(
            "API stopped; Neo4j is left running as it was before `up` "
            "(`claimgraph neo4j stop` stops it)."
        )


def _names(paths: list[Path]) -> str:
    return ", ".join(path.name for path in paths)
