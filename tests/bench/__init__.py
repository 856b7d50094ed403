"""bench/: the benchmark command."""
