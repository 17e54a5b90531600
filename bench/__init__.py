"""Benchmarks run by hand: `python bench/run.py [engine|api|profile|all] [--write]`.

Figures go to docs/benchmarks.md. Nothing here is a test: tests/test_bench.py only checks that the
code still runs, on a very small count, with no timing assertion.
"""
