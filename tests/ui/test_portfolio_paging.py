"""A portfolio bigger than one page: ] and [ move between pages, the summary says which
rows are shown, and the keys are offered only when there is a page to go to."""

from helpers import settle
from textual.widgets import Static

from kamtui.store import Store
from kamtui.store.repos import Services
from kamtui.ui.app import KamApp
from kamtui.ui.screens.accounts import PAGE_SIZE, AccountsScreen

SIZE = (120, 40)


def names(screen: AccountsScreen) -> list[str]:
    assert screen.page is not None
    return [row.name for row in screen.page.rows]


async def test_next_and_previous_page(store: Store, services: Services) -> None:
    total = PAGE_SIZE + 7
    with store.transaction():
        for n in range(total):  # revenue falls with n: account 0 ranks first
            services.accounts.create({"name": f"Account {n:04d}",
                                      "annual_revenue": 1_000_000 - n})
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AccountsScreen)
        assert names(screen)[0] == "Account 0000" and len(names(screen)) == PAGE_SIZE
        assert f"showing 1–{PAGE_SIZE} of {total}" in str(
            screen.query_one("#summary", Static).visual)
        assert screen.check_action("page", (-1,)) is False
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert names(screen) == [f"Account {n:04d}" for n in range(PAGE_SIZE, total)]
        assert f"showing {PAGE_SIZE + 1}–{total} of {total}" in str(
            screen.query_one("#summary", Static).visual)
        assert screen.check_action("page", (1,)) is False
        await pilot.press("right_square_bracket")  # no page after the last: stays
        await settle(pilot)
        assert names(screen)[0] == f"Account {PAGE_SIZE:04d}"
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert names(screen)[0] == "Account 0000"


async def test_j_k_g_G_move_in_the_portfolio(store: Store, services: Services) -> None:
    for n in range(5):
        services.accounts.create({"name": f"Account {n}", "annual_revenue": 100 - n})
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.query_one("#accounts")
        table.focus()
        await pilot.press("j", "j")
        assert table.cursor_row == 2
        await pilot.press("k")
        assert table.cursor_row == 1
        await pilot.press("G")
        assert table.cursor_row == 4
        await pilot.press("g")
        assert table.cursor_row == 0
