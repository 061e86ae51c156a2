"""The portfolio table of the Accounts screen: its columns (a heading sorts by its column,
the sorted one shows ▲ or ▼), one row per account of the loaded page, keyed by account id,
and the summary line shown above it."""

from datetime import date
from typing import ClassVar

from rich.style import Style as RichStyle
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

from kamtui.clock import today
from kamtui.domain.enums import AccountStatus, Tier
from kamtui.store.queries import (
    NATURALLY_DESCENDING,
    PortfolioPage,
    PortfolioRow,
    PortfolioSort,
    PortfolioSummary,
)
from kamtui.ui.text import NOTHING, SEPARATOR, ThemeStyles, cell, day, label, money, percent

DUE_SOON_DAYS = 7  # a next deadline this close is flagged
RENEWAL_SOON_DAYS = 90  # a renewal this close is flagged

# (key, heading, right-aligned). What the KAM scans first comes first, so a narrow
# terminal scrolls the least needed columns (the key score's inputs, industry) off to the
# right.
COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("name", "Account", False),
    ("tier", "Tier", False),
    ("status", "Status", False),
    ("revenue", "Revenue", True),
    ("score", "Score", True),
    ("health", "Health", True),
    ("share", "Share", True),
    ("cumulative", "Cum.", True),
    ("margin", "Margin", True),
    ("open", "Open", True),
    ("next", "Next due", False),
    ("renewal", "Renewal", False),
    ("strategic", "Strat.", True),
    ("growth", "Growth", True),
    ("industry", "Industry", False),
)
# Which sort each column's heading gives when clicked (the cumulative share follows the
# revenue ranking); every other column key is a PortfolioSort of its own.
SORT_OF_COLUMN = {key: PortfolioSort.revenue if key == "cumulative" else PortfolioSort(key)
                  for key, _, _ in COLUMNS}
# The sort picker's lines, in this order.
SORT_TITLES = {
    PortfolioSort.revenue: "Revenue (the ranking)", PortfolioSort.name: "Name",
    PortfolioSort.tier: "Tier", PortfolioSort.status: "Status (trouble first)",
    PortfolioSort.score: "Key score", PortfolioSort.health: "Health (weakest first)",
    PortfolioSort.share: "Share of revenue", PortfolioSort.margin: "Margin",
    PortfolioSort.open: "Open actions", PortfolioSort.next: "Next deadline",
    PortfolioSort.renewal: "Renewal date", PortfolioSort.strategic: "Strategic importance",
    PortfolioSort.growth: "Growth potential", PortfolioSort.industry: "Industry",
}
# Every column up to Renewal fits in 120 cells with these; longer text ends in an ellipsis.
# A wider terminal gives the extra room to the account name, up to NAME_WIDTH_MAX.
NAME_WIDTH = 22
NAME_WIDTH_MAX = 48
FITS_WIDTH = 120
INDUSTRY_WIDTH = 12


class PortfolioTable(DataTable):
    """One row per account of the page shown; rows are keyed by account id so the command
    palette can put the cursor on one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="accounts.down"),
        Binding("k", "cursor_up", "Up", show=False, id="accounts.up"),
        Binding("g", "scroll_top", "First", show=False, id="accounts.first"),
        Binding("G", "scroll_bottom", "Last", show=False, id="accounts.last"),
    ]

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.page: PortfolioPage | None = None
        self.sort = PortfolioSort.revenue
        self.descending: bool | None = None  # None: the column's natural order
        self.name_width = NAME_WIDTH

    def on_mount(self) -> None:
        _add_columns(self)
        # Cell colours come from the theme, so a new theme repaints the rows.
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refill())

    def show(self, page: PortfolioPage, sort: PortfolioSort, descending: bool | None) -> None:
        self.page, self.sort, self.descending = page, sort, descending
        self.refill()

    def refill(self) -> None:
        """(Re)build the rows of the loaded page, keeping the cursor on its account, with
        the names fitted to the screen's width."""
        if self.page is None:
            return
        self.name_width = fitting_name_width(self.screen.size.width)
        selected = self.selected_id()
        palette = ThemeStyles.from_theme(self.app.theme_variables)
        now = today()
        self.clear(columns=True)  # column widths only ever grow unless they are remade
        _add_columns(self, self.sort, self.descending)
        for row in self.page.rows:
            self.add_row(*_cells(row, palette, now, self.name_width), key=row.id)
        if selected is not None:
            self.select_account(selected, focus=False)

    def selected_id(self) -> str | None:
        if self.row_count == 0:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except RowDoesNotExist:
            return None

    def select_account(self, account_id: str, *, focus: bool = True) -> bool:
        """Put the cursor on that account; False when it is not on the loaded page."""
        try:
            index = self.get_row_index(account_id)
        except RowDoesNotExist:
            return False
        self.move_cursor(row=index, animate=False, scroll=True)
        if focus:
            self.focus()
        return True


