"""The fault harness: crashes, network faults, bad input and attacks, each measured.

Every scenario module exposes ``run(*, quick: bool, seed: int, workdir: Path) -> list[Figure]``.
The test suite calls them with small counts (``quick=True`` and smaller); ``bench/faults.py``
runs them all and prints one table, then one JSON line with every figure and ``met``.
"""
