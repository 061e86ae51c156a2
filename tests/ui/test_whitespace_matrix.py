"""The whitespace matrix (w on the portfolio) through Pilot: the table matches the query,
the totals, the highlighted cell in words, space moving a cell on (and u undoing it), the
tier filter, enter opening the account, escape going back, and a narrow terminal."""

import pytest
from helpers import settle, until
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from kamtui.domain.enums import WhitespaceState
from kamtui.store import Store
from kamtui.store.repos import Services
from kamtui.store.whitespace_matrix import whitespace_matrix
from kamtui.store.whitespace_view import account_whitespace
from kamtui.ui.app import KamApp
from kamtui.ui.screens.account import AccountScreen
from kamtui.ui.screens.accounts import AccountsScreen
from kamtui.ui.screens.whitespace_matrix import (
    NO_ACCOUNTS,
    NO_PRODUCTS,
    SYMBOLS,
    WhitespaceMatrixScreen,
)

MARKUP = "[@click=app.quit]x"  # a name that would be a live link as markup


@pytest.fixture
def ids(services: Services) -> dict[str, str]:
    """Three accounts and three products: EDI and API (Integration), Academy (no line)."""
    made = {name: services.accounts.create(
        {"name": name, "tier": tier, "annual_revenue": revenue}).id
        for name, tier, revenue in ((MARKUP, "key", 300), ("Mid", "major", 200),
                                    ("Small", "standard", 100))}
    made |= {name: services.products.create({"name": name, "line": line}).id
             for name, line in (("Academy", ""), ("EDI", "Integration"),
                                ("API Pack", "Integration"))}
    for account, product, state, value, notes in (
            (MARKUP, "API Pack", "has", 1000, ""), (MARKUP, "EDI", "in_play", 500, ""),
            ("Mid", "API Pack", "open", 300, ""),
            ("Small", "EDI", "open", 200, "[b]asked[/b] for a quote")):
        services.whitespace.create({"account_id": made[account], "product_id": made[product],
                                    "state": state, "value": value, "notes": notes})
    return made


async def matrix_screen(pilot: Pilot) -> WhitespaceMatrixScreen:
    await pilot.press("2")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AccountsScreen)
    await pilot.press("w")
    await until(pilot, lambda: isinstance(pilot.app.screen, WhitespaceMatrixScreen))
    screen = pilot.app.screen
    await until(pilot, lambda: screen.matrix is not None)
    await settle(pilot)
    return screen


def plain(table: DataTable) -> list[list[str]]:
    return [[c.plain for c in table.get_row_at(i)] for i in range(table.row_count)]


def detail(screen: WhitespaceMatrixScreen) -> str:
    return str(screen.query_one("#detail", Static).visual)


def state_of(services: Services, account_id: str, product: str) -> WhitespaceState | None:
    return next(r.state for r in account_whitespace(services.store, account_id)
                if r.product == product)


async def test_the_table_is_the_query(store: Store, ids: dict[str, str]) -> None:
    app = KamApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await matrix_screen(pilot)
        table = screen.query_one("#matrix", DataTable)
        expected = whitespace_matrix(store)
        assert [str(k.value) for k in table.columns] == [
            "name", "tier", *(p.id for p in expected.products), "to_win"]
        assert [c.label.plain for c in table.columns.values()][2:5] == [
            "API\nPack", "EDI\n", "Academy\n"]
        assert [table.coordinate_to_cell_key((i, 0)).row_key.value
                for i in range(table.row_count)] == [r.account_id for r in expected.rows]
        assert plain(table) == [
            [MARKUP, "key", "●", "◐", "–", "500"],
            ["Mid", "major", "○", "–", "–", "300"],
            ["Small", "std", "–", "○", "–", "200"]]
        totals = plain(screen.query_one("#totals", DataTable))
        assert totals == [
            ["● has", "", "1", "—", "—", ""], ["◐ in play", "", "—", "1", "—", ""],
            ["○ open", "", "1", "1", "—", ""], ["to win", "", "300", "700", "—", "1.00k"]]
        summary = str(screen.query_one("#summary", Static).visual)
        assert summary.startswith("3 accounts × 3 products\n● has  ◐ in play")
        # The cursor starts on the first account's name: the account in words.
        assert detail(screen) == f"{MARKUP} · key (#1) · revenue 300 · to win 500"
        await pilot.press("right", "right", "right", "down", "down")
        assert detail(screen) == "Small · EDI (Integration): open, 200 · [b]asked[/b] for a quote"
        await pilot.press("up")
        assert detail(screen) == "Mid · EDI (Integration): unknown"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AccountsScreen)


