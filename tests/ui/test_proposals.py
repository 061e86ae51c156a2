"""Tier proposals (key p on the portfolio) through Pilot: the list on a hand-made portfolio
with exactly one proposal, accepting it (enter or y) and undoing it (u), markup-like names
and a broken scoring file."""


import pytest
from helpers import until
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from kamtui.domain import Account
from kamtui.domain.enums import Tier
from kamtui.scoring_config import scoring_path
from kamtui.store import Store
from kamtui.store.repos import Services
from kamtui.store.tiers import tier_decisions
from kamtui.ui.app import KamApp
from kamtui.ui.screens.accounts import AccountsScreen
from kamtui.ui.screens.proposals import EMPTY_MESSAGE, ProposalsScreen

SIZE = (120, 40)
RISING = "[@click=app.quit]x[/]"  # the one account the default rules move (up to key)


def add(services: Services, name: str, tier: str, strategic: int, growth: int,
        revenue: float, margin: float) -> str:
    return services.accounts.create({
        "name": name, "tier": tier, "strategic_importance": strategic,
        "growth_potential": growth, "annual_revenue": revenue, "margin_pct": margin}).id


@pytest.fixture
def portfolio(services: Services) -> dict[str, str]:
    """Five accounts; with the default scoring only RISING (score 100, the best of five, so
    within the 20% key cap) is in the wrong tier. The others score 67 (major, stays), 37,
    21 and 8 (standard, stay)."""
    return {name: add(services, name, *rest) for name, *rest in [
        (RISING, "standard", 5, 5, 600, 30.0),
        ("[/]", "standard", 1, 1, 10, 0.0),
        ("[b]bold[/b] & [red]co", "major", 3, 4, 200, 15.0),
        ("Delta", "standard", 2, 2, 100, 5.0),
        ("Echo", "standard", 1, 2, 50, 0.0)]}


async def proposals(pilot: Pilot) -> ProposalsScreen:
    """From the portfolio (screen 2), open the proposals and wait until they are read."""
    await pilot.press("2")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(pilot.app.screen, AccountsScreen)
    await pilot.press("p")
    await until(pilot, lambda: isinstance(pilot.app.screen, ProposalsScreen))
    screen = pilot.app.screen
    assert isinstance(screen, ProposalsScreen)
    await until(pilot, lambda: screen.proposals is not None or screen.problem is not None)
    await pilot.pause()
    return screen


def rows(screen: ProposalsScreen) -> list[list[str]]:
    table = screen.query_one("#proposals", DataTable)
    return [[cell.plain for cell in table.get_row(row.key)] for row in table.ordered_rows]


def message(screen: ProposalsScreen) -> str:
    return str(screen.query_one("#message", Static).visual)


def tier_of(store: Store, account_id: str) -> Tier:
    with store.read() as session:
        return Tier(session.get(Account, account_id).tier)


async def test_p_lists_the_proposal_with_its_reason(store: Store,
                                                    portfolio: dict[str, str]) -> None:
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await proposals(pilot)
        assert rows(screen) == [[RISING, "standard → key", "100",
                                 "score 100, top 20% of revenue, margin 30%"]]
        assert screen.query_one("#proposals", DataTable).display
        assert not screen.query_one("#message", Static).display
        assert "1 proposal: 1 up, 0 down" in str(screen.query_one("#summary", Static).visual)
        # The name looks like markup (a click that quits): it is shown as typed.
        assert RISING in app.export_screenshot()
        await pilot.click("#proposals", offset=(4, 1))
        await pilot.pause()
        assert app.is_running
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, AccountsScreen))


async def test_enter_accepts_and_u_undoes(store: Store, services: Services,
                                          portfolio: dict[str, str]) -> None:
    rising = portfolio[RISING]
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await proposals(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: screen.proposals == [])
        assert tier_of(store, rising) == Tier.key
        [decision] = tier_decisions(services, rising)
        assert (decision.from_tier, decision.to_tier, decision.score) == (
            Tier.standard, Tier.key, 100)
        assert decision.reason == "propose key: score 100, top 20% of revenue, margin 30%"
        notices = [n.message for n in app._notifications]
        assert f"Moved '{RISING}' from standard to key (score 100)." in notices
        # The accepted one is gone; nothing else to propose.
        assert message(screen) == EMPTY_MESSAGE
        assert screen.query_one("#message", Static).display
        assert not screen.query_one("#proposals", DataTable).display
        assert EMPTY_MESSAGE in app.export_screenshot().replace("&#160;", " ")

        await pilot.press("u")
        await until(pilot, lambda: bool(screen.proposals))
        assert tier_of(store, rising) == Tier.standard
        assert tier_decisions(services, rising) == []
        assert rows(screen)[0][:2] == [RISING, "standard → key"]
        assert app.changes == []


async def test_y_accepts_and_the_portfolio_shows_it_on_return(
        store: Store, portfolio: dict[str, str]) -> None:
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await proposals(pilot)
        await pilot.press("y", "y")  # the second press finds nothing left to accept
        await until(pilot, lambda: screen.proposals == [])
        await app.workers.wait_for_complete()
        assert tier_of(store, portfolio[RISING]) == Tier.key
        assert len(app.changes) == 1
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, AccountsScreen))
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one("#accounts", DataTable)
        tiers = {row.key.value: table.get_row(row.key)[1].plain for row in table.ordered_rows}
        assert tiers[portfolio[RISING]] == "key"


async def test_nothing_to_propose_is_one_line(store: Store, services: Services) -> None:
    add(services, RISING, "key", 5, 5, 600, 30.0)  # the portfolio above, already right
    add(services, "[/]", "standard", 1, 1, 10, 0.0)
    add(services, "Delta", "major", 3, 4, 200, 15.0)
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await proposals(pilot)
        assert screen.proposals == []
        assert message(screen) == EMPTY_MESSAGE
        await pilot.press("y")  # nothing selected: nothing happens
        await pilot.pause()
        assert app.changes == [] and app.is_running


async def test_a_broken_scoring_file_is_its_sentence(store: Store,
                                                     portfolio: dict[str, str]) -> None:
    path = scoring_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[weights]\nrevenue = -1\n")
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await proposals(pilot)
        said = message(screen)
        assert said.startswith(f"The scoring file {path} is not usable: ")
        assert "weights.revenue must be at least 0 (got -1)" in said
        assert screen.query_one("#message", Static).display
        assert not screen.query_one("#proposals", DataTable).display
        assert screen.proposals is None
        await pilot.press("y")
        await pilot.pause()
        assert app.is_running and app.changes == []
        assert tier_of(store, portfolio[RISING]) == Tier.standard
