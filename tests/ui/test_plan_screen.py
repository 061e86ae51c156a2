"""The plan blueprint screen: its sections in document order with the completeness figure
and the incomplete ones marked, every section of plan-core edited through the keys (each
asserted in the store), moving between sections, starting the next period's plan and
switching between periods, an account without a plan, the account picker, and 80x24."""

from datetime import date

import pytest
from helpers import settle, until
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Static, TextArea

from kamtui.domain import AccountPlan, Objective, PlanSource
from kamtui.store import Store
from kamtui.store.plan_view import SECTIONS
from kamtui.store.repos import Services
from kamtui.ui.app import KamApp
from kamtui.ui.screens.plan import PlanScreen
from kamtui.ui.screens.plan_dialogs import LinePrompt, PlanAccountPicker
from kamtui.ui.screens.prompts import Confirm
from kamtui.ui.screens.record_form import RecordForm
from kamtui.ui.widgets.plan_section import PlanSection

SIZE = (120, 40)
SMALL = (80, 24)
TODAY = date(2026, 11, 22)
MARKUP = "[/]Grow [@click=app.quit]north[/]"


@pytest.fixture
def acme(services: Services) -> AccountPlan:
    """A key account with a plan of FY2027 that misses a few sections."""
    account = services.accounts.create({"name": "Acme", "tier": "key"})
    member = services.team.create({"name": "Kim Lee", "role": "Engineer"})
    services.assignments.create({"team_member_id": member.id, "account_id": account.id,
                                 "role": "Service lead"})
    services.contacts.create({"account_id": account.id, "name": "Dee Decider",
                              "buying_role": "decision_maker"})
    plan = services.plans.create({
        "account_id": account.id, "period": "FY2027", "direction": "North",
        "priorities": ["One", "Two", "Three"], "risks": "Merger",
        "competitors": "Freightly"})
    services.objectives.create({"plan_id": plan.id, "title": "NPS up", "kpi_metric": "NPS",
                                "target": 40})
    return plan


async def open_plan(pilot: Pilot, account_id: str | None) -> PlanScreen:
    await settle(pilot)
    screen = PlanScreen(pilot.app.services, account_id)
    await pilot.app.push_screen(screen)
    await settle(pilot)
    await until(pilot, lambda: screen.loaded)
    await settle(pilot)
    return screen


async def focus(pilot: Pilot, screen: PlanScreen, key: str) -> PlanSection:
    section = screen.query_one(f"#section-{key}", PlanSection)
    section.focus_content()
    await pilot.pause()
    return section


async def save(pilot: Pilot, key: str = "ctrl+s") -> None:
    await pilot.press(key)
    await until(pilot, lambda: isinstance(pilot.app.screen, PlanScreen))
    await settle(pilot)


def header(screen: PlanScreen) -> str:
    return str(screen.query_one("#plan-header", Static).visual)


def text_of(section: PlanSection) -> str:
    return " ".join(str(w.visual) for w in section.query(Static))


def last_notice(app: KamApp) -> str:
    return list(app._notifications)[-1].message


async def test_document_order_completeness_and_marks(store: Store, services: Services,
                                                     acme: AccountPlan) -> None:
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plan(pilot, acme.account_id)
        assert [s.id for s in screen.sections] == [f"section-{k}" for k, _ in SECTIONS]
        # Complete: objectives, priorities, risks. The rest misses something.
        assert "3 of 9 sections complete" in header(screen)
        assert "not agreed by the customer" in header(screen)
        marked = [s.id.removeprefix("section-") for s in screen.sections
                  if s.has_class("-incomplete")]
        assert marked == ["direction", "opportunities", "delivery", "stakeholders",
                          "sources", "agreement"]
        direction = screen.query_one("#section-direction", PlanSection)
        assert "value proposition not written yet" in str(direction.border_subtitle)
        assert screen.query_one("#section-risks", PlanSection).border_subtitle is None
        # The first section has the keyboard; j and k move between sections.
        assert screen._section() is direction
        await pilot.press("j", "j", "j")
        assert screen._section().id == "section-priorities"
        await pilot.press("k")
        assert screen._section().id == "section-opportunities"
        await pilot.press(*"jjjjjjjjjjj")  # stops at the last one
        assert screen._section().id == "section-agreement"
        # A key the section does not take says so.
        await focus(pilot, screen, "direction")
        await pilot.press("d")
        await pilot.pause()
        assert "nothing to delete in Direction" in last_notice(app)
        await pilot.press("escape")  # pushed over Today: back to it
        await until(pilot, lambda: not isinstance(app.screen, PlanScreen))


