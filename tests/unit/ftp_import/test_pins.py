"""PIN hashes: round trip, wrong PINs, the stored form never holding the PIN."""

from __future__ import annotations

import base64

from hypothesis import given, settings
from hypothesis import strategies as st

from ftp_import.pins import hash_pin, is_pin_hash, verify_pin

PINS = st.text(alphabet="0123456789", min_size=4, max_size=8)
SALTS = st.binary(min_size=16, max_size=16)


@settings(max_examples=8, deadline=None)
@given(pin=PINS, salt=SALTS)
def test_a_pin_verifies_against_its_hash(pin: str, salt: bytes) -> None:
    stored = hash_pin(pin, salt=salt)
    assert is_pin_hash(stored)
    assert verify_pin(pin, stored)


@settings(max_examples=8, deadline=None)
@given(pin=PINS, other=PINS, salt=SALTS)
def test_a_wrong_pin_is_refused(pin: str, other: str, salt: bytes) -> None:
    stored = hash_pin(pin, salt=salt)
    assert verify_pin(other, stored) == (other == pin)


@settings(max_examples=8, deadline=None)
@given(pin=PINS, salt=SALTS)
def test_the_stored_form_never_holds_the_pin(pin: str, salt: bytes) -> None:
    stored = hash_pin(pin, salt=salt)
    scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert base64.b64decode(salt_b64) == salt
    for field in (salt_b64, digest_b64):
        assert pin not in field
        assert pin.encode() not in base64.b64decode(field)


def test_each_hash_has_its_own_salt() -> None:
    first, second = hash_pin("2468"), hash_pin("2468")
    assert first != second
    assert verify_pin("2468", first) and verify_pin("2468", second)


def test_malformed_or_costly_stored_text_verifies_nothing() -> None:
    good = hash_pin("1357")
    parts = good.split("$")
    for bad in (
        "",
        "1357",
        "pbkdf2$1$2$3$4$5",
        "$".join([*parts[:1], "1000", *parts[2:]]),  # n not a power of two
        "$".join([*parts[:1], str(2**24), *parts[2:]]),  # asks for GiBs of memory
        "$".join([*parts[:4], "!!", parts[5]]),
        good + "$",
    ):
        assert not is_pin_hash(bad)
        assert not verify_pin("1357", bad)
    assert not verify_pin("", good)
