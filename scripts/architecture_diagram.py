"""Draw docs/architecture.png: the parts of tillsync and the flows between them.

    .venv/bin/python scripts/architecture_diagram.py [--out docs/architecture.png]

Plain matplotlib boxes and arrows (matplotlib is in the dev extra); the coordinates are
on a 100 x 70 grid.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "docs" / "architecture.png"

# One colour per flow.
TICKETS = "#1f5fa8"
EXPORTS = "#2e7d32"
MESSAGES = "#c25e00"
PING = "#616161"
HUB = "#7b1fa2"

_AREA = {"till": "#e8f0fb", "gateway": "#eef7ee", "outside": "#f5f5f5", "hub": "#f4ecf8"}


def frame(ax: Axes, x0: float, y0: float, x1: float, y1: float, title: str, area: str) -> None:
    """A large rounded area (a program) with its title at the top left."""
    ax.add_patch(
        FancyBboxPatch(
            (x0, y0),
            x1 - x0,
            y1 - y0,
            boxstyle="round,pad=0,rounding_size=1.2",
            facecolor=_AREA[area],
            edgecolor="#555555",
            linewidth=1.4,
        )
    )
    ax.text(x0 + 1, y1 - 1.4, title, fontsize=12, fontweight="bold", va="center", ha="left")


def box(ax: Axes, x0: float, y0: float, x1: float, y1: float, title: str, body: str = "") -> None:
    """A part: a white box with a bold title and a few lines under it."""
    ax.add_patch(
        FancyBboxPatch(
            (x0, y0),
            x1 - x0,
            y1 - y0,
            boxstyle="round,pad=0,rounding_size=0.6",
            facecolor="white",
            edgecolor="#333333",
            linewidth=1.0,
        )
    )
    cx = (x0 + x1) / 2
    if body:
        ax.text(cx, y1 - 1.5, title, fontsize=10, fontweight="bold", ha="center", va="center")
        ax.text(cx, (y0 + y1 - 2.2) / 2, body, fontsize=8.5, ha="center", va="center")
    else:
        ax.text(cx, (y0 + y1) / 2, title, fontsize=10, fontweight="bold", ha="center", va="center")


def arrow(
    ax: Axes,
    start: tuple[float, float],
    end: tuple[float, float],
    color: str,
    label: str = "",
    *,
    at: tuple[float, float] | None = None,
    both: bool = False,
    ha: str = "center",
) -> None:
    """A flow from ``start`` to ``end``; its label at ``at`` (default: above the middle)."""
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle="<|-|>" if both else "-|>",
            mutation_scale=13,
            color=color,
            linewidth=1.6,
            shrinkA=0,
            shrinkB=0,
        )
    )
    if label:
        x, y = at or ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2 + 0.8)
        ax.text(x, y, label, fontsize=8.5, color=color, ha=ha, va="center")


def draw(out: Path) -> None:
    fig, ax = plt.subplots(figsize=(16, 11.2), dpi=100)
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 70)
    ax.axis("off")
    ax.text(50, 68, "tillsync: parts and flows", fontsize=15, fontweight="bold", ha="center")

    # -- the till ----------------------------------------------------------------------
    frame(ax, 2, 19, 40, 65, "Till (standalone_till, admin_gui)", "till")
    box(ax, 4, 47, 20, 61, "Front ends", "cashier and admin\nwindows (till-admin)\n\ntill CLI")
    box(
        ax,
        22,
        47,
        38,
        61,
        "Sync agent",
        "till agent\n(timed or drip upload,\nping, messages,\nLoad changes)",
    )
    box(ax, 4, 35, 20, 43, "Journal", "tickets, days, Z\n(till.db)")
    box(ax, 22, 35, 38, 43, "Outbox", "written with the ticket\n(one transaction)")
    box(
        ax,
        4,
        22,
        20,
        31,
        "Devices",
        "scale (weighs for the sale),\nreceipt and alcohol\nprinters (print queue)",
    )
    box(ax, 22, 22, 38, 31, "Catalog", "items, prices, offers\n(till.catalog.db)")
    arrow(ax, (12, 47), (12, 43), TICKETS)
    ax.text(12.6, 45, "close", fontsize=8.5, color=TICKETS, va="center")
    arrow(ax, (20, 39), (22, 39), TICKETS)
    arrow(ax, (30, 43), (30, 47), TICKETS)

    # -- the gateway -------------------------------------------------------------------
    frame(ax, 58, 19, 98, 65, "ERP gateway (erp_gateway)", "gateway")
    box(
        ax,
        60,
        47,
        96,
        61,
        "SOAP endpoint  /soap",
        "contract ticket_contract/tillsync.wsdl\nparse safely, validate against the XSD,\nWS-Security, stable fault codes",
    )
    box(
        ax,
        60,
        35,
        77,
        43,
        "Ticket ingestion",
        "dedup by id, content hash:\naccepted, duplicate,\nmismatch, rejected",
    )
    box(
        ax,
        79,
        35,
        96,
        43,
        "Notifications, offers",
        "messages per till, store, all;\noffers; till configs",
    )
    box(ax, 60, 22, 77, 31, "Exports", "full and incremental,\nmanifest last")
    box(
        ax,
        79,
        22,
        96,
        31,
        "Central DB",
        "tickets, versions, tills,\nmaster data, export log\n(SQLite or PostgreSQL)",
    )
    arrow(ax, (68.5, 47), (68.5, 43), TICKETS)
    arrow(ax, (87.5, 47), (87.5, 43), MESSAGES, both=True)
    arrow(ax, (72, 35), (82, 31), TICKETS)
    arrow(ax, (87.5, 35), (87.5, 31), MESSAGES, both=True)
    arrow(ax, (79, 26.5), (77, 26.5), EXPORTS)

    # -- the till <-> gateway calls (SOAP over HTTP) -----------------------------------
    arrow(ax, (38, 59), (60, 59), TICKETS, "SendTickets: tickets up")
    arrow(ax, (38, 56.2), (60, 56.2), PING, "Ping (ping timeout)", both=True)
    arrow(ax, (60, 53.4), (38, 53.4), MESSAGES, "GetMessages, AckMessages")
    arrow(ax, (60, 50.6), (38, 50.6), MESSAGES, "GetCustomerOffers: offers")
    arrow(ax, (60, 47.8), (38, 47.8), PING, "GetTillConfig: config file")

    # -- the contract both ends (and the hub) use: one package ---------------------------
    box(
        ax,
        41,
        36,
        57,
        46.2,
        "Ticket contract",
        "ticket_contract/: the WSDL,\nzeep client, records, XML,\ncanonical form + hash,\n"
        "outcomes (till, hub, gateway)",
    )
    for start, end in (((41, 39), (38, 39)), ((57, 39), (60, 39))):
        ax.add_patch(
            FancyArrowPatch(start, end, arrowstyle="-", color=PING, linewidth=1.2, linestyle="--")
        )

    # -- the export server between them ------------------------------------------------
    box(ax, 45, 22, 53, 31, "File server", "FTP, FTPS\nor SFTP")
    arrow(ax, (60, 26.5), (53, 26.5), EXPORTS, "publish", at=(55.9, 28))
    arrow(ax, (45, 26.5), (38, 26.5), EXPORTS, "fetch", at=(42.5, 28))
    ax.text(
        49,
        33.6,
        "exports down: export full / changes,\nthen Load data / Load changes",
        fontsize=8.5,
        color=EXPORTS,
        ha="center",
        va="center",
    )

    # -- local server mode -------------------------------------------------------------
    frame(ax, 2, 2, 40, 15, "Store LAN (local server mode)", "hub")
    box(ax, 4, 3.5, 17, 11.5, "Client tills", "local_server.hub_url")
    box(ax, 24, 3.5, 38, 11.5, "Hub", "a till running\ntill hub serve")
    arrow(ax, (17, 7.5), (24, 7.5), HUB, "signed", at=(20.5, 9))
    ax.text(20.5, 5.8, "SOAP,\n/orders", fontsize=8, color=HUB, ha="center", va="center")
    arrow(ax, (31, 19), (31, 11.5), HUB)
    ax.text(
        31.6,
        16.8,
        "this till may be a client too:\ntill server use auto | hub",
        fontsize=8.5,
        color=HUB,
        va="center",
    )
    arrow(
        ax, (38, 9.5), (60, 19), HUB, "relay: SendTickets (hub's agent)", at=(50.5, 12.3), ha="left"
    )

    # -- the ERP -----------------------------------------------------------------------
    frame(ax, 62, 2, 98, 11.5, "ERP", "outside")
    ax.text(
        63,
        5.8,
        "tables or CSV files; the integrator\nruns erp-gateway next to it",
        fontsize=8.5,
        va="center",
    )
    arrow(ax, (79, 11.5), (79, 19), EXPORTS)
    ax.text(79.5, 15.3, "master data:\nimport, pull", fontsize=8.5, color=EXPORTS, va="center")
    arrow(ax, (87, 11.5), (87, 19), MESSAGES)
    ax.text(87.5, 15.3, "notify,\nPushNotification", fontsize=8.5, color=MESSAGES, va="center")
    arrow(ax, (71, 19), (71, 11.5), TICKETS)
    ax.text(
        70.4, 15.3, "tickets,\nmismatches", fontsize=8.5, color=TICKETS, ha="right", va="center"
    )

    fig.savefig(out, bbox_inches="tight", facecolor="white")
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the PNG to write")
    args = parser.parse_args(argv)
    draw(args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
