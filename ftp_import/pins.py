"""PINs kept as salted slow hashes (scrypt), the only form a PIN takes in master data,
exports and the till's catalog; the gateway hashes, the till verifies.

Stored text: ``scrypt$<n>$<r>$<p>$<salt b64>$<hash b64>`` (standard base64 with padding).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

SCHEME = "scrypt"
# scrypt cost: 2**14 * 8 * 128 bytes = 16 MiB of memory and some tens of milliseconds
# a hash, which makes guessing a short PIN from a stolen export slow.
N, R, P = 2**14, 8, 1
SALT_BYTES, HASH_BYTES = 16, 32
_MAXMEM = 128 * 1024 * 1024
_MAX_COST = 64 * 1024 * 1024  # a stored hash asking for more memory (128 * n * r) is refused
_MAX_P = 16


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(
        pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=length
    )


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


PIN_DIGITS = (4, 12)


def new_pin_problem(pin: str) -> str | None:
    """Why ``pin`` cannot be a cashier's new PIN (None: it can); never repeats the PIN."""
    low, high = PIN_DIGITS
    if not (pin.isascii() and pin.isdigit() and low <= len(pin) <= high):
        return f"a PIN is {low} to {high} digits"
    return None


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """The stored form of ``pin``, with a fresh random salt unless one is given."""
    if not pin:
        raise ValueError("a PIN must not be empty")
    salt = os.urandom(SALT_BYTES) if salt is None else salt
    digest = _scrypt(pin, salt, N, R, P, HASH_BYTES)
    return f"{SCHEME}${N}${R}${P}${_b64(salt)}${_b64(digest)}"


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        return None
    try:
        n, r, p = (int(x) for x in parts[1:4])
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
    except ValueError:
        return None
    power_of_two = n > 1 and n & (n - 1) == 0
    if not (power_of_two and r > 0 and 128 * n * r <= _MAX_COST and 0 < p <= _MAX_P):
        return None
    if not (salt and digest):
        return None
    return n, r, p, salt, digest


def is_pin_hash(stored: str) -> bool:
    """Whether ``stored`` has the form ``hash_pin`` writes (checks the form, not a PIN)."""
    return _parse(stored) is not None


def verify_pin(pin: str, stored: str) -> bool:
    """Whether ``pin`` is the PIN ``stored`` was made from; compared in constant time.
    A malformed stored text verifies nothing."""
    parsed = _parse(stored)
    if parsed is None or not pin:
        return False
    n, r, p, salt, digest = parsed
    return hmac.compare_digest(_scrypt(pin, salt, n, r, p, len(digest)), digest)
