"""The SOAP contract between the till, its LAN hub and the gateway, written once.

``units`` (exact amounts as integers of their smallest unit), ``times`` (UTC text),
``tickets`` (the wire records, the canonical form and its hash, the checks and the
outcome rules every receiver applies), ``wire`` (the XML both ways: the reader both
receivers use, the writer of the till's tickets, the answers). Depends only on
``connectors``.
"""