async def test_text_sections_edit_through_the_keys(store: Store, services: Services,
                                                   acme: AccountPlan) -> None:
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plan(pilot, acme.account_id)
        for key, fields in (("direction", ("direction", "value_proposition")),
                            ("risks", ("risks", "competitors")),
                            ("delivery", ("will_deliver", "wont_deliver"))):
            section = await focus(pilot, screen, key)
            await pilot.press("e")
            await until(pilot, lambda: isinstance(app.screen, RecordForm))
            for name in fields:
                app.screen.query_one(f"#f-{name}", TextArea).load_text(f"{MARKUP} {name}")
            await save(pilot)
            plan = services.plans.get(acme.id)
            assert [getattr(plan, name) for name in fields] == [
                f"{MARKUP} {name}" for name in fields]
            wanted = f"{MARKUP} {fields[1]}"
            await until(pilot, lambda s=section, w=wanted: w in text_of(s))
        assert "5 of 9 sections complete" in header(screen)
        await pilot.press("u")
        await until(pilot, lambda: services.plans.get(acme.id).will_deliver == "")
        await until(pilot, lambda: "4 of 9 sections complete" in header(screen))
        assert app.is_running


async def test_priorities_add_reword_move_remove(store: Store, services: Services,
                                                 acme: AccountPlan) -> None:
    def now() -> list[str]:
        return services.plans.get(acme.id).priorities

    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plan(pilot, acme.account_id)
        section = await focus(pilot, screen, "priorities")
        table = section.query_one(DataTable)
        assert screen.focused is table and table.row_count == 3
        # K moves the highlighted priority up, J and shift+down down.
        table.move_cursor(row=2, animate=False)
        await pilot.press("K")
        await until(pilot, lambda: now() == ["One", "Three", "Two"])
        await settle(pilot)
        assert table.cursor_row == 1  # the cursor went with it
        await pilot.press("shift+up")
        await until(pilot, lambda: now() == ["Three", "One", "Two"])
        await settle(pilot)
        await pilot.press("J")
        await until(pilot, lambda: now() == ["One", "Three", "Two"])
        await settle(pilot)
        await pilot.press("shift+down")
        await until(pilot, lambda: now() == ["One", "Two", "Three"])
        await settle(pilot)
        await pilot.press("shift+down")  # already last: refused, nothing changes
        await pilot.pause()
        assert "already the last" in last_notice(app) and now() == ["One", "Two", "Three"]

        # a adds below the highlighted one; a repeat is refused in the prompt.
        table.move_cursor(row=0, animate=False)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, LinePrompt))
        prompt = app.screen
        prompt.query_one(Input).value = "two"
        await pilot.press("enter")
        await until(pilot, lambda: "already on the list" in str(
            prompt.query_one(".error", Static).visual))
        prompt.query_one(Input).value = MARKUP
        await save(pilot, "enter")
        assert now() == ["One", MARKUP, "Two", "Three"]
        await until(pilot, lambda: table.row_count == 4)
        assert table.get_row_at(1)[1].plain == MARKUP

        # e rewords the highlighted one, d removes it after a yes, u brings it back.
        table.move_cursor(row=1, animate=False)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, LinePrompt))
        assert app.screen.query_one(Input).value == MARKUP
        app.screen.query_one(Input).value = "Win Oslo"
        await save(pilot, "enter")
        assert now() == ["One", "Win Oslo", "Two", "Three"]
        table.move_cursor(row=1, animate=False)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, Confirm))
        await save(pilot, "y")
        assert now() == ["One", "Two", "Three"]
        await pilot.press("u")
        await until(pilot, lambda: now() == ["One", "Win Oslo", "Two", "Three"])


