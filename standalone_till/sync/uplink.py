"""The till's link to the ERP gateway: one object for tickets, ping, messages, offers, config.

Built from the till's config; the SOAP client is made on first use, so a till without
``webservice.url`` never touches the network. Automatic calls respect the hold-off of
their area; what an administrator asks for (``force=True``) is tried at once.

Hold-offs belong to the server that failed: a failure of a server the till has left
since (a call that outlived the switch to the hub, or back) holds nothing off, and a
switch wakes the drain in flight so it stops waiting for the server it left.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from connectors.errors import ConfigError, ServerFault, ServerUnavailable, Unavailable
from standalone_till.clock import Clock, iso, utcnow
from standalone_till.config import TillConfig
from standalone_till.model import Offer
from standalone_till.server_choice import GATEWAY, HUB, ServerChoice, candidates
from standalone_till.store import TillDatabase
from standalone_till.sync.documents import DocumentOutbox, drain_documents
from standalone_till.sync.messages import MessageBox, StoredMessage
from standalone_till.sync.missing import (
    absent_numbers,
    has_absent,
    newest_z,
    resend_closures,
    resend_missing,
    unreconciled_days,
)
from standalone_till.sync.offers import OnlineOffers
from standalone_till.sync.outbox import DrainReport, Outbox, drain
from standalone_till.sync.self_report import till_status
from standalone_till.sync.state import Area, SyncState, reachable

if TYPE_CHECKING:
    from ticket_contract.client import ErpClient
    from ticket_contract.reconciliation import MissingRange
    from ticket_contract.till_status import TillStatus

log = logging.getLogger("tillsync.sync")


@dataclass(frozen=True, slots=True)
class PingResult:
    reachable: bool
    latency_ms: float | None = None
    server_time: dt.datetime | None = None
    error: str | None = None
    recovered: bool = False  # reachable now, not at the ping before

    def as_dict(self) -> dict[str, object]:
        return {
            "reachable": self.reachable,
            "latency_ms": None if self.latency_ms is None else round(self.latency_ms, 1),
            "server_time": iso(self.server_time),
            "error": self.error,
        }


@dataclass(frozen=True, slots=True)
class MessageFetch:
    event: str
    new: tuple[int, ...] = ()
    acked: int = 0
    error: str | None = None
    held_until: dt.datetime | None = None


def client_for(cfg: TillConfig) -> ErpClient:
    """The SOAP client for this till's config (zeep is loaded only now: `till sell` never
    needs it unless it looks offers up)."""
    from ticket_contract.client import ErpClient

    ws = cfg.webservice
    if not ws.url:
        raise ConfigError(
            "webservice.url is empty: set the server with `till config set webservice.url URL`",
            key="webservice.url",
        )
    return ErpClient(
        ws.url,
        user=ws.user,
        password=ws.password,
        timeout=ws.timeout,
        ping_timeout=ws.ping_timeout,
        lookup_timeout=ws.lookup_timeout,
        verify_tls=ws.verify_tls,
        wsse=ws.wsse,
    )


def hub_client_for(cfg: TillConfig) -> ErpClient:
    """The SOAP client of the store's hub (``local_server.hub_url``), signing each request."""
    from standalone_till.hub.auth import HmacAuth, check_secret
    from ticket_contract.client import ErpClient

    hub, ws = cfg.local_server, cfg.webservice
    if not hub.hub_url:
        raise ConfigError(
            "local_server.hub_url is empty: no hub to use", key="local_server.hub_url"
        )
    return ErpClient(
        hub.hub_url.rstrip("/") + "/soap",
        timeout=ws.timeout,
        ping_timeout=ws.ping_timeout,
        lookup_timeout=ws.lookup_timeout,
        verify_tls=ws.verify_tls,
        signer=HmacAuth(check_secret(hub.secret)),
    )


def _log_drain(what: str, report: DrainReport) -> None:
    if report.sent or report.unsendable:
        log.info(
            "%s: %d accepted, %d duplicate, %d mismatch, %d rejected, %d left",
            what,
            report.accepted,
            report.duplicate,
            report.mismatch,
            report.rejected,
            report.remaining,
        )


def relay_warning(count: int, reason: str | None) -> str:
    """What a hub says when tickets it relays for other tills were refused."""
    return (
        f"{count} ticket(s) of other tills quarantined here, not relayed "
        f"(first: {reason or 'no reason given'}): see `till quarantine`"
    )


