"""The action item form: add a new one or edit one, every field of it. The form stays
open with the store's refusal shown until the input is right, so nothing typed is lost."""

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from kamtui.domain import ActionItem
from kamtui.domain.dates import parse_day
from kamtui.domain.enums import Priority, RecurrenceBasis, RecurrenceUnit, label
from kamtui.errors import Conflict, InvalidInput, KamError
from kamtui.store.actions import add_action, edit_action
from kamtui.store.changes import Change
from kamtui.store.people import owner_choices, owner_of, resolve_owner
from kamtui.store.queries import find_accounts
from kamtui.store.repos import Services
from kamtui.ui.screens.modal import Dialog, error_line
from kamtui.ui.screens.prompts import DATE_HINT, preview

BASIS_WORDS = {RecurrenceBasis.deadline: "after the deadline",
               RecurrenceBasis.completion: "after it is done"}


@dataclass(frozen=True)
class AccountChoice:
    id: str
    name: str


class AccountSuggester(Suggester):
    """Completes an account name from the store (prefix, any case)."""

    def __init__(self, services: Services) -> None:
        super().__init__(use_cache=False)
        self.services = services

    async def get_suggestion(self, value: str) -> str | None:
        if not value.strip():
            return None
        found = await asyncio.to_thread(find_accounts, self.services.store, value, limit=10)
        return next((a.name for a in found if a.name.casefold().startswith(value)), None)


class NameSuggester(Suggester):
    """Completes from a list that the form swaps when the account changes."""

    def __init__(self) -> None:
        super().__init__(use_cache=False)
        self.names: list[str] = ["me"]

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        return next((n for n in self.names if n.casefold().startswith(value)), None)


