"""The SOAP contract: the checked-in WSDL (schema inline), its namespace, and the records
both ends build from it (the gateway to answer, the till's client to read).

Version 2 is the contract; version 1 (``WSDL_V1_PATH``, ``NAMESPACE_V1``) is still
accepted by the gateway and the hub from tills not yet upgraded."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

WSDL_PATH = Path(__file__).with_name("tillsync.wsdl")
NAMESPACE = "urn:tillsync:erp:v2"
WSDL_V1_PATH = Path(__file__).with_name("tillsync-v1.wsdl")
NAMESPACE_V1 = "urn:tillsync:erp:v1"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
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