def fitting_name_width(width: int) -> int:
    """The account name's width on a terminal `width` cells wide."""
    return max(NAME_WIDTH, min(NAME_WIDTH_MAX, NAME_WIDTH + width - FITS_WIDTH))


def _add_columns(table: DataTable, sort: PortfolioSort = PortfolioSort.revenue,
                 descending: bool | None = None) -> None:
    """The headings, the sorted column's with an arrow (▼ highest / latest first)."""
    down = sort in NATURALLY_DESCENDING if descending is None else descending
    for key, heading, right in COLUMNS:
        if key == sort.value:
            heading = f"{heading} {'▼' if down else '▲'}"
        table.add_column(cell(heading, justify="right" if right else "left"), key=key)


def summary_line(page: PortfolioPage, summary: PortfolioSummary, pareto_text: str) -> Content:
    """'40 accounts · revenue 123M · key 8 · major 12 · standard 20 · 3 at risk'."""
    if summary.accounts == 0:
        return Content("")
    parts: list[Content] = [
        Content.assemble((str(summary.accounts), "bold"),
                         " account" if summary.accounts == 1 else " accounts"),
        Content.assemble("revenue ", (money(summary.revenue), "bold")),
    ]
    for tier in Tier:
        parts.append(Content.assemble(f"{label(tier)} ", (str(summary.by_tier[tier]), "bold")))
    if summary.troubled:
        parts.append(Content.styled(f"{summary.troubled} at risk or in crisis", "$warning"))
    if pareto_text:
        parts.append(Content.styled(pareto_text, "dim"))
    if page.matching is not None:
        parts.append(Content.styled(f"filter: {page.matching} match", "bold $text-accent"))
    if page.is_partial:
        first = page.offset + 1
        parts.append(Content.styled(
            f"showing {first}–{page.offset + len(page.rows)} of {page.shown_total}", "dim"))
    return Content(SEPARATOR).join(parts)


def _cells(row: PortfolioRow, palette: ThemeStyles, now: date, name_width: int) -> list[Text]:
    score, health = row.score, row.health
    tier_style = {Tier.key: palette.strong, Tier.major: RichStyle(),
                  Tier.standard: palette.muted}[row.tier]
    status_style = {AccountStatus.active: RichStyle(), AccountStatus.at_risk: palette.warning,
                    AccountStatus.in_crisis: palette.error + palette.strong,
                    AccountStatus.churned: palette.muted}[row.status]
    return [
        cell(row.name, max_width=name_width,
             style=palette.strong if row.tier == Tier.key else ""),
        cell(label(row.tier), style=tier_style),
        cell(label(row.status), style=status_style),
        cell(money(row.annual_revenue), justify="right"),
        cell(NOTHING if score is None else score, justify="right",
             style=palette.strong if score is not None and score >= 70 else ""),
        cell(NOTHING if health is None else health, justify="right",
             style=(palette.error if health is not None and health < 50 else
                    palette.warning if health is not None and health < 75 else "")),
        cell(percent(row.share_pct), justify="right"),
        cell(percent(row.cumulative_share_pct, 0), justify="right"),
        cell(percent(row.margin_pct, 0), justify="right",
             style=palette.error if row.margin_pct is not None and row.margin_pct < 0 else ""),
        cell(row.open_actions or NOTHING, justify="right",
             style="" if row.open_actions else palette.muted),
        cell(day(row.next_deadline),
             style=_due_style(row.next_deadline, now, DUE_SOON_DAYS, palette)),
        cell(day(row.renewal_date),
             style=_due_style(row.renewal_date, now, RENEWAL_SOON_DAYS, palette)),
        cell(f"{row.strategic_importance}/5", justify="right"),
        cell(f"{row.growth_potential}/5", justify="right"),
        cell(row.industry or NOTHING, max_width=INDUSTRY_WIDTH,
             style="" if row.industry else palette.muted),
    ]


def _due_style(when: date | None, now: date, soon_days: int, palette: ThemeStyles) -> RichStyle:
    if when is None:
        return palette.muted
    if when < now:
        return palette.error
    if (when - now).days <= soon_days:
        return palette.warning
    return RichStyle()


__all__ = ["COLUMNS", "SORT_OF_COLUMN", "SORT_TITLES", "PortfolioTable", "fitting_name_width",
           "summary_line"]
