"""The kamtui App: wires a store to the screens, the app-wide keys and the command palette."""

import asyncio
import gc
import signal
import sqlite3
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from functools import partial
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar
from weakref import WeakKeyDictionary

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.screen import ModalScreen, Screen

from kamtui.clock import today
from kamtui.errors import KamError
from kamtui.store import Store
from kamtui.ui.screens.today import TodayScreen
from kamtui.ui.text import SEPARATOR, day, highlight_match, label, money, user_text

# Only the Today screen loads with the app: its checklist is plain SQL. The rest (SQLModel,
# the other screens, ~0.6 s) loads on first use, or in a thread once Today shows (warm_up).
LATER = ("kamtui.store.repos", "kamtui.store.changes", "kamtui.store.finders",
         "kamtui.store.queries", "kamtui.ui.screens.accounts", "kamtui.ui.screens.account",
         "kamtui.ui.screens.action_form", "kamtui.ui.screens.plan",
         "kamtui.ui.screens.escalations", "kamtui.ui.screens.touchpoint_form")
if TYPE_CHECKING:
    from kamtui.store.changes import Change
    from kamtui.store.queries import AccountMatch
    from kamtui.store.repos import Services
    from kamtui.store.today import Checklist

PALETTE_LIMIT = 20
UNDO_DEPTH = 100


class _KamProvider(Provider):
    @property
    def kam(self) -> "KamApp":
        app = self.app
        assert isinstance(app, KamApp)
        return app


class AccountsProvider(_KamProvider):
    """Command palette: find an account by name and go to it."""

    async def search(self, query: str) -> Hits:
        from kamtui.store.queries import find_accounts

        matcher = self.matcher(query)
        found = await asyncio.to_thread(find_accounts, self.kam.store, query,
                                        limit=PALETTE_LIMIT)
        for account in found:
            score = matcher.match(account.name)
            if score > 0:
                yield Hit(score, highlight_match(matcher, account.name),
                          partial(self.kam.open_account, account.id, account.name),
                          text=account.name, help=_help(account))

    async def discover(self) -> Hits:
        from kamtui.store.queries import find_accounts

        found = await asyncio.to_thread(find_accounts, self.kam.store, "", limit=5)
        for account in found:
            yield DiscoveryHit(user_text(account.name),
                               partial(self.kam.open_account, account.id, account.name),
                               text=account.name, help=_help(account))


class ContactsProvider(_KamProvider):
    """Command palette: find a contact by name and go to their account."""

    async def search(self, query: str) -> Hits:
        from kamtui.store.finders import find_contacts

        matcher = self.matcher(query)
        found = await asyncio.to_thread(find_contacts, self.kam.store, query,
                                        limit=PALETTE_LIMIT)
        for contact in found:
            score = matcher.match(contact.name)
            if score > 0:
                # The account name is user text: it goes in the hit itself, never in the
                # help line, which the palette parses as markup.
                shown = Content.assemble(highlight_match(matcher, contact.name),
                                         Content.styled(SEPARATOR, "dim"),
                                         user_text(contact.account, "dim"))
                yield Hit(score * 0.9, shown,
                          partial(self.kam.open_account, contact.account_id, contact.account),
                          text=contact.name, help="contact · opens the account")


class ActionsProvider(_KamProvider):
    """Command palette: find an action item by title; it opens in the action form."""

    async def search(self, query: str) -> Hits:
        from kamtui.store.finders import find_actions

        matcher = self.matcher(query)
        found = await asyncio.to_thread(find_actions, self.kam.store, query,
                                        limit=PALETTE_LIMIT)
        for action in found:
            score = matcher.match(action.title)
            if score > 0:
                shown = Content.assemble(highlight_match(matcher, action.title),
                                         Content.styled(SEPARATOR, "dim"),
                                         user_text(action.account, "dim"))
                yield Hit(score * 0.8, shown, partial(self.kam.edit_action, action.id),
                          text=action.title,
                          help=SEPARATOR.join(("action", label(action.status),
                                               f"due {day(action.deadline)}")))


