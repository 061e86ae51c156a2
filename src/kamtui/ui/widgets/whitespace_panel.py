"""The Whitespace tab of the account workspace: every product with this account's state
and value, and a summary note under it. `e` or enter sets the highlighted product's cell
(state, value, notes), `d` clears it back to unknown, `a` adds a product to the catalogue.

Names are user text: cells go through `cell`, sentences through `user_text`/`quoted`.
"""

from typing import ClassVar

from rich.style import Style as RichStyle
from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import DataTable, Static

from kamtui.clock import today
from kamtui.domain import ProductCreate, WhitespaceCellCreate
from kamtui.domain.enums import WhitespaceState
from kamtui.store.changes import Change
from kamtui.store.repos import Services
from kamtui.store.whitespace import clear_whitespace, set_whitespace
from kamtui.store.whitespace_view import WhitespaceRow, account_whitespace
from kamtui.ui.screens.prompts import Confirm, quoted
from kamtui.ui.screens.record_form import RecordForm
from kamtui.ui.screens.step_form import StepForm
from kamtui.ui.text import NOTHING, SEPARATOR, ThemeStyles, cell, label, money
from kamtui.ui.widgets.account_panel import AccountPanel, keep_cursor

WHITESPACE_COLUMNS = ("Product", "Line", "State", "Value")
PRODUCT_FIELDS = ("name", "line", "description")
CELL_FIELDS = ("state", "value", "notes")
NO_PRODUCTS = "There are no products yet: a adds one to the catalogue."


class WhitespacePanel(AccountPanel):
    """Every product with this account's state and value; unknown cells show a dash."""

    CAN: ClassVar[frozenset[str]] = frozenset({"add", "edit", "delete"})
    LABELS: ClassVar[dict[str, str]] = {
        "add": "Add product",
        "edit": "Set state",
        "delete": "Clear state",
    }
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
        selected = self.selected(table)
        table.clear(columns=True)
        for heading in WHITESPACE_COLUMNS:
            table.add_column(cell(heading))
        for row in rows:
            table.add_row(cell(row.product, max_width=40), cell(row.line or NOTHING,
                                                                max_width=28),
                          cell(state_text(row.state), style=state_style(row.state, styles)),
                          cell(money(row.value), justify="right"), key=row.product_id)
        keep_cursor(table, selected)
        self.query_one("#whitespace-note", Static).update(_whitespace_note(rows))

    def _row(self) -> WhitespaceRow | None:
        """The highlighted product's row; None (saying why) when there is none."""
        key = self.selected(self.query_one("#whitespace-table", DataTable), empty=NO_PRODUCTS)
        return next((r for r in self.rows or [] if r.product_id == key), None)

    # -- the keys ---------------------------------------------------------------------
    async def add(self) -> Change | None:
        return await self.app.push_screen_wait(RecordForm(
            self.services, "products", ProductCreate, PRODUCT_FIELDS,
            heading="New product (for every account)", today=today()))

    async def edit(self) -> Change | None:
        row = self._row()
        if row is None:
            return None
        services, account_id, product_id = self.services, self.account_id, row.product_id
        known = None if row.cell_id is None else WhitespaceCellCreate(
            account_id=account_id, product_id=product_id, state=row.state,
            value=row.value, notes=row.notes)

        def save(values: dict) -> Change:
            return set_whitespace(services, account_id, product_id, **values)

        return await self.app.push_screen_wait(StepForm(
            services, "whitespace", WhitespaceCellCreate, CELL_FIELDS, save=save,
            heading=f"Whitespace: {row.product}", today=today(), record=known))

    async def delete(self) -> Change | None:
        row = self._row()
        if row is None:
            return None
        if row.state is None:
            self.notify(f"'{row.product}' is already unknown here: there is nothing to "
                        f"clear.", severity="warning", markup=False)
            return None
        question = quoted("Clear ", row.product, " back to unknown? (u undoes it)")
        if not await self.app.push_screen_wait(Confirm(question, yes="Clear")):
            return None
        return await self.attempt(clear_whitespace, self.services, self.account_id,
                                  row.product_id)

    @on(DataTable.RowSelected, "#whitespace-table")
    def _enter(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._edit_from_enter()

    @work(group="account-form")
    async def _edit_from_enter(self) -> None:
        self.screen.changed(await self.edit())  # type: ignore[attr-defined]


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
        return Content.styled("There are no products yet: add our offerings (a) to see "
                              "which this account has, is buying or could buy.", "dim")
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


__all__ = ["WhitespacePanel", "state_style", "state_text"]
