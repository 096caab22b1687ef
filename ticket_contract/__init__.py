"""The SOAP contract between the till, its LAN hub and the gateway, written once.

The checked-in WSDLs (schema inline; version 2 is the contract, version 1,
``WSDL_V1_PATH`` / ``NAMESPACE_V1``, is still accepted by the gateway and the hub from
tills not yet upgraded) and their namespaces, here; ``client`` (the till's zeep client of
the operations), ``units`` (exact amounts as integers of their smallest unit), ``times``
(UTC text), ``tickets`` (the wire records, the canonical form and its hash, the checks
and the outcome rules every receiver applies), ``wire`` (the XML both ways: the reader
both receivers use, the writer of the till's tickets, the answers), ``writer``,
``documents``, ``document_wire``, ``returns``. Depends only on ``connectors``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

WSDL_PATH = Path(__file__).with_name("tillsync.wsdl")
NAMESPACE = "urn:tillsync:erp:v2"
WSDL_V1_PATH = Path(__file__).with_name("tillsync-v1.wsdl")
NAMESPACE_V1 = "urn:tillsync:erp:v1"
CONTRACT_VERSION = "2"


@dataclass(frozen=True, slots=True)
class Offer:
    """An offer as the wire carries it (GetCustomerOffers); the till turns it into its own
    model, the gateway reads it from its master data."""

    code: str
    description: str
    scope: str
    scope_ref: str | None
    target: str
    item_code: str | None
    kind: str
    value: Decimal
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