def _help(account: "AccountMatch") -> str:
    # Help text is parsed as markup by the palette: only our own words go in it.
    return SEPARATOR.join(("account", label(account.tier), money(account.annual_revenue),
                           label(account.status)))


def _subtitle(path: Path) -> str:
    try:
        return f"~/{path.relative_to(Path.home())}"
    except ValueError:
        return str(path)


class KamApp(App[None]):
    """The key account manager's workspace on one store."""

    TITLE = "kamtui"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {AccountsProvider, ContactsProvider, ActionsProvider}
    DEFAULT_MODE = "today"
    WATCH_SECONDS = 2.0  # how often to look for what another kamtui saved to the store
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Close kamtui"),
        Binding("question_mark", "toggle_help", "Keys", key_display="?", id="app.help",
                tooltip="Show or hide this list of keys"),
        Binding("1", "switch_mode('today')", "Today", show=False, id="app.today"),
        Binding("2", "switch_mode('accounts')", "Accounts", show=False, id="app.accounts"),
        Binding("3", "switch_mode('plan')", "Plan", show=False, id="app.plan"),
        Binding("4", "switch_mode('escalations')", "Escalations", show=False,
                id="app.escalations"),
    ]

    def __init__(self, store: Store, services: "Services | None" = None, *,
                 subtitle: str | None = None, ahead: "Future[Checklist] | None" = None,
                 ) -> None:
        """`subtitle` names what is open (e.g. "sample portfolio"); the default is
        the store's path. `ahead`: today's checklist being read ahead (`read_ahead`)."""
        super().__init__()
        self.store = store
        self._services = services
        self.sub_title = subtitle if subtitle is not None else _subtitle(store.path)
        self.changes: list[Change] = []  # what `u` undoes, newest last
        self._ahead = ahead
        self.add_mode("today", self._today_screen)
        self.add_mode("accounts", self._accounts_screen)
        self.add_mode("plan", self._plan_screen)
        self.add_mode("escalations", self._escalations_screen)

    @property
    def services(self) -> "Services":
        """The store's services (SQLModel), made on first use."""
        if self._services is None:
            from kamtui.store.repos import Services

            self._services = Services(self.store)
        return self._services

    def _today_screen(self) -> Screen:
        ahead, self._ahead = self._ahead, None  # the first Today only: it is read once
        return TodayScreen(self.store, ahead)

    def _accounts_screen(self) -> Screen:
        from kamtui.ui.screens.accounts import AccountsScreen

        return AccountsScreen(self.store)

    def _plan_screen(self) -> Screen:
        from kamtui.ui.screens.plan import PlanScreen

        return PlanScreen(self.services)

    def _escalations_screen(self) -> Screen:
        from kamtui.ui.screens.escalations import EscalationsScreen

        return EscalationsScreen(self.services)

    @work(thread=True, group="warm-up", exit_on_error=False)
    def warm_up(self) -> None:
        """Load what the other screens and the edits need, in a thread, so the first key
        that needs it does not wait. The Today screen calls it once it shows."""
        for module in LATER:
            import_module(module)
        # What is loaded by now lives as long as the app: kept out of the collector's
        # sight, a full collection (now and then, on some key) takes ~25 ms, not ~100 ms.
        gc.freeze()

    def on_mount(self) -> None:
        # What opening the store changed (a file made private, an upgrade and its
        # backup) was printed before the app took the screen: say it here too.
        for notice in self.store.notices:
            self.notify(notice, title="Store", markup=False, timeout=10)
        # The store's version each screen last showed (one PRAGMA, measured well under
        # a millisecond: fine on the event loop once).
        self._opened_at = self.store.version()
        self._shown: WeakKeyDictionary[Screen, int] = WeakKeyDictionary()
        self.set_interval(self.WATCH_SECONDS, self._look_for_changes, name="store-watch")

    async def _look_for_changes(self) -> None:
        """Show what was saved elsewhere (another kamtui, the command line): when the store
        changed since the current screen last read it, read it again, as `r` does (the
        cursor stays). Not under an open form or while the screen is still reading or
        saving; the next look tries again."""
        try:
            version = await asyncio.to_thread(self.store.version)
        except sqlite3.Error:
            return
        if not self.screen_stack:
            return
        screen = self.screen
        if isinstance(screen, ModalScreen) or any(
                not w.is_finished and screen in w.node.ancestors_with_self
                for w in self.workers):
            return
        if self._shown.setdefault(screen, self._opened_at) == version:
            return
        self._shown[screen] = version
        if callable(load := getattr(screen, "load", None)):
            load()

    def action_toggle_help(self) -> None:
        if self.screen.query("HelpPanel"):  # by name: its import (Markdown) costs ~40 ms
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    # -- undo -------------------------------------------------------------------------
    def remember(self, change: "Change") -> None:
        """Keep a saved step for `u` and say what it did (the description may quote
        user text: never markup)."""
        self.changes.append(change)
        del self.changes[:-UNDO_DEPTH]
        self.notify(change.description, markup=False)

    async def action_undo(self) -> None:
        if not self.changes:
            self.notify("Nothing to undo.", severity="warning")
            return
        from kamtui.store.changes import undo

        change = self.changes.pop()
        try:
            said = await asyncio.to_thread(undo, self.store, change)
        except KamError as err:  # changed since, e.g. from the command line
            self.notify(str(err), title="Not undone", severity="warning", markup=False)
            return
        self.notify(said, markup=False)
        # Each screen shows the store again its own way: Today keeps the cursor on the
        # undone item, the others read their page again.
        screen = self.screen
        if isinstance(screen, TodayScreen):
            screen.undone(change)
        elif callable(load := getattr(screen, "load", None)):
            load()

    # -- going places ---------------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Sync conflicts", "The fields two stores changed apart, to "
                            "resolve", self.action_conflicts)

    def action_conflicts(self) -> None:
        """Open the sync conflicts over the current screen (escape comes back)."""
        from kamtui.ui.screens.conflicts import ConflictsScreen

        if not isinstance(self.screen, ConflictsScreen):
            self.push_screen(ConflictsScreen(self.store))

    async def open_account(self, account_id: str, name: str, tab: str | None = None) -> None:
        """Open the account's workspace over the current screen (escape comes back),
        on `tab` (e.g. "escalation") if given."""
        from kamtui.ui.screens.account import AccountScreen

        screen = self.screen
        if isinstance(screen, AccountScreen) and screen.account_id == account_id:
            if tab is not None:
                screen.show_tab(tab)
            return
        await self.push_screen(AccountScreen(self.services, account_id, tab=tab))

    @work(group="palette-form")
    async def edit_action(self, action_id: str) -> None:
        """Open an action item (found in the palette) in the form."""
        from kamtui.ui.screens.action_form import AccountChoice, ActionForm

        try:
            action = await asyncio.to_thread(self.services.actions.get, action_id)
            account = await asyncio.to_thread(self.services.accounts.get, action.account_id)
        except KamError as err:
            self.notify(str(err), severity="warning", markup=False)
            return
        form = ActionForm(self.services, today(), action=action,
                          account=AccountChoice(account.id, account.name))
        change = await self.push_screen_wait(form)
        if change is not None:
            self.remember(change)
            if isinstance(self.screen, TodayScreen):
                self.screen.load()


def run_app(app: KamApp) -> None:
    """Run the workspace in this terminal until the user quits. The caller closes the
    store."""
    with _exit_on_signals(app):
        app.run()


@contextmanager
def _exit_on_signals(app: App) -> Iterator[None]:
    """A dropped SSH connection (SIGHUP) or a polite kill (SIGTERM) closes the app as `q`
    does, so the terminal is restored; every saved edit is already committed."""

    def stop(signum: int, _frame: object) -> None:
        try:  # handlers run on the main thread, inside the app's event loop
            asyncio.get_running_loop().call_soon_threadsafe(app.exit)
        except RuntimeError:  # not running yet, or already done
            raise SystemExit(128 + signum) from None

    wanted = [s for s in ("SIGHUP", "SIGTERM") if hasattr(signal, s)]
    before = {sig: signal.signal(getattr(signal, sig), stop) for sig in wanted}
    try:
        yield
    finally:
        for sig, handler in before.items():
            signal.signal(getattr(signal, sig), handler)
