"""Run the API under uvicorn so that a stop request can never be lost.

`uvicorn.run` builds its server and then installs its own signal handlers; a Ctrl-C in
between raised KeyboardInterrupt into whatever ran at that moment. Here the server (or,
with several workers, the supervisor of the worker processes) is built first, and the
command's stop requests are passed to its stop switch from then on: a request made at
any moment, even one an earlier finalizer swallowed, stops the API.
"""

from __future__ import annotations

import typer

from claimgraph.cli.stop_requests import StopRequests

APP_FACTORY = "claimgraph.api.app:create_app"
STARTUP_FAILURE = 3  # uvicorn's own exit status when the app never started


def run_api(host: str, port: int, workers: int, stops: StopRequests) -> None:
    """Serve until a stop request; raise typer.Exit(3) if the API never started."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    stops.hold()
    config = uvicorn.Config(APP_FACTORY, factory=True, host=host, port=port, workers=workers)
    if config.workers > 1:
        listener = config.bind_socket()
        supervisor = Multiprocess(config, sockets=[listener])  # handles the signals from here
        stops.forward_to(supervisor.should_exit.set)
        if stops.requested:
            listener.close()
            return
        supervisor.run()
        if any(worker.exitcode == STARTUP_FAILURE for worker in supervisor.processes):
            raise typer.Exit(code=STARTUP_FAILURE)
        return
    server = uvicorn.Server(config)

    def stop_server() -> None:
        server.should_exit = True

    stops.forward_to(stop_server)
    if stops.requested:
        return
    server.run()
    if not server.started and not stops.requested:
        raise typer.Exit(code=STARTUP_FAILURE)
