"""The Interactions tab of the account workspace: the log of meetings, calls, emails,
complaints ... newest first, with the people involved, and the highlighted one in full
below the table. `a` logs one, `e` edits, `d` deletes."""

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static

from kamtui.clock import today
from kamtui.domain import Interaction
from kamtui.domain.dates import relative_ago
from kamtui.domain.enums import label
from kamtui.domain.words import clip, one_line
from kamtui.store.account_view import AccountInteraction, account_interactions
from kamtui.store.changes import Change
from kamtui.store.interactions import Person, account_people, involved_ids
from kamtui.ui.screens.interaction_form import InteractionForm
from kamtui.ui.text import NOTHING, SEPARATOR, cell, day, user_text
from kamtui.ui.widgets.account_panel import AccountPanel, keep_cursor

EMPTY = "No interactions logged with this account yet; a logs the first one."


@dataclass(frozen=True)
class _FormFacts:
    """What the form needs, read in one go off the event loop."""

    account_name: str
    people: list[Person]
    interaction: Interaction | None = None
    involved: tuple[str, ...] = ()


class InteractionsPanel(AccountPanel):
    CAN: ClassVar[frozenset[str]] = frozenset({"add", "edit", "delete"})
    LABELS: ClassVar[dict[str, str]] = {
        "add": "Log interaction",
        "edit": "Edit entry",
        "delete": "Delete entry",
    }
    WHAT = "the interactions"

    DEFAULT_CSS = """
    InteractionsPanel > .panel-note { max-height: 45%; }
    """

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.entries: dict[str, AccountInteraction] = {}

    def compose(self) -> ComposeResult:
        yield DataTable(id="interactions", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="interaction-note-scroll", classes="panel-note"):
            yield Static(EMPTY, id="interaction-note", markup=False)

    def read(self) -> list[AccountInteraction]:
        return account_interactions(self.services.store, self.account_id)

    def show(self, data: list[AccountInteraction]) -> None:
        self.entries = {entry.id: entry for entry in data}
        table = self.query_one(DataTable)
        selected = self.selected(table)
        table.clear(columns=True)
        for heading in ("Date", "Kind", "Who", "Summary"):
            table.add_column(cell(heading))
        for entry in data:
            table.add_row(cell(day(entry.occurred_on)), cell(label(entry.kind)),
                          cell(entry.contacts or NOTHING, max_width=30),
                          cell(entry.summary, max_width=70), key=entry.id)
        keep_cursor(table, selected)
        self._note(self.selected(table))

    @on(DataTable.RowHighlighted, "#interactions")
    def _highlighted(self) -> None:
        # The cursor, not the event's row: after a reload a late event may name a row
        # that has moved or gone.
        self._note(self.selected())

    def _note(self, key: str | None) -> None:
        entry = self.entries.get(key or "")
        self.query_one("#interaction-note", Static).update(
            note_text(entry) if entry else Content(EMPTY))

    # -- the keys -------------------------------------------------------------------
    async def add(self) -> Change | None:
        facts = await self.attempt(self._facts, None)
        if facts is None:
            return None
        return await self.app.push_screen_wait(InteractionForm(
            self.services, today(), account_id=self.account_id,
            account_name=facts.account_name, people=facts.people))

    async def edit(self) -> Change | None:
        if (chosen := self.selected(empty=EMPTY)) is None:
            return None
        facts = await self.attempt(self._facts, chosen)
        if facts is None:
            return None
        return await self.app.push_screen_wait(InteractionForm(
            self.services, today(), account_id=self.account_id,
            account_name=facts.account_name, people=facts.people,
            interaction=facts.interaction, involved=facts.involved))

    async def delete(self) -> Change | None:
        if (chosen := self.selected(empty=EMPTY)) is None:
            return None
        talk = await self.attempt(self.services.interactions.get, chosen)
        if talk is None:
            return None
        what = f"{talk.occurred_on.isoformat()} {talk.kind}: {clip(one_line(talk.summary), 40)}"
        return await self.delete_record("interactions", chosen, what)

    def _facts(self, interaction_id: str | None) -> _FormFacts:
        """Runs in a thread: the account's name and people, and the entry to edit."""
        store = self.services.store
        facts = _FormFacts(self.services.accounts.get(self.account_id).name,
                           account_people(store, self.account_id))
        if interaction_id is None:
            return facts
        return _FormFacts(facts.account_name, facts.people,
                          self.services.interactions.get(interaction_id),
                          tuple(involved_ids(store, interaction_id)))


def note_text(entry: AccountInteraction) -> Content:
    """One entry in full: when, what kind, who, and the whole summary (user text)."""
    when = f"{day(entry.occurred_on)} ({relative_ago(entry.occurred_on, today())})"
    head = Content.assemble((when, "bold $text-accent"), SEPARATOR, label(entry.kind))
    who = Content.assemble(("With: ", "dim"), user_text(entry.contacts or "no one recorded"))
    return Content("\n").join([head, who, user_text(entry.summary)])


__all__ = ["InteractionsPanel", "note_text"]
