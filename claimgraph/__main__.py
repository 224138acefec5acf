"""`python -m claimgraph` runs the command line, as the `claimgraph` script does."""

from claimgraph.ingest.cli import app

app(prog_name="claimgraph")
