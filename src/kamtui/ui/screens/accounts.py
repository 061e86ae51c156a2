"""The portfolio (DOMAIN step 1) in a PortfolioTable: live accounts with their Pareto share,
key score, health and open work, PAGE_SIZE at most, sorted by any column (s, or a click on
a heading) and filtered (/); n adds an account, e edits, d deletes."""

import asyncio
from dataclasses import dataclass
from datetime import date

from sqlalchemy.exc import SQLAlchemyError
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static

from kamtui.clock import today
from kamtui.domain import Account, AccountCreate
from kamtui.errors import KamError
from kamtui.scoring_config import load_scoring
from kamtui.store import Store
from kamtui.store.changes import Change
from kamtui.store.health_scores import store_version
from kamtui.store.pareto import pareto
from kamtui.store.portfolio import portfolio
from kamtui.store.queries import (
    NATURALLY_DESCENDING,
    PortfolioFilter,
    PortfolioPage,
    PortfolioSort,
    PortfolioSummary,
    portfolio_summary,
)
from kamtui.store.records import delete_record
from kamtui.ui.screens.pickers import Choose
from kamtui.ui.screens.portfolio_filter import FILTER_HINT, parse_portfolio_filter
from kamtui.ui.screens.prompts import Confirm, quoted
from kamtui.ui.screens.proposals import ProposalsScreen
from kamtui.ui.screens.record_form import RecordForm
from kamtui.ui.widgets.keys_footer import KeysFooter
from kamtui.ui.widgets.portfolio_table import (
    SORT_OF_COLUMN,
    SORT_TITLES,
    PortfolioTable,
    fitting_name_width,
    summary_line,
)

PAGE_SIZE = 100  # rows filled at once; [ and ] page through a bigger portfolio

EMPTY_MESSAGE = Content.from_markup(
    "[b]No accounts yet.[/b]\n\n"
    "Try [b]kamtui demo[/b] to look around a sample portfolio."
)

# What `n` and `e` show of an account (the profile is edited in its workspace).
ACCOUNT_FIELDS = ("name", "tier", "industry", "region", "annual_revenue", "margin_pct",
                  "strategic_importance", "growth_potential", "status", "renewal_date")


