"""Two panels of the account workspace, each a tab's whole content: the team on the account
(with the team audit's findings) and the account's whitespace (every product, its state and
value). Each reads in a thread when `await panel.reload()` is called.

Names and findings are user text: cells go through `cell`, sentences through `user_text`.
"""

from rich.style import Style as RichStyle
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import DataTable, Static

from kamtui.domain.enums import WhitespaceState
from kamtui.store.repos import Services
from kamtui.store.team_audit import Seat, TeamAudit, team_audit
from kamtui.store.whitespace_view import WhitespaceRow, account_whitespace
from kamtui.ui.text import NOTHING, SEPARATOR, ThemeStyles, cell, label, money, plural, user_text
from kamtui.ui.widgets.account_panel import AccountPanel

TEAM_COLUMNS = ("Name", "Role", "Skills", "Share here", "Total share")
WHITESPACE_COLUMNS = ("Product", "Line", "State", "Value")


def share(pct: float) -> str:
    """A share of one person's time: 40%, 33.3%."""
    return f"{pct:g}%"


class TeamPanel(AccountPanel):
    """Who on our side works on the account, then what the team audit found."""

    WHAT = "the team"

    def __init__(self, services: Services, account_id: str, **kwargs: str) -> None:
        super().__init__(services, account_id, **kwargs)
        self.audit: TeamAudit | None = None  # what the last reload read

    def compose(self) -> ComposeResult:
        yield DataTable(id="team-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="team-findings", classes="panel-note")

    def read(self) -> TeamAudit:
        return team_audit(self.services.store, self.account_id)

    def show(self, data: TeamAudit) -> None:
        self.audit = audit = data
        styles = ThemeStyles.from_theme(self.app.theme_variables)
        table = self.query_one("#team-table", DataTable)
        table.clear(columns=True)
        for heading in TEAM_COLUMNS:
            table.add_column(cell(heading))
        for seat in audit.seats:
            table.add_row(*_seat_cells(seat, styles), key=seat.assignment_id)
        self.query_one("#team-findings", Static).update(_findings(audit))


def _seat_cells(seat: Seat, styles: ThemeStyles) -> list:
    total = share(seat.total_share_pct)
    return [cell(seat.name, max_width=28), cell(seat.role or NOTHING, max_width=34),
            cell(", ".join(seat.skills) or NOTHING, max_width=34),
            cell(share(seat.share_pct), justify="right"),
            cell(f"{total} over 100%" if seat.over_allocated else total, justify="right",
                 style=styles.error if seat.over_allocated else "")]


def _findings(audit: TeamAudit) -> Content:
    """A summary line, then each finding as a sentence (they quote names: user text)."""
    if audit.seats:
        summary = Content.assemble(
            ("Team audit  ", "bold $text-accent"),
            f"{plural(len(audit.seats), 'seat')}, {share(audit.share_pct)} of one person's time",
            SEPARATOR, "skills: ", user_text(", ".join(audit.skills_covered) or NOTHING))
    else:
        summary = Content.styled("Team audit", "bold $text-accent")
    lines = [summary]
    lines += [Content.assemble(("• ", "$text-warning"), user_text(sentence))
              for sentence in audit.findings]
    if not audit.findings:
        lines.append(Content.styled("No warnings: nobody on the account is over-allocated.",
                                    "dim"))
    return Content("\n").join(lines)


class WhitespacePanel(AccountPanel):
    """Every product with this account's state and value; unknown cells show a dash."""

    WHAT = "the whitespace"

    def __init__(self, services: Services, account_id: str, **kwargs: str) -> None:
        super().__init__(services, account_id, **kwargs)
        self.rows: list[WhitespaceRow] | None = None  # what the last reload read

    def compose(self) -> ComposeResult:
        yield DataTable(id="whitespace-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="whitespace-note", classes="panel-note")

    def read(self) -> list[WhitespaceRow]:
        return account_whitespace(self.services.store, self.account_id)

    def show(self, data: list[WhitespaceRow]) -> None:
        self.rows = rows = data
        styles = ThemeStyles.from_theme(self.app.theme_variables)
        table = self.query_one("#whitespace-table", DataTable)
        table.clear(columns=True)
        for heading in WHITESPACE_COLUMNS:
            table.add_column(cell(heading))
        for row in rows:
            table.add_row(cell(row.product, max_width=40), cell(row.line or NOTHING,
                                                                max_width=28),
                          cell(state_text(row.state), style=state_style(row.state, styles)),
                          cell(money(row.value), justify="right"), key=row.product_id)
        self.query_one("#whitespace-note", Static).update(_whitespace_note(rows))


def state_text(state: WhitespaceState | None) -> str:
    return NOTHING if state is None else label(state)


def state_style(state: WhitespaceState | None, styles: ThemeStyles) -> RichStyle:
    if state is None:
        return styles.muted
    return {WhitespaceState.has: styles.success, WhitespaceState.in_play: styles.accent,
            WhitespaceState.open: styles.warning,
            WhitespaceState.not_relevant: styles.muted}[state]


def _whitespace_note(rows: list[WhitespaceRow]) -> Content:
    """The empty state, or the counts and values by state."""
    if not rows:
        return Content.styled("There are no products yet: add our offerings to see which "
                              "this account has, is buying or could buy.", "dim")
    parts = []
    for state in WhitespaceState:
        mine = [r for r in rows if r.state == state]
        if mine:
            worth = sum(r.value or 0 for r in mine)
            parts.append(f"{label(state)} {len(mine)}"
                         + (f" ({money(worth)})" if state != WhitespaceState.not_relevant
                            and worth else ""))
    unknown = sum(1 for r in rows if r.state is None)
    if unknown:
        parts.append(f"unknown {unknown}")
    return Content.assemble(("Whitespace  ", "bold $text-accent"), SEPARATOR.join(parts))


__all__ = ["TeamPanel", "WhitespacePanel", "share", "state_style", "state_text"]
