"""A small hand-made catalog with known values, published as a full export."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ftp_import.writer import ExportWriter

BREAD = "4006381333931"  # EAN-13, 1.20, VAT 5.5
WINE = "3017620422003"  # EAN-13, 9.90, VAT 20, alcohol
MILK_UPC = "036000291452"  # UPC-A, 0.95, VAT 5.5
CHEESE_PLU = "01234"  # weighed, 18.50 / kg, VAT 5.5
SOAP = "96385074"  # EAN-8, 2.50, VAT 20
CUSTOMER = "C000001"
CARD = "9000000000017"  # 5 % card of C000001


def write_catalog(
    folder: Path, sequence: int = 1, *, cashiers: Sequence[Sequence[str]] = ()
) -> Path:
    """The catalog as full export ``sequence``; ``cashiers``: rows of the cashiers entity
    (none: an anonymous till)."""
    folder.mkdir(parents=True, exist_ok=True)
    with ExportWriter(folder, sequence, "full") as w:
        w.write_rows("cashiers", cashiers)
        w.write_rows(
            "items",
            [
                ("BREAD", "Rye bread 500g", "5.5", "unit", "0", "1"),
                ("WINE", "Bordeaux red 75cl", "20", "unit", "1", "1"),
                ("MILK", "Milk 1L", "5.5", "unit", "0", "1"),
                ("CHEESE", "Emmental", "5.5", "weight", "0", "1"),
                ("SOAP", "Soap bar", "20", "unit", "0", "1"),
                ("OLD", "Discontinued", "20", "unit", "0", "0"),
            ],
        )
        w.write_rows(
            "prices",
            [
                ("BREAD", "2026-01-01", "1.20", ""),
                ("WINE", "2026-01-01", "9.90", ""),
                ("MILK", "2026-01-01", "0.95", ""),
                ("CHEESE", "2026-01-01", "18.50", ""),
                ("SOAP", "2026-01-01", "2.50", "2026-05-31"),
                ("SOAP", "2026-06-01", "2.00", ""),
                ("OLD", "2026-01-01", "3.00", ""),
            ],
        )
        w.write_rows(
            "barcodes",
            [
                (BREAD, "BREAD"),
                (WINE, "WINE"),
                (MILK_UPC, "MILK"),
                (CHEESE_PLU, "CHEESE"),
                (SOAP, "SOAP"),
                ("2000000000008", "OLD"),
            ],
        )
        w.write_rows("customers", [(CUSTOMER, "Anne Martin"), ("C000002", "Piotr Nowak")])
        w.write_rows("cards", [(CARD, CUSTOMER, "5", "1"), ("9000000000024", "", "10", "0")])
        w.write_rows(
            "offers",
            [
                (
                    "O-WINE",
                    "Wine -20% for Anne",
                    "customer",
                    CUSTOMER,
                    "item",
                    "WINE",
                    "percent",
                    "20",
                    "2026-01-01",
                    "2026-12-31",
                ),
                (
                    "O-TOTAL",
                    "1.00 off every ticket",
                    "all",
                    "",
                    "total",
                    "",
                    "amount",
                    "1.00",
                    "",
                    "",
                ),
                (
                    "O-OLD",
                    "Expired",
                    "all",
                    "",
                    "item",
                    "BREAD",
                    "percent",
                    "50",
                    "2025-01-01",
                    "2025-12-31",
                ),
            ],
        )
    return folder