def missing_warning(absent: dict[str, str]) -> str:
    """What a till says of tickets the gateway lacks that its journal does not hold."""
    listed = "; ".join(f"{day}: {numbers}" for day, numbers in absent.items())
    return f"the gateway lacks ticket(s) this journal does not hold either (till day: numbers): {listed}"


def fetch_till_config(cfg: TillConfig) -> bytes:
    """The config file the server hands out for this till (GetTillConfig)."""
    with client_for(cfg) as client:
        return client.get_till_config(cfg.till.till_id).encode("utf-8")


class Uplink:
    def __init__(
        self,
        cfg: TillConfig,
        db: TillDatabase,
        *,
        clock: Clock = utcnow,
        client_factory: Callable[[TillConfig], ErpClient] = client_for,
        hub_factory: Callable[[TillConfig], ErpClient] = hub_client_for,
    ) -> None:
        self.cfg = cfg
        self.db = db
        self.till_id = cfg.till.till_id
        self.state = SyncState(db, cfg.timings.error_holdoff, clock)
        self.choice = ServerChoice(db, clock)
        self.outbox = Outbox(db, clock)
        self.documents = DocumentOutbox(db, clock)
        self.messages = MessageBox(db, clock)
        self._factories = {GATEWAY: client_factory, HUB: hub_factory}
        self._clients: dict[str, ErpClient] = {}
        self._client_lock = threading.Lock()
        self._send_lock = threading.Lock()
        self._switch_lock = threading.Lock()  # a switch vs. recording a failure
        self._switched = threading.Event()  # wakes the drain in flight
        # set when tickets the gateway lacks went back into the outbox: send them
        self.resent = threading.Event()
        # journals the server unreachable and back as signed audit events (Till sets it)
        self.audit: Callable[..., None] | None = None
        self.offers = OnlineOffers(
            self.client, self.state, self.till_id, cfg.webservice.lookup_timeout
        )

    @property
    def configured(self) -> bool:
        return bool(self.cfg.webservice.url) or self.has_hub

    @property
    def has_hub(self) -> bool:
        """Whether this till is a client of a hub (and may switch to it)."""
        return bool(self.cfg.local_server.hub_url)

    def server_in_use(self) -> str:
        """gateway or hub: where tickets, messages and look-ups go now."""
        return self.choice.get().in_use if self.has_hub else GATEWAY

    def client(self, server: str | None = None) -> ErpClient:
        """The client of ``server`` (default: the one in use)."""
        which = server or self.server_in_use()
        with self._client_lock:
            found = self._clients.get(which)
            if found is None:
                found = self._clients[which] = self._factories[which](self.cfg)
            return found

    def close(self) -> None:
        self.offers.close()
        with self._client_lock:
            clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            client.close()

    # -- tickets
    def send_tickets(
        self, *, force: bool = False, stop: Callable[[], bool] = lambda: False
    ) -> DrainReport:
        """Drain the outbox; one drain at a time in this process (others wait their turn)."""
        with self._send_lock:
            held = None if force else self.state.held(Area.TICKETS)
            if held is not None:
                return DrainReport(remaining=self.outbox.pending_count(), held_until=held)
            server = self.server_in_use()
            report = drain(
                self.outbox,
                self.client(server),
                self.till_id,
                self.cfg.webservice.batch_size,
                stop=stop,
                left=(lambda: self.server_in_use() != server) if self.has_hub else lambda: False,
                wake=self._switched,
                store_id=self.cfg.till.store_id or None,
            )
            self._record(Area.TICKETS, server, report)
        _log_drain("tickets", report)
        return report

    def send_documents(
        self, *, force: bool = False, stop: Callable[[], bool] = lambda: False
    ) -> DrainReport:
        """Drain the documents outbox (cash movements, closures) after the tickets, under
        the same lock (one upload at a time in this process) and a hold-off of its own: a
        server refusing SendDocuments holds off no ticket."""
        with self._send_lock:
            held = None if force else self.state.held(Area.DOCUMENTS)
            if held is not None:
                return DrainReport(remaining=self.documents.pending_count(), held_until=held)
            server = self.server_in_use()
            report = drain_documents(
                self.documents,
                self.client(server),
                self.till_id,
                self.cfg.webservice.batch_size,
                stop=stop,
                store_id=self.cfg.till.store_id or None,
                on_missing=self._missing_named if server == GATEWAY else None,
            )
            self._record(Area.DOCUMENTS, server, report)
        _log_drain("documents", report)
        return report

    def _record(self, area: Area, server: str, report: DrainReport) -> None:
        if report.error is not None:
            self._failed(area, server, str(report.error))
            log.warning("%s: %s; %d wait in the outbox", area, report.error, report.remaining)
        elif report.batches:
            self.state.succeeded(area)
        if report.abandoned:
            log.info("%s: left the %s; %d wait for the next drain", area, server, report.remaining)

    def _failed(self, area: Area, server: str, error: str, *, hold_off: bool = True) -> None:
        """Record a failure of ``server``; it holds the area off only while that server is
        still the one in use."""
        with self._switch_lock:
            still = self.server_in_use() == server
            self.state.failed(area, error, hold_off=hold_off and still)

    # -- ping
    def ping(self) -> PingResult:
        """Ping with the ping timeout; recovery ends every hold-off.

        A hub's client in auto mode pings the gateway first, then the hub, and switches
        to the first that answers: no administrator has to tick anything.
        """
        was = self.state.get(Area.PING).ok
        choice = self.choice.get() if self.has_hub else None
        servers = candidates(choice.mode) if choice is not None else (GATEWAY,)
        errors = []
        for server in servers:
            try:
                client = self.client(server)  # built before, and outside, the timed call
                asks = server == GATEWAY
                newest = newest_z(self.db, self.till_id) if asks else None
                said = self._status(choice.in_use if choice else GATEWAY) if asks else None
                pong = client.timed_ping(
                    self.till_id, report_missing=asks, last_z=newest, status=said
                )
            except (ServerUnavailable, ServerFault) as exc:
                errors.append(str(exc))
                continue
            switched = choice is not None and choice.in_use != server
            if switched:
                with self._switch_lock:
                    self.choice.use(server)
                    self.state.release()
                self._switched.set()  # the drain in flight stops waiting for the old server
                log.warning(
                    "switched to the %s%s", server, f" ({'; '.join(errors)})" if errors else ""
                )
            self.state.succeeded(Area.PING)
            if server == GATEWAY:
                self._missing_named(pong.missing)
                self._closures_named(pong.missing_closures)
            recovered = was is False or switched
            if was is False:
                self._audit_reachability("server_back", server=server)
            if recovered:
                log.info("server reachable again (%s)", server)
                if not switched:  # a switch released them already
                    self.state.release()
            return PingResult(True, pong.latency_ms, pong.server_time, recovered=recovered)
        error = "; ".join(errors)
        self.state.failed(Area.PING, error, hold_off=False)
        if was is not False:
            log.warning("server unreachable: %s", error)
            self._audit_reachability("server_unreachable", error=error)
        return PingResult(False, error=error)

    def _status(self, in_use: str) -> TillStatus | None:
        """What the till says of itself to the gateway (None when its journal is busy or
        gone: the Ping goes without it)."""
        failing = {
            a.value: s.last_error
            for a, s in self.state.all().items()
            if a != Area.PING and s.last_error and not s.ok
        }
        try:
            return till_status(self.db, self.till_id, in_use, failing)
        except Unavailable as exc:
            log.info("ping without the till's status: %s", exc)
            return None

    def _audit_reachability(self, kind: str, **detail: object) -> None:
        if self.audit is None:
            return
        try:
            self.audit(kind, detail=detail)
        except Unavailable as exc:  # the journal busy or gone: the ping's answer stands
            log.warning("%s not journaled: %s", kind, exc)

    # -- what the gateway lacks
    def _missing_named(self, missing: Sequence[MissingRange], tills: Sequence[str] = ()) -> None:
        """The gateway named the tickets of closed days it lacks (none: it lacks none of
        this till's): those the journal holds go back into the outbox, and ``resent`` is
        set for the agent to send them."""
        if not missing and not has_absent(self.db, [self.till_id, *tills]):
            return
        done = resend_missing(self.db, missing, [self.till_id, *tills], self.state.clock)
        if done.requeued:
            self.resent.set()

    def ask_missing(self) -> bool:
        """Ask the gateway (a Ping that asks) which tickets of this till's closed days it
        lacks and put back into the outbox those the journal holds; False when the
        gateway did not answer (``till sync`` goes on: the drain will say why)."""
        newest = newest_z(self.db, self.till_id)
        try:
            client = self.client(GATEWAY)
            pong = client.timed_ping(self.till_id, report_missing=True, last_z=newest)
        except (ServerUnavailable, ServerFault) as exc:
            log.info("could not ask the gateway what it lacks: %s", exc)
            return False
        self._missing_named(pong.missing)
        self._closures_named(pong.missing_closures)
        return True

    def _closures_named(self, z_numbers: Sequence[int]) -> None:
        """The gateway holds none of these closures of this till: back into the
        documents outbox (their answers will name the tickets it lacks)."""
        if resend_closures(self.db, self.till_id, z_numbers, self.state.clock):
            self.resent.set()

    # -- messages
    def fetch_messages(self, event: str, *, force: bool = False) -> MessageFetch:
        """Ask for messages at ``event``, store the new ones, acknowledge what is stored."""
        held = None if force else self.state.held(Area.MESSAGES)
        if held is not None:
            return MessageFetch(event, held_until=held)
        server = self.server_in_use()
        try:
            wire = self.client(server).get_messages(self.till_id, event)
        except (ServerUnavailable, ServerFault) as exc:
            return MessageFetch(event, error=self._message_failure(server, exc))
        new = self.messages.store(wire, event)
        self.state.succeeded(Area.MESSAGES, touch=bool(new))
        acked = self.ack_messages(force=True)
        return MessageFetch(event, tuple(new), acked.acked, acked.error)

    def ack_messages(self, *, force: bool = False) -> MessageFetch:
        """Acknowledge stored messages the server has not heard about yet."""
        ids = self.messages.unacked()
        if not ids:
            return MessageFetch("ack")
        held = None if force else self.state.held(Area.MESSAGES)
        if held is not None:
            return MessageFetch("ack", held_until=held)
        server = self.server_in_use()
        try:
            self.client(server).ack_messages(self.till_id, ids)
        except (ServerUnavailable, ServerFault) as exc:
            return MessageFetch("ack", error=self._message_failure(server, exc))
        self.messages.mark_acked(ids)
        return MessageFetch("ack", acked=len(ids))

    def _message_failure(self, server: str, exc: ServerUnavailable | ServerFault) -> str:
        self._failed(Area.MESSAGES, server, str(exc), hold_off=isinstance(exc, ServerUnavailable))
        log.warning("messages: %s", exc)
        return str(exc)

    def messages_to_show(self, *, mark_shown: bool = True) -> list[StoredMessage]:
        shown = self.messages.to_show()
        if mark_shown:
            self.messages.mark_shown([m.id for m in shown])
        return shown

    # -- offers and config
    def offers_for(
        self, customer_code: str | None, card_number: str | None, local: list[Offer]
    ) -> list[Offer]:
        if not (self.configured and customer_code):
            return local
        return self.offers.offers_for(customer_code, card_number, local)

    # -- status
    def status(self) -> dict[str, object]:
        areas = self.state.all()
        ping = areas[Area.PING]
        tickets = areas[Area.TICKETS]
        choice = self.choice.get()
        errors = {a.value: s.last_error for a, s in areas.items() if s.last_error and not s.ok}
        relay_quarantined = 0
        if self.cfg.local_server.enabled:
            relay_quarantined, reason = self.outbox.relayed_quarantined(self.till_id)
            if relay_quarantined:
                errors["relay"] = relay_warning(relay_quarantined, reason)
        absent = absent_numbers(self.db)
        if absent:
            errors["missing"] = missing_warning(absent)
        return {
            "server_in_use": self.server_in_use() if self.configured else None,
            "server_mode": choice.mode if self.has_hub else None,
            "server_reachable": reachable(areas),
            "last_ping_at": iso(ping.last_attempt_at),
            "last_sync_at": iso(tickets.last_ok_at),
            "sync_errors": errors,
            "relay_quarantined": relay_quarantined,
            "unreconciled_days": unreconciled_days(self.db, self.till_id),
            "held_off_until": {
                a.value: iso(s.holdoff_until)
                for a, s in areas.items()
                if s.holdoff_until is not None and s.holdoff_until > self.state.clock()
            },
        }
