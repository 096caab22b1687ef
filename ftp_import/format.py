"""The export format: entities, their columns, file names and the manifest schema.

An export is a set of gzip-compressed CSV files (UTF-8, comma, ``"`` quoting, one header
row) plus a manifest written last. Names are flat so one directory listing shows them:

    00000012-full.manifest.json
    00000012-full.items.csv.gz
    00000013-incremental.manifest.json
    00000013-incremental.prices.csv.gz

Manifest (JSON object):

    format          "tillsync-export"
    schema_version  1
    kind            "full" | "incremental"
    sequence        int >= 1, strictly increasing over all exports of one gateway
    base_sequence   int, incremental only: the sequence this increment applies on top of
    created_at      ISO 8601 UTC, e.g. "2026-11-21T09:00:00Z"
    files           list of {"entity", "name", "size", "rows", "sha256"}; sha256 and size
                    are of the compressed file as stored; rows counts data rows (no header)

Full exports carry every entity; each file holds the entity's complete current rows.
Incremental files start with an ``op`` column: ``U`` (insert or replace the row with this
key) or ``D`` (delete the row with this key; only key columns need values). An entity
without changes has no file in an increment.

Each increment is applied in one transaction on the till, so the order of its files (an
item deleted before its prices and barcodes) never shows. Errors name the file and the
CSV line, the header being line 1.

Value formats: money and quantities as plain decimals with a dot ("12.30"); VAT rates as
percentages ("20", "5.5"); booleans "1" / "0"; dates "YYYY-MM-DD", empty for none.

Cashiers (``cashiers``: code, name, role ``cashier`` | ``supervisor``, active, pin_hash)
carry the PIN only as a salted slow hash (``ftp_import.pins``), never in clear. A full
export written before cashiers existed has no cashiers file: a till loading it has none
(and sells anonymously, as before).
"""

from __future__ import annotations

from dataclasses import dataclass

FORMAT_NAME = "tillsync-export"
SCHEMA_VERSION = 1
KINDS = ("full", "incremental")
OPS = ("U", "D")


@dataclass(frozen=True, slots=True)
class Entity:
    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]  # the columns that identify a row
    required: tuple[str, ...]  # columns that must not be empty in an upsert
    # A full export may lack it (written before the entity existed): the till then has none.
    optional: bool = False


ENTITIES: dict[str, Entity] = {
    e.name: e
    for e in (
        Entity(
            "items",
            ("code", "name", "vat_rate", "sold_by", "alcohol", "active"),
            key=("code",),
            required=("code", "name", "vat_rate", "sold_by"),
        ),
        Entity(
            "prices",
            ("item_code", "valid_from", "price", "valid_to"),
            key=("item_code", "valid_from"),
            required=("item_code", "valid_from", "price"),
        ),
        Entity(
            "barcodes",
            ("barcode", "item_code"),
            key=("barcode",),
            required=("barcode", "item_code"),
        ),
        Entity("customers", ("code", "name"), key=("code",), required=("code", "name")),
        Entity(
            "cards",
            ("number", "customer_code", "discount_percent", "active"),
            key=("number",),
            required=("number", "discount_percent"),
        ),
        Entity(
            "offers",
            (
                "code",
                "description",
                "scope",
                "scope_ref",
                "target",
                "item_code",
                "kind",
                "value",
                "valid_from",
                "valid_to",
            ),
            key=("code",),
            required=("code", "scope", "target", "kind", "value"),
        ),
        Entity(
            "cashiers",
            ("code", "name", "role", "active", "pin_hash"),
            key=("code",),
            required=("code", "name", "role", "pin_hash"),
            optional=True,
        ),
    )
}

# The order in which entities are written and applied.
ENTITY_ORDER: tuple[str, ...] = (
    "items",
    "prices",
    "barcodes",
    "customers",
    "cards",
    "offers",
    "cashiers",
)
ROLES = ("cashier", "supervisor")


def manifest_name(sequence: int, kind: str) -> str:
    return f"{sequence:08d}-{kind}.manifest.json"


def data_file_name(sequence: int, kind: str, entity: str) -> str:
    return f"{sequence:08d}-{kind}.{entity}.csv.gz"


def file_columns(entity: str, kind: str) -> tuple[str, ...]:
    """The header of a data file: incremental files lead with ``op``."""
    cols = ENTITIES[entity].columns
    return ("op", *cols) if kind == "incremental" else cols
