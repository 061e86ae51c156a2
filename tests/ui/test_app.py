"""The app on a real (temp) store, driven through Pilot: the portfolio table (screen 2), keys,
the command palette and user text that looks like markup."""


import pytest
from helpers import until
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable, HelpPanel, Static

from kamtui.errors import KamError
from kamtui.store import Store
from kamtui.store.queries import PortfolioSort, find_accounts
from kamtui.store.repos import Services
from kamtui.ui import text
from kamtui.ui.app import KamApp
from kamtui.ui.screens import accounts as accounts_screen
from kamtui.ui.screens.account import AccountScreen
from kamtui.ui.screens.accounts import AccountsScreen
from kamtui.ui.widgets.portfolio_table import SORT_TITLES

SIZE = (120, 40)
MARKUP_NAMES = ["[/]", "[@click=app.quit]x[/]", "[b]bold[/b] & [red]co"]


@pytest.fixture
def portfolio(services: Services) -> dict[str, str]:
    """Three accounts created out of revenue order, with names that look like markup."""
    ids = {}
    for name, revenue in [(MARKUP_NAMES[0], 200_000), (MARKUP_NAMES[1], 900_000),
                          (MARKUP_NAMES[2], 50_000), ("Gamma Foods", 400_000)]:
        ids[name] = services.accounts.create(
            {"name": name, "annual_revenue": revenue, "industry": "[i]Retail"}).id
    return ids


async def loaded(pilot: Pilot) -> AccountsScreen:
    """Go to the portfolio (screen 2) and wait until it has been read and shown."""
    if not isinstance(pilot.app.screen, AccountsScreen):
        await pilot.press("2")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, AccountsScreen)
    return screen


def table_of(app: KamApp) -> DataTable:
    return app.screen.query_one("#accounts", DataTable)


def column(table: DataTable, key: str) -> list[str]:
    return [cell.plain for cell in table.get_column(key)]


def cursor_key(table: DataTable) -> str | None:
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


async def test_accounts_in_revenue_order(store: Store, portfolio: dict[str, str]) -> None:
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        table = table_of(app)
        assert column(table, "name") == [MARKUP_NAMES[1], "Gamma Foods", MARKUP_NAMES[0],
                                         MARKUP_NAMES[2]]
        assert column(table, "revenue") == ["900k", "400k", "200k", "50.0k"]
        assert column(table, "cumulative") == ["58%", "84%", "97%", "100%"]
        assert [row.key.value for row in table.ordered_rows][0] == portfolio[MARKUP_NAMES[1]]
        summary = app.screen.query_one("#summary", Static).visual
        assert "4 accounts" in str(summary) and "1.55M" in str(summary)
        assert app.sub_title.endswith("kamtui.db")  # the store's path


async def test_markup_like_names_shown_verbatim(store: Store,
                                                portfolio: dict[str, str]) -> None:
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert sorted(column(table_of(app), "name")) == sorted([*MARKUP_NAMES, "Gamma Foods"])
        assert set(column(table_of(app), "industry")) == {"[i]Retail"}
        shot = app.export_screenshot()
        for name in ("[/]", "[@click=app.quit]x[/]", "[b]bold[/b]"):
            assert name in shot
        # The first row is "[@click=app.quit]x[/]": clicking it must not quit.
        await pilot.click("#accounts", offset=(4, 1))
        await pilot.pause()
        assert app.is_running
        # A click on the selected row opens that account; its name is still just text.
        assert isinstance(app.screen, AccountScreen)
        assert app.screen.account_id == portfolio[MARKUP_NAMES[1]]
        assert app.is_running


async def test_q_quits(store: Store, portfolio: dict[str, str]) -> None:
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_question_mark_toggles_the_keys(store: Store, portfolio: dict[str, str]) -> None:
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert not app.screen.query(HelpPanel)
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query(HelpPanel)
        await pilot.press("question_mark")
        await pilot.pause()
        assert not app.screen.query(HelpPanel)


