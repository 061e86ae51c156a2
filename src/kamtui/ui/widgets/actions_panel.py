"""The Actions tab of the account workspace: the account's action items, the ones still
to do first; `x` marks one done, `e` edits, `a` adds, `d` deletes (as on Today)."""

from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.widgets import DataTable

from kamtui.clock import today
from kamtui.domain.dates import relative_day
from kamtui.domain.enums import ActionStatus, label
from kamtui.store import actions as lifecycle
from kamtui.store.account_view import AccountAction, account_actions
from kamtui.store.changes import Change
from kamtui.ui.screens.action_form import AccountChoice, ActionForm
from kamtui.ui.text import ThemeStyles, cell, day
from kamtui.ui.widgets.account_panel import AccountPanel, keep_cursor

EMPTY = "This account has no action items yet; a adds one."


class ActionsPanel(AccountPanel):
    CAN: ClassVar[frozenset[str]] = frozenset({"add", "edit", "delete", "done"})
    LABELS: ClassVar[dict[str, str]] = {
        "add": "Add action",
        "edit": "Edit action",
        "delete": "Delete action",
    }
    WHAT = "the action items"

    def __init__(self, *args, account_name: str = "", **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.account_name = account_name

    def compose(self) -> ComposeResult:
        yield DataTable(id="actions", cursor_type="row", zebra_stripes=True)

    def read(self) -> list[AccountAction]:
        return account_actions(self.services.store, self.account_id)

    def show(self, data: list[AccountAction]) -> None:
        now = today()
        styles = ThemeStyles.from_theme(self.app.theme_variables)
        table = self.query_one(DataTable)
        selected = self.selected(table)
        table.clear(columns=True)
        for heading in ("When", "What", "Owner", "Status"):
            table.add_column(cell(heading))
        for item in data:
            open_ = item.status in (ActionStatus.open, ActionStatus.waiting)
            overdue = open_ and item.deadline is not None and item.deadline < now
            table.add_row(cell(_when(item, now), style=styles.error if overdue else ""),
                          cell(item.title, max_width=60, style="" if open_ else styles.muted),
                          cell(item.owner, max_width=24), cell(label(item.status)),
                          key=item.id)
        keep_cursor(table, selected)

    def _choice(self) -> AccountChoice:
        return AccountChoice(self.account_id, self.account_name)

    async def add(self) -> Change | None:
        return await self.app.push_screen_wait(
            ActionForm(self.services, today(), account=self._choice()))

    async def edit(self) -> Change | None:
        if (chosen := self.selected(empty=EMPTY)) is None:
            return None
        action = await self.attempt(self.services.actions.get, chosen)
        if action is None:
            return None
        return await self.app.push_screen_wait(ActionForm(
            self.services, today(), action=action, account=self._choice()))

    async def done(self) -> Change | None:
        if (chosen := self.selected(empty=EMPTY)) is None:
            return None
        done = await self.attempt(lifecycle.complete_action, self.services, chosen, today())
        return None if done is None else done[0]

    async def delete(self) -> Change | None:
        if (chosen := self.selected(empty=EMPTY)) is None:
            return None
        action = await self.attempt(self.services.actions.get, chosen)
        if action is None:
            return None
        return await self.confirm_delete(action.title, lifecycle.delete_action, self.services,
                                         chosen)


def _when(item: AccountAction, now: date) -> str:
    if item.deadline and item.status in (ActionStatus.open, ActionStatus.waiting):
        return relative_day(item.deadline, now)
    return day(item.deadline)


__all__ = ["ActionsPanel"]
