"""Benchmarks of the NRM Case Engine against the floor set by bare SpiffWorkflow.

`python -m bench` runs the child_return "family safe" path through bare SpiffWorkflow (the
floor), through the engine on SQLite and PostgreSQL, and through the HTTP API, and writes
BENCHMARKS.md. Speed targets live here and in BENCHMARKS.md, never in timed tests.
"""
