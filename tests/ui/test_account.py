"""The account workspace on the sample portfolio: the header, each tab, and the keys
that change the account's action items (saved, then undone)."""

from datetime import date

import pytest
from helpers import settle, until
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static, TabbedContent

from kamtui.domain import ActionItem, Contact
from kamtui.domain.enums import ActionStatus
from kamtui.store import Store
from kamtui.store.account_view import account_actions, account_interactions
from kamtui.store.repos import Services
from kamtui.store.xray import org_chart
from kamtui.ui.app import KamApp
from kamtui.ui.screens.account import AccountScreen
from kamtui.ui.screens.action_form import ActionForm

SIZE = (120, 40)
TODAY = date(2026, 11, 22)
async def opened(pilot: Pilot, account_id: str) -> AccountScreen:
    await settle(pilot)
    await pilot.app.open_account(account_id, "")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AccountScreen)
    return screen


async def shown(pilot: Pilot, screen: AccountScreen, tab: str) -> None:
    screen.query_one(TabbedContent).active = f"tab-{tab}"
    await settle(pilot)


def keys(table: DataTable) -> list[str]:
    return [row.key.value for row in table.ordered_rows]


async def test_header_and_tabs_show_the_account(store: Store, demo: Services) -> None:
    lumera = demo.accounts.by_name("Lumera Foods")
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, lumera.id)
        header = str(screen.query_one("#account-header", Static).visual)
        assert "Lumera Foods" in header and "key account" in header and "at risk" in header
        assert "renewal 2026-12-30" in header
        profile = " ".join(str(w.visual) for w in screen.query("#profile Static"))
        assert lumera.pet_peeves in profile and "What irritates them" in profile
        assert not screen.query("#contacts")  # each tab is built when first shown
        await shown(pilot, screen, "contacts")
        chart = [node.contact.id for root in org_chart(store, lumera.id)
                 for _, node in root.walk()]
        assert keys(screen.query_one("#contacts", DataTable)) == chart
        people = demo.contacts.list(Contact.account_id == lumera.id)
        assert sorted(chart) == sorted(c.id for c in people)
        xray = str(screen.query_one("#xray", Static).visual)
        assert "Relationship X-ray" in xray and "detractor" in xray.lower()
        assert "health " in header
        await shown(pilot, screen, "actions")
        assert keys(screen.query_one("#actions", DataTable)) == [
            a.id for a in account_actions(store, lumera.id)]
        await shown(pilot, screen, "interactions")
        assert keys(screen.query_one("#interactions", DataTable)) == [
            i.id for i in account_interactions(store, lumera.id)]
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, AccountScreen)


async def test_actions_tab_done_edit_add_and_undo(store: Store, demo: Services) -> None:
    lumera = demo.accounts.by_name("Lumera Foods")
    first = account_actions(store, lumera.id)[0]
    assert first.status in (ActionStatus.open, ActionStatus.waiting)
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, lumera.id)
        await pilot.press("x")  # on the Profile tab: a sentence, nothing changes
        await pilot.pause()
        assert "Open the Actions tab" in list(app._notifications)[-1].message
        screen.query_one(TabbedContent).active = "tab-actions"
        await pilot.pause()
        screen.query_one("#actions", DataTable).focus()
        await pilot.press("x")
        await settle(pilot)
        assert demo.actions.get(first.id).status == ActionStatus.done
        await pilot.press("u")
        await settle(pilot)
        assert demo.actions.get(first.id).status == first.status
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, ActionForm))
        await settle(pilot)
        assert app.screen.query_one("#account", Input).value == "Lumera Foods"
        app.screen.query_one("#title", Input).value = "Plan the renewal workshop"
        app.screen.query_one("#deadline", Input).value = "eom"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, AccountScreen))
        await settle(pilot)
        (made,) = demo.actions.list(ActionItem.title == "Plan the renewal workshop")
        assert made.account_id == lumera.id and made.deadline == date(2026, 11, 30)
        assert made.id in keys(screen.query_one("#actions", DataTable))