@dataclass(frozen=True)
class _Extras:
    """Beside the page: Pareto, a problem to tell, the sort it has (revenue if no scores)."""

    pareto: str
    problem: str | None = None
    sort: PortfolioSort = PortfolioSort.revenue
    descending: bool | None = None


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
        Binding("I", "import", "Import", id="accounts.import",
                tooltip="Import accounts, contacts or actions from a CSV or vCard file"),
        Binding("u", "app.undo", "Undo", id="accounts.undo"),
        Binding("right_square_bracket", "page(1)", "Next page", key_display="]",
                id="accounts.next-page"),
        Binding("left_square_bracket", "page(-1)", "Previous page", key_display="[",
                id="accounts.previous-page"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.page: PortfolioPage | None = None
        self.sort = PortfolioSort.revenue
        self.descending: bool | None = None  # None: the column's natural order
        self.where = PortfolioFilter()
        self.first_row = 0  # the first row of the page shown
        # The store's version and the day the page shown was read on (None: not read).
        self._read_at: tuple[int, date] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="portfolio"):
            yield Input(placeholder=FILTER_HINT, id="filter", compact=True)
            yield Static(id="summary")
            yield PortfolioTable(id="accounts")
            yield Static(EMPTY_MESSAGE, id="empty")
        yield KeysFooter()

    @property
    def table(self) -> PortfolioTable:
        return self.query_one("#accounts", PortfolioTable)

    def on_mount(self) -> None:
        self.table.loading = True
        self.load()

    def on_screen_resume(self) -> None:
        # Back from another screen: read again only if anything was saved meanwhile (here,
        # another kamtui, the command line) or the day turned; reading costs ~0.2 s at
        # 5,000 accounts. One PRAGMA, well under a millisecond, on the event loop.
        if self.page is not None and self._read_at != (store_version(self.store), today()):
            self.load()

    def action_reload(self) -> None:
        self.load()

    def action_proposals(self) -> None:
        self.app.push_screen(ProposalsScreen(self.app.services))  # type: ignore[attr-defined]

    def action_whitespace(self) -> None:
        from kamtui.ui.screens.whitespace_matrix import WhitespaceMatrixScreen

        self.app.push_screen(WhitespaceMatrixScreen(self.app.services))  # type: ignore[attr-defined]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "page":
            page, step = self.page, parameters[0]
            if page is None:
                return False
            return page.offset > 0 if step == -1 else (
                page.offset + len(page.rows) < page.shown_total)
        return True

    def action_page(self, step: int) -> None:
        self.first_row = max(0, self.first_row + step * PAGE_SIZE)
        self.load()

    @work(exclusive=True, group="portfolio")
    async def load(self) -> None:
        """Read the portfolio off the event loop, then show it."""
        try:
            page, summary, extras = await asyncio.to_thread(
                self._read, self.sort, self.descending, self.where, self.first_row)
        except (KamError, SQLAlchemyError) as err:  # e.g. the store is locked or damaged
            self.table.loading = False
            self.notify(f"Could not read the portfolio: {err}", title="Store",
                        severity="error", markup=False, timeout=10)
            return
        if extras.problem:
            self.notify(extras.problem, title="Key score", severity="warning", markup=False,
                        timeout=10)
        self.sort, self.descending = extras.sort, extras.descending
        self._show(page, summary, extras)

    def _read(self, sort: PortfolioSort, descending: bool | None, where: PortfolioFilter,
              offset: int) -> tuple[PortfolioPage, PortfolioSummary, _Extras]:
        read_at = (store_version(self.store), today())  # before: a commit meanwhile counts
        problem, scoring = None, None
        try:
            scoring = load_scoring()
        except KamError as err:  # a broken scoring.toml: say so, show the rest
            problem = str(err)
            if sort == PortfolioSort.score:
                problem += " Sorted by revenue instead of key score."
                sort, descending = PortfolioSort.revenue, None
        page = portfolio(self.store, limit=PAGE_SIZE, offset=offset, sort=sort,
                         descending=descending,
                         where=where, scoring=scoring, today=today())
        if not page.rows and page.offset > 0:  # the page emptied (deletions): the last one
            page = portfolio(self.store, limit=PAGE_SIZE, sort=sort, descending=descending,
                             offset=max(0, page.shown_total - 1) // PAGE_SIZE * PAGE_SIZE,
                             where=where, scoring=scoring, today=today())
        summary = portfolio_summary(self.store)
        self._read_at = read_at
        return page, summary, _Extras(pareto(self.store).describe(), problem, sort, descending)

    # -- adding, editing, deleting ----------------------------------------------------
    def _record_form(self, account: Account | None = None) -> RecordForm:
        return RecordForm(self.app.services, "accounts", AccountCreate,  # type: ignore[attr-defined]
                          ACCOUNT_FIELDS, heading="Edit account" if account else "New account",
                          today=today(), record=account)

    def _chosen(self) -> str | None:
        chosen = self.table.selected_id()
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

    @work(group="account-form")
    async def action_import(self) -> None:
        from kamtui.ui.screens.import_dialog import ImportDialog

        summary = await self.app.push_screen_wait(ImportDialog(self.store))
        if summary:
            self.notify(summary, title="Import", markup=False, timeout=15)
            self.load()

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
        self.first_row = 0
        self.load()

    def action_sort(self) -> None:
        options = [(key.value, title) for key, title in SORT_TITLES.items()]

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
        self.first_row = 0
        self.load()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        if not self.query_one("#filter", Input).value.strip():
            self.remove_class("-filtering")
        self.table.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if box.value:
            box.value = ""
        self.remove_class("-filtering")
        self.table.focus()

    def _show(self, page: PortfolioPage, summary: PortfolioSummary, extras: _Extras) -> None:
        self.page = page
        self.first_row = page.offset
        self.table.show(page, self.sort, self.descending)
        self.refresh_bindings()
        self.table.loading = False
        self.query_one("#summary", Static).update(summary_line(page, summary, extras.pareto))
        self.set_class(summary.accounts == 0, "-empty")

    def on_resize(self) -> None:
        if self.table.page and fitting_name_width(self.size.width) != self.table.name_width:
            self.table.refill()

    def select_account(self, account_id: str, *, focus: bool = True) -> bool:
        """Put the cursor on that account; False when it is not on the loaded page."""
        return self.table.select_account(account_id, focus=focus)
