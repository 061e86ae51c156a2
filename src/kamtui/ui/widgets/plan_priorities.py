"""The priorities of the plan blueprint: an ordered list. `a` adds one below the
highlighted one, `e` rewords it, `d` removes it; `K`/`J` (or shift+up/down) move it up
or down. Each is one undoable step (kamtui.store.plans)."""

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from kamtui.domain import AccountPlan
from kamtui.store.changes import Change
from kamtui.store.plans import add_priority, edit_priority, move_priority, remove_priority
from kamtui.ui.screens.plan_dialogs import LinePrompt
from kamtui.ui.text import cell
from kamtui.ui.widgets.plan_section import PlanSection

EMPTY = "The plan has no priorities yet: a adds the first."


class PrioritiesSection(PlanSection):
    TITLE = "Priorities"
    CAN: ClassVar[frozenset[str]] = frozenset({"add", "edit", "delete"})
    WHAT = "the priorities"
    BINDINGS: ClassVar = [
        Binding("K,shift+up", "move(-1)", "Move up", id="plan.priority.up",
                tooltip="Move the highlighted priority up"),
        Binding("J,shift+down", "move(1)", "Move down", id="plan.priority.down",
                tooltip="Move the highlighted priority down"),
    ]

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.priorities: list[str] = []
        self.period = ""
        self._put_cursor: int | None = None  # where the cursor goes after the next show

    def compose(self) -> ComposeResult:
        yield DataTable(id="priorities", cursor_type="row", show_header=False)
        yield Static("", classes="section-note", markup=False)

    def read(self) -> AccountPlan:
        return self.services.plans.get(self.plan_id)

    def show(self, data: AccountPlan) -> None:
        self.priorities, self.period = list(data.priorities), data.period
        table = self.query_one(DataTable)
        row = self._put_cursor if self._put_cursor is not None else table.cursor_row
        self._put_cursor = None
        table.clear(columns=True)
        table.add_column(cell("#"), key="place")
        table.add_column(cell("Priority"), key="text")
        for index, text in enumerate(self.priorities):
            table.add_row(cell(f"{index + 1}.", justify="right"), cell(text),
                          key=str(index))
        if self.priorities:
            table.move_cursor(row=max(0, min(row, len(self.priorities) - 1)),
                              animate=False)
        note = self.query_one(".section-note", Static)
        note.update("" if self.priorities else EMPTY)
        note.display = not self.priorities

    def focus_content(self) -> None:
        self.query_one(DataTable).focus()

    def _highlighted(self, *, say: bool = True) -> int | None:
        key = self.selected(self.query_one(DataTable), empty=EMPTY if say else "")
        return int(key) if key is not None else None

    # -- the keys ---------------------------------------------------------------------
    async def add(self) -> Change | None:
        at = self._highlighted(say=False)
        place = len(self.priorities) if at is None else at + 1
        self._put_cursor = place

        def save(text: str) -> Change:
            return add_priority(self.services, self.plan_id, text, at=place)

        return await self.app.push_screen_wait(LinePrompt(
            f"Add a priority to the {self.period} plan (place {place + 1})", "Priority",
            save, hint="what matters most, in a few words"))

    async def edit(self) -> Change | None:
        index = self._highlighted()
        if index is None:
            return None
        shown = self.priorities[index]

        def save(text: str) -> Change:
            return edit_priority(self.services, self.plan_id, index, text, expected=shown)

        return await self.app.push_screen_wait(LinePrompt(
            f"Reword priority {index + 1}", "Priority", save, initial=shown))

    async def delete(self) -> Change | None:
        index = self._highlighted()
        if index is None:
            return None
        return await self.confirm_delete(self.priorities[index], remove_priority,
                                         self.services, self.plan_id, index,
                                         self.priorities[index])

    async def action_move(self, step: int) -> None:
        index = self._highlighted()
        if index is None:
            return
        change = await self.attempt(move_priority, self.services, self.plan_id, index,
                                    step, self.priorities[index])
        if change is not None:
            self._put_cursor = index + step
            self.screen.changed(change)  # type: ignore[attr-defined]


__all__ = ["PrioritiesSection"]
