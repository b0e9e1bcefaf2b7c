"""Writes of placement: runs (build, run, publish, correct), manual adjustments, declines."""
