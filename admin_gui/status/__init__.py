"""The status panel: server reachability, outbox backlog, quarantined tickets, last sync,
messages; read by a timer on a worker thread so the window never waits for it."""
