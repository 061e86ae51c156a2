"""Sync conflicts (issue 9): the fields both stores changed apart, each with the value this
store holds and the other one, where and when that was made. Enter keeps the value shown,
t takes the other; either is a change that syncs, so the conflict clears on every store.
Reached from Today (C) while any exist, and from the command palette."""

import asyncio
import sqlite3

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from kamtui.errors import KamError
from kamtui.store import Store
from kamtui.store.sync_conflicts import Conflict, list_conflicts, resolve
from kamtui.ui.text import SEPARATOR, plural, user_text
from kamtui.ui.widgets.keys_footer import KeysFooter

LIMIT = 200  # newest first; the summary says when there are more
NONE_LEFT = "No conflicts: every field holds one value on every store synced."
HOW = "enter keeps the value here, t takes the other; the next sync passes it on."


class ConflictsScreen(Screen[None]):
    """The conflicts a sync kept, newest first, settled one at a time."""

    AUTO_FOCUS = "#conflicts"
    DEFAULT_CSS = """
    ConflictsScreen #summary { height: auto; padding: 0 1; margin: 1 0 0 0; }
    ConflictsScreen #conflicts { height: 1fr; margin: 1 0 0 0; border: none; }
    ConflictsScreen #conflicts > .option-list--option { padding: 0 1; }
    ConflictsScreen #message {
        display: none; width: 1fr; height: auto; margin: 2 4; padding: 1 2;
        border: round $primary;
    }
    ConflictsScreen #message.-problem { border: round $error; color: $text-error; }
    ConflictsScreen.-message #conflicts { display: none; }
    ConflictsScreen.-message #message { display: block; }
    """
    BINDINGS = [
        Binding("question_mark", "app.toggle_help", "Keys", key_display="?",
                id="conflicts.help"),
        Binding("escape,backspace", "back", "Back", id="conflicts.back"),
        # Before the list's own enter (select), so the footer shows what it does.
        Binding("enter", "keep", "Keep", priority=True, id="conflicts.keep",
                tooltip="Keep the value shown here; the other is dropped on every store"),
        Binding("t", "take", "Take other", id="conflicts.take",
                tooltip="Take the other value; the one shown is dropped on every store"),
        Binding("j", "cursor(1)", "Down", show=False, id="conflicts.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="conflicts.up"),
        Binding("r", "reload", "Refresh", show=False, id="conflicts.reload"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.conflicts: list[Conflict] = []
        self.total = 0
        self._resolving = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="summary")
        yield OptionList(id="conflicts")
        yield Static(id="message")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#conflicts", OptionList).loading = True
        self.load()

    def action_back(self) -> None:
        self.dismiss()

    def action_reload(self) -> None:
        self.load()

    def action_cursor(self, step: int) -> None:
        options = self.query_one("#conflicts", OptionList)
        options.action_cursor_down() if step > 0 else options.action_cursor_up()

    # -- reading ------------------------------------------------------------------
    @work(exclusive=True, group="conflicts")
    async def load(self) -> None:
        """Read a page of conflicts off the event loop, then show them (the cursor stays
        at the same place)."""
        try:
            found, total = await asyncio.to_thread(list_conflicts, self.store, limit=LIMIT)
        except sqlite3.Error as err:
            self._show([], 0, f"Could not read the conflicts: {err.__class__.__name__}. "
                              "Try again; if it persists, run 'kamtui info'.")
            return
        self._show(found, total, None)

    def _show(self, found: list[Conflict], total: int, problem: str | None) -> None:
        self.conflicts, self.total = found, total
        options = self.query_one("#conflicts", OptionList)
        at = options.highlighted or 0
        options.loading = False
        rows: list[Option | None] = []  # None: a rule between two conflicts
        for item in found:
            rows += [Option(_prompt(item), id=item.ref), None]
        options.set_options(rows[:-1])
        if found:
            options.highlighted = min(at, len(found) - 1)
        message = self.query_one("#message", Static)
        message.update(user_text(problem or NONE_LEFT))
        message.set_class(problem is not None, "-problem")
        self.set_class(problem is not None or not found, "-message")
        self.query_one("#summary", Static).update(_summary(len(found), total))

    # -- settling -------------------------------------------------------------------
    @property
    def current(self) -> Conflict | None:
        at = self.query_one("#conflicts", OptionList).highlighted
        return self.conflicts[at] if at is not None and at < len(self.conflicts) else None

    @on(OptionList.OptionSelected, "#conflicts")
    def _chosen(self) -> None:  # a click on a conflict
        self.action_keep()

    def action_keep(self) -> None:
        self._settle(take=False)

    def action_take(self) -> None:
        self._settle(take=True)

    def _settle(self, *, take: bool) -> None:
        item = self.current
        if item is None:
            self.notify(NONE_LEFT if not self.conflicts else "Nothing is selected.",
                        severity="warning", markup=False)
        elif not self._resolving:
            self._resolving = True  # a second key press while saving does nothing
            self.settle(item, take)

    @work(group="conflicts-resolve")
    async def settle(self, item: Conflict, take: bool) -> None:
        from sqlalchemy.exc import SQLAlchemyError  # loaded by then: resolve uses it

        try:
            said = await asyncio.to_thread(resolve, self.store, item.ref, take=take)
        except KamError as err:  # settled since, e.g. from the command line
            self.notify(str(err), title="Not resolved", severity="warning", markup=False)
        except (SQLAlchemyError, sqlite3.Error) as err:
            self.notify(f"Not saved: the store refused ({err.__class__.__name__}). "
                        "Try again.", title="Not resolved", severity="error", markup=False)
        else:
            self.notify(said, markup=False)
        finally:
            self._resolving = False
        self.load()


def _prompt(item: Conflict) -> Content:
    """Three lines: the record and field, the value here, the other and where it came
    from. Every value is user text: never markup."""
    return Content("\n").join([
        Content.assemble(user_text(item.what, "bold"), (SEPARATOR, "dim"),
                         user_text(item.label, "$text-accent"), (SEPARATOR, "dim"),
                         user_text(item.row[:8], "dim")),  # two records may share a name
        Content.assemble(("  here   ", "dim"), user_text(item.here)),
        Content.assemble(("  other  ", "dim"), user_text(item.other), ("   from ", "dim"),
                         user_text(f"{item.source}, {item.when}", "dim")),
    ])


def _summary(shown: int, total: int) -> Content:
    """'2 sync conflicts: both stores changed these fields apart.' and what the keys do."""
    if not total:
        return Content("")
    these = "this field" if total == 1 else "these fields"
    first = f"{plural(total, 'sync conflict')}: both stores changed {these} apart."
    if shown < total:
        first += f" The newest {shown} are shown; resolve some to see the rest."
    return Content.assemble(first, "\n", (HOW, "dim"))
