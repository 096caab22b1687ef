"""What returns have given back of a ticket, line by line, and whether one more gives back
more than was sold. Plain functions over the contract's lines; the gateway and a till's
hub apply them (the till's own rule refuses such a return before it is made).

A return's line is matched to the original's line with its line number and item; when
no such line exists, to the original's lines of its item, in line order, each up to what
it has left. What finds no line to go to is given back beyond what was sold.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ticket_contract.tickets import Line
from ticket_contract.units import QUANTITY, text


def _sold(original: Sequence[Line]) -> dict[int, Line]:
    return {ln.line_no: ln for ln in original if not ln.voided and ln.quantity > 0}


def _give_back(sold: dict[int, Line], returned: dict[int, int], line: Line) -> tuple[int, str]:
    """Book one return line against the original's lines; (quantity left over, item)."""
    left = -line.quantity
    same = sold.get(line.line_no)
    candidates = [same] if same is not None and same.item_code == line.item_code else []
    candidates += [
        ln for ln in sold.values() if ln.item_code == line.item_code and ln not in candidates
    ]
    for ln in candidates:
        room = ln.quantity - returned.get(ln.line_no, 0)
        take = min(room, left)
        if take > 0:
            returned[ln.line_no] = returned.get(ln.line_no, 0) + take
            left -= take
        if left == 0:
            break
    return left, line.item_code


def _return_lines(lines: Iterable[Line]) -> list[Line]:
    return [ln for ln in lines if not ln.voided and ln.quantity < 0]


def returned_quantities(
    original: Sequence[Line], returns: Iterable[Sequence[Line]]
) -> dict[int, int]:
    """Per line number of the original, the quantity (thousandths, positive) the given
    returns have given back; lines with nothing given back are left out."""
    sold = _sold(original)
    returned: dict[int, int] = {}
    for lines in returns:
        for line in _return_lines(lines):
            _give_back(sold, returned, line)
    return returned


def over_return(
    original: Sequence[Line], earlier: Iterable[Sequence[Line]], this: Sequence[Line]
) -> str | None:
    """Why ``this`` return gives back more than the original sold less what the
    ``earlier`` returns gave back; None when it does not."""
    sold = _sold(original)
    returned = returned_quantities(original, earlier)
    beyond: dict[str, int] = {}
    for line in _return_lines(this):
        left, item = _give_back(sold, returned, line)
        if left:
            beyond[item] = beyond.get(item, 0) + left
    if not beyond:
        return None
    listed = ", ".join(f"{item} {text(q, QUANTITY)}" for item, q in beyond.items())
    return f"gives back more than was sold less earlier returns: {listed} beyond"
