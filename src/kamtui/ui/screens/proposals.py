"""Tier proposals: the accounts whose key score suggests another tier, with the reason in
words. Enter (or y) accepts the selected one (the tier is set and the decision recorded),
u undoes, escape goes back to the portfolio."""

import asyncio

from sqlalchemy.exc import SQLAlchemyError
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from textual.widgets.data_table import RowDoesNotExist

from kamtui.domain.enums import Tier
from kamtui.errors import KamError
from kamtui.scoring_config import load_scoring
from kamtui.store.repos import Services
from kamtui.store.tiers import TierProposal, accept_proposal, propose_tiers
from kamtui.ui.text import SEPARATOR, ThemeStyles, cell, label, plural, user_text

EMPTY_MESSAGE = ("No tier changes to propose: every account is in the tier its score "
                 "suggests.")
NAME_WIDTH = 26

# (key, heading, right-aligned)
COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("name", "Account", False),
    ("move", "Tier", False),
    ("score", "Score", True),
    ("reason", "Why", False),
)


def _move(proposal: TierProposal) -> str:
    """'standard → key'."""
    return f"{label(proposal.current)} → {label(proposal.proposed)}"


def _why(proposal: TierProposal) -> str:
    """The reason without its 'propose key: ' opening, which the tier column says."""
    opening = f"propose {proposal.proposed}: "
    reason = proposal.reason
    return reason[len(opening):] if reason.startswith(opening) else reason


class ProposalsScreen(Screen[None]):
    """The tier proposals of the whole portfolio, best score first."""

    AUTO_FOCUS = "#proposals"
    DEFAULT_CSS = """
    ProposalsScreen #body { height: 1fr; }
    ProposalsScreen #summary { height: auto; padding: 0 1; margin: 1 0 0 0; }
    ProposalsScreen #proposals { height: 1fr; margin: 1 0 0 0; }
    ProposalsScreen #message {
        display: none;
        width: 1fr; height: auto;
        margin: 2 4; padding: 1 2;
        border: round $primary;
    }
    ProposalsScreen #message.-problem { border: round $error; color: $text-error; }
    ProposalsScreen.-message #proposals { display: none; }
    ProposalsScreen.-message #message { display: block; }
    """

    BINDINGS = [
        Binding("question_mark", "app.toggle_help", "Keys", key_display="?",
                id="proposals.help"),
        Binding("escape,backspace", "back", "Back", id="proposals.back"),
        Binding("y", "accept", "Accept", key_display="enter/y", id="proposals.accept",
                tooltip="Move the selected account to the proposed tier"),
        Binding("u", "undo", "Undo", id="proposals.undo", tooltip="Undo the last change"),
        Binding("r", "reload", "Refresh", show=False, id="proposals.reload"),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.proposals: list[TierProposal] | None = None  # None: not read (or unreadable)
        self.problem: str | None = None
        self._accepting = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="body"):
            yield Static(id="summary")
            yield DataTable(id="proposals", cursor_type="row", zebra_stripes=True)
            yield Static(id="message", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#proposals", DataTable)
        for key, heading, right in COLUMNS:
            table.add_column(cell(heading, justify="right" if right else "left"), key=key)
        table.loading = True
        self.load()

    def action_back(self) -> None:
        self.dismiss()

    def action_reload(self) -> None:
        self.load()

    # -- reading ------------------------------------------------------------------
    @work(exclusive=True, group="proposals")
    async def load(self) -> None:
        """Read the proposals off the event loop, then show them (or why they cannot be)."""
        try:
            found = await asyncio.to_thread(self._read)
        except KamError as err:  # a broken scoring.toml: its one sentence, no list
            self._show(None, str(err))
            return
        except SQLAlchemyError as err:  # locked or damaged store
            self._show(None, f"Could not read the proposals: {err.__class__.__name__}. "
                             "Try again; if it persists, run 'kamtui info'.")
            return
        self._show(found, None)

    def _read(self) -> list[TierProposal]:
        return propose_tiers(self.services.store, load_scoring())

    def _show(self, found: list[TierProposal] | None, problem: str | None) -> None:
        self.proposals, self.problem = found, problem
        table = self.query_one("#proposals", DataTable)
        row = table.cursor_row
        table.loading = False
        table.clear()
        palette = ThemeStyles.from_theme(self.app.theme_variables)
        for proposal in found or []:
            table.add_row(
                cell(proposal.account_name, max_width=NAME_WIDTH),
                cell(_move(proposal), style=palette.success if proposal.is_promotion
                     else palette.warning),
                cell(proposal.score, justify="right"),
                cell(_why(proposal)),
                key=proposal.account_id)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1), animate=False)
        message = self.query_one("#message", Static)
        message.update(user_text(problem or EMPTY_MESSAGE))
        message.set_class(problem is not None, "-problem")
        self.set_class(problem is not None or not found, "-message")
        self.query_one("#summary", Static).update(_summary(found))

    # -- accepting and undoing -------------------------------------------------------
    def selected(self) -> TierProposal | None:
        table = self.query_one("#proposals", DataTable)
        if not self.proposals or table.row_count == 0:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except RowDoesNotExist:
            return None
        return next((p for p in self.proposals if p.account_id == key), None)

    @on(DataTable.RowSelected, "#proposals")
    def _row_chosen(self) -> None:
        self.action_accept()

    def action_accept(self) -> None:
        proposal = self.selected()
        if proposal is not None and not self._accepting:
            self._accepting = True  # a second key press while saving does nothing
            self.accept(proposal)

    @work(group="proposals-accept")
    async def accept(self, proposal: TierProposal) -> None:
        try:
            change = await asyncio.to_thread(accept_proposal, self.services, proposal)
        except KamError as err:  # the tier changed since, e.g. from the command line
            self.notify(str(err), title="Not accepted", severity="warning", markup=False)
        except SQLAlchemyError as err:
            self.notify(f"The store could not save this: {err.__class__.__name__}.",
                        title="Not accepted", severity="error", markup=False)
        else:
            self.app.remember(change)  # type: ignore[attr-defined]
        finally:
            self._accepting = False
        self.load()

    async def action_undo(self) -> None:
        await self.app.run_action("app.undo")
        self.load()


def _summary(found: list[TierProposal] | None) -> Content:
    """'3 proposals: 2 up, 1 down · 1 to key · enter or y accepts the selected one, ...'."""
    if not found:
        return Content("")
    up = sum(p.is_promotion for p in found)
    down = len(found) - up
    key = sum(p.proposed == Tier.key for p in found)
    parts = [f"{plural(len(found), 'proposal')}: {up} up, {down} down"]
    if key:
        parts.append(f"{key} to key")
    parts.append("enter or y accepts the selected one, u undoes")
    return Content(SEPARATOR.join(parts))
