"""The end-to-end demo: ERP sample data -> exports -> a till -> sales -> status.

Runs the real `erp-gateway` and `till` commands in a scratch folder (demo-run/), prints
what happens, and checks its own counts: it exits non-zero when one is off.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WORK = Path(os.environ.get("TILLSYNC_DEMO_DIR", ROOT / "demo-run"))


def run(*args: str) -> str:
    proc = subprocess.run([str(BIN / args[0]), *args[1:]], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"demo: `{' '.join(args)}` failed ({proc.returncode}):\n{proc.stderr}")
    return proc.stdout


def till(*args: str) -> str:
    return run("till", "--config", str(WORK / "till" / "till.toml"), *args)


def check(ok: bool, what: str) -> None:
    print(f"  [{'ok' if ok else 'FAILED'}] {what}")
    if not ok:
        sys.exit(f"demo: check failed: {what}")


def main() -> None:
    shutil.rmtree(WORK, ignore_errors=True)
    exports = WORK / "exports"
    exports.mkdir(parents=True)
    (WORK / "till").mkdir()

    print("1. The ERP publishes its master data: a full export and two increments")
    print(
        run(
            "erp-gateway",
            "sample-export",
            "--items",
            "2000",
            "--changes",
            "2",
            "--out",
            str(exports),
            "--seed",
            "42",
        ),
        end="",
    )

    print("2. A new till is set up and loads the data, then the changes")
    till("init", "--store", "S001", "--till", "T01")
    full = json.loads(till("load-data", "--source", str(exports), "--json"))
    check(
        full["sequence"] == 1 and full["rows"] > 2000, f"full export 1 loaded ({full['rows']} rows)"
    )
    changes = json.loads(till("load-changes", "--source", str(exports), "--json"))
    check(changes["applied"] == [2, 3], f"increments {changes['applied']} applied in order")

    items = json.loads(till("items", "--json", "--limit", "400"))
    unit = [
        i for i in items if i["sold_by"] == "unit" and i["price"] and len(i["barcodes"][0]) == 13
    ]
    weighed = next(i for i in items if i["sold_by"] == "weight" and i["price"])
    alcohol = next(i for i in unit if i["alcohol"])
    plain = [i for i in unit if not i["alcohol"]]

    print("3. A day of sales")
    till("day", "open")
    sales = [
        json.loads(till("sell", plain[0]["barcodes"][0], f"{plain[1]['barcodes'][0]}*3", "--json")),
        json.loads(
            till(
                "sell",
                alcohol["barcodes"][0],
                f"{weighed['barcodes'][0]}*0.742",
                "--customer",
                "C000001",
                "--json",
            )
        ),
        json.loads(
            till(
                "sell",
                plain[2]["barcodes"][0],
                plain[3]["barcodes"][0],
                "--pay",
                "card:5",
                "--pay",
                "cash:50",
                "--json",
            )
        ),
    ]
    for s in sales:
        offers = f" offers {', '.join(s['offers'])}" if s["offers"] else ""
        print(
            f"  ticket {s['number']}: {len(s['lines'])} lines, total {s['total']}, change {s['change']}{offers}"
        )
    check([s["number"] for s in sales] == [1, 2, 3], "tickets numbered 1, 2, 3")
    check(
        all(sum(Decimal(v["gross"]) for v in s["vat"]) == Decimal(s["total"]) for s in sales),
        "VAT breakdowns add up to the totals",
    )

    print("4. Status")
    status = json.loads(till("status", "--json"))
    for key in ("till_id", "catalog_sequence", "business_day", "tickets_today", "outbox_pending"):
        print(f"  {key}: {status[key]}")
    check(status["catalog_sequence"] == 3, "catalog at sequence 3")
    check(
        status["tickets_today"] == 3 and status["outbox_pending"] == 3,
        "3 tickets stored, 3 waiting in the outbox",
    )

    print("5. Closure (Z)")
    z = json.loads(till("day", "closure", "--json"))
    total = sum(Decimal(s["total"]) for s in sales)
    print(f"  Z{z['z_number']}: {z['tickets']} tickets, total {z['total']}")
    check(Decimal(z["total"]) == total, "Z total equals the sum of the tickets")
    print("demo finished: every check passed")


if __name__ == "__main__":
    main()
