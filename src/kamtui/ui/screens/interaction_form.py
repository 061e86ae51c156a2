"""Log an interaction with an account (a meeting, call, complaint ...) or edit one: when,
what kind, what happened, who was involved and, when logging, an optional follow-up
action. Refusals stay shown in the form, so nothing typed is lost."""

import asyncio
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from kamtui.domain import Interaction
from kamtui.domain.dates import parse_day
from kamtui.domain.enums import InteractionKind, label
from kamtui.domain.words import one_line
from kamtui.errors import InvalidInput, KamError
from kamtui.store.changes import Change
from kamtui.store.interactions import FollowUp, Person, edit_interaction, log_interaction
from kamtui.store.people import owner_choices, resolve_owner
from kamtui.store.repos import Services
from kamtui.ui.screens.action_form import NameSuggester
from kamtui.ui.screens.modal import Dialog, error_line
from kamtui.ui.screens.prompts import DATE_HINT, preview
from kamtui.ui.text import user_text

T = TypeVar("T")
FOLLOW_UP_DUE = "+7d"  # what the follow-up deadline starts as


@dataclass(frozen=True)
class Typed:
    """What the form holds when saved (read on the event loop, used in a thread)."""

    on: str
    kind: InteractionKind
    summary: str
    contact_ids: list[str]
    follow_title: str = ""
    follow_due: str = ""
    follow_owner: str = ""


class InteractionForm(Dialog[Change]):
    """Log a new interaction (`interaction` None) or edit one; dismisses with the Change."""

    DEFAULT_CSS = """
    InteractionForm .field-label { margin: 1 0 0 0; }
    InteractionForm TextArea { height: 5; }
    InteractionForm SelectionList { height: auto; max-height: 6; }
    InteractionForm SelectionList:focus { background: $boost; }
    """
    BINDINGS = [Binding("ctrl+s", "save", "Save", id="form.save")]

    def __init__(self, services: Services, today: date, *, account_id: str,
                 account_name: str, people: list[Person],
                 interaction: Interaction | None = None,
                 involved: Collection[str] = ()) -> None:
        super().__init__()
        self.services = services
        self.today = today
        self.account_id = account_id
        self.account_name = account_name
        self.people = people
        self.interaction = interaction
        self.involved = set(involved)
        self.owners = NameSuggester()

    def compose(self) -> ComposeResult:
        talk = self.interaction
        heading = "Edit the interaction with " if talk else "Log an interaction with "
        with VerticalScroll(classes="dialog"):
            yield Static(Content.assemble(heading, user_text(self.account_name)),
                         classes="dialog-title")
            with Vertical(classes="form"):
                yield Label("Date")
                yield Input(talk.occurred_on.isoformat() if talk else "today", id="on",
                            placeholder=DATE_HINT, compact=True)
                yield Static("", id="on-preview", classes="hint", markup=False)
                yield Label("Kind")
                yield Select([(label(k), k) for k in InteractionKind], allow_blank=False,
                             value=talk.kind if talk else InteractionKind.meeting, id="kind",
                             compact=True)
            yield Label("Summary", classes="field-label")
            yield TextArea(talk.summary if talk else "", id="summary", soft_wrap=True,
                           compact=True)
            yield Label("Contacts involved (space ticks)", classes="field-label")
            if self.people:
                yield SelectionList[str](
                    *(Selection(_person(p), p.id, p.id in self.involved) for p in self.people),
                    id="contacts", compact=True)
            else:
                yield Static("No contacts at this account yet.", classes="hint")
            if talk is None:
                yield from self._follow_up()
            yield error_line()
            yield Static("ctrl+s saves · escape cancels · tab moves", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Save", variant="primary", id="save", compact=True)

    def _follow_up(self) -> ComposeResult:
        yield Label("Follow-up action (leave the title blank for none)", classes="field-label")
        with Vertical(classes="form"):
            yield Label("Title")
            yield Input("", id="follow-title", compact=True,
                        placeholder="what is to be done next")
            yield Label("Deadline")
            yield Input(FOLLOW_UP_DUE, id="follow-due", placeholder=DATE_HINT, compact=True)
            yield Static("", id="follow-due-preview", classes="hint", markup=False)
            yield Label("Owner")
            yield Input("me", id="follow-owner", suggester=self.owners, compact=True,
                        placeholder="me, a team member or a contact (→ completes)")

    async def on_mount(self) -> None:
        self.query_one("#summary", TextArea).focus()
        self._preview("on", self.query_one("#on", Input).value)
        if self.interaction is None:
            self._preview("follow-due", FOLLOW_UP_DUE)
            choices = await asyncio.to_thread(owner_choices, self.services, self.account_id)
            self.owners.names = [c.name for c in choices]

    @on(Input.Changed, "#on, #follow-due")
    def _date_typed(self, event: Input.Changed) -> None:
        self._preview(event.input.id or "", event.value)

    def _preview(self, id: str, text: str) -> None:
        shown = preview(text, self.today)
        if id == "follow-due" and not text.strip():
            shown = "no deadline"
        self.query_one(f"#{id}-preview", Static).update(shown)

    def typed(self) -> Typed:
        def text(id: str) -> str:  # the follow-up fields are there only when logging
            found = self.query(f"#{id}")
            return found.first(Input).value if found else ""

        chosen = self.query("#contacts")
        contact_ids = list(chosen.first(SelectionList).selected) if chosen else []
        return Typed(text("on"), self.query_one("#kind", Select).value,
                     self.query_one("#summary", TextArea).text, contact_ids,
                     text("follow-title"), text("follow-due"), text("follow-owner"))

    @on(Button.Pressed, "#save")
    async def action_save(self) -> None:
        change = await self.attempt(self._save, self.typed())
        if change is not None:
            self.dismiss(change)

    def _save(self, typed: Typed) -> Change:
        """Runs in a thread: read the dates and the owner, then one store step."""
        problems: list[str] = []
        on = _attempt(lambda: parse_day(typed.on, self.today, field="Date"), problems)
        if not typed.summary.strip():
            problems.append("Summary: say what happened.")
        follow_up = None
        if typed.follow_title.strip():
            due = _attempt(lambda: parse_day(typed.follow_due, self.today,
                                             field="Follow-up deadline"), problems) \
                if typed.follow_due.strip() else None
            owner = _attempt(lambda: resolve_owner(self.services, self.account_id,
                                                   typed.follow_owner), problems)
            follow_up = FollowUp(typed.follow_title, due, owner) if owner is not None \
                else None
        if problems:
            raise InvalidInput(problems)
        if self.interaction is None:
            return log_interaction(
                self.services, self.account_id, occurred_on=on, kind=typed.kind,
                summary=typed.summary, contact_ids=typed.contact_ids, follow_up=follow_up,
                today=self.today)[1]
        return edit_interaction(self.services, self.interaction.id, occurred_on=on,
                                kind=typed.kind, summary=typed.summary,
                                contact_ids=typed.contact_ids, today=self.today)


def _attempt(step: Callable[[], T], problems: list[str]) -> T | None:
    """The step's result, or None with its sentences added to `problems`."""
    try:
        return step()
    except InvalidInput as err:
        problems.extend(err.messages)
    except KamError as err:
        problems.append(str(err))
    return None


def _person(person: Person) -> Content:
    """A contact in the list: the name, and the title dimmed (user text, never markup)."""
    name = user_text(one_line(person.name))
    if not person.title:
        return name
    return Content.assemble(name, user_text(f"  {one_line(person.title)}", "dim"))


__all__ = ["InteractionForm", "Typed"]
