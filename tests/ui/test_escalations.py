"""Escalations driven with the keys: on the account's Escalation tab write the plan (e),
add, edit, move and delete levels (a, l, K, d), escalate (!), advance (>) and resolve (R);
on the Escalations screen advance, resolve, undo, show the resolved and open the account.
Each step is checked in the store, and the deadline on the Today screen."""

from datetime import UTC, date, datetime, timedelta

import pytest
from helpers import settle, until
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, SelectionList, Static, TabbedContent, TextArea

import kamtui.ui.screens.account as account_screen
from kamtui.demo import build_demo
from kamtui.domain import Escalation, EscalationEvent, EscalationLevel
from kamtui.domain.enums import AccountStatus, EscalationTrigger
from kamtui.store import Store
from kamtui.store.escalation_plans import as_utc
from kamtui.store.repos import Services
from kamtui.store.today import Section, checklist
from kamtui.ui.app import KamApp
from kamtui.ui.screens.account import AccountScreen
from kamtui.ui.screens.escalation_forms import ActivateForm, StepPrompt
from kamtui.ui.screens.escalation_plan_form import LevelForm, PlanForm
from kamtui.ui.screens.escalations import EscalationsScreen
from kamtui.ui.screens.prompts import Confirm
from kamtui.ui.screens.today import TodayScreen
from kamtui.ui.widgets.checklist import ChecklistTable
from kamtui.ui.widgets.escalation_panel import EscalationPanel

SIZE = (120, 40)
SMALL = (80, 24)
NOON = datetime(2026, 11, 22, 12, tzinfo=UTC)  # escalation_now() with today pinned
NAME = "[@click=app.quit]Acme[/]"


@pytest.fixture(autouse=True)
def _escalation_tab(monkeypatch: pytest.MonkeyPatch) -> None:
    """The workspace gets the Escalation tab (until it is wired into TABS)."""
    if not any(panel is EscalationPanel for _, _, panel in account_screen.TABS):
        monkeypatch.setattr(account_screen, "TABS", (
            *account_screen.TABS, ("escalation", "Escalation", EscalationPanel)))


def acme(services: Services) -> tuple[str, str, str]:
    """Acme (active) with a plan: Tom Berg within 3 days, then Ann Lee within 2."""
    account = services.accounts.create({"name": NAME, "tier": "key"}).id
    ann = services.contacts.create({"account_id": account, "name": "Ann Lee"}).id
    tom = services.team.create({"name": "Tom Berg"}).id
    plan = services.escalation_plans.create({"account_id": account,
                                             "triggers": ["complaint"]}).id
    services.escalation_levels.create({"plan_id": plan, "position": 1, "owner_kind": "team",
                                       "team_member_id": tom, "respond_within_hours": 72})
    services.escalation_levels.create({"plan_id": plan, "position": 2,
                                       "owner_kind": "customer", "contact_id": ann,
                                       "respond_within_hours": 48})
    return account, ann, tom


async def on_tab(pilot: Pilot, account_id: str) -> AccountScreen:
    await settle(pilot)
    await pilot.app.open_account(account_id, "")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AccountScreen)
    screen.query_one(TabbedContent).active = "tab-escalation"
    await pilot.pause()
    screen.query_one("#esc-list").focus()
    await settle(pilot)
    return screen


async def dialog(pilot: Pilot, kind: type, *keys: str) -> object:
    await pilot.press(*keys)
    await until(pilot, lambda: isinstance(pilot.app.screen, kind))
    await pilot.pause()
    shown = pilot.app.screen
    assert shown.region.contains_region(shown.query_one(".dialog").region)  # it fits
    return shown


async def back_to(pilot: Pilot, kind: type, *keys: str) -> None:
    await pilot.press(*keys)
    await until(pilot, lambda: isinstance(pilot.app.screen, kind))
    await settle(pilot)


def error(pilot: Pilot) -> str:
    return str(pilot.app.screen.query_one(".error", Static).visual)


def the_one(services: Services, account_id: str) -> Escalation:
    [row] = services.escalations.list(Escalation.account_id == account_id)
    return row


def notes(services: Services, escalation_id: str) -> list[str]:
    return [e.note for e in services.escalation_events.list(
        EscalationEvent.escalation_id == escalation_id,
        order_by=(EscalationEvent.at, EscalationEvent.created_at))]


