"""The portfolio: every live account ranked by revenue, with its Pareto share, health and
the work still open on it (DOMAIN step 1); n adds an account, e edits, d deletes."""

import asyncio
from dataclasses import dataclass
from datetime import date

from rich.style import Style as RichStyle
from rich.text import Text
from sqlalchemy.exc import SQLAlchemyError
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.widgets.data_table import RowDoesNotExist

from kamtui.clock import today
from kamtui.domain import Account, AccountCreate
from kamtui.domain.enums import AccountStatus, Tier
from kamtui.errors import KamError
from kamtui.scoring_config import load_scoring
from kamtui.store import Store
from kamtui.store.changes import Change
from kamtui.store.health import portfolio_health
from kamtui.store.keyscore import key_scores
from kamtui.store.pareto import pareto
from kamtui.store.queries import (
    PortfolioFilter,
    PortfolioPage,
    PortfolioRow,
    PortfolioSort,
    PortfolioSummary,
    portfolio,
    portfolio_summary,
)
from kamtui.store.records import delete_record
from kamtui.ui.screens.pickers import Choose
from kamtui.ui.screens.portfolio_filter import FILTER_HINT, parse_portfolio_filter
from kamtui.ui.screens.prompts import Confirm, quoted
from kamtui.ui.screens.proposals import ProposalsScreen
from kamtui.ui.screens.record_form import RecordForm
from kamtui.ui.text import NOTHING, SEPARATOR, ThemeStyles, cell, day, label, money, percent

PAGE_SIZE = 500
DUE_SOON_DAYS = 7  # a next deadline this close is flagged
RENEWAL_SOON_DAYS = 90  # a renewal this close is flagged

EMPTY_MESSAGE = Content.from_markup(
    "[b]No accounts yet.[/b]\n\n"
    "Try [b]kamtui demo[/b] to look around a sample portfolio."
)

# (key, heading, right-aligned). What the KAM scans first comes first, so a narrow
# terminal scrolls the least needed columns (renewal, industry) off to the right.
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
    ("industry", "Industry", False),
)
# Which sort each column's heading gives when clicked (share follows revenue).
SORT_OF_COLUMN = {"name": PortfolioSort.name, "tier": PortfolioSort.tier,
                  "status": PortfolioSort.status, "revenue": PortfolioSort.revenue,
                  "share": PortfolioSort.revenue, "cumulative": PortfolioSort.revenue,
                  "margin": PortfolioSort.margin, "open": PortfolioSort.open,
                  "next": PortfolioSort.next, "renewal": PortfolioSort.renewal,
                  "industry": PortfolioSort.industry}
COLUMN_TITLES = {PortfolioSort.revenue: "Revenue (the ranking)", PortfolioSort.name: "Name",
                 PortfolioSort.tier: "Tier", PortfolioSort.status: "Status (trouble first)",
                 PortfolioSort.margin: "Margin", PortfolioSort.open: "Open actions",
                 PortfolioSort.next: "Next deadline", PortfolioSort.renewal: "Renewal date",
                 PortfolioSort.industry: "Industry"}
NATURALLY_DESCENDING = {PortfolioSort.revenue, PortfolioSort.margin, PortfolioSort.open}
# Every column fits in 120 cells with these; longer text ends in an ellipsis. A wider
# terminal gives the extra room to the account name, up to NAME_WIDTH_MAX.
NAME_WIDTH = 22
NAME_WIDTH_MAX = 48
FITS_WIDTH = 120
INDUSTRY_WIDTH = 12
# What `n` and `e` show of an account (the profile is edited in its workspace).
ACCOUNT_FIELDS = ("name", "tier", "industry", "region", "annual_revenue", "margin_pct",
                  "strategic_importance", "growth_potential", "status", "renewal_date")


