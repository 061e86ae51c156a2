"""The Today screen: the daily operations checklist (DOMAIN step 8), the home screen.
Every section under its heading; one key acts on the selected row."""

import asyncio
import sqlite3
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from kamtui.clock import today
from kamtui.domain.enums import ActionStatus
from kamtui.errors import KamError
from kamtui.store import Store
from kamtui.store.settings import load_settings
from kamtui.store.today import (
    ROW_LIMIT,
    Checklist,
    ChecklistItem,
    ItemKind,
    Section,
    checklist,
)
from kamtui.ui.screens.today_filter import FILTER_HINT, ParsedFilter, parse_filter, resolve
from kamtui.ui.text import SEPARATOR, ThemeStyles
from kamtui.ui.widgets.checklist import ChecklistTable, Widths, item_key
from kamtui.ui.widgets.keys_footer import KeysFooter

# What edits need (SQLModel, the forms) loads on the first edit, or in the background
# once the checklist shows (KamApp.warm_up): the checklist itself is plain SQL.
if TYPE_CHECKING:
    from kamtui.store.changes import Change
    from kamtui.store.repos import Services


def _lifecycle():  # noqa: ANN202 - the module kamtui.store.actions
    from kamtui.store import actions

    return actions

WARM_UP_AFTER = 0.5  # seconds after the checklist first shows

COUNTED = {Section.overdue: ("overdue", "overdue"), Section.due_today: ("today", "today"),
           Section.upcoming: ("coming up", "coming up"),
           Section.touchpoints: ("touchpoint", "touchpoints"),
           Section.renewals: ("renewal", "renewals"),
           Section.escalations: ("escalation", "escalations"),
           Section.reviews: ("plan/review", "plans/reviews")}


EMPTY_STORE = Content.from_markup(
    "[b]No accounts yet.[/b] Try [b]kamtui demo[/b] to look around a sample portfolio.")


