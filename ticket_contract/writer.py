"""A stored ticket to the contract's ``Ticket``: the writer of the ticket XML. Pure functions.

A stored ticket's ``document`` (what was hashed at close) becomes the contract's
``Ticket``: every field of the WSDL type, Decimals at the schema's scale, UTC datetimes,
and the wrapper keys zeep and the encoder expect (``lines={"line": [...]}``). The drain
takes the short way, ``ticket_xml``: the same checks, straight to the ``<ticket>``
element the client's encoder would write for that Ticket, byte for byte. ``record`` is the
contract's record of the same ticket, what a receiver reads from that XML, and
``content_hash`` its hash: the till's, the hub's and the gateway's one hash. Cash
movements and closures likewise: ``document_xml``, ``document_record`` and
``content_hash_of_document``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from connectors.errors import BadInput
from ticket_contract.documents import (
    CASH_KINDS,
    CashMovement,
    Closure,
    Denomination,
    Document,
)
from ticket_contract.documents import canonical as document_canonical
from ticket_contract.tickets import (
    RETURN,
    SALE,
    Line,
    Payment,
    ReceivedTicket,
    VatLine,
    canonical,
)
from ticket_contract.times import parse_datetime, utc_text
from ticket_contract.units import MONEY, QUANTITY, RATE, UNIT_PRICE, text, units

ContractTicket = dict[str, object]

# The contract's limits (tillsync.wsdl): checked here so that one ticket the schema
# cannot carry is set aside alone instead of making the server refuse its whole batch.
MAX_ID, MAX_TEXT, MAX_DIGITS = 64, 2000, 15
MAX_LINES, MAX_PAYMENTS, MAX_VAT = 1000, 50, 20
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SHA256 = re.compile("[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class Scale:
    """A decimal scale of the contract: the unit, and the largest value it can carry."""

    unit: Decimal
    limit: Decimal  # exclusive: MAX_DIGITS digits in all
    exact: re.Pattern[str]  # text already at this scale (how the journal writes amounts)
    written: re.Pattern[str]  # ... and spelled as the encoder writes it (no leading zero)

    @classmethod
    def of(cls, places: int) -> Scale:
        whole = MAX_DIGITS - places
        pattern = rf"-?[0-9]{{1,{whole}}}\.[0-9]{{{places}}}"
        written = rf"-?(?:0|[1-9][0-9]{{0,{whole - 1}}})\.[0-9]{{{places}}}"
        return cls(
            Decimal(1).scaleb(-places),
            Decimal(10) ** whole,
            re.compile(pattern),
            re.compile(written),
        )


CENT = Scale.of(2)
MILLI = Scale.of(3)
_RATE_RANGE = (Decimal(0), Decimal(100))


class _Unsendable(ValueError):
    pass


_REFUSALS = (_Unsendable, KeyError, TypeError, ValueError, InvalidOperation)


def _refused(document: Mapping[str, Any], exc: Exception) -> BadInput:
    what = exc.args[0] if isinstance(exc, _Unsendable) else f"{type(exc).__name__}: {exc}"
    return BadInput(f"ticket {document.get('id')} cannot be sent: {what}")


def contract_ticket(document: Mapping[str, Any], content_hash: str) -> ContractTicket:
    """The contract's Ticket for a stored ticket; BadInput if the contract cannot carry it."""
    try:
        return _ticket(document, content_hash)
    except _REFUSALS as exc:
        raise _refused(document, exc) from exc


def ticket_xml(document: Mapping[str, Any], content_hash: str) -> str:
    """The ``<ticket>`` element the client's encoder writes for ``contract_ticket(...)``,
    written directly (a third of the cost); BadInput exactly where that one refuses."""
    try:
        return _ticket_xml(document, content_hash)
    except _REFUSALS as exc:
        raise _refused(document, exc) from exc