@dataclass(frozen=True)
class _Extras:
    """What the portfolio table shows beside the ranking: key scores, health, Pareto."""

    scores: dict[str, int]
    health: dict[str, int]
    pareto: str
    problem: str | None = None


class AccountsScreen(Screen[None]):
    """The portfolio table with a one-line summary above it."""

    AUTO_FOCUS = "#accounts"
    DEFAULT_CSS = """
    AccountsScreen #portfolio { height: 1fr; }
    AccountsScreen #summary { height: auto; padding: 0 1; margin: 1 0 0 0; }
    AccountsScreen #filter { display: none; margin: 1 1 0 1; background: $boost; }
    AccountsScreen.-filtering #filter { display: block; }
    AccountsScreen #accounts { height: 1fr; margin: 1 0 0 0; }
    AccountsScreen #empty {
        display: none;
        width: 1fr; height: auto;
        margin: 2 4; padding: 1 2;
        border: round $primary;
        content-align: center middle; text-align: center;
    }
    AccountsScreen.-empty #accounts { display: none; }
    AccountsScreen.-empty #empty { display: block; }
    """

    BINDINGS = [
        Binding("question_mark", "app.toggle_help", "Keys", key_display="?",
                id="accounts.help"),
        Binding("s", "sort", "Sort", id="accounts.sort",
                tooltip="Sort by a column (the same one again: reverse)"),
        Binding("slash", "filter", "Filter", key_display="/", id="accounts.filter",
                tooltip="Filter: words, tier:key|major|standard, status:at_risk|..."),
        Binding("escape", "clear_filter", "Clear filter", show=False,
                id="accounts.unfilter"),
        Binding("r", "reload", "Reload", id="accounts.reload",
                tooltip="Read the portfolio again (after changes from the command line)"),
        Binding("p", "proposals", "Proposals", id="accounts.proposals",
                tooltip="Tier changes the key score suggests; accept them one by one"),
        Binding("w", "whitespace", "Whitespace", id="accounts.whitespace",
                tooltip="Every account against every product: has, in play, open"),
        Binding("n", "new_account", "New", id="accounts.new"),
        Binding("e", "edit_account", "Edit", id="accounts.edit",
                tooltip="Edit the selected account"),
        Binding("d", "delete_account", "Delete", id="accounts.delete",
                tooltip="Delete the selected account (u undoes)"),
        Binding("u", "app.undo", "Undo", id="accounts.undo"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.page: PortfolioPage | None = None
        self._name_width = NAME_WIDTH
        self.extras = _Extras({}, {}, "")
        self.sort = PortfolioSort.revenue
        self.descending: bool | None = None  # None: the column's natural order
        self.where = PortfolioFilter()

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="portfolio"):
            yield Input(placeholder=FILTER_HINT, id="filter", compact=True)
            yield Static(id="summary")
            yield DataTable(id="accounts", cursor_type="row", zebra_stripes=True)
            yield Static(EMPTY_MESSAGE, id="empty")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#accounts", DataTable)
        _add_columns(table)
        table.loading = True
        # Cell colours come from the theme, so a new theme repaints the rows.
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._fill_table())
        self.load()

    def on_screen_resume(self) -> None:
        if self.page is not None:  # back from another screen, where work may have changed
            self.load()

    def action_reload(self) -> None:
        self.load()

    def action_proposals(self) -> None:
        self.app.push_screen(ProposalsScreen(self.app.services))  # type: ignore[attr-defined]

    def action_whitespace(self) -> None:
        from kamtui.ui.screens.whitespace_matrix import WhitespaceMatrixScreen

        self.app.push_screen(WhitespaceMatrixScreen(self.app.services))  # type: ignore[attr-defined]

    @work(exclusive=True, group="portfolio")
    async def load(self) -> None:
        """Read the portfolio off the event loop, then show it."""
        try:
            page, summary, extras = await asyncio.to_thread(self._read)
        except (KamError, SQLAlchemyError) as err:  # e.g. the store is locked or damaged
            self.query_one("#accounts", DataTable).loading = False
            self.notify(f"Could not read the portfolio: {err}", title="Store",
                        severity="error", markup=False, timeout=10)
            return
        if extras.problem:
            self.notify(extras.problem, title="Key score", severity="warning", markup=False,
                        timeout=10)
        self._show(page, summary, extras)

    def _read(self) -> tuple[PortfolioPage, PortfolioSummary, _Extras]:
        page = portfolio(self.store, limit=PAGE_SIZE, sort=self.sort,
                         descending=self.descending, where=self.where)
        summary = portfolio_summary(self.store)
        problem, scores = None, {}
        try:
            scoring = load_scoring()
        except KamError as err:  # a broken scoring.toml: say so, show the rest
            problem = str(err)
        else:
            ids = [r.id for r in page.rows]
            found = key_scores(self.store, scoring, ids=ids, limit=max(1, len(ids)))
            scores = {row.id: row.score for row in found.rows}
        health = portfolio_health(self.store, [r.id for r in page.rows], today())
        return page, summary, _Extras(scores, health, pareto(self.store).describe(), problem)

    # -- adding, editing, deleting ----------------------------------------------------
    def _record_form(self, account: Account | None = None) -> RecordForm:
        return RecordForm(self.app.services, "accounts", AccountCreate,  # type: ignore[attr-defined]
                          ACCOUNT_FIELDS, heading="Edit account" if account else "New account",
                          today=today(), record=account)

    def _chosen(self) -> str | None:
        chosen = self._selected_id(self.query_one("#accounts", DataTable))
        if chosen is None:
            self.notify("There is no account to pick; n adds one.", severity="warning")
        return chosen

    @work(group="account-form")
    async def action_new_account(self) -> None:
        self._changed(await self.app.push_screen_wait(self._record_form()))

    @work(group="account-form")
    async def action_edit_account(self) -> None:
        if (chosen := self._chosen()) is None:
            return
        try:
            account = await asyncio.to_thread(self.app.services.accounts.get, chosen)  # type: ignore[attr-defined]
        except KamError as err:
            self.notify(str(err), severity="warning", markup=False)
            return
        self._changed(await self.app.push_screen_wait(self._record_form(account)))

    @work(group="account-form")
    async def action_delete_account(self) -> None:
        if (chosen := self._chosen()) is None:
            return
        row = next((r for r in self.page.rows if r.id == chosen), None) if self.page else None
        question = quoted("Delete ", row.name if row else "this account",
                          " with its contacts, actions and plans? (u undoes)")
        if not await self.app.push_screen_wait(Confirm(question, yes="Delete")):
            return
        services = self.app.services  # type: ignore[attr-defined]
        try:
            change = await asyncio.to_thread(delete_record, services, "accounts", chosen)
        except KamError as err:
            self.notify(str(err), severity="warning", markup=False)
            return
        self._changed(change)

    def _changed(self, change: Change | None) -> None:
        if change is None:
            return
        self.app.remember(change)  # type: ignore[attr-defined]
        self.load()

    # -- sorting and filtering ------------------------------------------------------
    def sort_by(self, sort: PortfolioSort) -> None:
        """Sort by that column; asked again for the same one, reverse the order."""
        if sort == self.sort:
            natural = sort in NATURALLY_DESCENDING
            self.descending = (not natural) if self.descending is None else not self.descending
        else:
            self.sort, self.descending = sort, None
        self.load()

    def action_sort(self) -> None:
        options = [(key.value, COLUMN_TITLES[key]) for key in PortfolioSort]

        def chosen(value: str | None) -> None:
            if value is not None:
                self.sort_by(PortfolioSort(value))

        self.app.push_screen(Choose("Sort the portfolio by", options, self.sort.value),
                             chosen)

    @on(DataTable.RowSelected, "#accounts")
    async def _row_chosen(self, event: DataTable.RowSelected) -> None:
        account_id = str(event.row_key.value)
        row = next((r for r in self.page.rows if r.id == account_id), None) if self.page else None
        await self.app.open_account(account_id, row.name if row else "")  # type: ignore[attr-defined]

    @on(DataTable.HeaderSelected, "#accounts")
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        key = SORT_OF_COLUMN.get(str(event.column_key.value))
        if key is not None:
            self.sort_by(key)

    def action_filter(self) -> None:
        self.add_class("-filtering")
        self.query_one("#filter", Input).focus()

    @on(Input.Changed, "#filter")
    def _filter_typed(self, event: Input.Changed) -> None:
        self.where = parse_portfolio_filter(event.value)
        self.load()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        if not self.query_one("#filter", Input).value.strip():
            self.remove_class("-filtering")
        self.query_one("#accounts", DataTable).focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if box.value:
            box.value = ""
        self.remove_class("-filtering")
        self.query_one("#accounts", DataTable).focus()

    def _show(self, page: PortfolioPage, summary: PortfolioSummary, extras: _Extras) -> None:
        self.page = page
        self.extras = extras
        self._fill_table()
        self.query_one("#accounts", DataTable).loading = False
        self.query_one("#summary", Static).update(_summary(page, summary, extras.pareto))
        self.set_class(summary.accounts == 0, "-empty")

    def _fill_table(self) -> None:
        """(Re)build the rows of the loaded page, keeping the cursor on its account."""
        if self.page is None:
            return
        table = self.query_one("#accounts", DataTable)
        selected = self._selected_id(table)
        self._name_width = self._fitting_name_width()
        palette = ThemeStyles.from_theme(self.app.theme_variables)
        now = today()
        table.clear(columns=True)  # column widths only ever grow unless they are remade
        _add_columns(table, self.sort, self.descending)
        # Rows are keyed by account id so the palette can put the cursor on one.
        for row in self.page.rows:
            table.add_row(*_cells(row, palette, now, self._name_width, self.extras),
                          key=row.id)
        if selected is not None:
            self.select_account(selected, focus=False)

    def _fitting_name_width(self) -> int:
        spare = self.size.width - FITS_WIDTH
        return max(NAME_WIDTH, min(NAME_WIDTH_MAX, NAME_WIDTH + spare))

    def on_resize(self) -> None:
        if self.page is not None and self._fitting_name_width() != self._name_width:
            self._fill_table()

    @staticmethod
    def _selected_id(table: DataTable) -> str | None:
        if table.row_count == 0:
            return None
        try:
            return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except RowDoesNotExist:
            return None

    def select_account(self, account_id: str, *, focus: bool = True) -> bool:
        """Put the cursor on that account; False when it is not on the loaded page."""
        table = self.query_one("#accounts", DataTable)
        try:
            index = table.get_row_index(account_id)
        except RowDoesNotExist:
            return False
        table.move_cursor(row=index, animate=False, scroll=True)
        if focus:
            table.focus()
        return True


def _add_columns(table: DataTable, sort: PortfolioSort = PortfolioSort.revenue,
                 descending: bool | None = None) -> None:
    """The headings, the sorted column's with an arrow (▼ highest / latest first)."""
    down = sort in NATURALLY_DESCENDING if descending is None else descending
    for key, heading, right in COLUMNS:
        if SORT_OF_COLUMN.get(key) == sort and key not in ("share", "cumulative"):
            heading = f"{heading} {'▼' if down else '▲'}"
        table.add_column(cell(heading, justify="right" if right else "left"), key=key)


def _summary(page: PortfolioPage, summary: PortfolioSummary, pareto_text: str) -> Content:
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


def _cells(row: PortfolioRow, palette: ThemeStyles, now: date, name_width: int,
           extras: _Extras) -> list[Text]:
    score, health = extras.scores.get(row.id), extras.health.get(row.id)
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
