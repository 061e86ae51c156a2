"""The portfolio's whitespace (w on the portfolio): accounts by revenue against every
product, one symbol per cell in its state's colour, the per-product totals below and the
highlighted cell in words. enter opens the account, space moves the cell on to its next
state (u undoes), t filters by tier, [ and ] page, escape goes back."""

import asyncio

from rich.text import Text
from sqlalchemy.exc import SQLAlchemyError
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.style import Style
from textual.widgets import DataTable, Footer, Header, Static

from kamtui.domain.enums import Tier, WhitespaceState
from kamtui.domain.words import one_line
from kamtui.errors import KamError
from kamtui.store.changes import Change
from kamtui.store.repos import Services
from kamtui.store.whitespace import clear_whitespace, set_whitespace
from kamtui.store.whitespace_matrix import (
        MatrixCell,
    MatrixRow,
    WhitespaceMatrix,
    whitespace_matrix,
)
from kamtui.ui.text import NOTHING, SEPARATOR, ThemeStyles, cell, label, money, plural, user_text
from kamtui.ui.widgets.whitespace_panel import state_style, state_text

SYMBOLS = {WhitespaceState.has: "●", WhitespaceState.in_play: "◐",
           WhitespaceState.open: "○", WhitespaceState.not_relevant: "·", None: "–"}
# What space makes of a cell: unknown → open → in play → has → not relevant → unknown.
NEXT_STATE: dict[WhitespaceState | None, WhitespaceState | None] = {
    None: WhitespaceState.open, WhitespaceState.open: WhitespaceState.in_play,
    WhitespaceState.in_play: WhitespaceState.has,
    WhitespaceState.has: WhitespaceState.not_relevant, WhitespaceState.not_relevant: None}
PAGE_SIZE = 200  # accounts a page: DataTable fills on the event loop
TIERS: tuple[Tier | None, ...] = (None, Tier.key, Tier.major, Tier.standard)
SHORT_TIER = {Tier.key: "key", Tier.major: "major", Tier.standard: "std"}
# Widths without padding; each product heading is two clipped lines of PRODUCT_WIDTH.
NAME_WIDTH, TIER_WIDTH, PRODUCT_WIDTH, TO_WIN_WIDTH = 18, 5, 7, 7
TOTALS = ((WhitespaceState.has, "has"), (WhitespaceState.in_play, "in play"),
          (WhitespaceState.open, "open"), (None, "to win"))
NO_PRODUCTS = ("There are no products yet: add our offerings on an account's whitespace tab "
               "(a) to see which accounts have them, are buying them or could.")
NO_ACCOUNTS = "No accounts yet. Try kamtui demo to look around a sample portfolio."


def heading(name: str, width: int = PRODUCT_WIDTH) -> Text:
    """A product's name in two lines of `width` cells, each clipped with an ellipsis."""
    words = one_line(name).split() or [""]
    first = words.pop(0)
    while words and len(first) + 1 + len(words[0]) <= width:
        first += " " + words.pop(0)
    lines = [Text(part, no_wrap=True, end="") for part in (first, " ".join(words))]
    for line in lines:
        line.truncate(width, overflow="ellipsis")
    return Text("\n").join(lines)


