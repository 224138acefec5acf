"""claimgraph: quantitative claims about AI progress as a Neo4j graph, served over GraphQL.

This package is the project's one importable namespace. Its subpackages are the
top-level folders of the checkout (`api/`, `graph/`, `ingest/`, `schemas/`,
`reconcile/`, `cli/`), linked in here so that the code imports them as
`claimgraph.graph`, `claimgraph.api`, ... both in a checkout and once installed:
a wheel copies them under `claimgraph/` and installs nothing else at top level.
The shipped corpus comes along as package data (`claimgraph/corpus`).
"""


def __getattr__(name: str) -> str:
    """`__version__`, read from the installed distribution's metadata when first asked
    (importlib.metadata costs a tenth of a second that `claimgraph --help` need not pay)."""
    if name != "__version__":
        raise AttributeError(f"module 'claimgraph' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("claimgraph")
    except PackageNotFoundError:  # imported from a checkout that was never installed
        return "0+unknown"
