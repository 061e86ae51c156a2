"""The Contacts tab of the account workspace: the org chart as an indented table (who
reports to whom reads down the first column) with the relationship X-ray below it.
`a` adds a contact."""

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import DataTable, Static

from kamtui.clock import today
from kamtui.domain import ContactCreate
from kamtui.domain.dates import relative_ago
from kamtui.domain.enums import Attitude, label
from kamtui.store.changes import Change
from kamtui.store.xray import FindingKind, OrgNode, Xray, org_chart, relationship_xray
from kamtui.ui.screens.record_form import RecordForm
from kamtui.ui.text import NOTHING, SEPARATOR, ThemeStyles, cell, user_text
from kamtui.ui.widgets.account_panel import AccountPanel, keep_cursor

# What `a` asks about a new contact (who they report to is set elsewhere).
CONTACT_FIELDS = ("name", "title", "email", "phone", "buying_role", "attitude", "strength",
                  "cadence_days", "last_contacted")
COLUMNS = ("Name (org chart)", "Title", "Buying role", "Attitude", "Strength", "Cadence",
           "Last contacted")


@dataclass(frozen=True)
class _Contacts:
    chart: list[tuple[int, OrgNode]]  # contacts in org-chart order, with their depth
    xray: Xray | None


class ContactsPanel(AccountPanel):
    CAN: ClassVar[frozenset[str]] = frozenset({"add"})
    WHAT = "the contacts"

    def compose(self) -> ComposeResult:
        yield DataTable(id="contacts", cursor_type="row", zebra_stripes=True)
        yield Static(id="xray", classes="panel-note")

    def read(self) -> _Contacts:
        store = self.services.store
        return _Contacts([step for root in org_chart(store, self.account_id)
                          for step in root.walk()],
                         relationship_xray(store, self.account_id, today()))

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
        self.query_one("#xray", Static).update(xray_text(data.xray))

    async def add(self) -> Change | None:
        return await self.app.push_screen_wait(RecordForm(
            self.services, "contacts", ContactCreate, CONTACT_FIELDS, heading="New contact",
            today=today(), fixed={"account_id": self.account_id}))


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


__all__ = ["CONTACT_FIELDS", "ContactsPanel", "xray_text"]
