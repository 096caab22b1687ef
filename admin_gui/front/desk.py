"""The cashier window's documents beyond the sale: the return mode, the drawer (float,
cash in and out, safe drop, opening it, the closing count), the X report and reprints,
and the supervisor prompt wherever the library asks for an approval.

Every action is one call of ``standalone_till.till_documents`` on the window's sale
thread. A call that needs a supervisor refuses with ``ApprovalRefused`` naming the
action and no code; the prompt then asks for a supervisor's code and PIN, ``Till.approve``
checks them, and the call runs again with the supervisor's code.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from admin_gui.errors import explain
from admin_gui.front.cash import TITLES, CashDialog, CountDialog
from admin_gui.front.menu import TillMenu
from admin_gui.front.report import XReportDialog
from admin_gui.front.reprint import ReprintDialog
from admin_gui.front.return_desk import (
    ItemPick,
    OriginalView,
    ReturnDone,
    give_back,
    give_back_without_receipt,
    look_up,
    parse_chosen,
    pick_item,
)
from admin_gui.front.returns import ReturnDialog
from admin_gui.front.supervisor import SupervisorPrompt
from admin_gui.i18n import money, translate
from admin_gui.qt.core import QObject
from admin_gui.qt.widgets import QDialog
from connectors.errors import ApprovalRefused
from standalone_till import till_documents
from standalone_till.cash import CashKind, DrawerCash
from standalone_till.till_documents import CashOutcome

if TYPE_CHECKING:
    from admin_gui.front.window import CashierWindow

T = TypeVar("T")
KINDS = {
    "float": CashKind.FLOAT,
    "cash_in": CashKind.CASH_IN,
    "cash_out": CashKind.CASH_OUT,
    "drop": CashKind.DROP,
}


class Desk(QObject):
    """Opens the dialogs of the window and runs what they ask on its sale thread."""

    def __init__(self, window: CashierWindow) -> None:
        super().__init__(window)
        self.window = window
        self.till = window.till
        self.dialog: QDialog | None = None  # the dialog open now (one at a time)
        self.prompt: SupervisorPrompt | None = None

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
        self.window.back_to_sale()

    def _run(
        self,
        work: Callable[[], T],
        done: Callable[[T], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        self.window.sale.submit(lambda job: work(), done=done, failed=failed)

    # -- a supervisor when the library asks for one
    def approved(
        self,
        work: Callable[[str | None], T],
        done: Callable[[T], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        """``work(None)``; when it needs an approval, ``work(supervisor)`` once a
        supervisor's code and PIN pass ``Till.approve``. Esc on the prompt gives up."""

        def refused(exc: BaseException) -> None:
            if isinstance(exc, ApprovalRefused) and not exc.code:
                self._ask_supervisor(exc.action, work, done, failed)
            else:
                failed(exc)

        self._run(lambda: work(None), done, refused)

    def _ask_supervisor(
        self,
        action: str,
        work: Callable[[str | None], T],
        done: Callable[[T], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        prompt = SupervisorPrompt(action, self.dialog or self.window)
        self.prompt = prompt
        outcome: dict[str, bool] = {"approved": False}

        def check(code: str, pin: str) -> None:
            self._run(lambda: self.till.approve(action, code, pin), approved, prompt.refused)

        def approved(supervisor: str) -> None:
            outcome["approved"] = True
            prompt.accept()
            self._run(lambda: work(supervisor), done, failed)

        def closed(_: int) -> None:
            if self.prompt is prompt:
                self.prompt = None
            prompt.deleteLater()
            self.window.back_to_sale()  # a prompt over the sale gives the keyboard back
            if not outcome["approved"]:
                failed(ApprovalRefused("not approved", code="", action=action))

        prompt.submitted.connect(check)
        prompt.finished.connect(closed)
        prompt.open()

    def not_approved(self, exc: BaseException) -> str:
        if isinstance(exc, ApprovalRefused) and not exc.code:
            return translate("Desk", "Not done: no supervisor approved it.")
        return explain(exc)

    # -- returns
    def open_returns(self) -> None:
        dialog = ReturnDialog(self.window)

        def refund(original: OriginalView, typed: dict[int, str]) -> None:
            def work() -> ReturnDone:
                return give_back(self.till, original, parse_chosen(original, typed))

            def done(result: ReturnDone) -> None:
                dialog.show_done(result)
                self.window.return_taken(result)

            self._run(work, done, dialog.failed)

        dialog.looked_up.connect(
            lambda ref: self._run(
                lambda: look_up(self.till, ref), dialog.show_original, dialog.failed
            )
        )
        dialog.refund.connect(refund)

        def without_receipt(picks: list[ItemPick]) -> None:
            def done(result: ReturnDone) -> None:
                dialog.show_done(result)
                self.window.return_taken(result)

            self.approved(
                lambda supervisor: give_back_without_receipt(self.till, picks, supervisor),
                done,
                lambda exc: dialog.say(self.not_approved(exc), error=True),
            )

        dialog.item_scanned.connect(
            lambda text: self._run(
                lambda: pick_item(self.till, text), dialog.add_pick, dialog.failed
            )
        )
        dialog.refund_without_receipt.connect(without_receipt)
        self._open(dialog)

    # -- the till menu (F8)
    def open_menu(self) -> None:
        menu = TillMenu(self.window)
        menu.chosen.connect(self.choose)
        self._open(menu)

    def choose(self, name: str) -> None:
        if name in KINDS:
            self.cash(KINDS[name])
        elif name == "drawer_open":
            self.drawer_open()
        elif name == "count":
            self.count()
        elif name == "x_report":
            self.x_report()
        elif name == "reprint":
            self.reprint()

    def cash(self, kind: CashKind) -> None:
        dialog = CashDialog(kind, self.window)

        def record(amount: Decimal, reason: str) -> None:
            def work(supervisor: str | None) -> CashOutcome:
                return till_documents.move_cash(
                    self.till, kind, amount, reason=reason or None, supervisor=supervisor
                )

            def done(outcome: CashOutcome) -> None:
                dialog.accept()
                self.window.say(
                    translate("Desk", "{what}: {amount} recorded.").format(
                        what=translate("CashDialog", TITLES[kind]),
                        amount=money(outcome.movement.amount),
                    )
                )

            def failed(exc: BaseException) -> None:
                dialog.say(self.not_approved(exc), error=True)

            self.approved(work, done, failed)

        dialog.submitted.connect(record)
        self._open(dialog)

    def drawer_open(self) -> None:
        def work(supervisor: str | None) -> CashOutcome:
            return till_documents.move_cash(self.till, CashKind.DRAWER_OPEN, supervisor=supervisor)

        def done(outcome: CashOutcome) -> None:
            if outcome.drawer_error:
                self.window.say(outcome.drawer_error, error=True)
            else:
                self.window.say(translate("Desk", "Drawer opened (recorded)."))

        self.approved(work, done, lambda exc: self.window.say(self.not_approved(exc), error=True))

    def count(self) -> None:
        def read() -> tuple[tuple[Decimal, ...], DrawerCash]:
            return till_documents.denominations(self.till), self.till.journal.day_figures()[1].cash

        def opened(read_back: tuple[tuple[Decimal, ...], DrawerCash]) -> None:
            denominations, drawer = read_back
            dialog = CountDialog(denominations, drawer, self.window)

            def record(counts: Any) -> None:
                def work() -> DrawerCash:
                    till_documents.move_cash(self.till, CashKind.COUNT, counts=counts)
                    return self.till.journal.day_figures()[1].cash

                def done(after: DrawerCash) -> None:
                    dialog.drawer = after
                    dialog.show_difference(after)
                    dialog.say(
                        translate(
                            "Desk", "Count recorded: {counted}, difference {difference}."
                        ).format(
                            counted=money(after.counted or Decimal(0)),
                            difference=dialog.difference.text(),
                        )
                    )

                self._run(work, done, dialog.failed)

            dialog.submitted.connect(record)
            self._open(dialog)

        self._run(read, opened, lambda exc: self.window.say(explain(exc), error=True))

    def x_report(self) -> None:
        def opened(report: dict[str, object]) -> None:
            self._open(XReportDialog(report, self.window))

        self._run(
            lambda: till_documents.x_report(self.till),
            opened,
            lambda exc: self.window.say(explain(exc), error=True),
        )

    def reprint(self) -> None:
        dialog = ReprintDialog(parent=self.window)

        def send(ref: str) -> None:
            def work(supervisor: str | None) -> tuple[Any, int, Any]:
                return till_documents.reprint(self.till, ref, supervisor=supervisor)

            def done(result: tuple[Any, int, Any]) -> None:
                ticket, copy_no, outcomes = result
                dialog.accept()
                notices = [o.message for o in outcomes if not o.printed and o.message]
                text = translate("Desk", "Copy {copy} of ticket {number} recorded.").format(
                    copy=copy_no, number=ticket.number
                )
                self.window.say("\n".join([text, *notices]), error=bool(notices))

            self.approved(work, done, lambda exc: dialog.say(self.not_approved(exc), error=True))

        dialog.submitted.connect(send)
        self._open(dialog)
