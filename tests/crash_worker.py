"""Closes tickets in a loop and reports each one on stdout once ``close()`` has returned.

Run by the crash test, which SIGKILLs it at random moments.
"""

from __future__ import annotations

import sys
from pathlib import Path

from standalone_till.config import load_config
from standalone_till.model import PaymentMethod
from standalone_till.service import Till


def main(config: str, *codes: str) -> None:
    till = Till(load_config(Path(config)))
    print("ready", flush=True)
    while True:
        sale = till.new_sale()
        for code in codes:
            sale.scan(code)
        sale.pay(PaymentMethod.CARD)
        ticket = sale.close()
        print(ticket.id, flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
