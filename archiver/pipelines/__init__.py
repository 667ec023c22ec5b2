"""Item pipelines: extraction (in a process pool), then record validation."""
