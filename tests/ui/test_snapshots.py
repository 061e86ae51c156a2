"""How the screens look, as SVG snapshots (pytest-textual-snapshot). Each test builds a
small fixed store; today is pinned by conftest. Update with `pytest --snapshot-update`
and look at the SVGs before committing them."""

from datetime import UTC, date, datetime

from textual.pilot import Pilot

from kamtui.demo import build_demo
from kamtui.store import Store
from kamtui.store.repos import Services
from kamtui.ui.app import KamApp

SIZE = (120, 40)
STAMP = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)

ACCOUNTS = [
    # id, name, tier, industry, revenue, margin, status, renewal
    ("a1", "Nordwind Logistics GmbH", "key", "Logistics", 4_200_000, 18.5, "active",
     "2027-03-31"),
    ("a2", "Acme Industrial Holdings International", "key", "Manufacturing", 3_100_000, 22.0,
     "at_risk", "2026-12-15"),
    ("a3", "Helios Energy", "major", "Energy", 1_450_000, -3.0, "in_crisis", "2026-11-30"),
    ("a4", "[@click=app.quit]Markup & Co[/]", "major", "[b]Retail[/b]", 950_000, 12.0,
     "active", None),
    ("a5", "Blue Harbour Foods", "standard", "Food & beverage", 120_000, 30.0, "active",
     "2027-09-01"),
    ("a6", "Old Customer Ltd", "standard", "", 45_000, None, "churned", None),
]
ACTIONS = [
    # id, account id, deadline, status
    ("x1", "a1", "2026-11-10", "open"),  # overdue
    ("x2", "a1", "2026-12-20", "waiting"),
    ("x3", "a2", "2026-11-25", "open"),  # due within a week
    ("x4", "a3", "2027-01-15", "open"),
    ("x5", "a5", "2026-10-01", "done"),  # done: not counted
]


def build(services: Services) -> None:
    for id, name, tier, industry, revenue, margin, status, renewal in ACCOUNTS:
        services.accounts.create(
            {"name": name, "tier": tier, "industry": industry, "annual_revenue": revenue,
             "margin_pct": margin, "status": status, "renewal_date": renewal},
            id=id, stamp=STAMP)
    for id, account_id, deadline, status in ACTIONS:
        services.actions.create({"account_id": account_id, "title": f"Action {id}",
                                 "deadline": deadline, "status": status}, id=id, stamp=STAMP)


async def settle(pilot: Pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def portfolio_screen(pilot: Pilot) -> None:
    await pilot.press("2")
    await settle(pilot)


def test_portfolio(snap_compare, store: Store, services: Services) -> None:
    build(services)
    app = KamApp(store, subtitle="sample portfolio")
    assert snap_compare(app, terminal_size=SIZE, run_before=portfolio_screen)


def test_empty_store(snap_compare, store: Store) -> None:
    app = KamApp(store, subtitle="sample portfolio")
    assert snap_compare(app, terminal_size=SIZE, run_before=portfolio_screen)


def test_today_on_the_sample_portfolio(snap_compare, store: Store) -> None:
    build_demo(store, date(2026, 11, 22))  # deterministic for a given day
    app = KamApp(store, subtitle="sample portfolio")
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_today_at_80x24(snap_compare, store: Store) -> None:
    build_demo(store, date(2026, 11, 22))
    app = KamApp(store, subtitle="sample portfolio")
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


def test_account_contacts_tab(snap_compare, store: Store, services: Services) -> None:
    from textual.widgets import TabbedContent

    build_demo(store, date(2026, 11, 22))
    meridian = services.accounts.by_name("Meridian Freight Partners")

    async def contacts_tab(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.app.open_account(meridian.id, meridian.name)
        await settle(pilot)
        pilot.app.screen.query_one(TabbedContent).active = "tab-contacts"
        await settle(pilot)

    app = KamApp(store, subtitle="sample portfolio")
    assert snap_compare(app, terminal_size=SIZE, run_before=contacts_tab)


def test_whitespace_matrix(snap_compare, store: Store) -> None:
    build_demo(store, date(2026, 11, 22))

    async def matrix(pilot: Pilot) -> None:
        await portfolio_screen(pilot)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press(*("right",) * 7)  # an in-play cell: its detail line below
        await settle(pilot)

    app = KamApp(store, subtitle="sample portfolio")
    assert snap_compare(app, terminal_size=SIZE, run_before=matrix)


def test_escalations_screen(snap_compare, store: Store) -> None:
    from kamtui.ui.screens.escalations import EscalationsScreen

    build_demo(store, date(2026, 11, 22))  # Meridian's open escalation, due in 26 h

    async def escalations(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.app.push_screen(EscalationsScreen(pilot.app.services))
        await settle(pilot)

    app = KamApp(store, subtitle="sample portfolio")
    assert snap_compare(app, terminal_size=SIZE, run_before=escalations)


def test_plan_screen(snap_compare, store: Store) -> None:
    build_demo(store, date(2026, 11, 22))

    async def plan(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("3")  # the first key account with a plan
        await settle(pilot)
        await settle(pilot)  # the sections read after the plan does

    app = KamApp(store, subtitle="sample portfolio")
    assert snap_compare(app, terminal_size=SIZE, run_before=plan)


def test_import_preview(snap_compare, store: Store, services: Services,
                        monkeypatch) -> None:  # noqa: ANN001
    from pathlib import Path

    from helpers import settle as settle_forms
    from textual.widgets import Input

    build(services)
    # A file name relative to the fixtures folder, so the picture is the same on any clone.
    monkeypatch.chdir(Path(__file__).parent.parent / "fixtures" / "crm")

    async def preview(pilot: Pilot) -> None:
        await portfolio_screen(pilot)
        await pilot.press("I")  # its worker waits for the dialog: not waited for
        await settle_forms(pilot)
        pilot.app.screen.query_one("#file", Input).value = "salesforce_accounts.csv"
        pilot.app.screen.query_one("#file", Input).focus()
        await pilot.press("enter")
        await settle_forms(pilot)

    app = KamApp(store, subtitle="sample portfolio")
    assert snap_compare(app, terminal_size=SIZE, run_before=preview)