class TodayScreen(Screen[None]):
    """Everything that needs the KAM today, most pressing first."""

    AUTO_FOCUS = "#checklist"
    DEFAULT_CSS = """
    TodayScreen #filter { display: none; margin: 1 1 0 1; background: $boost; }
    TodayScreen.-filtering #filter { display: block; }
    TodayScreen #summary { height: auto; padding: 0 1; margin: 1 0 0 0; }
    TodayScreen #sync { display: none; height: auto; padding: 0 1; }
    TodayScreen #sync.-shown { display: block; }
    TodayScreen #checklist { height: 1fr; margin: 1 0 0 0; }
    """

    BINDINGS = [
        # First, so a narrow footer still shows where the rest of the keys are.
        Binding("question_mark", "app.toggle_help", "Keys", key_display="?", id="today.help"),
        Binding("enter", "open_account", "Open", id="today.open",
                tooltip="Open the selected row's account"),
        Binding("x,space", "done", "Done", key_display="x", id="today.done",
                tooltip="Mark the action done (a touchpoint: contacted today)"),
        Binding("s", "snooze", "+1d", id="today.snooze", tooltip="Snooze one day"),
        Binding("S", "snooze_until", "Snooze", id="today.snooze_until",
                tooltip="Snooze to a date you type"),
        Binding("o", "reassign", "Owner", id="today.reassign",
                tooltip="Give the action to someone else"),
        Binding("e", "edit", "Edit", id="today.edit", tooltip="Edit every field of the action"),
        Binding("a", "add", "Add", id="today.add",
                tooltip="Add an action (for the selected row's account)"),
        Binding("t", "touch", "Touch", id="today.touch",
                tooltip="Log a touchpoint with the selected contact"),
        Binding("slash", "filter", "Filter", key_display="/", id="today.filter",
                tooltip="Filter by words, owner:me|team|customer, account:NAME"),
        Binding("u", "app.undo", "Undo", id="today.undo", tooltip="Undo the last change"),
        Binding("w", "waiting", "Waiting", show=False, id="today.waiting",
                tooltip="Mark the action as waiting on someone (again: open)"),
        Binding("c", "cancel_action", "Cancel action", show=False, id="today.cancel"),
        Binding("d", "delete", "Delete", show=False, id="today.delete",
                tooltip="Delete the action (asks first)"),
        Binding("C", "app.conflicts", "Conflicts", show=False, id="today.conflicts",
                tooltip="The sync conflicts to resolve"),
        Binding("r", "reload", "Refresh", show=False, id="today.reload",
                tooltip="Read the store again (after changes from the command line)"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="today.unfilter"),
    ]

    def __init__(self, store: Store, ahead: "Future[Checklist] | None" = None) -> None:
        """`ahead`: today's checklist, read ahead while the app loaded (`read_ahead`)."""
        super().__init__()
        self.store = store
        self.ahead = ahead
        self.checklist: Checklist | None = None
        self.filter = ParsedFilter()
        self.empty_store = False  # no accounts at all: say how to start
        self.warmed = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            yield Input(placeholder=FILTER_HINT, id="filter", compact=True)
            yield Static(id="summary")
            yield Static(id="sync")
            yield ChecklistTable(id="checklist")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.table.loading = True
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._show())
        # After the first layout: the checklist can come back sooner than that, and rows
        # shown before it scroll by a row, or not, depending on the race.
        self.call_after_refresh(self.load)

    def on_screen_resume(self) -> None:
        if self.checklist is not None:  # back from another screen: it may have changed
            self.load()

    def on_resize(self) -> None:
        # Start-up sends several resizes of one size: the rows are remade only when the
        # columns' widths change (remaking hundreds of rows is the costly part).
        if self.table.shown_widths != Widths.for_width(self.size.width):
            self._show()

    @property
    def services(self) -> "Services":
        return self.app.services  # type: ignore[attr-defined]

    @property
    def table(self) -> ChecklistTable:
        return self.query_one(ChecklistTable)

    @property
    def current(self) -> ChecklistItem | None:
        return self.table.current

    # -- reading ------------------------------------------------------------------
    @work(exclusive=True, group="today")
    async def load(self, keep: str | None = None, *, stay: bool = False) -> None:
        """Read the checklist off the event loop, then show it: the cursor on `keep`, or
        (`stay`) at the same place, or on the row it was on."""
        day = today()
        ahead, self.ahead = self.ahead, None  # good for the first read only
        try:
            found = await asyncio.wrap_future(ahead) if ahead is not None else None
            if found is None or found.day != day or self.filter.active:
                where = await asyncio.to_thread(resolve, self.store, self.filter)
                found = await asyncio.to_thread(
                    lambda: checklist(self.store, day, settings=load_settings(self.store),
                                      where=where, limit=ROW_LIMIT))
        except KamError as err:  # a filter naming no account: said where the count goes
            self.query_one("#summary", Static).update(Content.styled(str(err), "$text-warning"))
            self.table.loading = False
            return
        except sqlite3.Error as err:
            self.table.loading = False
            self.notify(f"Could not read the checklist: {err.__class__.__name__}.",
                        title="Store", severity="error", markup=False, timeout=10)
            return
        self.checklist = found
        self.empty_store = (not any(page.total for page in found.sections)
                            and not self.filter.active
                            and await asyncio.to_thread(self.services.accounts.count) == 0)
        self._show(keep, stay=stay)
        self.table.loading = False
        if not self.warmed:  # shown: load what edits and the other screens need, once
            self.warmed = True  # it has been painted (the import holds the GIL ~0.5 s)
            self.set_timer(WARM_UP_AFTER, self.app.warm_up)  # type: ignore[attr-defined]

    def _show(self, keep: str | None = None, *, stay: bool = False) -> None:
        if self.checklist is None:
            return
        if keep is None and not stay and self.current is not None:
            keep = item_key(self.current)
        self.table.show(self.checklist, ThemeStyles.from_theme(self.app.theme_variables),
                        Widths.for_width(self.size.width), keep=keep)
        self.query_one("#summary", Static).update(
            EMPTY_STORE if self.empty_store else _summary(self.checklist, self.filter))
        notes = self.checklist.sync.notes("press C")  # conflicts waiting, sync overdue
        line = self.query_one("#sync", Static)
        line.update(Content.styled("\n".join(notes), "$text-warning"))
        line.set_class(bool(notes), "-shown")

    def action_reload(self) -> None:
        self.load()

    # -- changing -------------------------------------------------------------------
    async def change(self, work_fn: Callable[..., Any], *args: Any, follow: bool = False,
                     **kwargs: Any) -> None:
        """Run one store step in a thread; remember its Change for undo and say what it
        did. The cursor stays on the row (`follow`) or at the same place."""
        from sqlalchemy.exc import SQLAlchemyError  # loaded by then: work_fn uses it

        item = self.current
        try:
            result = await asyncio.to_thread(work_fn, *args, **kwargs)
        except KamError as err:
            self.notify(str(err), severity="warning", markup=False)
            return
        except SQLAlchemyError as err:
            self.notify(f"Not saved: the store refused ({err.__class__.__name__}). "
                        "Try again.", severity="error", markup=False)
            return
        done = result[0] if isinstance(result, tuple) else result
        self.changed(done, keep=item_key(item) if follow and item else None)

    def changed(self, change: "Change | None", keep: str | None = None) -> None:
        if change is None:
            return
        self.app.remember(change)  # type: ignore[attr-defined]
        self.load(keep, stay=keep is None)

    def undone(self, change: "Change") -> None:
        """After `u`: show the checklist again with the cursor on what came back."""
        keys = {"action_item": ItemKind.action, "contact": ItemKind.touchpoint}
        keep = next((f"{keys[row.table]}:{row.id}" for row in change.rows
                     if row.table in keys and row.before is not None), None)
        self.load(keep)

    def _action(self) -> ChecklistItem | None:
        """The selected row if it is an action item; else say what the key is for."""
        item = self.current
        if item is None:
            self.notify("Nothing is selected.", severity="warning")
        elif item.kind != ItemKind.action:
            self.notify("That key works on action items; this row is "
                        f"{_a(item.kind)}. Enter opens its account.", severity="warning")
            return None
        return item

    async def action_done(self) -> None:
        item = self.current
        if item is not None and item.kind == ItemKind.touchpoint:
            await self.change(_lifecycle().log_touchpoint, self.services, item.id,
                              on=today(), today=today())
        elif self._action():
            await self.change(_lifecycle().complete_action, self.services, item.id, today())

    async def action_snooze(self) -> None:
        if item := self._action():
            steps = _lifecycle()
            until = steps.one_day_later(item.due, today())
            await self.change(steps.snooze_action, self.services, item.id, until, today())

    def action_snooze_until(self) -> None:
        from kamtui.ui.screens.prompts import DatePrompt, quoted

        if item := self._action():
            async def chosen(until: object) -> None:
                if until is not None:
                    await self.change(_lifecycle().snooze_action, self.services, item.id, until,
                                      today(), follow=True)

            self.app.push_screen(DatePrompt(quoted("Snooze ", item.title, " until"), today(),
                                            field="Snooze until"), chosen)

    async def action_waiting(self) -> None:
        if item := self._action():
            status = (ActionStatus.open if item.status == ActionStatus.waiting
                      else ActionStatus.waiting)
            await self.change(_lifecycle().set_status, self.services, item.id, status,
                              follow=True)

    async def action_cancel_action(self) -> None:
        if item := self._action():
            await self.change(_lifecycle().set_status, self.services, item.id,
                              ActionStatus.cancelled)

    def action_reassign(self) -> None:
        from kamtui.ui.screens.pickers import OwnerPicker
        from kamtui.ui.screens.prompts import quoted

        if item := self._action():
            async def chosen(owner: object) -> None:
                if owner is not None:
                    await self.change(_lifecycle().reassign_action, self.services, item.id, owner,
                                      follow=True)

            self.app.push_screen(OwnerPicker(self.services, item.account_id,
                                             quoted("Who owns ", item.title, "?")), chosen)

    def action_delete(self) -> None:
        from kamtui.ui.screens.prompts import Confirm, quoted

        if item := self._action():
            async def answered(yes: bool | None) -> None:
                if yes:
                    await self.change(_lifecycle().delete_action, self.services, item.id)

            self.app.push_screen(Confirm(quoted("Delete ", item.title, "? (u undoes it)"),
                                         yes="Delete"), answered)

    @work(group="today-form")
    async def action_edit(self) -> None:
        from kamtui.ui.screens.action_form import AccountChoice, ActionForm

        if item := self._action():
            action = await asyncio.to_thread(self.services.actions.get, item.id)
            form = ActionForm(self.services, today(), action=action,
                              account=AccountChoice(item.account_id, item.account))
            self.changed(await self.app.push_screen_wait(form), keep=item_key(item))

    @work(group="today-form")
    async def action_add(self) -> None:
        from kamtui.ui.screens.action_form import AccountChoice, ActionForm

        item = self.current
        account = AccountChoice(item.account_id, item.account) if item else None
        form = ActionForm(self.services, today(), account=account)
        self.changed(await self.app.push_screen_wait(form))

    @work(group="today-form")
    async def action_touch(self) -> None:
        from kamtui.ui.screens.touchpoint_form import TouchpointForm

        item = self.current
        if item is None:
            self.notify("Select a row of the account first.", severity="warning")
            return
        name = item.title if item.kind == ItemKind.touchpoint else (
            item.owner if item.contact_id else "")
        form = TouchpointForm(self.services, today(), account_id=item.account_id,
                              account_name=item.account, contact_name=name)
        self.changed(await self.app.push_screen_wait(form), keep=item_key(item))

    @on(ChecklistTable.RowSelected)
    async def _row_chosen(self) -> None:  # a click on a row (enter is the screen's binding)
        await self.action_open_account()

    async def action_open_account(self) -> None:
        if item := self.current:
            await self.app.open_account(item.account_id, item.account)  # type: ignore[attr-defined]

    # -- filtering --------------------------------------------------------------------
    def action_filter(self) -> None:
        self.add_class("-filtering")
        self.query_one("#filter", Input).focus()

    @on(Input.Changed, "#filter")
    def _filter_typed(self, event: Input.Changed) -> None:
        self.filter = parse_filter(event.value)
        self.load()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        if not self.query_one("#filter", Input).value.strip():
            self.remove_class("-filtering")
        self.table.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if box.value:
            box.value = ""  # Changed reloads
        self.remove_class("-filtering")
        self.table.focus()


def _a(kind: ItemKind) -> str:
    word = {ItemKind.touchpoint: "a touchpoint", ItemKind.renewal: "a renewal",
            ItemKind.escalation: "an escalation", ItemKind.plan: "a plan",
            ItemKind.review: "a review", ItemKind.action: "an action"}
    return word[kind]


def _summary(found: Checklist, where: ParsedFilter) -> Content:
    """'Sunday 22 November 2026 · 10 overdue · 5 due today · …'."""
    parts = [Content.styled(f"{found.day:%a %d %b %Y}", "bold")]
    for page in found.sections:
        if page.total:
            style = "$text-error" if page.section == Section.overdue else ""
            word = COUNTED[page.section][page.total != 1]
            parts.append(Content.assemble((str(page.total), f"bold {style}".strip()),
                                          f" {word}"))
    if len(parts) == 1:
        parts.append(Content("nothing needs you today"))
    if where.active:
        parts.append(Content.assemble(Content.styled("filter: ", "dim"), where.describe()))
    return Content(SEPARATOR).join(parts)