async def test_escalate_advance_resolve_from_the_account(store: Store,
                                                         services: Services) -> None:
    account, _, _ = acme(services)
    app = KamApp(store)
    async with app.run_test(size=SMALL) as pilot:
        screen = await on_tab(pilot, account)
        # ! asks for the trigger, the status and why; no reason is one sentence.
        form = await dialog(pilot, ActivateForm, "exclamation_mark")
        assert "Level 1: Tom Berg must respond within 3 days." in str(
            form.query_one(".hint", Static).visual)
        form.query_one("#trigger", Select).value = EscalationTrigger.complaint
        form.query_one("#status", Select).value = AccountStatus.in_crisis
        await pilot.press("ctrl+s")
        await until(pilot, lambda: bool(error(pilot)))
        assert error(pilot) == "Why: say why the account is being escalated."
        assert services.escalations.count() == 0
        form.query_one("#reason", TextArea).text = "CFO letter [b]x[/]"
        await back_to(pilot, AccountScreen, "ctrl+s")
        row = the_one(services, account)
        assert (row.trigger, row.reason, row.current_level) == ("complaint",
                                                                "CFO letter [b]x[/]", 1)
        assert as_utc(row.level_due_at) == NOON + timedelta(hours=72)
        assert services.accounts.get(account).status == AccountStatus.in_crisis
        table = screen.query_one("#esc-list", DataTable)
        assert [c.plain for c in table.get_row_at(0)[:4]] == [
            "complaint", "1 of 2", "Tom Berg", "in 3 days"]
        # Today lists the deadline.
        await back_to(pilot, TodayScreen, "escape")
        key = f"escalation:{row.id}"
        today_table = app.screen.query_one(ChecklistTable)
        assert today_table.items[key].due_at == NOON + timedelta(hours=72)
        assert today_table.get_row(key)[0].plain == "in 3d"  # compact at 80 columns
        screen = await on_tab(pilot, account)
        # > advances to Ann Lee with her 48 h; past the last level is one sentence.
        prompt = await dialog(pilot, StepPrompt, "greater_than_sign")
        prompt.query_one("#text", Input).value = "Tom got no answer"
        await back_to(pilot, AccountScreen, "enter")
        row = the_one(services, account)
        assert row.current_level == 2 and as_utc(row.level_due_at) == NOON + timedelta(hours=48)
        assert "Tom got no answer" in notes(services, row.id)[-1]
        [item] = checklist(store, date(2026, 11, 22)).section(Section.escalations).items
        assert item.owner == "Ann Lee" and item.due == date(2026, 11, 24)
        prompt = await dialog(pilot, StepPrompt, "v")
        await pilot.press("enter")
        await until(pilot, lambda: bool(error(pilot)))
        assert "there is no level to advance to" in error(pilot)
        await back_to(pilot, AccountScreen, "escape")
        # R resolves with the outcome; the account is active again.
        prompt = await dialog(pilot, StepPrompt, "R")
        await pilot.press("enter")
        await until(pilot, lambda: bool(error(pilot)))
        assert error(pilot) == "Outcome: say how the escalation was resolved."
        prompt.query_one("#text", Input).value = "Credit note sent"
        await back_to(pilot, AccountScreen, "enter")
        row = the_one(services, account)
        assert row.outcome == "Credit note sent" and row.resolved_at is not None
        assert services.accounts.get(account).status == AccountStatus.active
        assert notes(services, row.id)[-1] == ("Resolved: Credit note sent Account status "
                                                "in crisis → active.")
        assert checklist(store, date(2026, 11, 22)).section(Section.escalations).items == []
        assert "Resolved" in str(screen.query_one("#esc-story", Static).visual)
        # u takes the resolve back.
        await pilot.press("u")
        await until(pilot, lambda: the_one(services, account).resolved_at is None)
        assert services.accounts.get(account).status == AccountStatus.in_crisis


