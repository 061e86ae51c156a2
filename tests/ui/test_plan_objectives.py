"""The Objectives and Opportunities sections of the plan blueprint, mounted on a small
screen that sends `a`/`e`/`d` to the focused section as the plan screen does: each key
pressed, then the store asserted."""

from datetime import date

import pytest
from helpers import settle, until
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, OptionList, Select, Static

from kamtui.demo import build_demo
from kamtui.domain import AccountPlan, ActionItem, Objective, Opportunity
from kamtui.domain.enums import ActionStatus, OpportunityStage
from kamtui.store import Store
from kamtui.store.changes import Change
from kamtui.store.objectives import plan_objectives
from kamtui.store.repos import Services
from kamtui.ui.app import KamApp
from kamtui.ui.screens.action_form import ActionForm
from kamtui.ui.screens.pickers import Choose
from kamtui.ui.screens.prompts import Confirm
from kamtui.ui.screens.record_form import RecordForm
from kamtui.ui.widgets.plan_objectives import ObjectivesSection
from kamtui.ui.widgets.plan_opportunities import OpportunitiesSection
from kamtui.ui.widgets.plan_section import PlanSection

SIZE = (120, 40)
TODAY = date(2026, 11, 22)


class Sections(Screen[None]):
    """Both sections, with the plan screen's part: a/e/d to the focused one, and
    `changed` (remember for undo, reload)."""

    BINDINGS = [Binding("a", "add", "Add"), Binding("e", "edit", "Edit"),
                Binding("d", "delete", "Delete"), Binding("u", "undo", "Undo")]

    def __init__(self, services: Services, account_id: str, plan_id: str) -> None:
        super().__init__()
        self.args = (services, account_id, plan_id)

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield ObjectivesSection(*self.args, id="objectives-section")
            yield OpportunitiesSection(*self.args, id="opportunities-section")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(group="plan-load", exclusive=True)
    async def load(self) -> None:
        for section in self.query(PlanSection):
            await section.reload()

    def section(self) -> PlanSection:
        node = self.focused
        while node is not None and not isinstance(node, PlanSection):
            node = node.parent
        assert node is not None
        return node

    @work(group="account-form")
    async def action_add(self) -> None:
        self.changed(await self.section().add())

    @work(group="account-form")
    async def action_edit(self) -> None:
        self.changed(await self.section().edit())

    @work(group="account-form")
    async def action_delete(self) -> None:
        self.changed(await self.section().delete())

    async def action_undo(self) -> None:
        await self.app.action_undo()
        self.load()

    def changed(self, change: Change | None) -> None:
        if change is not None:
            self.app.remember(change)  # type: ignore[attr-defined]
            self.load()


@pytest.fixture
def lumera(store: Store, services: Services) -> tuple[str, str]:
    build_demo(store, TODAY)
    account = services.accounts.by_name("Lumera Foods")
    (plan,) = services.plans.list(AccountPlan.account_id == account.id)
    return account.id, plan.id


async def opened(pilot: Pilot, services: Services, account_id: str,
                 plan_id: str) -> Sections:
    screen = Sections(services, account_id, plan_id)
    await pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


def rows(table: DataTable) -> list[str]:
    return [row.key.value for row in table.ordered_rows]


def go_to(table: DataTable, key: str) -> None:
    table.focus()
    table.move_cursor(row=table.get_row_index(key), animate=False)


def order(store: Store, plan_id: str) -> list[str]:
    return [v.objective.id for v in plan_objectives(store, plan_id, TODAY)]


async def saved(pilot: Pilot) -> None:
    """Save the open form and wait for it to close and the sections to reload."""
    await pilot.press("ctrl+s")
    await until(pilot, lambda: isinstance(pilot.app.screen, Sections))
    await settle(pilot)


