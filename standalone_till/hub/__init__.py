"""Local server mode: one till of the store (the hub) serves the others on the LAN.

The hub answers the gateway's SOAP contract from its own database, keeps the store's open
orders, and relays every ticket it received to the gateway through its own outbox.
Requests are signed with the store's shared secret (``auth``).
"""
