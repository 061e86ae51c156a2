"""Opening an account from the portfolio and going back without wasted work: the
portfolio reads again only when something was saved meanwhile, the workspace builds a
tab when it is first shown and the footer keeps its keys while they stay the same."""

from typing import Any

import pytest
from helpers import settle
from textual.widgets import TabbedContent
from textual.widgets._footer import FooterKey

from kamtui.store import Store
from kamtui.store.repos import Services
from kamtui.ui.app import KamApp
from kamtui.ui.screens.account import AccountScreen
from kamtui.ui.screens.accounts import AccountsScreen
from kamtui.ui.widgets.keys_footer import KeysFooter

SIZE = (120, 40)


async def test_back_on_the_portfolio_reads_it_again_only_after_a_change(
        store: Store, services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    acme = services.accounts.create({"name": "Acme", "annual_revenue": 2_000_000})
    services.accounts.create({"name": "Beta", "annual_revenue": 1_000_000})
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(pilot)
        portfolio = app.screen
        assert isinstance(portfolio, AccountsScreen)
        reads: list[Any] = []
        read = portfolio._read
        monkeypatch.setattr(portfolio, "_read", lambda *a: reads.append(a) or read(*a))

        await pilot.press("enter")  # Acme, and back: nothing changed, nothing read
        await settle(pilot)
        assert isinstance(app.screen, AccountScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is portfolio and reads == []

        await pilot.press("enter")  # saved elsewhere meanwhile: read again on return
        await settle(pilot)
        services.accounts.update(acme.id, {"name": "Acme Group"})
        await pilot.press("escape")
        await settle(pilot)
        assert len(reads) == 1
        assert portfolio.page is not None
        assert [r.name for r in portfolio.page.rows] == ["Acme Group", "Beta"]


async def test_tabs_are_built_when_first_shown_and_the_footer_kept(
        store: Store, demo: Services) -> None:
    lumera = demo.accounts.by_name("Lumera Foods")
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_account(lumera.id, "")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AccountScreen)
        assert [p.id for p in screen.query("AccountPanel")] == ["panel-profile"]
        footer = screen.query_one(KeysFooter)
        keys = list(footer.query(FooterKey))
        screen.refresh_bindings()  # the same keys: the same widgets
        await settle(pilot)
        assert list(footer.query(FooterKey)) == keys

        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert screen.query_one(TabbedContent).active == "tab-contacts"
        assert [p.id for p in screen.query("AccountPanel")] == ["panel-profile",
                                                               "panel-contacts"]
        assert app.focused is screen.query_one("#contacts")
        assert "Add contact" in [k.description for k in footer.query(FooterKey)]