class WhitespaceMatrixScreen(Screen[None]):
    """Accounts × products, a page of PAGE_SIZE accounts at a time."""

    AUTO_FOCUS = "#matrix"
    DEFAULT_CSS = """
    WhitespaceMatrixScreen #body { height: 1fr; }
    WhitespaceMatrixScreen #summary { height: auto; padding: 0 1; margin: 1 0 0 0; }
    WhitespaceMatrixScreen DataTable { scrollbar-gutter: stable; }
    WhitespaceMatrixScreen #matrix { height: 1fr; margin: 1 0 0 0; }
    WhitespaceMatrixScreen #totals { height: 4; overflow-x: hidden; }
    WhitespaceMatrixScreen #detail { height: 2; padding: 0 1; }
    WhitespaceMatrixScreen #message {
        display: none; width: 1fr; height: auto; margin: 2 4; padding: 1 2;
        border: round $primary;
    }
    WhitespaceMatrixScreen.-message #matrix, WhitespaceMatrixScreen.-message #totals,
    WhitespaceMatrixScreen.-message #detail { display: none; }
    WhitespaceMatrixScreen.-message #message { display: block; }
    """

    BINDINGS = [
        Binding("question_mark", "app.toggle_help", "Keys", key_display="?",
                id="whitespace.help"),
        Binding("escape", "back", "Back", id="whitespace.back"),
        Binding("space", "cycle", "Next state", id="whitespace.cycle",
                tooltip="Move the cell on: unknown, open, in play, has, not relevant"),
        Binding("t", "tier", "Tier", id="whitespace.tier",
                tooltip="Show one tier, then the next, then every tier"),
        Binding("left_square_bracket", "page(-1)", "Previous", key_display="[",
                id="whitespace.previous"),
        Binding("right_square_bracket", "page(1)", "Next", key_display="]",
                id="whitespace.next"),
        Binding("u", "app.undo", "Undo", id="whitespace.undo"),
        Binding("r", "reload", "Reload", show=False, id="whitespace.reload"),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.matrix: WhitespaceMatrix | None = None  # what the last load read
        self.tier: Tier | None = None
        self.first = 0  # the page starts at this account
        self._saving = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="body"):
            yield Static(id="summary")
            yield DataTable(id="matrix", cursor_type="cell", fixed_columns=1,
                            header_height=2)
            yield DataTable(id="totals", cursor_type="none", fixed_columns=1,
                            show_header=False)
            yield Static(id="detail")
            yield Static(id="message", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#totals", DataTable).can_focus = False
        self.query_one("#matrix", DataTable).loading = True
        # The totals scroll sideways with the matrix so each stays under its product.
        self.watch(self.query_one("#matrix", DataTable), "scroll_x", lambda x: self.query_one(
            "#totals", DataTable).scroll_to(x=x, animate=False, force=True))
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._fill())
        self.load()

    def on_screen_resume(self) -> None:
        if self.matrix is not None:  # back from an account, where its whitespace may change
            self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action != "page":
            return True
        m = self.matrix  # [ and ] show only when there is a page that way
        return m is not None and (m.offset > 0 if parameters == (-1,)
                                  else m.offset + len(m.rows) < m.matching)

    # -- reading --------------------------------------------------------------------
    def action_reload(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.dismiss()

    def action_tier(self) -> None:
        self.tier = TIERS[(TIERS.index(self.tier) + 1) % len(TIERS)]
        self.first = 0
        self.load()

    def action_page(self, step: int) -> None:
        if self.check_action("page", (step,)):
            self.first = max(0, self.first + step * PAGE_SIZE)
            self.load()

    @work(exclusive=True, group="whitespace-matrix")
    async def load(self) -> None:
        try:
            found = await asyncio.to_thread(whitespace_matrix, self.services.store,
                                            limit=PAGE_SIZE, offset=self.first, tier=self.tier)
        except (KamError, SQLAlchemyError) as err:  # e.g. the store is locked or damaged
            self.query_one("#matrix", DataTable).loading = False
            self.notify(f"Could not read the whitespace: {err}", title="Store",
                        severity="error", markup=False, timeout=10)
            return
        self.matrix = found
        self._fill()
        self.refresh_bindings()

    def _fill(self) -> None:
        """(Re)build both tables from the loaded page, keeping the cursor where it was."""
        m = self.matrix
        if m is None:
            return
        table, totals = self.query_one("#matrix", DataTable), self.query_one("#totals",
                                                                            DataTable)
        where = table.cursor_coordinate
        styles = ThemeStyles.from_theme(self.app.theme_variables)
        for each in (table, totals):
            each.clear(columns=True)
            each.add_column(cell("Account"), width=NAME_WIDTH, key="name")
            each.add_column(cell("Tier"), width=TIER_WIDTH, key="tier")
        for product in m.products:
            table.add_column(heading(product.name), width=PRODUCT_WIDTH, key=product.id)
            totals.add_column("", width=PRODUCT_WIDTH, key=product.id)
        for each in (table, totals):
            each.add_column(Text("To win", justify="right"), width=TO_WIN_WIDTH,
                            key="to_win")
        for row in m.rows:
            table.add_row(*_row_cells(row, styles), key=row.account_id)
        for state, name in TOTALS:
            totals.add_row(*_total_cells(m, state, name, styles))
        table.loading = False
        if table.row_count:
            table.move_cursor(row=min(where.row, table.row_count - 1),
                              column=min(where.column, len(table.columns) - 1),
                              animate=False)
        self.query_one("#summary", Static).update(_summary(m, styles))
        message = NO_ACCOUNTS if m.matching == 0 and m.tier is None else (
            NO_PRODUCTS if not m.products else "")
        self.query_one("#message", Static).update(user_text(message))
        self.set_class(bool(message), "-message")
        self._describe()

    # -- the highlighted cell ----------------------------------------------------------
    def highlighted(self) -> tuple[MatrixRow, int | None] | None:
        """The highlighted account and product index (None: not a product column)."""
        table, m = self.query_one("#matrix", DataTable), self.matrix
        if m is None or not m.rows or table.row_count == 0:
            return None
        at = table.cursor_coordinate
        row = m.rows[min(at.row, len(m.rows) - 1)]
        index = at.column - 2
        return row, index if 0 <= index < len(m.products) else None

    @on(DataTable.CellHighlighted, "#matrix")
    def _describe(self) -> None:
        chosen, m = self.highlighted(), self.matrix
        detail = self.query_one("#detail", Static)
        if chosen is None or m is None:
            detail.update("No accounts of this tier." if m and m.tier else "")
            return
        row, index = chosen
        if index is None:
            detail.update(Content.assemble(
                user_text(row.name, "bold"), SEPARATOR,
                f"{label(row.tier)} (#{row.rank}){SEPARATOR}revenue "
                f"{money(row.annual_revenue)}{SEPARATOR}to win {money(row.to_win or None)}"))
            return
        product, found = m.products[index], row.cells[index]
        parts = [user_text(row.name, "bold"), SEPARATOR, user_text(product.name, "bold")]
        if product.line:
            parts += [" (", user_text(product.line), ")"]
        state = found.state if found else None
        styles = ThemeStyles.from_theme(self.app.theme_variables)
        parts += [": ", Content.styled(state_text(state) if state else "unknown",
                                       _look(state, styles))]
        if found is not None and found.value is not None:
            parts.append(f", {money(found.value)}")
        if found is not None and found.notes:
            parts += [SEPARATOR, user_text(one_line(found.notes), "dim")]
        detail.update(Content.assemble(*parts))

    @on(DataTable.CellSelected, "#matrix")
    async def _open(self) -> None:
        chosen = self.highlighted()
        if chosen is not None:
            await self.app.open_account(chosen[0].account_id, chosen[0].name)  # type: ignore[attr-defined]

    # -- changing a cell -------------------------------------------------------------
    def action_cycle(self) -> None:
        chosen, m = self.highlighted(), self.matrix
        if chosen is None or chosen[1] is None or m is None:
            self.notify("Put the cursor on a product's cell to change it.",
                        severity="warning")
        elif not self._saving:
            self._saving = True  # a second press while saving does nothing
            row, index = chosen
            self.cycle(row.account_id, m.products[index].id, row.cells[index])

    @work(group="whitespace-save")
    async def cycle(self, account_id: str, product_id: str, found: MatrixCell | None) -> None:
        after = NEXT_STATE[found.state if found else None]
        try:
            if after is None:
                change: Change = await asyncio.to_thread(clear_whitespace, self.services,
                                                         account_id, product_id)
            else:  # the value and notes stay as they were
                change = await asyncio.to_thread(
                    set_whitespace, self.services, account_id, product_id, state=after,
                    value=found.value if found else None, notes=found.notes if found else "")
        except (KamError, SQLAlchemyError) as err:  # e.g. the account went meanwhile
            self.notify(str(err), title="Not changed", severity="warning", markup=False)
        else:
            self.app.remember(change)  # type: ignore[attr-defined]
        finally:
            self._saving = False
        self.load()


def _row_cells(row: MatrixRow, styles: ThemeStyles) -> list[Text]:
    states = [c.state if c else None for c in row.cells]
    return [cell(row.name, max_width=NAME_WIDTH,
                 style=styles.strong if row.tier == Tier.key else ""),
            cell(SHORT_TIER[row.tier], style="" if row.tier != Tier.standard
                 else styles.muted),
            *(cell(SYMBOLS[s], justify="center", style=state_style(s, styles))
              for s in states),
            cell(money(row.to_win) if row.to_win else NOTHING, justify="right",
                 style="" if row.to_win else styles.muted)]


def _total_cells(m: WhitespaceMatrix, state: WhitespaceState | None, name: str,
                 styles: ThemeStyles) -> list[Text]:
    if state is None:
        values = [t.to_win for t in m.totals]
        shown = [money(v) if v else NOTHING for v in [*values, sum(values)]]
        first = cell(name, style=styles.strong)
    else:
        counts = [t.count(state) for t in m.totals]
        shown = [str(n) if n else NOTHING for n in counts] + [""]
        first = cell(f"{SYMBOLS[state]} {name}", style=state_style(state, styles))
    return [first, cell(""), *(cell(text, justify="right", style=state_style(state, styles)
                                    if state else "") for text in shown)]


def _look(state: WhitespaceState | None, styles: ThemeStyles) -> Style:
    """A state's colour (as on the account's whitespace tab) for Content."""
    return Style.from_rich_style(state_style(state, styles))


def _summary(m: WhitespaceMatrix, styles: ThemeStyles) -> Content:
    """'40 accounts × 10 products · tier key · showing 1–200', then the legend."""
    head = [f"{plural(m.matching, 'account')} × {plural(len(m.products), 'product')}"]
    if m.tier is not None:
        head.append(f"tier {label(m.tier)} (t: next)")
    if m.is_partial:
        head.append(f"showing {m.offset + 1}–{m.offset + len(m.rows)} ([ ] page)")
    legend = [Content.styled(f"{SYMBOLS[s]} {label(s) if s else 'unknown'}", _look(s, styles))
              for s in SYMBOLS]
    return Content.assemble(SEPARATOR.join(head), "\n", Content("  ").join(legend))


