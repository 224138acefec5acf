"""Benchmarks and the synthetic-corpus generator they run on (not part of the installed package).

Each benchmark starts its own throwaway Neo4j and prints its figures as ratios against a
baseline measured in the same run: `python -m bench.ingest`, `python -m bench.reconciliation`,
`python -m bench.api` (all three: `make bench`).
"""
