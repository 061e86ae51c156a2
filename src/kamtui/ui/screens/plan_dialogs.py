"""The small dialogs of the plan screen: one line of text saved by a store step (a
priority, the period of a new plan), and the picker of accounts with plans."""

import asyncio
from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from kamtui.store.changes import Change
from kamtui.store.plan_view import PlannedAccount, planned_accounts
from kamtui.store.repos import Services
from kamtui.ui.screens.modal import Dialog, error_line
from kamtui.ui.text import SEPARATOR, label, user_text


class LinePrompt(Dialog[Change]):
    """Ask for one line of text and save it with `save(text)` (run in a thread); a
    refusal stays shown with the text kept. Dismisses with the saved Change."""

    def __init__(self, heading: Content | str, field: str, save: Callable[[str], Change],
                 *, initial: str = "", hint: str = "") -> None:
        super().__init__()
        self.heading = heading
        self.field = field
        self.save = save
        self.initial = initial
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.heading, classes="dialog-title", markup=False)
            with Vertical(classes="form"):
                yield Label(self.field, markup=False)
                yield Input(self.initial, id="line", compact=True, placeholder=self.hint)
            yield error_line()
            yield Static("enter saves · escape cancels", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Save", variant="primary", id="save", compact=True)

    def on_mount(self) -> None:
        self.query_one("#line", Input).focus()

    @on(Input.Submitted, "#line")
    @on(Button.Pressed, "#save")
    async def _submit(self) -> None:
        change = await self.attempt(self.save, self.query_one("#line", Input).value)
        if change is not None:
            self.dismiss(change)


def _account_line(account: PlannedAccount) -> Content:
    plan = (f"plan {account.latest_period}" if account.latest_period is not None
            else "no plan yet")
    return Content.assemble(user_text(account.name), Content.styled(
        SEPARATOR + label(account.tier) + SEPARATOR, "dim"), user_text(plan, "dim"))


class PlanAccountPicker(Dialog[str]):
    """Choose whose plan to open: the key accounts and any other account with a plan.
    Dismisses with the account id."""

    DEFAULT_CSS = """
    PlanAccountPicker OptionList { height: auto; max-height: 16; border: none; }
    """

    def __init__(self, services: Services, current: str | None = None) -> None:
        super().__init__()
        self.services = services
        self.current = current
        self.accounts: list[PlannedAccount] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Open the plan of", classes="dialog-title")
            yield OptionList(id="accounts")
            yield error_line()
            yield Static("enter opens · escape cancels", classes="hint")

    async def on_mount(self) -> None:
        self.accounts = await asyncio.to_thread(planned_accounts, self.services.store)
        options = self.query_one("#accounts", OptionList)
        options.add_options([Option(_account_line(a), id=a.id) for a in self.accounts])
        if not self.accounts:
            self.show_error("There are no key accounts yet: make an account key in its "
                            "profile (or the portfolio) to plan it.")
        ids = [a.id for a in self.accounts]
        options.highlighted = ids.index(self.current) if self.current in ids else 0
        options.focus()

    @on(OptionList.OptionSelected, "#accounts")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


__all__ = ["LinePrompt", "PlanAccountPicker"]
