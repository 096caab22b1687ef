"""The SOAP contract: the checked-in WSDL (schema inline) and its namespace."""

from __future__ import annotations

from pathlib import Path

WSDL_PATH = Path(__file__).with_name("tillsync.wsdl")
NAMESPACE = "urn:tillsync:erp:v1"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
CONTRACT_VERSION = "1"
