"""Helpers for tests and benchmarks: a generated local news site."""