async def test_stakeholders_sources_and_agreement(store: Store, services: Services,
                                                  acme: AccountPlan) -> None:
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plan(pilot, acme.account_id)
        people = await focus(pilot, screen, "stakeholders")
        shown = text_of(people)
        assert "Kim Lee · Service lead" in shown and "Dee Decider · decision maker" in shown
        assert "nobody named yet" in shown
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        app.screen.query_one("#f-informed", Input).value = f"Our CEO, {MARKUP}"
        await save(pilot)
        assert services.plans.get(acme.id).informed == ["Our CEO", MARKUP]
        await until(pilot, lambda: MARKUP in text_of(people))
        assert not people.has_class("-incomplete")

        # Sources: a lists one (dated today unless changed), t marks it updated today.
        sources = await focus(pilot, screen, "sources")
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        form = app.screen
        assert form.query_one("#f-updated_on", Input).value == TODAY.isoformat()
        form.query_one("#f-name", Input).value = "QBR minutes"
        form.query_one("#f-updated_on", Input).value = "2026-09-01"
        await save(pilot)
        (source,) = services.plan_sources.list(PlanSource.plan_id == acme.id)
        assert (source.name, source.updated_on) == ("QBR minutes", date(2026, 9, 1))
        assert services.plans.get(acme.id).sources_updated_on == date(2026, 9, 1)
        table = sources.query_one(DataTable)
        await until(pilot, lambda: table.row_count == 1)
        assert not sources.has_class("-incomplete")
        table.focus()
        await pilot.press("t")
        await until(pilot, lambda: services.plan_sources.get(source.id).updated_on == TODAY)
        await settle(pilot)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        app.screen.query_one("#f-name", Input).value = "QBR minutes (Q3)"
        await save(pilot)
        assert services.plan_sources.get(source.id).name == "QBR minutes (Q3)"
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, Confirm))
        await save(pilot, "y")
        assert services.plan_sources.count() == 0

        # The agreement: a day not come yet is refused in the form; today is the default.
        agreement = await focus(pilot, screen, "agreement")
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        form = app.screen
        field = form.query_one("#f-customer_agreed_on", Input)
        assert field.value == TODAY.isoformat()
        field.value = "2026-12-24"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "has not come yet" in str(
            form.query_one(".error", Static).visual))
        field.value = "2026-11-20"
        await save(pilot)
        assert services.plans.get(acme.id).customer_agreed_on == date(2026, 11, 20)
        await until(pilot, lambda: "customer agreed 2026-11-20" in header(screen))
        assert "Agreed by the customer on 2026-11-20" in text_of(agreement)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, Confirm))
        await save(pilot, "y")
        assert services.plans.get(acme.id).customer_agreed_on is None
        await until(pilot, lambda: "not agreed by the customer" in header(screen))