async def test_objectives_show_kpis_and_linked_actions(store: Store, services: Services,
                                                      lumera: tuple[str, str]) -> None:
    account_id, plan_id = lumera
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, services, account_id, plan_id)
        table = screen.query_one("#objectives", DataTable)
        views = plan_objectives(store, plan_id, TODAY)
        expected = []
        for view in views:
            expected += [f"o:{view.objective.id}", *(f"a:{a.id}" for a in view.actions)]
        assert rows(table) == expected and any(v.actions for v in views)
        first = [c.plain for c in table.get_row_at(0)]
        o = views[0].objective
        assert first[0] == f"1. {o.title}"
        assert first[1] == f"{o.kpi_metric}: {o.current:g} / {o.target:g} {o.unit}"
        assert first[3] == str(views[0].track).replace("_", " ")
        linked = views[0].actions[0]
        shown, who = [c.plain for c in table.get_row_at(1)][:2]
        assert shown.startswith("   ↳ ") and linked.title.startswith(shown[5:].rstrip("…"))
        assert who.startswith(linked.owner)
        go_to(table, f"a:{linked.id}")
        await pilot.pause()
        detail = str(screen.query_one("#objective-detail", Static).visual)
        assert linked.title in detail and linked.success_measure in detail
        go_to(table, f"o:{o.id}")
        await pilot.pause()
        assert views[0].why in str(screen.query_one("#objective-detail", Static).visual)
        footer = " ".join(str(k.description) for k in screen.query("FooterKey"))
        for words in ("Add action", "Link/unlink", "Move up", "Customer agreed"):
            assert words in footer


async def test_objective_keys_change_the_store(store: Store, services: Services,
                                               lumera: tuple[str, str]) -> None:
    account_id, plan_id = lumera
    before = order(store, plan_id)
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, services, account_id, plan_id)
        table = screen.query_one("#objectives", DataTable)
        table.focus()
        # a: a new objective, last in the plan.
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        form = app.screen
        form.query_one("#f-title", Input).value = "Halve claims"
        form.query_one("#f-kpi_metric", Input).value = "Claims"
        form.query_one("#f-baseline", Input).value = "40"
        form.query_one("#f-target", Input).value = "20"
        form.query_one("#f-current", Input).value = "30"
        form.query_one("#f-due", Input).value = "2027-06-30"
        await saved(pilot)
        (made,) = services.objectives.list(Objective.title == "Halve claims")
        assert made.plan_id == plan_id and order(store, plan_id) == [*before, made.id]
        assert (made.baseline, made.target, made.current) == (40, 20, 30)
        # A: an action serving it, the account fixed.
        go_to(table, f"o:{made.id}")
        await pilot.press("A")
        await until(pilot, lambda: isinstance(app.screen, ActionForm))
        await settle(pilot)
        assert app.screen.query_one("#account", Input).value == "Lumera Foods"
        app.screen.query_one("#title", Input).value = "Claims workshop"
        await saved(pilot)
        (action,) = services.actions.list(ActionItem.title == "Claims workshop")
        assert (action.account_id, action.objective_id) == (account_id, made.id)
        assert f"a:{action.id}" in rows(table)
        # L: link an open action of the account (the first one offered).
        offered = [a for a in services.actions.list(ActionItem.account_id == account_id)
                   if a.status in (ActionStatus.open, ActionStatus.waiting)
                   and a.objective_id != made.id]
        go_to(table, f"o:{made.id}")
        await pilot.press("L")
        await until(pilot, lambda: isinstance(app.screen, Choose))
        picker = app.screen.query_one(OptionList)
        chosen = picker.get_option_at_index(picker.highlighted).id
        assert chosen in {a.id for a in offered}
        await pilot.press("enter")
        await until(pilot, lambda: services.actions.get(chosen).objective_id == made.id)
        await settle(pilot)
        # L on the linked action's row unlinks it.
        go_to(table, f"a:{chosen}")
        await pilot.press("L")
        await until(pilot, lambda: services.actions.get(chosen).objective_id is None)
        await settle(pilot)
        # K moves it up one place, J back down.
        go_to(table, f"o:{made.id}")
        await pilot.press("K")
        await until(pilot, lambda: order(store, plan_id)[-2] == made.id)
        await settle(pilot)
        assert order(store, plan_id) == [*before[:-1], made.id, before[-1]]
        await pilot.press("J")
        await until(pilot, lambda: order(store, plan_id)[-1] == made.id)
        await settle(pilot)
        # c: the customer agreed it today; u takes that back.
        await pilot.press("c")
        await until(pilot, lambda: services.objectives.get(made.id).customer_agreed)
        await settle(pilot)
        assert services.objectives.get(made.id).customer_agreed_on == TODAY
        assert [c.plain for c in table.get_row_at(table.get_row_index(f"o:{made.id}"))][5] \
            == f"✓ {TODAY.isoformat()}"
        await pilot.press("u")
        await until(pilot, lambda: not services.objectives.get(made.id).customer_agreed)
        await settle(pilot)
        # e: edit its current value.
        go_to(table, f"o:{made.id}")
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        assert app.screen.query_one("#f-current", Input).value == "30"
        app.screen.query_one("#f-current", Input).value = "25"
        await saved(pilot)
        assert services.objectives.get(made.id).current == 25
        # d: delete it; its action stays, unlinked.
        go_to(table, f"o:{made.id}")
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        await until(pilot, lambda: made.id not in order(store, plan_id))
        await settle(pilot)
        kept = services.actions.get(action.id)
        assert kept.deleted_at is None and kept.objective_id is None
        assert f"o:{made.id}" not in rows(table)


