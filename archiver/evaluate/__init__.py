"""Corpus evaluations: each module scores one part of the record with its corpus's metric."""
