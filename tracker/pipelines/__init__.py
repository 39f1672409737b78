"""Item pipelines: extraction, then storage. One component per module."""
