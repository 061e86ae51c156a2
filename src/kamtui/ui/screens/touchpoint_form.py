"""Log a touchpoint: a real contact with a person at the customer. Saving records the
interaction and restarts that contact's cadence clock."""

import asyncio
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, Static

from kamtui.domain.dates import parse_day
from kamtui.domain.enums import InteractionKind, OwnerKind, label
from kamtui.errors import InvalidInput
from kamtui.store.actions import log_touchpoint
from kamtui.store.changes import Change
from kamtui.store.people import find_contact, owner_choices
from kamtui.store.repos import Services
from kamtui.ui.screens.action_form import NameSuggester
from kamtui.ui.screens.modal import Dialog, error_line
from kamtui.ui.screens.prompts import DATE_HINT, preview
from kamtui.ui.text import user_text

KINDS = (InteractionKind.call, InteractionKind.meeting, InteractionKind.email,
         InteractionKind.feedback, InteractionKind.complaint, InteractionKind.query,
         InteractionKind.requirement, InteractionKind.note)


class TouchpointForm(Dialog[Change]):
    """Who, how, when and a note; dismisses with the saved Change."""

    BINDINGS = [Binding("ctrl+s", "save", "Save", id="form.save")]

    def __init__(self, services: Services, today: date, *, account_id: str,
                 account_name: str, contact_name: str = "") -> None:
        super().__init__()
        self.services = services
        self.today = today
        self.account_id = account_id
        self.account_name = account_name
        self.contact_name = contact_name
        self.names = NameSuggester()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.assemble("Log a touchpoint at ", user_text(self.account_name)),
                         classes="dialog-title")
            with Vertical(classes="form"):
                yield Label("Contact")
                yield Input(self.contact_name, id="contact", suggester=self.names, compact=True,
                            placeholder="name of the person (→ completes)")
                yield Label("How")
                yield Select([(label(k), k) for k in KINDS], value=InteractionKind.call,
                             allow_blank=False, id="kind", compact=True)
                yield Label("When")
                yield Input("today", id="on", placeholder=DATE_HINT, compact=True)
                yield Static("", id="on-preview", classes="hint", markup=False)
                yield Label("Note")
                yield Input("", id="note", placeholder="what was said or agreed (optional)",
                            compact=True)
            yield error_line()
            yield Static("enter or ctrl+s logs it · escape cancels", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Log it", variant="primary", id="save", compact=True)

    async def on_mount(self) -> None:
        self.query_one("#note" if self.contact_name else "#contact", Input).focus()
        self.query_one("#on-preview", Static).update(preview("today", self.today))
        choices = await asyncio.to_thread(owner_choices, self.services, self.account_id)
        self.names.names = [c.name for c in choices if c.kind == OwnerKind.customer]

    @on(Input.Changed, "#on")
    def _on_typed(self, event: Input.Changed) -> None:
        self.query_one("#on-preview", Static).update(preview(event.value, self.today))

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    async def action_save(self) -> None:
        values = (self.query_one("#contact", Input).value, self.query_one("#on", Input).value,
                  self.query_one("#kind", Select).value, self.query_one("#note", Input).value)
        change = await self.attempt(self._save, *values)
        if change is not None:
            self.dismiss(change)

    def _save(self, contact: str, on: str, kind: InteractionKind, note: str) -> Change:
        problems: list[str] = []
        when = None
        try:
            when = parse_day(on, self.today, field="Date")
        except InvalidInput as err:
            problems.extend(err.messages)
        if not contact.strip():
            problems.append("Contact: give the name of the person you were in touch with.")
        if problems:
            raise InvalidInput(problems)
        person = find_contact(self.services, contact, account_id=self.account_id)
        return log_touchpoint(self.services, person.id, on=when, today=self.today, kind=kind,
                              note=note)