async def test_markup_names_in_the_workspace(store: Store, services: Services) -> None:
    account = services.accounts.create({"name": "[@click=app.quit]Co[/]",
                                        "pains": "[b]slow[/] 🐢"})
    services.contacts.create({"account_id": account.id, "name": "[/]", "title": "[bold]x"})
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, account.id)
        assert "[@click=app.quit]Co[/]" in str(screen.query_one("#account-header",
                                                                Static).visual)
        profile = " ".join(str(w.visual) for w in screen.query("#profile Static"))
        assert "[b]slow[/] 🐢" in profile
        await shown(pilot, screen, "contacts")
        contacts = screen.query_one("#contacts", DataTable)
        assert [c.plain for c in contacts.get_row_at(0)][:2] == ["[/]", "[bold]x"]
        assert app.is_running


async def test_whitespace_and_team_tabs(store: Store, demo: Services) -> None:
    from kamtui.store.team_audit import team_audit
    from kamtui.store.whitespace_view import account_whitespace
    from kamtui.ui.widgets.team_panel import TeamPanel
    from kamtui.ui.widgets.whitespace_panel import WhitespacePanel

    meridian = demo.accounts.by_name("Meridian Freight Partners")
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, meridian.id)
        screen.query_one(TabbedContent).active = "tab-whitespace"
        await settle(pilot)
        assert screen.query_one(WhitespacePanel).rows == account_whitespace(store, meridian.id)
        screen.query_one(TabbedContent).active = "tab-team"
        await settle(pilot)
        audit = screen.query_one(TeamPanel).audit
        assert audit is not None
        assert [s.name for s in audit.seats] == [s.name for s in
                                                 team_audit(store, meridian.id).seats]


async def test_b_and_P_write_the_brief_and_the_customer_plan(
        store: Store, demo: Services, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAMTUI_EXPORTS", str(tmp_path / "out"))
    lumera = demo.accounts.by_name("Lumera Foods")
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, lumera.id)
        await pilot.press("b")
        await until(pilot, lambda: len(list((tmp_path / "out").glob("*brief*.md"))) == 1)
        await pilot.press("P")
        await until(pilot, lambda: len(list((tmp_path / "out").glob("*plan*.md"))) == 1)
        await settle(pilot)
        said = [n.message for n in app._notifications]
    (brief,) = (tmp_path / "out").glob("*brief*.md")
    (plan,) = (tmp_path / "out").glob("*plan*.md")
    assert "Lumera Foods" in brief.read_text() and "Lumera Foods" in plan.read_text()
    assert "customer" in plan.name
    assert brief.stat().st_mode & 0o777 == 0o600 and plan.stat().st_mode & 0o777 == 0o600
    assert any(f"Wrote the meeting brief to {brief}" in m for m in said)


async def test_p_opens_the_account_plan_and_3_the_plan_screen(store: Store,
                                                               demo: Services) -> None:
    from kamtui.ui.screens.plan import PlanScreen

    lumera = demo.accounts.by_name("Lumera Foods")
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, lumera.id)
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, PlanScreen))
        assert app.screen.account_id == lumera.id
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, AccountScreen))
        await pilot.press("3")
        await until(pilot, lambda: isinstance(app.screen, PlanScreen))
        await settle(pilot)


async def test_j_and_k_move_in_the_open_tab(store: Store, demo: Services) -> None:
    lumera = demo.accounts.by_name("Lumera Foods")
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, lumera.id)
        await pilot.press("right_square_bracket")  # Contacts, the table focused
        await settle(pilot)
        table = screen.query_one("#contacts", DataTable)
        assert app.focused is table and table.cursor_row == 0
        await pilot.press("j", "j")
        assert table.cursor_row == 2
        await pilot.press("k")
        assert table.cursor_row == 1


async def test_the_footer_names_what_a_e_d_do_on_each_tab(store: Store, demo: Services) -> None:
    lumera = demo.accounts.by_name("Lumera Foods")
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, lumera.id)
        said = {}
        for _ in range(7):
            await pilot.press("right_square_bracket")
            await settle(pilot)
            keys = screen.active_bindings
            said[screen.query_one(TabbedContent).active] = (
                keys["a"].binding.description, keys["d"].binding.description)
        assert said["tab-contacts"] == ("Add contact", "Delete contact")
        assert said["tab-interactions"] == ("Log interaction", "Delete entry")
        assert said["tab-team"] == ("Assign someone", "Take off account")
        await pilot.press("a")  # the panel's own binding still runs the workspace's add
        await until(pilot, lambda: app.screen is not screen)
        assert type(app.screen).__name__ == "ReviewForm"