def _check_header(doc: Mapping[str, Any], content_hash: str) -> Mapping[str, Any]:
    """The ticket's totals, once its hash and status are known to fit the contract."""
    totals: Mapping[str, Any] = doc["totals"]
    if not _SHA256.fullmatch(content_hash):
        raise _Unsendable(f"content hash {content_hash!r} is not a SHA-256")
    if doc["status"] not in ("closed", "cancelled"):
        raise _Unsendable(f"status {doc['status']!r} is neither closed nor cancelled")
    return totals


def _ticket(doc: Mapping[str, Any], content_hash: str) -> ContractTicket:
    totals = _check_header(doc, content_hash)
    return {
        "id": _id(doc["id"], "id"),
        "storeId": _id(doc["store_id"], "store id"),
        "tillId": _id(doc["till_id"], "till id"),
        "businessDay": dt.date.fromisoformat(doc["business_day"]),
        "number": _positive(doc["number"], "number"),
        "status": doc["status"],
        "openedAt": _utc(doc["opened_at"]),
        "closedAt": _utc(doc["closed_at"]),
        "customerCode": _optional_id(doc.get("customer_code"), "customer code"),
        "cardNumber": _optional_id(doc.get("card_number"), "card number"),
        "total": _scaled(totals["total"], CENT, "total"),
        "discount": _scaled(totals["discount"], CENT, "discount"),
        "change": _scaled(totals["change"], CENT, "change"),
        "contentHash": content_hash,
        **_extras(doc),
        "lines": {"line": _many(doc["lines"], _line, 1, MAX_LINES, "lines")},
        "payments": {"payment": _many(doc["payments"], _payment, 0, MAX_PAYMENTS, "payments")},
        "vat": {"line": _many(totals["vat"], _vat, 0, MAX_VAT, "VAT lines")},
        **_signature_dict(doc.get("signature")),
    }


def _signature_dict(sig: Mapping[str, Any] | None) -> dict[str, object]:
    if not sig:
        return {}
    _signature_xml(sig)  # the same refusals
    return {
        "signature": {
            "chain": sig["chain"],
            "sequence": sig["seq"],
            "previous": sig["previous"],
            "value": sig["signature"],
            "keyFingerprint": sig["key_fingerprint"],
        }
    }


# Version 2's optional values: (the stored document's key, the contract's, what it is).
_EXTRAS = (
    ("kind", "kind", "kind"),
    ("original_id", "originalId", "original id"),
    ("cashier", "cashier", "cashier"),
    ("supervisor", "supervisor", "supervisor"),
    ("approval", "approval", "approval"),
)


def _kind(doc: Mapping[str, Any]) -> str | None:
    """The ticket's kind as the contract carries it: absent for a sale."""
    kind = doc.get("kind")
    if kind is None or kind == SALE:
        return None
    if kind != RETURN:
        raise _Unsendable(f"kind {kind!r} is neither sale nor return")
    return RETURN


def _extras(doc: Mapping[str, Any]) -> dict[str, str]:
    """The version-2 values the stored ticket holds, by the contract's name."""
    kind = _kind(doc)
    found = {"kind": kind} if kind is not None else {}
    for key, name, what in _EXTRAS[1:]:
        value = doc.get(key)
        if value is not None:
            found[name] = _id(value, what)
    return found


def _line(line: Mapping[str, Any]) -> dict[str, object]:
    return {
        "lineNo": _positive(line["line_no"], "line number"),
        "itemCode": _id(line["item_code"], "item code"),
        "barcode": _optional_id(line.get("barcode"), "barcode"),
        "name": _text(line["name"], "item name"),
        "quantity": _scaled(line["quantity"], MILLI, "quantity"),
        "unitPrice": _decimal(line["unit_price"], "unit price"),
        "vatRate": _rate(line["vat_rate"]),
        "alcohol": bool(line["alcohol"]),
        "discount": _scaled(line["discount"], CENT, "line discount"),
        "offerCode": _optional_id(line.get("offer_code"), "offer code"),
        "voided": bool(line["voided"]),
        "amount": _scaled(line["amount"], CENT, "line amount"),
    }


