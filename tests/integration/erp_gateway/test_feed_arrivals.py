"""The order of arrival: every stored document placed once, in the order received, the
places without gaps; a document committed late (received long before the newest placed)
is placed too, after those already placed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa
from feed_documents import send_documents, send_other_kinds
from gateway_fixture import make_gateway_config

from erp_gateway import schema
from erp_gateway.feed.arrivals import feed_arrivals, sequence_arrivals
from erp_gateway.feed.records import read_after
from erp_gateway.server import GatewayServer


def test_every_document_is_placed_once_and_a_late_one_after_the_others(tmp_path: Path) -> None:
    cfg = make_gateway_config(tmp_path / "gw")
    with GatewayServer(cfg).start(host="127.0.0.1", port=0) as server:
        db = server.db
        send_documents(server.url, 6)
        assert db.write(sequence_arrivals) == 6
        assert db.write(sequence_arrivals) == 0
        send_other_kinds(server.url)
        assert db.write(sequence_arrivals) == 6
        # t-3 as if its transaction had committed late: received a day before the others.
        with db.engine.begin() as conn:
            conn.execute(sa.delete(feed_arrivals).where(feed_arrivals.c.document_id == "t-3"))
            conn.execute(
                sa.update(schema.tickets)
                .where(schema.tickets.c.ticket_id == "t-3")
                .values(received_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=1))
            )
        assert db.write(sequence_arrivals) == 1
        with db.read() as conn:
            docs = read_after(conn, 0, 100)
    # (its first place, 3, was taken away above to stage the late commit)
    assert [d.seq for d in docs] == [1, 2, *range(4, 14)]
    assert docs[-1].document_id == "t-3"
    assert sorted(d.feed_id for d in docs[5:11]) == sorted(
        ["r-1", "cm-cash_in", "cm-drop", "z-1", "reconciliation:1", "ticket_mismatch:1"]
    )
    kinds = {d.kind for d in docs}
    assert kinds == {"ticket", "cash_movement", "closure", "reconciliation", "ticket_mismatch"}
    ticket = next(d for d in docs if d.document_id == "t-2")
    assert [len(ticket.parts[p]) for p in ("lines", "payments", "vat")] == [1, 1, 1]
