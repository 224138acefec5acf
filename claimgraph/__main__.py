"""`python -m claimgraph` runs the command line, as the `claimgraph` script does."""

from claimgraph.cli.app import run

run()
