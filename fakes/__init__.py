"""Small named stand-ins for the outside world, used by tests and benchmarks (not shipped)."""