class ActionForm(Dialog[Change]):
    """Add an action (`action` None) or edit one; dismisses with the saved Change. A new
    action given `objective_id` serves that objective (a plan objective of the account)."""

    DEFAULT_CSS = """
    ActionForm .field-label { margin: 0; }
    ActionForm .row { height: 1; }
    ActionForm #every { width: 8; }
    ActionForm #unit { width: 12; }
    ActionForm #basis { width: 1fr; }
    ActionForm TextArea { height: 4; }
    """
    BINDINGS = [Binding("ctrl+s", "save", "Save", id="form.save")]

    def __init__(self, services: Services, today: date, *, action: ActionItem | None = None,
                 account: AccountChoice | None = None,
                 objective_id: str | None = None) -> None:
        super().__init__()
        self.objective_id = objective_id
        self.services = services
        self.today = today
        self.action = action
        # A save refuses if the item was saved elsewhere since the form opened; after that
        # warning the next save overwrites (unless it changed yet again).
        self.expected = action.updated_at if action is not None else None
        self.account = account
        self.owners = NameSuggester()

    def compose(self) -> ComposeResult:
        a = self.action
        with VerticalScroll(classes="dialog"):
            yield Static("Edit action" if a else "New action for the objective"
                         if self.objective_id else "New action", classes="dialog-title")
            with Vertical(classes="form"):
                yield Label("Title")
                yield Input(a.title if a else "", id="title", compact=True,
                            placeholder="what is to be done")
                yield Label("Account")
                yield Input(self.account.name if self.account else "", id="account",
                            compact=True, suggester=AccountSuggester(self.services),
                            placeholder="account name (→ completes)")
                yield Label("Owner")
                yield Input("me", id="owner", suggester=self.owners, compact=True,
                            placeholder="me, a team member or a contact (→ completes)")
                yield Label("Deadline")
                yield Input(a.deadline.isoformat() if a and a.deadline else "",
                            id="deadline", placeholder=DATE_HINT, compact=True)
                yield Static("", id="deadline-preview", classes="hint", markup=False)
                yield Label("Priority")
                yield Select([(label(p), p) for p in Priority], allow_blank=False,
                             value=a.priority if a else Priority.medium, id="priority",
                             compact=True)
                yield Label("Repeat every")
                with Horizontal(classes="row"):
                    yield Input(str(a.recurrence_every) if a and a.recurrence_every else "",
                                id="every", placeholder="once", compact=True)
                    yield Select([(label(u), u) for u in RecurrenceUnit], allow_blank=False,
                                 value=(a.recurrence_unit if a and a.recurrence_unit
                                        else RecurrenceUnit.weeks), id="unit", compact=True)
                    yield Select([(w, b) for b, w in BASIS_WORDS.items()], allow_blank=False,
                                 value=a.recurrence_basis if a else RecurrenceBasis.deadline,
                                 id="basis", compact=True)
                yield Label("Success measure")
                yield Input(a.success_measure if a else "", id="measure", compact=True,
                            placeholder="how we will know it worked")
            yield Label("Notes", classes="field-label")
            yield TextArea(a.notes if a else "", id="notes", soft_wrap=True, compact=True)
            yield error_line()
            yield Static("ctrl+s saves · escape cancels · tab moves", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Save", variant="primary", id="save", compact=True)

    async def on_mount(self) -> None:
        self.query_one("#title", Input).focus()
        if self.action is not None:
            owner = await asyncio.to_thread(owner_of, self.services, self.action)
            self.query_one("#owner", Input).value = owner.name
        await self._load_owner_names()
        self._preview_deadline(self.query_one("#deadline", Input).value)

    async def _load_owner_names(self) -> None:
        account_id = self.account.id if self.account else None
        choices = await asyncio.to_thread(owner_choices, self.services, account_id)
        self.owners.names = [c.name for c in choices]

    @on(Input.Changed, "#account")
    async def _account_typed(self, event: Input.Changed) -> None:
        name = event.value.strip()
        if self.account is not None and self.account.name.casefold() == name.casefold():
            return
        try:
            found = await asyncio.to_thread(self.services.accounts.by_name, name)
        except KamError:
            self.account = None
        else:
            self.account = AccountChoice(found.id, found.name)
        await self._load_owner_names()

    @on(Input.Changed, "#deadline")
    def _deadline_typed(self, event: Input.Changed) -> None:
        self._preview_deadline(event.value)

    def _preview_deadline(self, text: str) -> None:
        shown = preview(text, self.today) if text.strip() else "no deadline"
        self.query_one("#deadline-preview", Static).update(shown)

    def _values(self) -> dict[str, Any]:
        def text(id: str) -> str:
            return self.query_one(f"#{id}", Input).value

        return {
            "title": text("title"), "account": text("account"), "owner": text("owner"),
            "deadline": text("deadline"), "every": text("every"),
            "priority": self.query_one("#priority", Select).value,
            "unit": self.query_one("#unit", Select).value,
            "basis": self.query_one("#basis", Select).value,
            "success_measure": text("measure"),
            "notes": self.query_one("#notes", TextArea).text,
        }

    @on(Button.Pressed, "#save")
    async def action_save(self) -> None:
        change = await self.attempt(self._save, self._values())
        if change is not None:
            self.dismiss(change)

    def _save(self, values: dict[str, Any]) -> Change:
        """Runs in a thread: resolve the names, then one transaction through the store."""
        data = action_data(self.services, values, self.today)
        if self.action is None:
            if self.objective_id is not None:
                data["objective_id"] = self.objective_id
            return add_action(self.services, data)[1]
        try:
            return edit_action(self.services, self.action.id, data,
                               expected_updated_at=self.expected)
        except Conflict as err:
            self.expected = err.current
            raise


def action_data(services: Services, values: dict[str, Any], today: date) -> dict[str, Any]:
    """The form's text turned into ActionItem fields; every problem is one sentence and
    they are reported together."""
    problems: list[str] = []

    def attempt(step: Callable[[], Any]) -> Any:
        try:
            return step()
        except InvalidInput as err:
            problems.extend(err.messages)
        except KamError as err:
            problems.append(str(err))
        return None

    if not values["title"].strip():
        problems.append("Title: say what is to be done.")
    account_name = values["account"].strip()
    account = attempt(lambda: services.accounts.by_name(account_name)) if account_name else None
    if not account_name:
        problems.append("Account: give the account this action is for.")
    owner = attempt(lambda: resolve_owner(services, account.id, values["owner"])) \
        if account else None
    deadline = attempt(lambda: parse_day(values["deadline"], today, field="Deadline")) \
        if values["deadline"].strip() else None
    every_text = values["every"].strip()
    every = None
    if every_text:
        if every_text.isdigit() and 1 <= int(every_text) <= 999:
            every = int(every_text)
        else:
            problems.append("Repeat every: give a whole number from 1 to 999, or leave it "
                            "blank for a one-off action.")
    if problems:
        raise InvalidInput(problems)
    return {
        "account_id": account.id, "title": values["title"], **owner.fields(),
        "deadline": deadline, "priority": values["priority"],
        "recurrence_every": every, "recurrence_unit": values["unit"] if every else None,
        "recurrence_basis": values["basis"],
        "success_measure": values["success_measure"], "notes": values["notes"],
    }
