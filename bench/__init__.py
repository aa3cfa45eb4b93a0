"""Benchmark tooling: the synthetic catalogue (`generate_catalogue`), the load benchmark (run.py) and the
rendering benchmark (render.py). It may import every app; no app imports it.
"""
