"""SOAP 1.1 plumbing that knows no contract: the envelope's namespace here, the server
side (safe parsing, schema validation, WS-Security, faults) in ``server``.

The contract itself (the WSDLs, their namespaces, the zeep client that knows the
operations) is ``ticket_contract``; its callers hand the WSDL's path to ``server``."""

from __future__ import annotations

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
