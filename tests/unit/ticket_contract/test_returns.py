"""What returns gave back of a ticket, line by line, and a return that gives back more
than was sold less earlier returns (``ticket_contract.returns``)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ticket_contract.returns import over_return, returned_quantities
from ticket_contract.tickets import Line


def line(no: int, item: str, quantity: int, *, voided: bool = False) -> Line:
    """A line of ``quantity`` thousandths of ``item`` at 1.00 (amounts do not matter here)."""
    return Line(no, item, None, item, quantity, 10_000, 2000, False, 0, None, voided, 0)


SOLD = (line(1, "A", 3000), line(2, "B", 1500), line(3, "A", 2000), line(4, "C", 1000, voided=True))


def test_a_return_line_goes_to_the_line_it_names() -> None:
    back = [line(3, "A", -2000)]
    assert returned_quantities(SOLD, [back]) == {3: 2000}
    assert over_return(SOLD, [], back) is None


def test_a_line_of_another_number_goes_to_the_items_lines_in_order() -> None:
    back = [line(9, "A", -4000)]
    assert returned_quantities(SOLD, [back]) == {1: 3000, 3: 1000}


def test_earlier_returns_count_and_what_is_beyond_is_named() -> None:
    first = [line(2, "B", -1000)]
    second = [line(2, "B", -1000), line(1, "A", -500)]
    assert over_return(SOLD, [first], second) == (
        "gives back more than was sold less earlier returns: B 0.500 beyond"
    )
    assert over_return(SOLD, [], [line(4, "C", -1000)]) is not None  # a voided line sold none
    assert over_return(SOLD, [], [line(1, "Z", -1)]) is not None  # an item not on the ticket


@given(st.lists(st.tuples(st.sampled_from([1, 2, 3, 5]), st.integers(1, 3000)), max_size=6))
def test_what_is_given_back_never_passes_what_was_sold(backs: list[tuple[int, int]]) -> None:
    items = {1: "A", 2: "B", 3: "A", 5: "A"}
    returns = [[line(no, items[no], -q)] for no, q in backs]
    given_back = returned_quantities(SOLD, returns)
    sold = {ln.line_no: ln.quantity for ln in SOLD if not ln.voided}
    assert all(0 < q <= sold[no] for no, q in given_back.items())
    asked = {"A": 0, "B": 0}
    for no, q in backs:
        asked[items[no]] += q
    kept = {"A": given_back.get(1, 0) + given_back.get(3, 0), "B": given_back.get(2, 0)}
    assert kept == {"A": min(asked["A"], 5000), "B": min(asked["B"], 1500)}