async def test_plan_and_levels_from_the_account(store: Store, services: Services) -> None:
    account, ann, tom = acme(services)
    app = KamApp(store)
    async with app.run_test(size=SMALL) as pilot:
        screen = await on_tab(pilot, account)
        # e: tick a trigger, write the crisis plan.
        form = await dialog(pilot, PlanForm, "e")
        form.query_one("#triggers", SelectionList).select(EscalationTrigger.other.value)
        form.query_one("#crisis", TextArea).text = "Call their CEO"
        await back_to(pilot, AccountScreen, "ctrl+s")
        [plan] = services.escalation_plans.list()
        assert plan.triggers == ["complaint", "other"] and plan.crisis_plan == "Call their CEO"
        assert "Call their CEO" in str(screen.query_one("#esc-plan", Static).visual)
        # a: a third level for me, within 36 h; a bad time is one sentence.
        form = await dialog(pilot, LevelForm, "a")
        form.query_one("#who", Select).value = "me"
        form.query_one("#within", Input).value = "soon"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: bool(error(pilot)))
        assert error(pilot).startswith("Respond within: 'soon' is not a time")
        form.query_one("#within", Input).value = "36h"
        form.query_one("#action", TextArea).text = "Call the MD"
        await back_to(pilot, AccountScreen, "ctrl+s")

        def levels() -> list[tuple[int, str, str | None, str | None, int]]:
            return [(lv.position, lv.owner_kind, lv.team_member_id, lv.contact_id,
                     lv.respond_within_hours) for lv in services.escalation_levels.list(
                         order_by=(EscalationLevel.position,))]

        assert levels() == [(1, "team", tom, None, 72), (2, "customer", None, ann, 48),
                            (3, "me", None, None, 36)]
        # l edits the highlighted level (the first): Ann instead of Tom.
        levels_table = screen.query_one("#esc-levels", DataTable)
        levels_table.focus()
        levels_table.move_cursor(row=0)
        form = await dialog(pilot, LevelForm, "l")
        assert form.query_one("#within", Input).value == "3 days"
        form.query_one("#who", Select).value = f"customer:{ann}"
        await back_to(pilot, AccountScreen, "ctrl+s")
        assert levels()[0] == (1, "customer", None, ann, 72)
        # J moves it down, K at the top is one sentence, d deletes after a yes.
        await pilot.press("J")
        await until(pilot, lambda: levels()[1][4] == 72)
        assert [lv[4] for lv in levels()] == [48, 72, 36]
        await settle(pilot)
        levels_table.move_cursor(row=0)
        await pilot.press("K")
        await until(pilot, lambda: "already the first level" in list(
            app._notifications)[-1].message)
        await dialog(pilot, Confirm, "d")
        await back_to(pilot, AccountScreen, "y")
        assert [lv[4] for lv in levels()] == [72, 36] and levels()[0][0] == 1
        await pilot.press("u")
        await until(pilot, lambda: len(levels()) == 3)


async def test_escalations_screen(store: Store, services: Services) -> None:
    build_demo(store, date(2026, 11, 22))
    meridian = services.accounts.by_name("Meridian Freight Partners")
    [row] = services.escalations.list(Escalation.resolved_at.is_(None))
    app = KamApp(store, subtitle="sample portfolio")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = EscalationsScreen(app.services)
        await app.push_screen(screen)
        await settle(pilot)
        table = screen.query_one("#escalations", DataTable)
        assert table.row_count == 1
        assert [c.plain for c in table.get_row_at(0)[:5]] == [
            "Meridian Freight Partners", "SLA breach", "1 of 3", "Aiko Tanaka", "in 26 h"]
        assert "Root cause in the message broker" in str(
            screen.query_one("#story", Static).visual)
        # > advances to level 2 (the customer's contact, within 48 h).
        prompt = await dialog(pilot, StepPrompt, "greater_than_sign")
        prompt.query_one("#text", Input).value = "No fix yet"
        await back_to(pilot, EscalationsScreen, "enter")
        stored = services.escalations.get(row.id)
        assert stored.current_level == 2
        assert as_utc(stored.level_due_at) == NOON + timedelta(hours=48)
        assert table.get_row_at(0)[2].plain == "2 of 3"
        # R resolves; Meridian goes back to at risk, its status before.
        prompt = await dialog(pilot, StepPrompt, "R")
        prompt.query_one("#text", Input).value = "Fix shipped, plan agreed"
        await back_to(pilot, EscalationsScreen, "enter")
        assert services.escalations.get(row.id).outcome == "Fix shipped, plan agreed"
        assert services.accounts.get(meridian.id).status == AccountStatus.at_risk
        assert table.row_count == 0
        assert "No open escalations" in str(screen.query_one("#summary", Static).visual)
        # s shows the resolved ones; a step on one is one sentence.
        await pilot.press("s")
        await settle(pilot)
        assert table.row_count == 2
        await pilot.press("R")
        await until(pilot, lambda: "resolved; there is nothing to resolve" in list(
            app._notifications)[-1].message)
        # u undoes the resolve: open again, in crisis again.
        await pilot.press("u")
        await until(pilot, lambda: services.escalations.get(row.id).resolved_at is None)
        assert services.accounts.get(meridian.id).status == AccountStatus.in_crisis
        await settle(pilot)
        assert table.get_row_at(0)[4].plain == "in 2 days"
        # enter opens the account's workspace.
        table.move_cursor(row=0)
        await back_to(pilot, AccountScreen, "enter")
        assert app.screen.account_id == meridian.id
        await back_to(pilot, EscalationsScreen, "escape")


async def test_enter_opens_the_account_on_its_escalation_tab(
        store: Store, services: Services) -> None:
    build_demo(store, date(2026, 11, 22))
    app = KamApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, AccountScreen))
        await settle(pilot)
        meridian = services.accounts.by_name("Meridian Freight Partners")
        assert app.screen.account_id == meridian.id
        assert app.screen.query_one(TabbedContent).active == "tab-escalation"