def _payment(payment: Mapping[str, Any]) -> dict[str, object]:
    if payment["method"] not in ("cash", "card"):
        raise _Unsendable(f"payment method {payment['method']!r} is not in the contract")
    return {"method": payment["method"], "amount": _scaled(payment["amount"], CENT, "payment")}


def _vat(vat: Mapping[str, Any]) -> dict[str, object]:
    return {
        "rate": _rate(vat["rate"]),
        "gross": _scaled(vat["gross"], CENT, "VAT gross"),
        "net": _scaled(vat["net"], CENT, "VAT net"),
        "vat": _scaled(vat["vat"], CENT, "VAT"),
    }


def _many(
    rows: Sequence[Mapping[str, Any]], one: Any, least: int, most: int, what: str
) -> list[Any]:
    if not least <= len(rows) <= most:
        raise _Unsendable(f"{len(rows)} {what}; the contract takes {least}..{most}")
    return [one(row) for row in rows]


def _text(value: str, what: str, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str):
        raise _Unsendable(f"{what} is not text")
    if len(value) > limit:
        raise _Unsendable(f"{what} is {len(value)} characters long; the contract takes {limit}")
    if _ILLEGAL_XML.search(value):
        raise _Unsendable(f"{what} {value!r} holds a control character XML cannot carry")
    return value


def _id(value: str, what: str) -> str:
    if not value:
        raise _Unsendable(f"{what} is empty")
    return _text(value, what, MAX_ID)


def _optional_id(value: str | None, what: str) -> str | None:
    return None if value is None else _id(value, what)


