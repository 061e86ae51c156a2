"""The Contacts tab of the account workspace: the org chart as an indented table (who
reports to whom reads down the first column), a line with the highlighted person's email,
phone and notes, and the relationship X-ray below. `a` adds a contact, `e` edits the
highlighted one, `d` deletes them (their reports move up to their boss)."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import DataTable, Static

from kamtui.clock import today
from kamtui.domain import Contact, ContactCreate
from kamtui.domain.dates import relative_ago
from kamtui.domain.enums import Attitude, label
from kamtui.store.changes import Change
from kamtui.store.contacts import delete_contact
from kamtui.store.xray import FindingKind, OrgNode, Xray, org_chart, relationship_xray
from kamtui.ui.screens.record_form import RecordForm
from kamtui.ui.text import NOTHING, SEPARATOR, ThemeStyles, cell, one_line, user_text
from kamtui.ui.widgets.account_panel import AccountPanel, keep_cursor

# What `a` and `e` ask about a contact, in the order a KAM fills it in.
CONTACT_FIELDS = ("name", "title", "reports_to_id", "email", "phone", "buying_role",
                  "attitude", "strength", "cadence_days", "last_contacted", "notes")
EMPTY = "This account has no contacts yet; a adds one."
PEOPLE_LIMIT = 1000  # the choices of "Reports to"; an account has a few dozen at most
COLUMNS = ("Name (org chart)", "Title", "Buying role", "Attitude", "Strength", "Cadence",
           "Last contacted")


@dataclass(frozen=True)
class _Contacts:
    chart: list[tuple[int, OrgNode]]  # contacts in org-chart order, with their depth
    xray: Xray | None
    people: dict[str, Contact] = field(default_factory=dict)  # every field, by id


class ContactsPanel(AccountPanel):
    CAN: ClassVar[frozenset[str]] = frozenset({"add", "edit", "delete"})
    LABELS: ClassVar[dict[str, str]] = {
        "add": "Add contact",
        "edit": "Edit contact",
        "delete": "Delete contact",
    }
    WHAT = "the contacts"

    DEFAULT_CSS = """
    ContactsPanel #contacts { min-height: 4; }
    ContactsPanel #xray { max-height: 45%; }
    ContactsPanel #contact-detail {
        height: 1; padding: 0 1; color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.people: dict[str, Contact] = {}

    def compose(self) -> ComposeResult:
        yield DataTable(id="contacts", cursor_type="row", zebra_stripes=True)
        yield Static(id="contact-detail")
        yield Static(id="xray", classes="panel-note")

    def read(self) -> _Contacts:
        store = self.services.store
        return _Contacts([step for root in org_chart(store, self.account_id)
                          for step in root.walk()],
                         relationship_xray(store, self.account_id, today()),
                         {c.id: c for c in self._people()})

    def _people(self) -> list[Contact]:
        """The account's live contacts by name, every field (runs in a thread)."""
        return self.services.contacts.list(Contact.account_id == self.account_id,
                                           order_by=[Contact.name], limit=PEOPLE_LIMIT)

    def show(self, data: _Contacts) -> None:
        now = today()
        styles = ThemeStyles.from_theme(self.app.theme_variables)
        table = self.query_one("#contacts", DataTable)
        selected = self.selected(table)
        table.clear(columns=True)
        for heading in COLUMNS:
            table.add_column(cell(heading))
        stale = {i for f in data.xray.findings if f.kind == FindingKind.stale_contact
                 for i in f.contact_ids} if data.xray else set()
        for depth, node in data.chart:
            person = node.contact
            branch = "  " * (depth - 1) + "└ " if depth else ""
            table.add_row(
                cell(branch + person.name, max_width=30),
                cell(person.title or NOTHING, max_width=28),
                cell(label(person.buying_role)),
                cell(label(person.attitude),
                     style=styles.error if person.attitude == Attitude.detractor else ""),
                cell(f"{person.strength}/5"),
                cell(f"{person.cadence_days} days" if person.cadence_days else NOTHING),
                cell(relative_ago(person.last_contacted, now) if person.last_contacted
                     else "never", style=styles.warning if person.id in stale else ""),
                key=person.id)
        keep_cursor(table, selected)
        self.people = data.people
        self._detail(self.selected(table))
        self.query_one("#xray", Static).update(xray_text(data.xray))

    @on(DataTable.RowHighlighted, "#contacts")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail(event.row_key.value)

    def _detail(self, contact_id: str | None) -> None:
        person = self.people.get(contact_id) if contact_id else None
        self.query_one("#contact-detail", Static).update(detail_line(person))

    # -- the keys -------------------------------------------------------------------
    async def add(self) -> Change | None:
        people = await self.attempt(self._people)
        if people is None:
            return None
        return await self.app.push_screen_wait(RecordForm(
            self.services, "contacts", ContactCreate, CONTACT_FIELDS, heading="New contact",
            today=today(), fixed={"account_id": self.account_id},
            choices={"reports_to_id": boss_choices(people)}))

    async def edit(self) -> Change | None:
        contact_id = self.selected(self.query_one("#contacts", DataTable), empty=EMPTY)
        if contact_id is None:
            return None
        people = await self.attempt(self._people)
        person = next((p for p in people or [] if p.id == contact_id), None)
        if person is None:
            if people is not None:
                self.notify("That contact is no longer in the store.", severity="warning")
            return None
        return await self.app.push_screen_wait(RecordForm(
            self.services, "contacts", ContactCreate, CONTACT_FIELDS,
            heading=f"Edit {one_line(person.name)}", today=today(), record=person,
            choices={"reports_to_id": boss_choices(people, person.id)}))

    async def delete(self) -> Change | None:
        contact_id = self.selected(self.query_one("#contacts", DataTable), empty=EMPTY)
        if contact_id is None:
            return None
        person = self.people.get(contact_id)
        return await self.confirm_delete(person.name if person else "this contact",
                                         delete_contact, self.services, contact_id)


