"""The Interactions tab of the account workspace: the log of meetings, calls, emails,
complaints ... newest first, with the people involved."""

from typing import ClassVar

from textual.app import ComposeResult
from textual.widgets import DataTable

from kamtui.domain.enums import label
from kamtui.store.account_view import AccountInteraction, account_interactions
from kamtui.ui.text import NOTHING, cell, day
from kamtui.ui.widgets.account_panel import AccountPanel, keep_cursor


class InteractionsPanel(AccountPanel):
    CAN: ClassVar[frozenset[str]] = frozenset()
    WHAT = "the interactions"

    def compose(self) -> ComposeResult:
        yield DataTable(id="interactions", cursor_type="row", zebra_stripes=True)

    def read(self) -> list[AccountInteraction]:
        return account_interactions(self.services.store, self.account_id)

    def show(self, data: list[AccountInteraction]) -> None:
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


__all__ = ["InteractionsPanel"]