def _positive(value: int, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise _Unsendable(f"{what} {value!r} is not a positive integer")
    return value


def _decimal(text: str, what: str) -> Decimal:
    value = Decimal(text)
    if not value.is_finite():
        raise _Unsendable(f"{what} {text} is not a number")
    return value


def _scaled(text: str, scale: Scale, what: str) -> Decimal:
    """The amount at the schema's scale; never rounds: a digit lost is an error."""
    if scale.exact.fullmatch(text):
        return Decimal(text)
    value = Decimal(text)
    scaled = value.quantize(scale.unit)  # NaN and infinities raise InvalidOperation here
    if scaled != value or abs(scaled) >= scale.limit:
        raise _Unsendable(f"{what} {text} does not fit the contract's {scale.unit} scale")
    return scaled


def _rate(text: str) -> Decimal:
    rate = _scaled(text, CENT, "VAT rate")
    low, high = _RATE_RANGE
    if not low <= rate <= high:
        raise _Unsendable(f"VAT rate {text} is outside 0..100")
    return rate


def _utc(text: str) -> dt.datetime:
    if not isinstance(text, str):
        raise _Unsendable(f"time {text!r} is not text")
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise _Unsendable(f"time {text} has no offset")
    return moment.astimezone(dt.UTC)


# ---------------------------------------------------------------- the <ticket> element
#
# Each value is written as the client's encoder writes the Ticket's (its _FORMATS): text
# escaped for &, <, > and CR; Decimals as str() gives them (plain notation when that has
# an exponent); dates and UTC times in ISO form with "Z"; booleans as true/false. Text
# the journal already holds in that spelling is copied as it is.

_ESCAPED = re.compile("[&<>\r]")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
# Anything in a text that needs a second look: a character to escape or to refuse.
_SUSPECT = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_PLAIN_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
_UTC_SECONDS = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")


def _x(value: str) -> str:
    return value.translate(_ESCAPES) if _ESCAPED.search(value) else value


def _xtext(value: str, what: str, limit: int = MAX_TEXT) -> str:
    if isinstance(value, str) and len(value) <= limit and not _SUSPECT.search(value):
        return value  # the usual text: nothing to refuse, nothing to escape
    return _x(_text(value, what, limit))


def _xid(value: str, what: str) -> str:
    if value and isinstance(value, str) and len(value) <= MAX_ID and not _SUSPECT.search(value):
        return value
    return _x(_id(value, what))


def _xoptional(tag: str, value: str | None, what: str) -> str:
    return "" if value is None else f"<{tag}>{_xid(value, what)}</{tag}>"


def _written(value: Decimal) -> str:
    text = str(value)
    return f"{value:f}" if "E" in text else text


def _xscaled(text: str, scale: Scale, what: str) -> str:
    if isinstance(text, str) and scale.written.fullmatch(text):
        return text
    return _written(_scaled(text, scale, what))


def _xdecimal(text: str, what: str) -> str:
    if isinstance(text, str) and _PLAIN_DECIMAL.fullmatch(text):
        return text
    return _written(_decimal(text, what))


@functools.lru_cache(maxsize=64)
def _xrate(text: str) -> str:
    return _written(_rate(text))


@functools.lru_cache(maxsize=64)
def _xday(text: str) -> str:
    return dt.date.fromisoformat(text).isoformat()


def _xtime(text: str) -> str:
    if isinstance(text, str) and _UTC_SECONDS.fullmatch(text):
        dt.datetime.fromisoformat(text)  # a real moment (no 25:00): then it is written as is
        return text
    return utc_text(_utc(text))


def _xpositive(value: int, what: str) -> str:
    return str(_positive(value, what))


def _ticket_xml(doc: Mapping[str, Any], content_hash: str) -> str:
    totals = _check_header(doc, content_hash)
    # Checked in the order contract_ticket checks: the same first refusal.
    head = "".join(
        (
            f"<ticket><id>{_xid(doc['id'], 'id')}</id>",
            f"<storeId>{_xid(doc['store_id'], 'store id')}</storeId>",
            f"<tillId>{_xid(doc['till_id'], 'till id')}</tillId>",
            f"<businessDay>{_xday(doc['business_day'])}</businessDay>",
            f"<number>{_xpositive(doc['number'], 'number')}</number>",
            f"<status>{doc['status']}</status>",
            f"<openedAt>{_xtime(doc['opened_at'])}</openedAt>",
            f"<closedAt>{_xtime(doc['closed_at'])}</closedAt>",
            _xoptional("customerCode", doc.get("customer_code"), "customer code"),
            _xoptional("cardNumber", doc.get("card_number"), "card number"),
            f"<total>{_xscaled(totals['total'], CENT, 'total')}</total>",
            f"<discount>{_xscaled(totals['discount'], CENT, 'discount')}</discount>",
            f"<change>{_xscaled(totals['change'], CENT, 'change')}</change>",
            f"<contentHash>{content_hash}</contentHash>",
            _extras_xml(doc),
        )
    )
    lines = _many(doc["lines"], _line_xml, 1, MAX_LINES, "lines")
    payments = _many(doc["payments"], _payment_xml, 0, MAX_PAYMENTS, "payments")
    vat = _many(totals["vat"], _vat_xml, 0, MAX_VAT, "VAT lines")
    return (
        "".join(
            (head, "<lines>", *lines, "</lines><payments>", *payments, "</payments><vat>", *vat)
        )
        + "</vat>"
        + _signature_xml(doc.get("signature"))
        + "</ticket>"
    )


_HEX_SIGNATURE = re.compile("([0-9a-f]{128})?")


def _xsignature_hex(value: str, what: str) -> str:
    if not _HEX_SIGNATURE.fullmatch(value):
        raise _Unsendable(f"{what} is not an Ed25519 signature in hex: {value[:20]!r}")
    return value


def _signature_xml(sig: Mapping[str, Any] | None) -> str:
    """The document's entry in its till's chain (None: the till does not sign)."""
    if not sig:
        return ""
    fingerprint = sig["key_fingerprint"]
    if not _SHA256.fullmatch(fingerprint):
        raise _Unsendable(f"key fingerprint {fingerprint!r} is not a SHA-256")
    return (
        f"<signature><chain>{_xid(sig['chain'], 'chain')}</chain>"
        f"<sequence>{_xpositive(sig['seq'], 'sequence')}</sequence>"
        f"<previous>{_xsignature_hex(sig['previous'], 'previous signature')}</previous>"
        f"<value>{_xsignature_hex(sig['signature'], 'signature')}</value>"
        f"<keyFingerprint>{fingerprint}</keyFingerprint></signature>"
    )


def _extras_xml(doc: Mapping[str, Any]) -> str:
    if "kind" not in doc and all(doc.get(key) is None for key, _, _ in _EXTRAS[1:]):
        return ""  # a sale of version 1's fields: the usual case
    return "".join(f"<{name}>{_x(value)}</{name}>" for name, value in _extras(doc).items())


def _line_xml(line: Mapping[str, Any]) -> str:
    return "".join(
        (
            f"<line><lineNo>{_xpositive(line['line_no'], 'line number')}</lineNo>",
            f"<itemCode>{_xid(line['item_code'], 'item code')}</itemCode>",
            _xoptional("barcode", line.get("barcode"), "barcode"),
            f"<name>{_xtext(line['name'], 'item name')}</name>",
            f"<quantity>{_xscaled(line['quantity'], MILLI, 'quantity')}</quantity>",
            f"<unitPrice>{_xdecimal(line['unit_price'], 'unit price')}</unitPrice>",
            f"<vatRate>{_xrate(line['vat_rate'])}</vatRate>",
            "<alcohol>true</alcohol>" if line["alcohol"] else "<alcohol>false</alcohol>",
            f"<discount>{_xscaled(line['discount'], CENT, 'line discount')}</discount>",
            _xoptional("offerCode", line.get("offer_code"), "offer code"),
            "<voided>true</voided>" if line["voided"] else "<voided>false</voided>",
            f"<amount>{_xscaled(line['amount'], CENT, 'line amount')}</amount></line>",
        )
    )


def _payment_xml(payment: Mapping[str, Any]) -> str:
    method = payment["method"]
    if method not in ("cash", "card"):
        raise _Unsendable(f"payment method {method!r} is not in the contract")
    return (
        f"<payment><method>{method}</method>"
        f"<amount>{_xscaled(payment['amount'], CENT, 'payment')}</amount></payment>"
    )


def _vat_xml(vat: Mapping[str, Any]) -> str:
    return (
        f"<line><rate>{_xrate(vat['rate'])}</rate>"
        f"<gross>{_xscaled(vat['gross'], CENT, 'VAT gross')}</gross>"
        f"<net>{_xscaled(vat['net'], CENT, 'VAT net')}</net>"
        f"<vat>{_xscaled(vat['vat'], CENT, 'VAT')}</vat></line>"
    )


# ---------------------------------------------------------------- the record of a stored ticket


def _units(text: str, places: int, what: str) -> int:
    return units(text if isinstance(text, str) else str(text), places, what)


def _record_line(line: Mapping[str, Any]) -> Line:
    return Line(
        int(line["line_no"]),
        line["item_code"],
        line.get("barcode"),
        line["name"],
        _units(line["quantity"], QUANTITY, "quantity"),
        _units(line["unit_price"], UNIT_PRICE, "unitPrice"),
        _units(line["vat_rate"], RATE, "vatRate"),
        bool(line["alcohol"]),
        _units(line["discount"], MONEY, "discount"),
        line.get("offer_code"),
        bool(line["voided"]),
        _units(line["amount"], MONEY, "amount"),
    )


def record(document: Mapping[str, Any], content_hash: str = "") -> ReceivedTicket:
    """The contract's record of a stored ticket: what a receiver reads from the XML
    ``ticket_xml`` writes for it, so ``canonical(record(...))`` is the hash it computes.
    ValueError (or KeyError, TypeError) when the contract cannot carry the ticket."""
    totals = document["totals"]
    return ReceivedTicket(
        id=document["id"],
        store_id=document["store_id"],
        till_id=document["till_id"],
        business_day=dt.date.fromisoformat(document["business_day"]),
        number=int(document["number"]),
        status=str(document["status"]).strip(),
        opened_at=parse_datetime(document["opened_at"], "openedAt"),
        closed_at=parse_datetime(document["closed_at"], "closedAt"),
        customer_code=document.get("customer_code"),
        card_number=document.get("card_number"),
        total=_units(totals["total"], MONEY, "total"),
        discount=_units(totals["discount"], MONEY, "discount"),
        change=_units(totals["change"], MONEY, "change"),
        till_hash=content_hash,
        lines=tuple(_record_line(ln) for ln in document["lines"]),
        payments=tuple(
            Payment(str(p["method"]).strip(), _units(p["amount"], MONEY, "amount"))
            for p in document["payments"]
        ),
        vat=tuple(
            VatLine(
                _units(v["rate"], RATE, "rate"),
                _units(v["gross"], MONEY, "gross"),
                _units(v["net"], MONEY, "net"),
                _units(v["vat"], MONEY, "vat"),
            )
            for v in totals["vat"]
        ),
        kind=_kind(document) or SALE,
        original_id=document.get("original_id"),
        cashier=document.get("cashier"),
        supervisor=document.get("supervisor"),
        approval=document.get("approval"),
    )


def content_hash(document: Mapping[str, Any]) -> str:
    """The contract's content hash of a stored ticket (the one every receiver computes);
    ValueError, KeyError or TypeError when the contract cannot carry it."""
    return canonical(record(document)).content_hash


# ---------------------------------------------------------------- cash movements and closures
#
# A stored document (the till's JSON, snake_case, money as decimal text) becomes the
# contract's ``cashMovement`` or ``closure`` element, written directly like the ticket's,
# unqualified: it takes the namespace of the SendDocuments element it is put in.


def _is_closure(doc: Mapping[str, Any]) -> bool:
    return "z_number" in doc


def _counted(value: int, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _Unsendable(f"{what} {value!r} is not a whole number >= 0")
    return value


def _optional_positive(value: int | None, what: str) -> int | None:
    return None if value is None else _positive(value, what)


def _optional_money(value: str | None, what: str) -> int | None:
    return None if value is None else _units(value, MONEY, what)


def _cash_record(doc: Mapping[str, Any], content_hash: str) -> CashMovement:
    if doc["kind"] not in CASH_KINDS:
        raise _Unsendable(f"cash movement kind {doc['kind']!r} is not in the contract")
    return CashMovement(
        id=doc["id"],
        store_id=doc["store_id"],
        till_id=doc["till_id"],
        business_day=dt.date.fromisoformat(doc["business_day"]),
        number=_positive(doc["number"], "number"),
        kind=doc["kind"],
        amount=_units(doc["amount"], MONEY, "amount"),
        reason=doc.get("reason"),
        counts=tuple(
            Denomination(
                _units(c["denomination"], MONEY, "denomination"), _counted(c["count"], "count")
            )
            for c in doc.get("counts") or ()
        ),
        cashier=doc.get("cashier"),
        supervisor=doc.get("supervisor"),
        created_at=parse_datetime(doc["created_at"], "createdAt"),
        till_hash=content_hash,
    )


def _closure_record(doc: Mapping[str, Any], content_hash: str) -> Closure:
    return Closure(
        id=doc["id"],
        store_id=doc["store_id"],
        till_id=doc["till_id"],
        business_day=dt.date.fromisoformat(doc["business_day"]),
        z_number=_positive(doc["z_number"], "z number"),
        first_number=_optional_positive(doc.get("first_number"), "first number"),
        last_number=_optional_positive(doc.get("last_number"), "last number"),
        tickets=_counted(doc["tickets"], "tickets"),
        cancelled=_counted(doc["cancelled"], "cancelled"),
        returns=_counted(doc["returns"], "returns"),
        total=_units(doc["total"], MONEY, "total"),
        vat=tuple(
            VatLine(
                _units(v["rate"], RATE, "rate"),
                _units(v["gross"], MONEY, "gross"),
                _units(v["net"], MONEY, "net"),
                _units(v["vat"], MONEY, "vat"),
            )
            for v in doc["vat"]
        ),
        payments=tuple(
            Payment(str(p["method"]), _units(p["amount"], MONEY, "amount")) for p in doc["payments"]
        ),
        cash_expected=_units(doc["cash_expected"], MONEY, "cash expected"),
        cash_counted=_optional_money(doc.get("cash_counted"), "cash counted"),
        difference=_optional_money(doc.get("difference"), "difference"),
        cashier=doc.get("cashier"),
        closed_at=parse_datetime(doc["closed_at"], "closedAt"),
        till_hash=content_hash,
        chain_head=_optional_chain_head(doc.get("chain_head")),
    )


def _optional_chain_head(value: str | None) -> str | None:
    return None if value is None else _text(value, "chain head")


def document_record(doc: Mapping[str, Any], content_hash: str = "") -> Document:
    """The contract's record of a stored cash movement or closure (a closure has a
    ``z_number``): what a receiver reads from ``document_xml``'s XML. ValueError (or
    KeyError, TypeError) when the contract cannot carry it."""
    if _is_closure(doc):
        return _closure_record(doc, content_hash)
    return _cash_record(doc, content_hash)


def content_hash_of_document(doc: Mapping[str, Any]) -> str:
    """The contract's content hash of a stored cash movement or closure (the one the hub
    and the gateway compute); ValueError, KeyError or TypeError when it cannot be carried."""
    return document_canonical(document_record(doc)).content_hash


def document_xml(doc: Mapping[str, Any], content_hash: str | None = None) -> str:
    """The ``<cashMovement>`` or ``<closure>`` element of a stored document, for
    ``ErpClient.send_documents``; ``content_hash`` is the one stored with it (computed
    when None). BadInput when the contract cannot carry it."""
    try:
        sent = content_hash_of_document(doc) if content_hash is None else content_hash
        if not _SHA256.fullmatch(sent):
            raise _Unsendable(f"content hash {sent!r} is not a SHA-256")
        return _closure_xml(doc, sent) if _is_closure(doc) else _cash_xml(doc, sent)
    except _REFUSALS as exc:
        raise _refused(doc, exc) from exc


def _document_head(doc: Mapping[str, Any]) -> str:
    return (
        f"<id>{_xid(doc['id'], 'id')}</id>"
        f"<storeId>{_xid(doc['store_id'], 'store id')}</storeId>"
        f"<tillId>{_xid(doc['till_id'], 'till id')}</tillId>"
        f"<businessDay>{_xday(doc['business_day'])}</businessDay>"
    )


def _xmoney(tag: str, value: str | None, what: str) -> str:
    return "" if value is None else f"<{tag}>{_xscaled(value, CENT, what)}</{tag}>"


def _cash_xml(doc: Mapping[str, Any], content_hash: str) -> str:
    _cash_record(doc, content_hash)  # the same refusals as the record's
    reason = doc.get("reason")
    counts = _many(doc.get("counts") or [], _count_xml, 0, 100, "counts")
    return "".join(
        (
            "<cashMovement>",
            _document_head(doc),
            f"<number>{_xpositive(doc['number'], 'number')}</number>",
            f"<kind>{doc['kind']}</kind>",
            _xmoney("amount", doc["amount"], "amount"),
            "" if reason is None else f"<reason>{_xtext(reason, 'reason')}</reason>",
            "<counts>",
            *counts,
            "</counts>",
            _xoptional("cashier", doc.get("cashier"), "cashier"),
            _xoptional("supervisor", doc.get("supervisor"), "supervisor"),
            f"<createdAt>{_xtime(doc['created_at'])}</createdAt>",
            f"<contentHash>{content_hash}</contentHash>",
            _signature_xml(doc.get("signature")),
            "</cashMovement>",
        )
    )


def _count_xml(count: Mapping[str, Any]) -> str:
    return (
        f"<entry>{_xmoney('denomination', count['denomination'], 'denomination')}"
        f"<count>{_counted(count['count'], 'count')}</count></entry>"
    )


def _closure_xml(doc: Mapping[str, Any], content_hash: str) -> str:
    _closure_record(doc, content_hash)
    first, last = doc.get("first_number"), doc.get("last_number")
    return "".join(
        (
            "<closure>",
            _document_head(doc),
            f"<zNumber>{_xpositive(doc['z_number'], 'z number')}</zNumber>",
            ""
            if first is None
            else f"<firstNumber>{_xpositive(first, 'first number')}</firstNumber>",
            "" if last is None else f"<lastNumber>{_xpositive(last, 'last number')}</lastNumber>",
            f"<tickets>{_counted(doc['tickets'], 'tickets')}</tickets>",
            f"<cancelled>{_counted(doc['cancelled'], 'cancelled')}</cancelled>",
            f"<returns>{_counted(doc['returns'], 'returns')}</returns>",
            _xmoney("total", doc["total"], "total"),
            "<vat>",
            *_many(doc["vat"], _vat_xml, 0, MAX_VAT, "VAT lines"),
            "</vat><payments>",
            *_many(doc["payments"], _payment_xml, 0, MAX_PAYMENTS, "payments"),
            "</payments>",
            _xmoney("cashExpected", doc["cash_expected"], "cash expected"),
            _xmoney("cashCounted", doc.get("cash_counted"), "cash counted"),
            _xmoney("difference", doc.get("difference"), "difference"),
            _xoptional("cashier", doc.get("cashier"), "cashier"),
            f"<closedAt>{_xtime(doc['closed_at'])}</closedAt>",
            _chain_head_xml(doc.get("chain_head")),
            f"<contentHash>{content_hash}</contentHash>",
            _signature_xml(doc.get("signature")),
            "</closure>",
        )
    )


def _chain_head_xml(value: str | None) -> str:
    return "" if value is None else f"<chainHead>{_xtext(value, 'chain head')}</chainHead>"


def _money_text(cents: int | None) -> str | None:
    return None if cents is None else text(cents, MONEY)


def stored_document(d: Document) -> dict[str, Any]:
    """A received cash movement or closure as the till stores it (snake_case, money as
    decimal text): what a hub keeps and relays; ``content_hash_of_document`` of it is the
    hash of ``d``."""
    head: dict[str, Any] = {
        "id": d.id,
        "store_id": d.store_id,
        "till_id": d.till_id,
        "business_day": d.business_day.isoformat(),
    }
    if isinstance(d, CashMovement):
        return (
            head
            | {
                "number": d.number,
                "kind": d.kind,
                "amount": text(d.amount, MONEY),
                "reason": d.reason,
                "counts": [
                    {"denomination": text(c.value, MONEY), "count": c.pieces} for c in d.counts
                ],
                "cashier": d.cashier,
                "supervisor": d.supervisor,
                "created_at": utc_text(d.created_at),
            }
            | ({} if d.signature is None else {"signature": d.signature.as_document()})
        )
    closure = head | {
        "z_number": d.z_number,
        "first_number": d.first_number,
        "last_number": d.last_number,
        "tickets": d.tickets,
        "cancelled": d.cancelled,
        "returns": d.returns,
        "total": text(d.total, MONEY),
        "vat": [
            {
                "rate": text(v.rate, RATE),
                "gross": text(v.gross, MONEY),
                "net": text(v.net, MONEY),
                "vat": text(v.vat, MONEY),
            }
            for v in d.vat
        ],
        "payments": [{"method": p.method, "amount": text(p.amount, MONEY)} for p in d.payments],
        "cash_expected": text(d.cash_expected, MONEY),
        "cash_counted": _money_text(d.cash_counted),
        "difference": _money_text(d.difference),
        "cashier": d.cashier,
        "closed_at": utc_text(d.closed_at),
    }
    if d.chain_head is not None:
        closure["chain_head"] = d.chain_head
    if d.signature is not None:
        closure["signature"] = d.signature.as_document()
    return closure
