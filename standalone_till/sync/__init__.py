"""The till's link to the ERP gateway: outbox drain, hold-offs, messages, online offers, agent.

``uplink.Uplink`` is the one entry point the till, the CLI and the agent use; the rest
are small parts behind it. Nothing here runs on the cashier's path except the offer
look-up, which is bounded by ``webservice.lookup_timeout``.
"""
