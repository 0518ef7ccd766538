"""ragnews benchmark suite: `python -m benchmarks --help`.

Benchmarks measure; they never fail CI. See benchmarks/README.md.
"""
