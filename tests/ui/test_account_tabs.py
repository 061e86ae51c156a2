"""The team and whitespace panels of the account workspace, each mounted alone in a tiny
app: their rows match the store on the sample portfolio, names that look like markup show
verbatim, and an account with nothing to show says so."""

from datetime import date

from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets import DataTable, Static

from kamtui.store import Store
from kamtui.store.repos import Services
from kamtui.store.team_audit import team_audit
from kamtui.store.whitespace_view import account_whitespace
from kamtui.ui.widgets.team_panel import TeamPanel
from kamtui.ui.widgets.whitespace_panel import WhitespacePanel

SIZE = (120, 40)
TODAY = date(2026, 11, 22)
MARKUP = "[/][@click=app.quit]Zed[/]"


class _App(App[None]):
    def __init__(self, panel: Widget) -> None:
        super().__init__()
        self.panel = panel

    def compose(self) -> ComposeResult:
        yield self.panel


def keys(table: DataTable) -> list[str]:
    return [row.key.value for row in table.ordered_rows]


def column(table: DataTable, index: int) -> list[str]:
    return [table.get_row_at(i)[index].plain for i in range(table.row_count)]


def text(static: Static) -> str:
    return str(static.visual)


async def test_team_panel_on_the_sample_portfolio(store: Store, demo: Services) -> None:
    busy = next(a for a in demo.accounts.list()
                if "Aiko Tanaka" in {s.name for s in team_audit(store, a.id).seats})
    audit = team_audit(store, busy.id)
    panel = TeamPanel(demo, busy.id)
    async with _App(panel).run_test(size=SIZE) as pilot:
        await panel.reload()
        await pilot.pause()
        table = panel.query_one(DataTable)
        assert keys(table) == [s.assignment_id for s in audit.seats]
        assert column(table, 0) == [s.name for s in audit.seats]
        assert column(table, 1) == [s.role for s in audit.seats]
        aiko = next(i for i, s in enumerate(audit.seats) if s.name == "Aiko Tanaka")
        assert table.get_row_at(aiko)[4].plain == "108% over 100%"
        assert all(not row[4].plain.endswith("over 100%")
                   for i, row in enumerate(map(table.get_row_at, range(table.row_count)))
                   if i != aiko)
        findings = text(panel.query_one("#team-findings", Static))
        assert "Aiko Tanaka is allocated 108% across 12 accounts" in findings
        assert pilot.app.screen.query_one(TeamPanel) is panel


async def test_team_panel_shows_names_verbatim_and_the_empty_state(
        services: Services) -> None:
    acme = services.accounts.create({"name": "Acme " + MARKUP,
                                     "skills_needed": ["[i]edi", "[b]GxP"]}).id
    alone = services.accounts.create({"name": "Nobody's " + MARKUP}).id
    member = services.team.create({"name": MARKUP, "role": "[red]Sales",
                                   "skills": ["[i]EDI"]}).id
    services.assignments.create({"team_member_id": member, "account_id": acme,
                                 "time_share_pct": 70})
    other = services.accounts.create({"name": "Other"}).id
    services.assignments.create({"team_member_id": member, "account_id": other,
                                 "time_share_pct": 40})
    panel = TeamPanel(services, acme)
    async with _App(panel).run_test(size=SIZE) as pilot:
        await panel.reload()
        await pilot.pause()
        table = panel.query_one(DataTable)
        assert table.get_row_at(0)[0].plain == MARKUP
        assert table.get_row_at(0)[1].plain == "[red]Sales"
        assert table.get_row_at(0)[2].plain == "[i]EDI"
        assert table.get_row_at(0)[4].plain == "110% over 100%"
        findings = text(panel.query_one("#team-findings", Static))
        assert f"{MARKUP} is allocated 110% across 2 accounts" in findings
        assert "[i]EDI" in findings
        # The member's "[i]EDI" covers the need "[i]edi" (any case); "[b]GxP" is uncovered.
        assert "Needs: [i]edi, [b]GxP (not covered)" in findings
        assert f"Acme {MARKUP} needs [b]GxP, which nobody on the account covers." in findings

        panel.account_id = alone
        await panel.reload()
        await pilot.pause()
        assert table.row_count == 0
        assert (f"Nobody on our side works on Nobody's {MARKUP}."
                in text(panel.query_one("#team-findings", Static)))


async def test_whitespace_panel_on_the_sample_portfolio(store: Store, demo: Services) -> None:
    account = demo.accounts.by_name("Lumera Foods")
    rows = account_whitespace(store, account.id)
    panel = WhitespacePanel(demo, account.id)
    async with _App(panel).run_test(size=SIZE) as pilot:
        await panel.reload()
        await pilot.pause()
        table = panel.query_one(DataTable)
        assert keys(table) == [r.product_id for r in rows]
        assert column(table, 0) == [r.product for r in rows]
        assert column(table, 2) == [str(r.state).replace("_", " ") for r in rows]
        core = column(table, 0).index("FlowPlan Core")
        assert table.get_row_at(core)[2].plain == "has"
        assert table.get_row_at(core)[2].style  # coloured
        note = text(panel.query_one("#whitespace-note", Static))
        assert note.startswith("Whitespace") and "has " in note


async def test_whitespace_panel_shows_names_verbatim_and_the_empty_state(
        services: Services) -> None:
    acme = services.accounts.create({"name": "Acme"}).id
    panel = WhitespacePanel(services, acme)
    async with _App(panel).run_test(size=SIZE) as pilot:
        await panel.reload()
        await pilot.pause()
        assert panel.query_one(DataTable).row_count == 0
        assert "There are no products yet" in text(panel.query_one("#whitespace-note", Static))

        odd = services.products.create({"name": MARKUP, "line": "[b]Line"}).id
        plain = services.products.create({"name": "API"}).id
        services.whitespace.create({"account_id": acme, "product_id": odd,
                                    "state": "in_play", "value": 45_200})
        await panel.reload()
        await pilot.pause()
        table = panel.query_one(DataTable)
        assert keys(table) == [odd, plain]  # "[" sorts before "A"
        assert [c.plain for c in table.get_row_at(0)] == [MARKUP, "[b]Line", "in play",
                                                          "45.2k"]
        assert [c.plain for c in table.get_row_at(1)] == ["API", "—", "—", "—"]
        note = text(panel.query_one("#whitespace-note", Static))
        assert "in play 1 (45.2k)" in note and "unknown 1" in note
