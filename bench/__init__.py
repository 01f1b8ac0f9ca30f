"""Benchmarks (never part of `make test`): `python -m bench.wall_fanout` and `python -m bench.pages`.

See README.md ("Performance") and docs/deployment.md for what they measure and the figures.
"""
