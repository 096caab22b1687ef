"""The fleet as a web page at ``/fleet``: server-rendered HTML that reloads itself
(``fleet.page_refresh``), a row per till, red where something needs a person, filters by
store and state (``?store=S&state=unreachable``), and a till's page with its recent errors
(``/fleet/till/ID``). With WS-Security on, only ``security.erp_users`` see it (HTTP basic
with their WS-Security password: serve it over https). Every value is escaped."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import logging
import urllib.parse
from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

from connectors.soap.server import StartResponse, password_matches
from erp_gateway import fleet
from erp_gateway.config import GatewayConfig
from erp_gateway.db import GatewayDatabase

log = logging.getLogger("tillsync.gateway")

FLEET_PATH = "/fleet"
TILL_PREFIX = "/fleet/till/"

_STYLE = """
body{font-family:system-ui,sans-serif;margin:0;padding:.5rem;background:#fafafa;color:#222}
h1{font-size:1.3rem;margin:.3rem 0}
.summary{margin:.3rem 0 .6rem}
form{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;margin-bottom:.6rem}
select,button{font-size:1rem;padding:.3rem}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.9rem;background:#fff}
th,td{border:1px solid #ddd;padding:.35rem .45rem;text-align:left;white-space:nowrap}
th{background:#eee}
tr.unreachable td,tr.attention td{background:#fdd;color:#900}
tr.unreachable td.state,tr.attention td.state{font-weight:bold}
td.num{text-align:right}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .8rem}
dt{font-weight:bold}
li{margin:.2rem 0}
.needs{white-space:normal}
@media (max-width:700px){
 thead{display:none}
 table,tbody,tr,td{display:block;width:auto}
 tr{margin:0 0 .6rem;border:1px solid #ccc;background:#fff}
 td{display:flex;justify-content:space-between;gap:1rem;border:none;
    border-bottom:1px solid #eee;white-space:normal;text-align:right}
 td::before{content:attr(data-label);font-weight:bold;color:#555;text-align:left}
}
"""
COLUMNS = (
    "till",
    "store",
    "state",
    "last seen",
    "backlog (age)",
    "catalog",
    "last closure",
    "findings",
    "chain",
    "server",
    "version",
    "needs a person",
)


def _page(title: str, body: str, refresh: int) -> bytes:
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="{refresh}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body>{body}</body></html>\n"
    ).encode()


def _when(at: dt.datetime | None) -> str:
    return "-" if at is None else at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%SZ")


def _cell(label: str, value: object, css: str = "") -> str:
    text = "-" if value is None or value == "" else str(value)
    attr = f' class="{css}"' if css else ""
    return f'<td data-label="{escape(label)}"{attr}>{escape(text)}</td>'


def _row(row: fleet.FleetRow, now: dt.datetime) -> str:
    link = TILL_PREFIX + urllib.parse.quote(row.till_id, safe="")
    backlog = (
        None if row.backlog is None else f"{row.backlog} ({fleet.age_text(row.backlog_age_s)})"
    )
    catalog = None
    if row.catalog_sequence is not None:
        newest = row.newest_export
        catalog = f"{row.catalog_sequence} of {newest}" if newest else str(row.catalog_sequence)
    closure = None if row.last_z is None else f"Z{row.last_z} {row.last_closure_day or ''}"
    seen = f"{fleet.age_text((now - row.last_seen).total_seconds())} ago"
    return (
        f'<tr id="till-{escape(row.till_id)}" class="{row.state}" '
        f'data-state="{row.state}" data-backlog="{escape(str(row.backlog or 0))}">'
        f'<td data-label="till"><a href="{escape(link)}">{escape(row.till_id)}</a></td>'
        + _cell("store", row.store_id)
        + _cell("state", row.state, "state")
        + _cell("last seen", seen)
        + _cell("backlog (age)", backlog, "num backlog")
        + _cell("catalog", catalog)
        + _cell("last closure", closure)
        + _cell("findings", row.open_findings or None, "num")
        + _cell("chain", row.chain_breaks or row.chain_verified or None)
        + _cell("server", row.server)
        + _cell("version", row.software_version)
        + _cell("needs a person", "; ".join(row.reasons), "needs")
        + "</tr>"
    )


def _select(name: str, label: str, options: Sequence[str], chosen: str | None) -> str:
    items = ['<option value="">all</option>'] + [
        f'<option value="{escape(o)}"{" selected" if o == chosen else ""}>{escape(o)}</option>'
        for o in options
    ]
    return f'<label>{escape(label)} <select name="{name}">{"".join(items)}</select></label>'


def render_fleet(
    rows: Sequence[fleet.FleetRow],
    stores: Sequence[str],
    store: str | None,
    state: str | None,
    refresh: int,
    now: dt.datetime,
) -> bytes:
    shown = fleet.only_state(rows, state)
    counts = {s: sum(1 for r in rows if r.state == s) for s in fleet.STATES}
    head = "".join(f"<th>{escape(h)}</th>" for h in COLUMNS)
    body = (
        "<h1>Tills</h1>"
        f'<p class="summary" id="summary">{len(rows)} till(s): '
        f"{counts[fleet.UNREACHABLE]} unreachable, {counts[fleet.ATTENTION]} need attention, "
        f"{counts[fleet.OK]} ok · {escape(_when(now))}</p>"
        f'<form method="get" action="{FLEET_PATH}">'
        + _select("store", "store", stores, store)
        + _select("state", "state", fleet.STATES, state)
        + '<button type="submit">show</button></form>'
        f'<div class="scroll"><table id="fleet"><thead><tr>{head}</tr></thead><tbody>'
        + "".join(_row(r, now) for r in shown)
        + "</tbody></table></div>"
    )
    return _page("tillsync fleet", body, refresh)


def render_till(
    row: fleet.FleetRow,
    errors: Sequence[fleet.ReportedError],
    findings: Sequence[tuple[str, str, int]],
    breaks: Sequence[tuple[str, int, str, str]],
    refresh: int,
    now: dt.datetime,
) -> bytes:
    facts = (
        ("store", row.store_id),
        ("state", row.state),
        ("needs a person", "; ".join(row.reasons)),
        (
            "last seen",
            f"{_when(row.last_seen)} ({fleet.age_text((now - row.last_seen).total_seconds())} ago)",
        ),
        ("tickets waiting", row.tickets_waiting),
        ("documents waiting", row.documents_waiting),
        ("quarantined", row.quarantined),
        ("oldest waiting", _when(row.oldest_waiting_at) if row.oldest_waiting_at else None),
        ("catalog sequence", row.catalog_sequence),
        ("newest export", row.newest_export),
        ("last closure", None if row.last_z is None else f"Z{row.last_z} {row.last_closure_day}"),
        ("signature chains", row.chain_heads),
        ("till verify", row.chain_verified),
        ("server in use", row.server),
        ("software version", row.software_version),
        ("last sync error", row.last_error),
    )
    dl = "".join(
        f"<dt>{escape(k)}</dt><dd>{escape('-' if v is None or v == '' else str(v))}</dd>"
        for k, v in facts
    )
    error_items = "".join(
        f"<li>{escape(_when(e.reported_at))}: {escape(e.error)}</li>" for e in errors
    )
    finding_items = "".join(
        f"<li>{escape(day)}: {escape(str(count))} missing ({escape(missing)})</li>"
        for day, missing, count in findings
    )
    break_items = "".join(
        f"<li>{escape(chain)} #{escape(str(seq))} {escape(what)}: {escape(detail)}</li>"
        for chain, seq, what, detail in breaks
    )
    body = (
        f'<p><a href="{FLEET_PATH}">all tills</a></p>'
        f'<h1 id="till" data-state="{row.state}">Till {escape(row.till_id)}</h1>'
        f"<dl>{dl}</dl>"
        f'<h2>Recent sync errors</h2><ul id="errors">{error_items or "<li>none</li>"}</ul>'
        f"<h2>Reconciliation findings</h2><ul>{finding_items or '<li>none</li>'}</ul>"
        f"<h2>Chain breaks</h2><ul>{break_items or '<li>none</li>'}</ul>"
    )
    return _page(f"till {row.till_id}", body, refresh)


class FleetPages:
    """The WSGI side of the pages (``/fleet`` and ``/fleet/till/ID``), over one database."""

    def __init__(self, cfg: GatewayConfig, db: GatewayDatabase) -> None:
        self.cfg = cfg
        self.db = db
        users = cfg.security.wsse_users
        self._check = password_matches(users) if users else None

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD", "GET") not in ("GET", "HEAD"):
            return _send(start_response, "405 Method Not Allowed", b"GET only\n", "text/plain")
        refused = self._refused(environ)
        if refused is not None:
            return _send(
                start_response,
                refused,
                f"{refused}: the fleet page is for security.erp_users (HTTP basic)\n".encode(),
                "text/plain",
                [("WWW-Authenticate", 'Basic realm="tillsync fleet", charset="UTF-8"')],
            )
        now = dt.datetime.now(dt.UTC)
        path = environ.get("PATH_INFO", "")
        if path.startswith(TILL_PREFIX):
            till_id = urllib.parse.unquote(path[len(TILL_PREFIX) :])
            return self._till(start_response, till_id, now)
        query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
        store = (query.get("store") or [""])[0] or None
        state = (query.get("state") or [""])[0] or None
        if state is not None and state not in fleet.STATES:
            text = f"state must be one of {', '.join(fleet.STATES)}, got {state!r}\n"
            return _send(start_response, "400 Bad Request", text.encode(), "text/plain")
        every = fleet.fleet(self.db, self.cfg, now=now)
        stores = sorted({r.store_id for r in every if r.store_id})
        rows = [r for r in every if store is None or r.store_id == store]
        page = render_fleet(rows, stores, store, state, self.cfg.fleet.page_refresh, now)
        return _send(start_response, "200 OK", page)

    def _refused(self, environ: dict[str, Any]) -> str | None:
        """None when the caller may see the page; else the HTTP status to answer."""
        if self._check is None:
            return None
        header = environ.get("HTTP_AUTHORIZATION", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "basic":
            return "401 Unauthorized"
        try:
            user, _, password = base64.b64decode(token.strip()).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return "401 Unauthorized"
        if not self._check(user, password):
            log.warning("fleet page: wrong password for user %r", user)
            return "401 Unauthorized"
        if user not in self.cfg.security.erp_users:
            log.warning("fleet page refused to user %r (not in security.erp_users)", user)
            return "403 Forbidden"
        return None

    def _till(self, start_response: StartResponse, till_id: str, now: dt.datetime) -> list[bytes]:
        found = fleet.fleet(self.db, self.cfg, till_id=till_id, now=now)
        if not found:
            text = f"no till {till_id!r} is known to this gateway\n"
            return _send(start_response, "404 Not Found", text.encode(), "text/plain")
        findings = fleet.open_findings(self.db, till_id)
        breaks = fleet.chain_breaks_of(self.db, till_id)
        errors = fleet.recent_errors(self.db, till_id)
        page = render_till(found[0], errors, findings, breaks, self.cfg.fleet.page_refresh, now)
        return _send(start_response, "200 OK", page)


def _send(
    start_response: StartResponse,
    status: str,
    body: bytes,
    kind: str = "text/html",
    extra: Sequence[tuple[str, str]] = (),
) -> list[bytes]:
    start_response(
        status,
        [
            ("Content-Type", f"{kind}; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
            *extra,
        ],
    )
    return [body]