def boss_choices(people: list[Contact], editing: str | None = None) -> list[tuple[str, str]]:
    """Who a contact may report to: the account's other live contacts, by name, without
    the contact themself and the people below them (they would make a reporting loop)."""
    below: set[str] = set()
    if editing is not None:
        reports: dict[str | None, list[str]] = defaultdict(list)
        for p in people:
            reports[p.reports_to_id].append(p.id)
        stack = [editing]
        while stack:
            at = stack.pop()
            if at not in below:
                below.add(at)
                stack.extend(reports[at])
    return [(f"{p.name} · {p.title}" if p.title else p.name, p.id)
            for p in people if p.id not in below]


def detail_line(person: Contact | None) -> Content:
    """Email, phone and notes of one contact on one line (user text, never markup)."""
    if person is None:
        return Content("")
    parts = [person.email or "no email", person.phone or "no phone"]
    if person.notes:
        parts.append(person.notes)
    return Content.assemble((f"{one_line(person.name)}: ", "bold"),
                            user_text(one_line(SEPARATOR.join(parts))))


def xray_text(xray: Xray | None) -> Content:
    """The relationship X-ray under the contacts: roles covered and missing, then each
    finding as a sentence (they may quote names: user text, never markup)."""
    if xray is None:
        return Content("")
    covered = ", ".join(label(r) for r in xray.roles_covered) or NOTHING
    missing = ", ".join(label(r) for r in xray.roles_missing) or "none"
    lines = [Content.assemble(("Relationship X-ray  ", "bold $text-accent"),
                              f"roles covered: {covered}", SEPARATOR,
                              (f"missing: {missing}", "$text-warning" if xray.roles_missing
                               else ""))]
    lines += [Content.assemble(("• ", "$text-warning"), user_text(f.sentence))
              for f in xray.findings]
    if not xray.findings:
        lines.append(Content.styled("No warnings: the relationship is well covered.", "dim"))
    return Content("\n").join(lines)


__all__ = ["CONTACT_FIELDS", "ContactsPanel", "boss_choices", "detail_line", "xray_text"]