async def test_next_period_and_switching_periods(store: Store, services: Services,
                                                 acme: AccountPlan) -> None:
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plan(pilot, acme.account_id)
        assert "FY2027 (1 of 1)" in header(screen)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, LinePrompt))
        prompt = app.screen
        assert prompt.query_one(Input).value == "FY2028"  # suggested
        prompt.query_one(Input).value = "fy2027"
        await pilot.press("enter")
        await until(pilot, lambda: "already has a plan" in str(
            prompt.query_one(".error", Static).visual))
        prompt.query_one(Input).value = "FY2028"
        await save(pilot, "enter")
        (new,) = services.plans.list(AccountPlan.period == "FY2028")
        assert new.carried_over_from_id == acme.id
        assert [o.title for o in services.objectives.list(Objective.plan_id == new.id)] == [
            "NPS up"]
        # The screen shows the new plan, marked as carried over.
        await until(pilot, lambda: screen.plan_id == new.id)
        assert "FY2028 (2 of 2)" in header(screen)
        assert "carried over from FY2027" in header(screen)
        # p goes to the earlier period (readable, marked), P back.
        await pilot.press("p")
        await until(pilot, lambda: "FY2027 (1 of 2)" in header(screen))
        assert "an earlier period" in header(screen)
        assert all(s.plan_id == acme.id for s in screen.sections)
        priorities = screen.query_one("#section-priorities", PlanSection)
        assert priorities.query_one(DataTable).row_count == 3
        await pilot.press("p")
        await pilot.pause()
        assert "earliest plan" in last_notice(app)
        await pilot.press("P")
        await until(pilot, lambda: "FY2028 (2 of 2)" in header(screen))
        assert all(s.plan_id == new.id for s in screen.sections)
        # u takes the new plan back; the screen returns to the one left.
        await pilot.press("u")
        await until(pilot, lambda: services.plans.count() == 1)
        await until(pilot, lambda: "FY2027 (1 of 1)" in header(screen))


async def test_an_account_without_a_plan(store: Store, services: Services) -> None:
    beta = services.accounts.create({"name": "[b]Beta[/]", "tier": "key"})
    app = KamApp(store)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_plan(pilot, beta.id)
        sentence = str(screen.query_one("#plan-empty", Static).visual)
        assert sentence == ("[b]Beta[/] has no account plan yet; n writes the first one "
                            "(for FY2027).")
        assert not screen.sections
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, LinePrompt))
        assert app.screen.query_one(Input).value == "FY2027"
        await save(pilot, "enter")
        (plan,) = services.plans.list()
        assert (plan.account_id, plan.period) == (beta.id, "FY2027")
        await until(pilot, lambda: len(screen.sections) == 9)
        assert "0 of 9 sections complete" in header(screen)


async def test_no_account_given_opens_the_first_planned_one_and_o_picks(
        store: Store, services: Services, acme: AccountPlan) -> None:
    services.accounts.create({"name": "Aardvark", "tier": "key"})  # no plan: not first
    zed = services.accounts.create({"name": "Zed", "tier": "key"})
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plan(pilot, None)
        assert screen.account_id == acme.account_id and "Acme" in header(screen)
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, PlanAccountPicker))
        options = app.screen.query_one(OptionList)
        await until(pilot, lambda: options.option_count == 3)
        assert [str(options.get_option_at_index(i).prompt) for i in range(3)] == [
            "Aardvark · key · no plan yet", "Acme · key · plan FY2027",
            "Zed · key · no plan yet"]
        assert options.highlighted == 1  # the open one
        options.highlighted = 2
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PlanScreen))
        await until(pilot, lambda: screen.account_id == zed.id and not screen.sections)
        await settle(pilot)
        assert "Zed has no account plan yet" in str(
            screen.query_one("#plan-empty", Static).visual)


async def test_no_key_accounts_says_so(store: Store, services: Services) -> None:
    services.accounts.create({"name": "Small", "tier": "standard"})
    app = KamApp(store)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_plan(pilot, None)
        assert "There are no key accounts yet" in str(
            screen.query_one("#plan-empty", Static).visual)
        await pilot.press("n")
        await pilot.pause()
        assert "no key accounts" in last_notice(app)


async def test_fits_at_80x24(store: Store, services: Services, acme: AccountPlan) -> None:
    app = KamApp(store)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_plan(pilot, acme.account_id)
        body = screen.query_one("#plan-document")
        assert screen.query_one("#plan-header").region.height <= 4
        assert body.region.height >= 12
        # Moving to the last section scrolls it into view.
        await pilot.press(*"jjjjjjjj")
        await settle(pilot)
        agreement = screen.query_one("#section-agreement", PlanSection)
        assert body.region.contains_region(agreement.region)
        await focus(pilot, screen, "direction")
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        form = app.screen
        assert form.region.contains_region(form.query_one(".dialog").region)
        assert form.query_one(".dialog").region.contains_region(
            form.query_one("#save").region)
