"""Prometheus metrics at ``/metrics`` (prometheus-client).

Two kinds, kept apart so that several gunicorn workers (several processes) report one
truth:

- the requests (``tillsync_gateway_requests_total`` by operation and outcome, and the
  latency histogram ``tillsync_gateway_request_seconds``) are counted in the process that
  answered; with several workers prometheus-client's multiprocess mode sums them across
  the workers (``serve --workers N`` sets ``PROMETHEUS_MULTIPROC_DIR`` to a folder of its
  own unless the environment names one);
- the gauges (documents stored, the feed's lag per sink, tills unreachable) are computed
  from the database at each scrape, so any worker gives the same answer.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable, Iterator
from typing import Any

import sqlalchemy as sa
from lxml import etree
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, values
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from connectors.errors import TillsyncError
from connectors.soap.server import Handler, SoapFaultError, StartResponse
from erp_gateway import fleet
from erp_gateway.config import GatewayConfig
from erp_gateway.db import GatewayDatabase
from erp_gateway.schema import cash_movements, closures, tickets

log = logging.getLogger("tillsync.gateway")

METRICS_PATH = "/metrics"
MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"
_STORED = (("ticket", tickets), ("cash_movement", cash_movements), ("closure", closures))
# Seconds: a Ping on a LAN takes milliseconds, a batch of tickets up to seconds.
_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)


def multiprocess() -> bool:
    """Whether prometheus-client counts in files shared by the workers (chosen when it
    was first imported, from the environment)."""
    return values.ValueClass is not values.MutexValue and bool(os.environ.get(MULTIPROCESS_ENV))


def count_across_processes(folder: str) -> None:
    """In a worker, before its app is built: count the requests in files of ``folder``
    shared with the other workers (prometheus-client's multiprocess mode)."""
    os.environ[MULTIPROCESS_ENV] = folder
    values.ValueClass = values.get_value_class()


def process_gone(pid: int, folder: str) -> None:
    """A worker stopped (in the arbiter): its files of live values go; its counts stay in
    the sum."""
    from prometheus_client import multiprocess as mp

    mp.mark_process_dead(pid, folder)


class GatewayMetrics:
    """The request metrics of one app, and the scrape."""

    def __init__(self, cfg: GatewayConfig, db: GatewayDatabase) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "tillsync_gateway_requests",
            "SOAP requests answered, by operation and outcome (ok or the fault's code).",
            ["operation", "outcome"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "tillsync_gateway_request_seconds",
            "Time to answer a SOAP request, by operation.",
            ["operation"],
            buckets=_BUCKETS,
            registry=self.registry,
        )
        self._scraped = CollectorRegistry(auto_describe=False)
        if multiprocess():
            MultiProcessCollector(self._scraped)
        else:
            self._scraped.register(_Registered(self.registry))
        self._scraped.register(DatabaseGauges(cfg, db))

    def measured(self, operation: str, handler: Handler) -> Handler:
        """``handler`` counted and timed under ``operation``."""

        def wrapped(request: etree._Element) -> etree._Element:
            started = time.perf_counter()
            outcome = "ok"
            try:
                return handler(request)
            except SoapFaultError as exc:
                outcome = exc.code
                raise
            except Exception:
                outcome = "error"
                raise
            finally:
                self.requests.labels(operation, outcome).inc()
                self.latency.labels(operation).observe(time.perf_counter() - started)

        return wrapped

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        body = generate_latest(self._scraped)
        start_response(
            "200 OK", [("Content-Type", CONTENT_TYPE_LATEST), ("Content-Length", str(len(body)))]
        )
        return [body]


class _Registered(Collector):
    """The metrics of this process's registry, for the scrape's own registry."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry

    def collect(self) -> Iterator[Any]:
        yield from self.registry.collect()


class DatabaseGauges(Collector):
    """The gauges read from the database at each scrape."""

    def __init__(self, cfg: GatewayConfig, db: GatewayDatabase) -> None:
        self.cfg = cfg
        self.db = db

    def collect(self) -> Iterator[Any]:
        stored = GaugeMetricFamily(
            "tillsync_gateway_documents_stored", "Documents held, by kind.", labels=["kind"]
        )
        with self.db.read() as conn:
            for kind, table in _STORED:
                count = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                stored.add_metric([kind], float(count))
        yield stored
        rows = fleet.fleet(self.db, self.cfg)
        by_state = GaugeMetricFamily(
            "tillsync_gateway_tills", "Known tills, by fleet state.", labels=["state"]
        )
        for state in fleet.STATES:
            by_state.add_metric([state], float(sum(1 for r in rows if r.state == state)))
        yield by_state
        yield GaugeMetricFamily(
            "tillsync_gateway_tills_unreachable",
            "Tills not heard from within fleet.unreachable_after.",
            value=float(sum(1 for r in rows if not r.reachable)),
        )
        yield from self._feed()

    def _feed(self) -> Iterator[GaugeMetricFamily]:
        if not self.cfg.erp_sinks:
            return
        from erp_gateway.feed.rounds import status

        lag = GaugeMetricFamily(
            "tillsync_feed_lag_documents", "Documents a sink has not taken yet.", labels=["sink"]
        )
        up = GaugeMetricFamily(
            "tillsync_feed_sink_up", "1 when the sink answered the scrape.", labels=["sink"]
        )
        for name in self.cfg.erp_sinks:
            try:
                found = status(self.cfg, self.db, name)
            except TillsyncError as exc:
                log.warning("metrics: feed sink %s: %s", name, exc)
                up.add_metric([name], 0.0)
                continue
            lag.add_metric([name], float(found.behind))
            up.add_metric([name], 1.0)
        yield lag
        yield up
