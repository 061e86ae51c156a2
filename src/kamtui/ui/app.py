"""The kamtui App: wires a store to the screens, the app-wide keys and the command palette."""

import asyncio
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen
from textual.widgets import HelpPanel

from kamtui.store import Store
from kamtui.store.queries import AccountMatch, find_accounts
from kamtui.store.repos import Services
from kamtui.ui.screens.accounts import AccountsScreen
from kamtui.ui.text import SEPARATOR, highlight_match, label, money, user_text

PALETTE_LIMIT = 20


class AccountsProvider(Provider):
    """Command palette: find an account by name and put the cursor on it."""

    @property
    def kam(self) -> "KamApp":
        app = self.app
        assert isinstance(app, KamApp)
        return app

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        found = await asyncio.to_thread(find_accounts, self.kam.store, query,
                                        limit=PALETTE_LIMIT)
        for account in found:
            score = matcher.match(account.name)
            if score > 0:
                yield Hit(score, highlight_match(matcher, account.name),
                          partial(self.kam.show_account, account.id, account.name),
                          text=account.name, help=_help(account))

    async def discover(self) -> Hits:
        found = await asyncio.to_thread(find_accounts, self.kam.store, "", limit=5)
        for account in found:
            yield DiscoveryHit(user_text(account.name),
                               partial(self.kam.show_account, account.id, account.name),
                               text=account.name, help=_help(account))


def _help(account: AccountMatch) -> str:
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
    COMMANDS = App.COMMANDS | {AccountsProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Close kamtui"),
        Binding("question_mark", "toggle_help", "Keys", key_display="?", id="app.help",
                tooltip="Show or hide this list of keys"),
    ]

    def __init__(self, store: Store, services: Services | None = None, *,
                 subtitle: str | None = None) -> None:
        """`subtitle` names what is open (e.g. "sample portfolio"); the default is
        the store's path."""
        super().__init__()
        self.store = store
        self.services = services or Services(store)
        self.sub_title = subtitle if subtitle is not None else _subtitle(store.path)

    def on_mount(self) -> None:
        # What opening the store changed (a file made private, an upgrade and its
        # backup) was printed before the app took the screen: say it here too.
        for notice in self.store.notices:
            self.notify(notice, title="Store", markup=False, timeout=10)

    def get_default_screen(self) -> Screen:
        return AccountsScreen(self.store)

    def action_toggle_help(self) -> None:
        if self.screen.query(HelpPanel):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def show_account(self, account_id: str, name: str) -> None:
        """Put the cursor on an account chosen in the palette."""
        screen = self.screen
        if isinstance(screen, AccountsScreen) and screen.select_account(account_id):
            return
        self.notify(f"{name} is not on the loaded page of the portfolio.", markup=False)


def run_app(store: Store, *, subtitle: str | None = None) -> None:
    """Open the workspace on `store` in this terminal until the user quits. The caller
    closes the store."""
    KamApp(store, subtitle=subtitle).run()