async def test_palette_query_finds_accounts(store: Store, portfolio: dict[str, str]) -> None:
    assert [a.name for a in find_accounts(store, "gamma")] == ["Gamma Foods"]
    assert [a.id for a in find_accounts(store, "click")] == [portfolio[MARKUP_NAMES[1]]]


async def test_palette_opens_the_account(store: Store,
                                               portfolio: dict[str, str]) -> None:
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        table = table_of(app)
        assert cursor_key(table) == portfolio[MARKUP_NAMES[1]]
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"[b]bold")
        palette = app.screen

        def found() -> bool:
            options = palette.query_one("CommandList").options
            return any("[b]bold[/b] & [red]co" in str(option.prompt) for option in options)

        await until(pilot, found)
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, AccountScreen))
        assert app.screen.account_id == portfolio[MARKUP_NAMES[2]]
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        header = str(app.screen.query_one("#account-header", Static).visual)
        assert "[b]bold[/b] & [red]co" in header
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, AccountsScreen))
        assert cursor_key(table) == portfolio[MARKUP_NAMES[1]]


async def test_the_portfolio_is_paged(store: Store, portfolio: dict[str, str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts_screen, "PAGE_SIZE", 2)
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        assert table_of(app).row_count == 2
        assert "showing 1–2 of 4" in str(app.screen.query_one("#summary", Static).visual)
        assert not screen.select_account(portfolio["[/]"])  # not on the loaded page
        assert set(column(table_of(app), "score")) != {"—"}  # scored, page only


async def test_reload_and_wider_terminal(store: Store, services: Services,
                                          portfolio: dict[str, str]) -> None:
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        long_name = "Hallbergs Industrial Components Group"
        services.accounts.create({"name": long_name, "annual_revenue": 5_000_000})
        await pilot.press("r")
        await loaded(pilot)
        table = table_of(app)
        assert table.row_count == 5
        assert column(table, "name")[0] == "Hallbergs Industrial …"
        assert cursor_key(table) == portfolio[MARKUP_NAMES[1]]  # the cursor stayed put
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        assert column(table_of(app), "name")[0] == long_name
        assert cursor_key(table_of(app)) == portfolio[MARKUP_NAMES[1]]


async def test_a_store_that_cannot_be_read_is_a_notice(
        store: Store, portfolio: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    def locked(*args: object, **kwargs: object) -> None:
        raise KamError("the store is locked by [another] process")

    monkeypatch.setattr(accounts_screen, "portfolio", locked)
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert app.is_running and not table_of(app).loading
        (notice,) = app._notifications
        assert "locked by [another] process" in notice.message and not notice.markup


async def test_new_theme_repaints_rows(store: Store, services: Services,
                                       portfolio: dict[str, str]) -> None:
    services.accounts.update(portfolio["[/]"], {"status": "at_risk"})
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        before = table_of(app).get_cell(portfolio["[/]"], "status")
        app.theme = "nord"
        await pilot.pause()
        after = table_of(app).get_cell(portfolio["[/]"], "status")
        assert after.plain == before.plain == "at risk"
        assert after.style != before.style  # nord's warning colour


async def test_empty_store_says_how_to_start(store: Store) -> None:
    app = KamApp(store, subtitle="sample portfolio")
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        assert screen.has_class("-empty")
        empty = screen.query_one("#empty", Static)
        assert empty.display and not table_of(app).display
        assert "No accounts yet" in str(empty.visual)
        assert "kamtui demo" in str(empty.visual)
        assert app.sub_title == "sample portfolio"


def test_user_text_is_never_markup() -> None:
    for name in MARKUP_NAMES:
        assert text.user_text(name).plain == name
        assert text.cell(name).plain == name
    assert text.cell("a\nb\x1b[31m\x9b", max_width=10).plain == "a b[31m"
    assert text.user_text("a\nb\x1b[0m\x07").plain == "a\nb[0m"
    assert text.cell("x" * 30, max_width=10).plain == "x" * 9 + "…"


@pytest.mark.parametrize(("amount", "shown"), [
    (None, "—"), (0, "0"), (999, "999"), (1000, "1.00k"), (45_200, "45.2k"),
    (999_999, "1.00M"), (1_234_567, "1.23M"), (123_456_789, "123M"), (-45_200, "-45.2k"),
])
def test_money(amount: float | None, shown: str) -> None:
    assert text.money(amount) == shown


async def test_store_notices_are_shown_in_the_app(store: Store) -> None:
    store.notices.append("Made kamtui.db private (0600): it was readable by others.")
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        shown = [n.message for n in app._notifications]
        assert shown == ["Made kamtui.db private (0600): it was readable by others."]


async def test_s_sorts_and_header_click_reverses(store: Store,
                                                 portfolio: dict[str, str]) -> None:
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("s")
        await until(pilot, lambda: type(app.screen).__name__ == "Choose")
        await pilot.press("down", "enter")  # the second option: Name
        await loaded(pilot)
        names = column(table_of(app), "name")
        assert names == sorted(names, key=str.lower)
        assert any("▲" in c.label.plain for c in table_of(app).columns.values())
        # Clicking the Name heading again reverses the order.
        await pilot.click("#accounts", offset=(3, 0))
        await loaded(pilot)
        assert column(table_of(app), "name") == names[::-1]
        # Shares stay those of the revenue ranking.
        shares = dict(zip(column(table_of(app), "name"), column(table_of(app), "cumulative"),
                          strict=True))
        assert shares == {MARKUP_NAMES[1]: "58%", "Gamma Foods": "84%", MARKUP_NAMES[0]: "97%",
                          MARKUP_NAMES[2]: "100%"}


def headings(table: DataTable) -> list[str]:
    return [c.label.plain for c in table.columns.values()]


async def pick_sort(pilot: Pilot, sort: PortfolioSort) -> None:
    """Choose `sort` in the s picker, moving from the sort the screen has now."""
    screen = pilot.app.screen
    assert isinstance(screen, AccountsScreen)
    order = list(SORT_TITLES)
    await pilot.press("s")
    await until(pilot, lambda: type(pilot.app.screen).__name__ == "Choose")
    steps = order.index(sort) - order.index(screen.sort)
    await pilot.press(*(["down"] * steps if steps > 0 else ["up"] * -steps), "enter")
    await loaded(pilot)


async def test_the_picker_sorts_by_key_score_and_health(store: Store, services: Services,
                                                        portfolio: dict[str, str]) -> None:
    """By revenue: [@click..] 900k, Gamma 400k, [/] 200k, [b]bold.. 50k. Key scores (revenue
    40/30/20/10, margin unknown 10, strategic and growth 10 each at 3/5): the smallest gets
    5/5, 5/5 and a 30% margin (10 + 20 + 20 + 20 = 70), the biggest strategic 1/5 (40 + 10
    + 0 + 10 = 60, tied with Gamma, first by revenue). Health: 65 each, but [/] has two
    overdue actions (55)."""
    big, small = portfolio[MARKUP_NAMES[1]], portfolio[MARKUP_NAMES[2]]
    services.accounts.update(small, {"strategic_importance": 5, "growth_potential": 5,
                                     "margin_pct": 30})
    services.accounts.update(big, {"strategic_importance": 1})
    for deadline in ("2026-11-01", "2026-11-20"):
        services.actions.create({"account_id": portfolio["[/]"], "title": "late",
                                 "deadline": deadline})
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        table = table_of(app)
        assert column(table, "name") == [MARKUP_NAMES[1], "Gamma Foods", "[/]", MARKUP_NAMES[2]]
        await pick_sort(pilot, PortfolioSort.score)
        assert column(table_of(app), "name") == [MARKUP_NAMES[2], MARKUP_NAMES[1], "Gamma Foods",
                                                 "[/]"]
        assert column(table_of(app), "score") == ["70", "60", "60", "50"]
        assert "Score ▼" in headings(table_of(app)) and "Revenue" in headings(table_of(app))
        await pick_sort(pilot, PortfolioSort.health)
        assert column(table_of(app), "name") == ["[/]", MARKUP_NAMES[1], "Gamma Foods",
                                                 MARKUP_NAMES[2]]  # weakest first
        assert column(table_of(app), "health") == ["55", "65", "65", "65"]
        assert "Health ▲" in headings(table_of(app))
        # Chosen again, or its heading clicked: the other way round, ties still by revenue.
        await pick_sort(pilot, PortfolioSort.health)
        assert column(table_of(app), "name") == [MARKUP_NAMES[1], "Gamma Foods",
                                                 MARKUP_NAMES[2], "[/]"]
        assert "Health ▼" in headings(table_of(app))
        columns = list(table_of(app).columns.values())
        x = sum(c.get_render_width(table_of(app)) for c in columns[:[c.key.value for c in
                                                                     columns].index("health")])
        await pilot.click("#accounts", offset=(x + 2, 0))
        await loaded(pilot)
        assert column(table_of(app), "health") == ["55", "65", "65", "65"]


async def test_slash_filters_the_portfolio(store: Store, services: Services,
                                           portfolio: dict[str, str]) -> None:
    services.accounts.update(portfolio["Gamma Foods"], {"tier": "key", "status": "at_risk"})
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"tier:key")
        await loaded(pilot)
        assert column(table_of(app), "name") == ["Gamma Foods"]
        box = app.screen.query_one("#filter")
        box.value = "status:at_risk gam"
        await loaded(pilot)
        assert column(table_of(app), "name") == ["Gamma Foods"]
        assert "filter: 1 match" in str(app.screen.query_one("#summary", Static).visual)
        box.value = "[/]"
        await loaded(pilot)
        assert column(table_of(app), "name") == [MARKUP_NAMES[1], MARKUP_NAMES[0]]
        await pilot.press("enter", "escape")
        await loaded(pilot)
        assert len(column(table_of(app), "name")) == 4


async def test_score_health_and_pareto_columns(store: Store, portfolio: dict[str, str]) -> None:
    from datetime import date

    from kamtui.scoring_config import load_scoring
    from kamtui.store.health import portfolio_health
    from kamtui.store.keyscore import key_scores
    from kamtui.store.pareto import pareto

    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        table = table_of(app)
        ids = [row.key.value for row in table.ordered_rows]
        scores = {r.id: str(r.score) for r in key_scores(store, load_scoring()).rows}
        health = portfolio_health(store, ids, date(2026, 11, 22))
        assert column(table, "score") == [scores[i] for i in ids]
        assert column(table, "health") == [str(health[i]) for i in ids]
        summary = str(app.screen.query_one("#summary", Static).visual)
        assert pareto(store).describe() in summary


async def test_a_broken_scoring_file_is_a_notice(store: Store, portfolio: dict[str, str],
                                                 tmp_path) -> None:  # noqa: ANN001
    from kamtui.scoring_config import scoring_path

    path = scoring_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[weights]\nrevenue = -1\n")
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert set(column(table_of(app), "score")) == {"—"}
        assert len(column(table_of(app), "name")) == 4  # the rest is still shown
        assert any("scoring.toml" in n.message for n in app._notifications)
        # No key scores to sort by: the revenue ranking, and a word why.
        await pick_sort(pilot, PortfolioSort.score)
        assert app.screen.sort == PortfolioSort.revenue
        assert "Revenue ▼" in headings(table_of(app))
        assert any("Sorted by revenue instead" in n.message for n in app._notifications)
