"""The base of every tab of the account workspace. A panel reads its rows in a thread
(`read`, no Textual there) and shows them (`show`); the workspace sends it the keys that
change records: `a` adds, `e` edits, `d` deletes, each on the tab that is open.

A subclass says what it can do by overriding `add`, `edit` and `delete` (each runs in
the workspace's form worker, so it may `await self.app.push_screen_wait(...)`) and by
naming them in `CAN`; the footer then shows only those keys. Each returns the saved
`Change`, or None when nothing was saved; the workspace remembers it for `u` and
reloads every tab (the health in the header depends on all of them).
"""

import asyncio
from collections.abc import Callable
from typing import Any, ClassVar

from sqlalchemy.exc import SQLAlchemyError
from textual.binding import Binding
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

from kamtui.errors import KamError
from kamtui.store.changes import Change
from kamtui.store.records import delete_record
from kamtui.store.repos import Services
from kamtui.ui.screens.prompts import Confirm, quoted

# The workspace's keys for the panel methods.
KEYS = {"add": "a", "edit": "e", "delete": "d", "done": "x"}


class AccountPanel(Vertical):
    """One tab's whole content. `CAN` lists the keys it takes: add, edit, delete, done."""

    CAN: ClassVar[frozenset[str]] = frozenset()
    # What a/e/d/x are called in the footer on this tab ({"add": "Add contact"}); a key
    # left out keeps the workspace's plain word ("Add").
    LABELS: ClassVar[dict[str, str]] = {}
    WHAT: ClassVar[str] = "data"  # what a failed read could not read: "the contacts"

    DEFAULT_CSS = """
    AccountPanel { height: 1fr; }
    AccountPanel > DataTable { height: 1fr; min-height: 4; }
    AccountPanel > .panel-note {
        height: auto; max-height: 45%; padding: 0 1; border-top: solid $primary;
    }
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:  # noqa: ANN401
        # The labels become the panel's own bindings of the same keys, run by the screen:
        # while the panel has the focus, the footer shows them instead of the plain ones.
        # (Set before Textual's own __init_subclass__ reads BINDINGS.)
        if labels := cls.__dict__.get("LABELS"):
            own = [Binding(KEYS[name], f"screen.{name}", text,
                           id=f"account.{name}.{cls.__name__.lower()}")
                   for name, text in labels.items()]
            cls.BINDINGS = [*own, *cls.__dict__.get("BINDINGS", [])]
        super().__init_subclass__(**kwargs)

    def __init__(self, services: Services, account_id: str, **kwargs: Any) -> None:  # noqa: ANN401
        super().__init__(**kwargs)
        self.services = services
        self.account_id = account_id

    # -- reading ----------------------------------------------------------------
    def read(self) -> Any:  # noqa: ANN401 - each panel reads its own kind of rows
        """Runs in a thread: what `show` needs, from the store."""
        return None

    def show(self, data: Any) -> None:  # noqa: ANN401
        """Runs on the event loop with what `read` returned."""

    async def reload(self) -> None:
        """Read in a thread and show; a failed read is one notification."""
        try:
            data = await asyncio.to_thread(self.read)
        except (KamError, SQLAlchemyError) as err:
            self.notify(f"Could not read {self.WHAT}: {err}", severity="error",
                        markup=False)
            return
        try:
            self.show(data)
        except NoMatches:
            # The screen was closed while this read (escape right after a save): its
            # widgets are being taken down; there is nothing left to show.
            if self.is_attached and self.screen.is_current:
                raise

    def focus_content(self) -> None:
        """Give the keyboard to the panel's table (or whatever it shows first)."""
        for widget in self.query("*"):
            if widget.focusable:
                widget.focus()
                return

    # -- the keys -------------------------------------------------------------------
    async def add(self) -> Change | None:
        return None

    async def edit(self) -> Change | None:
        return None

    async def delete(self) -> Change | None:
        return None

    async def done(self) -> Change | None:
        return None

    # -- helpers for subclasses -------------------------------------------------------
    def selected(self, table: DataTable | None = None, *, empty: str = "") -> str | None:
        """The key of the row under the cursor; None (saying `empty`) when there is none."""
        table = table if table is not None else self.query_one(DataTable)
        if table.row_count == 0:
            if empty:
                self.notify(empty, severity="warning")
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    async def confirm_delete(self, what: str, step: Callable[..., Change],
                             *args: Any) -> Change | None:  # noqa: ANN401
        """Ask "Delete <what>?" (`what` is user text) and, on yes, run the step."""
        question = quoted("Delete ", what, "? (u undoes it)")
        if not await self.app.push_screen_wait(Confirm(question, yes="Delete")):
            return None
        return await self.attempt(step, *args)

    async def delete_record(self, repo_name: str, record_id: str,
                            what: str) -> Change | None:
        """Confirm, then delete the record and what it owns (one undoable step)."""
        return await self.confirm_delete(what, delete_record, self.services, repo_name,
                                         record_id)

    async def attempt(self, step: Callable[..., Any], *args: Any) -> Any:  # noqa: ANN401
        """Run a store step in a thread; a refusal is one notification and gives None."""
        try:
            return await asyncio.to_thread(step, *args)
        except KamError as err:
            self.notify(str(err), severity="warning", markup=False)
            return None


def keep_cursor(table: DataTable, key: str | None) -> None:
    """Put the cursor back on the row it was on before a reload, if it is still there."""
    if key is None:
        return
    try:
        row = table.get_row_index(key)
    except RowDoesNotExist:  # the row is gone (deleted, or filtered out)
        return
    table.move_cursor(row=row, animate=False)


__all__ = ["AccountPanel", "keep_cursor"]