async def test_opportunity_keys_change_the_store(store: Store, services: Services,
                                                 lumera: tuple[str, str]) -> None:
    account_id, plan_id = lumera
    product = services.products.list(limit=1)[0]
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, services, account_id, plan_id)
        table = screen.query_one("#opportunities", DataTable)
        deals = services.opportunities.list(Opportunity.plan_id == plan_id)
        assert sorted(rows(table)) == sorted(d.id for d in deals)
        line = str(screen.query_one("#pipeline", Static).visual)
        assert line.startswith("Pipeline ") and "weighted" in line
        table.focus()
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        form = app.screen
        form.query_one("#f-title", Input).value = "Returns portal"
        form.query_one("#f-product_id", Select).value = product.id
        form.query_one("#f-value", Input).value = "80,000"
        form.query_one("#f-probability", Input).value = "40"
        form.query_one("#f-expected_close", Input).value = "2027-03-31"
        await saved(pilot)
        (made,) = services.opportunities.list(Opportunity.title == "Returns portal")
        assert (made.account_id, made.plan_id, made.product_id, made.value) == (
            account_id, plan_id, product.id, 80_000)
        assert made.id in rows(table)
        weighted = [c.plain for c in table.get_row_at(table.get_row_index(made.id))][6]
        assert weighted == "32.0k"  # 80k × 40%
        go_to(table, made.id)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        app.screen.query_one("#f-stage", Select).value = OpportunityStage.won
        await saved(pilot)
        won = services.opportunities.get(made.id)
        assert (won.stage, won.probability) == (OpportunityStage.won, 100)
        go_to(table, made.id)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        await until(pilot, lambda: not services.opportunities.list(
            Opportunity.title == "Returns portal"))
        await settle(pilot)
        assert made.id not in rows(table)


async def test_markup_titles_stay_text(store: Store, services: Services) -> None:
    account = services.accounts.create({"name": "[b]Co[/]", "tier": "key"})
    plan = services.plans.create({"account_id": account.id, "period": "FY2027"})
    services.objectives.create({"plan_id": plan.id, "title": "[@click=app.quit]x[/]"})
    services.actions.create({"account_id": account.id, "title": "[/] open"})
    services.opportunities.create({"account_id": account.id, "plan_id": plan.id,
                                   "title": "[red]deal"})
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, services, account.id, plan.id)
        table = screen.query_one("#objectives", DataTable)
        assert [c.plain for c in table.get_row_at(0)][0] == "1. [@click=app.quit]x[/]"
        deals = screen.query_one("#opportunities", DataTable)
        assert [c.plain for c in deals.get_row_at(0)][0] == "[red]deal"
        table.focus()
        await pilot.press("L")
        await until(pilot, lambda: isinstance(app.screen, Choose))
        option = app.screen.query_one(OptionList).get_option_at_index(0)
        assert "[/] open" in str(option.prompt)
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running
