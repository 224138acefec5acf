"""`claimgraph`: one command with subcommands, each a thin call into the package that owns the job.

Parsing and printing live here and nothing else: Neo4j is managed by `graph`, files are
loaded by `ingest`, the reconciliation's arithmetic is `reconcile`, the server is `api`.
Commands import what they call inside their bodies, so `claimgraph --help` stays quick.
"""
