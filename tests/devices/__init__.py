"""Device tests: protocols against pty simulators (a package, so its conftest and helpers
do not shadow the top-level ``conftest`` that other tests import)."""