async def test_space_moves_a_cell_on_and_u_undoes(store: Store, services: Services,
                                                   ids: dict[str, str]) -> None:
    app = KamApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await matrix_screen(pilot)
        table = screen.query_one("#matrix", DataTable)
        await pilot.press("down", "right", "right", "right")  # Mid, EDI: unknown
        for expected in ("open", "in_play", "has", "not_relevant", None):
            await pilot.press("space")
            await settle(pilot)
            assert state_of(services, ids["Mid"], "EDI") == expected
            assert table.get_row_at(1)[3].plain == SYMBOLS[
                WhitespaceState(expected) if expected else None]
        assert table.cursor_coordinate == (1, 3)  # kept through the reloads
        await pilot.press("u")
        await settle(pilot)
        assert state_of(services, ids["Mid"], "EDI") == WhitespaceState.not_relevant
        assert table.get_row_at(1)[3].plain == "·"
        await pilot.press("left", "left", "space")  # on the name: nothing to change
        await settle(pilot)
        assert state_of(services, ids["Mid"], "EDI") == WhitespaceState.not_relevant


async def test_tier_filter_and_enter_opens_the_account(store: Store,
                                                        ids: dict[str, str]) -> None:
    app = KamApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await matrix_screen(pilot)
        table = screen.query_one("#matrix", DataTable)
        await pilot.press("t")  # key
        await settle(pilot)
        assert [r[0] for r in plain(table)] == [MARKUP]
        await pilot.press("t")  # major
        await settle(pilot)
        assert [r[0] for r in plain(table)] == ["Mid"]
        assert "tier major" in str(screen.query_one("#summary", Static).visual)
        assert plain(screen.query_one("#totals", DataTable))[2][2] == "1"  # Mid's open API
        await pilot.press("right", "right", "enter")
        await until(pilot, lambda: isinstance(app.screen, AccountScreen))
        assert app.screen.account_id == ids["Mid"]
        await settle(pilot)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        await settle(pilot)
        assert [r[0] for r in plain(table)] == ["Mid"]  # the filter is kept


async def test_narrow_terminal_scrolls_the_totals_with_the_matrix(
        store: Store, services: Services) -> None:
    account = services.accounts.create({"name": "Solo", "annual_revenue": 1}).id
    for n in range(12):
        product = services.products.create({"name": f"Product {n:02}", "line": "L"}).id
        services.whitespace.create({"account_id": account, "product_id": product,
                                    "state": "open", "value": 1000 * (n + 1)})
    app = KamApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await matrix_screen(pilot)
        table = screen.query_one("#matrix", DataTable)
        totals = screen.query_one("#totals", DataTable)
        assert table.max_scroll_x > 0  # twelve products do not fit in 80 columns
        await pilot.press(*["right"] * 14)  # the To win column, the last
        await settle(pilot)
        assert table.scroll_x > 0 and totals.scroll_x == table.scroll_x
        assert detail(screen) == "Solo · standard (#1) · revenue 1 · to win 78.0k"


async def test_no_accounts_then_no_products(store: Store, services: Services) -> None:
    app = KamApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await matrix_screen(pilot)
        message = screen.query_one("#message", Static)
        assert screen.has_class("-message") and str(message.visual) == NO_ACCOUNTS
        services.accounts.create({"name": "Solo"})
        await pilot.press("r")
        await settle(pilot)
        assert screen.has_class("-message") and str(message.visual) == NO_PRODUCTS
        services.products.create({"name": "EDI"})
        await pilot.press("r")
        await settle(pilot)
        assert not screen.has_class("-message")
        assert plain(screen.query_one("#matrix", DataTable)) == [["Solo", "std", "–", "—"]]


async def test_pages(store: Store, ids: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kamtui.ui.screens.whitespace_matrix.PAGE_SIZE", 2)
    app = KamApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await matrix_screen(pilot)
        table = screen.query_one("#matrix", DataTable)
        assert [r[0] for r in plain(table)] == [MARKUP, "Mid"]
        assert "showing 1–2" in str(screen.query_one("#summary", Static).visual)
        await pilot.press("left_square_bracket")  # no page before the first
        await settle(pilot)
        assert [r[0] for r in plain(table)] == [MARKUP, "Mid"]
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert [r[0] for r in plain(table)] == ["Small"]
        # The totals still cover every account, not only this page.
        assert plain(screen.query_one("#totals", DataTable))[2][2] == "1"
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert [r[0] for r in plain(table)] == [MARKUP, "Mid"]
