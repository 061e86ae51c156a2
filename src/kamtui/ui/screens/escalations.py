"""The Escalations screen: every open escalation across the accounts, soonest response due
first, with its level, who must respond and by when (overdue in red), and the highlighted
one's story and timeline below. `>` advances it to the next level, `R` resolves it, enter
opens the account, `s` shows the resolved ones too."""

import asyncio

from sqlalchemy.exc import SQLAlchemyError
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from kamtui.errors import KamError
from kamtui.store.changes import Change
from kamtui.store.escalation_view import (
    EscalationView,
    TimelineEntry,
    escalations,
    timelines,
)
from kamtui.store.escalations import escalation_now
from kamtui.store.repos import Services
from kamtui.ui.screens.escalation_forms import advance_prompt, resolve_prompt
from kamtui.ui.text import SEPARATOR, ThemeStyles, cell, plural
from kamtui.ui.widgets.account_panel import keep_cursor
from kamtui.ui.widgets.escalation_text import (
    ESCALATION_COLUMNS,
    escalation_cells,
    escalation_story,
    fit_last_column,
    is_overdue,
)

NONE_OPEN = ("No open escalations. To open one, go to an account's Escalation tab and "
             "press !.")


class EscalationsScreen(Screen[None]):
    """Open escalations across accounts; the resolved ones too with `s`."""

    AUTO_FOCUS = "#escalations"
    DEFAULT_CSS = """
    EscalationsScreen #summary { height: auto; padding: 0 1; margin: 1 0 0 0; }
    EscalationsScreen #escalations { height: 1fr; min-height: 4; margin: 1 0 0 0; }
    EscalationsScreen #story-scroll {
        height: auto; max-height: 50%; padding: 0 1; border-top: solid $primary;
    }
    """
    BINDINGS = [
        Binding("question_mark", "app.toggle_help", "Keys", key_display="?",
                id="escalations.help"),
        Binding("enter", "open_account", "Open account", id="escalations.open"),
        Binding("greater_than_sign,v", "advance", "Advance", key_display=">",
                id="escalations.advance", tooltip="Move it to the plan's next level"),
        Binding("R", "resolve", "Resolve", id="escalations.resolve",
                tooltip="Close it with the outcome; the account's status comes back"),
        Binding("s", "toggle_resolved", "Show resolved", id="escalations.resolved",
                tooltip="Show or hide the resolved escalations"),
        Binding("u", "app.undo", "Undo", id="escalations.undo"),
        Binding("r", "reload", "Refresh", show=False, id="escalations.reload"),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.include_resolved = False
        self.views: dict[str, EscalationView] = {}
        self.stories: dict[str, list[TimelineEntry]] = {}
        self.now = escalation_now()
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="summary")
        yield DataTable(id="escalations", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="story-scroll"):
            yield Static(id="story")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        if self.loaded:  # (the first resume comes with the mount, which loads)
            self.load()

    @property
    def table(self) -> DataTable:
        return self.query_one("#escalations", DataTable)

    @work(exclusive=True, group="escalations")
    async def load(self) -> None:
        include = self.include_resolved
        try:
            found, stories = await asyncio.to_thread(self._read, include)
        except (KamError, SQLAlchemyError) as err:
            self.notify(f"Could not read the escalations: {err}", severity="error",
                        markup=False)
            return
        self.loaded = True
        self.now = escalation_now()
        self.views = {view.id: view for view in found}
        self.stories = stories
        styles = ThemeStyles.from_theme(self.app.theme_variables)
        table = self.table
        selected = self._key()
        table.clear(columns=True)
        for heading in ESCALATION_COLUMNS:
            table.add_column(cell(heading))
        rows = [escalation_cells(view, self.now, styles) for view in found]
        fit_last_column(rows, ESCALATION_COLUMNS, table.size.width or self.size.width)
        for view, row in zip(found, rows, strict=True):
            table.add_row(*row, key=view.id)
        keep_cursor(table, selected)
        self.query_one("#summary", Static).update(self._summary(found))
        self.show_story()

    def _read(self, include_resolved: bool,
              ) -> tuple[list[EscalationView], dict[str, list[TimelineEntry]]]:
        found = escalations(self.services.store, include_resolved=include_resolved)
        return found, timelines(self.services.store, [view.id for view in found])

    def _summary(self, found: list[EscalationView]) -> Content:
        still = [v for v in found if v.is_open]
        if not found:
            return Content(NONE_OPEN)
        late = sum(is_overdue(v, self.now) for v in still)
        parts = [Content.styled(plural(len(still), "open escalation"), "bold")]
        if late:
            parts.append(Content.styled(f"{late} overdue", "bold $text-error"))
        if self.include_resolved:
            parts.append(Content(f"{plural(len(found) - len(still), 'resolved')} shown"))
        return Content(SEPARATOR).join(parts)

    def _key(self) -> str | None:
        table = self.table
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def current(self, doing: str = "", *, open_only: bool = True) -> EscalationView | None:
        """The highlighted escalation; None (saying why, when `doing`) if there is none
        or, for a step, it is resolved."""
        view = self.views.get(self._key() or "")
        if view is None:
            if doing:
                self.notify(f"There is no escalation to {doing}.", severity="warning")
            return None
        if doing and open_only and not view.is_open:
            self.notify(f"That escalation is resolved; there is nothing to {doing}.",
                        severity="warning")
            return None
        return view

    @on(DataTable.RowHighlighted, "#escalations")
    def _highlighted(self) -> None:
        self.show_story()

    def show_story(self) -> None:
        view = self.current()
        self.query_one("#story", Static).update(
            escalation_story(view, self.stories.get(view.id, []), self.now)
            if view is not None else "")

    # -- the keys -------------------------------------------------------------------
    @on(DataTable.RowSelected, "#escalations")
    async def action_open_account(self) -> None:
        view = self.current("open", open_only=False)
        if view is not None:
            await self.app.open_account(  # type: ignore[attr-defined]
                view.account_id, view.account, "escalation")

    def action_advance(self) -> None:
        view = self.current("advance")
        if view is not None:
            self.app.push_screen(advance_prompt(self.services, view), self.changed)

    def action_resolve(self) -> None:
        view = self.current("resolve")
        if view is not None:
            self.app.push_screen(resolve_prompt(self.services, view), self.changed)

    def action_toggle_resolved(self) -> None:
        self.include_resolved = not self.include_resolved
        self.load()

    def action_reload(self) -> None:
        self.load()

    def changed(self, change: Change | None) -> None:
        """Remember a saved step for `u` and read the list again."""
        if change is None:
            return
        self.app.remember(change)  # type: ignore[attr-defined]
        self.load()


__all__ = ["EscalationsScreen"]
