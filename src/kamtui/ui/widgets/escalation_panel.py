"""The Escalation tab of the account workspace (DOMAIN step 5): the account's escalation
plan (triggers, crisis plan), its levels in order, and its escalations open and past with
the highlighted one's timeline below.

`e` edits the plan, `a` adds a level, `l` (or enter on a level) edits one, `d` deletes
one, `K`/`J` move it up or down; `!` escalates the account, `>` advances the highlighted
escalation to the next level and `R` resolves it."""

from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static

from kamtui.store.changes import Change
from kamtui.store.escalation_plans import delete_level, move_level, within_words
from kamtui.store.escalation_view import (
    EscalationView,
    LevelView,
    PlanView,
    TimelineEntry,
    escalation_plan_view,
    timelines,
)
from kamtui.store.escalations import DEFAULT_RESPONSE_HOURS, escalation_now, trigger_words
from kamtui.store.people import owner_choices
from kamtui.ui.screens.escalation_forms import ActivateForm, advance_prompt, resolve_prompt
from kamtui.ui.screens.escalation_plan_form import LevelForm, PlanForm
from kamtui.ui.text import NOTHING, ThemeStyles, cell, user_text
from kamtui.ui.widgets.account_panel import AccountPanel, keep_cursor
from kamtui.ui.widgets.escalation_text import (
    ESCALATION_COLUMNS,
    escalation_cells,
    escalation_story,
    fit_last_column,
)

LEVEL_COLUMNS = ("Level", "Who responds", "Role", "Within", "What to do")
NO_LEVELS = "The plan has no levels yet: a adds one."
NO_ESCALATIONS = "No escalations on this account: ! escalates it."
NO_PLAN = ("No escalation plan yet: e writes one (triggers, crisis plan), a adds a level. "
           "Without levels, an escalation goes to me, to answer within a day.")


@dataclass(frozen=True)
class _Read:
    view: PlanView
    timelines: dict[str, list[TimelineEntry]]


class EscalationPanel(AccountPanel):
    """The plan above, its levels, then the account's escalations and a timeline."""

    CAN: ClassVar[frozenset[str]] = frozenset({"add", "edit", "delete"})
    LABELS: ClassVar[dict[str, str]] = {
        "add": "Add level",
        "edit": "Edit plan",
        "delete": "Delete level",
    }
    WHAT = "the escalation plan"
    DEFAULT_CSS = """
    EscalationPanel #esc-plan { height: auto; max-height: 6; padding: 0 1; }
    EscalationPanel > DataTable#esc-levels { height: auto; max-height: 7; min-height: 2; }
    EscalationPanel > DataTable#esc-list {
        height: auto; max-height: 7; min-height: 2; margin: 1 0 0 0;
    }
    EscalationPanel > .panel-note { height: 1fr; max-height: 100%; }
    """
    BINDINGS = [
        Binding("l", "edit_level", "Edit level", id="account.escalation.level",
                tooltip="Edit the highlighted level of the plan"),
        Binding("K,shift+up", "move_level(-1)", "Level up", key_display="K", show=False,
                id="account.escalation.up"),
        Binding("J,shift+down", "move_level(1)", "Level down", key_display="J", show=False,
                id="account.escalation.down"),
        Binding("exclamation_mark,A", "activate", "Escalate", key_display="!",
                id="account.escalation.activate",
                tooltip="Open an escalation: the account becomes at risk or in crisis"),
        Binding("greater_than_sign,v", "advance", "Advance", key_display=">",
                id="account.escalation.advance"),
        Binding("R", "resolve", "Resolve", id="account.escalation.resolve"),
    ]

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.data: _Read | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="esc-plan")
        yield DataTable(id="esc-levels", cursor_type="row", zebra_stripes=True)
        yield DataTable(id="esc-list", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(classes="panel-note"):
            yield Static(id="esc-story")

    def read(self) -> _Read:
        view = escalation_plan_view(self.services.store, self.account_id)
        return _Read(view, timelines(self.services.store,
                                     [e.id for e in view.escalations]))

    def show(self, data: _Read) -> None:
        self.data = data
        view = data.view
        self.query_one("#esc-plan", Static).update(_plan_text(view))
        levels = self.query_one("#esc-levels", DataTable)
        chosen = self.selected(levels)
        levels.clear(columns=True)
        for heading in LEVEL_COLUMNS:
            levels.add_column(cell(heading))
        for level in view.levels:
            levels.add_row(*_level_cells(level), key=level.id)
        keep_cursor(levels, chosen)
        table = self.query_one("#esc-list", DataTable)
        chosen = self.selected(table)
        table.clear(columns=True)
        headings = ESCALATION_COLUMNS[1:]
        for heading in headings:
            table.add_column(cell(heading))
        now = escalation_now()
        styles = ThemeStyles.from_theme(self.app.theme_variables)
        rows = [escalation_cells(e, now, styles, account=False) for e in view.escalations]
        fit_last_column(rows, headings, self.size.width or 120)
        for escalation, row in zip(view.escalations, rows, strict=True):
            table.add_row(*row, key=escalation.id)
        keep_cursor(table, chosen)
        self._story()

    @on(DataTable.RowHighlighted, "#esc-list")
    def _story(self) -> None:
        story = self.query_one("#esc-story", Static)
        chosen = self._escalation()
        if chosen is None or self.data is None:
            story.update(Content(NO_ESCALATIONS))
            return
        story.update(escalation_story(chosen, self.data.timelines.get(chosen.id, []),
                                      escalation_now()))

    def _level(self, empty: str = NO_LEVELS) -> LevelView | None:
        key = self.selected(self.query_one("#esc-levels", DataTable), empty=empty)
        levels = self.data.view.levels if self.data else []
        return next((lv for lv in levels if lv.id == key), None)

    def _escalation(self, doing: str = "") -> EscalationView | None:
        """The highlighted escalation; for a step (`doing`), only an open one."""
        table = self.query_one("#esc-list", DataTable)
        key = self.selected(table, empty=NO_ESCALATIONS if doing else "")
        found = self.data.view.escalations if self.data else []
        chosen = next((e for e in found if e.id == key), None)
        if chosen is not None and doing and not chosen.is_open:
            self.notify(f"That escalation is resolved; there is nothing to {doing}.",
                        severity="warning")
            return None
        return chosen

    # -- the workspace's keys: a, e, d ------------------------------------------------
    async def add(self) -> Change | None:
        choices = await self.attempt(owner_choices, self.services, self.account_id)
        if choices is None:
            return None
        return await self.app.push_screen_wait(LevelForm(self.services, self.account_id,
                                                         choices))

    async def edit(self) -> Change | None:
        if self.data is None:
            return None
        return await self.app.push_screen_wait(PlanForm(
            self.services, self.account_id, self.data.view.account, self.data.view.plan))

    async def delete(self) -> Change | None:
        level = self._level()
        if level is None:
            return None
        return await self.confirm_delete(f"level {level.position} ({level.responder})",
                                         delete_level, self.services, level.id)

    # -- the panel's own keys ---------------------------------------------------------
    def _saved(self, change: Change | None) -> None:
        if change is not None:
            self.screen.changed(change)  # type: ignore[attr-defined]

    @on(DataTable.RowSelected, "#esc-levels")
    def _level_chosen(self) -> None:
        self.action_edit_level()

    @work(group="account-form")
    async def action_edit_level(self) -> None:
        level = self._level()
        if level is None:
            return
        choices = await self.attempt(owner_choices, self.services, self.account_id)
        if choices is not None:
            self._saved(await self.app.push_screen_wait(
                LevelForm(self.services, self.account_id, choices, level=level)))

    @work(group="account-form")
    async def action_move_level(self, step: int) -> None:
        level = self._level()
        if level is not None:
            self._saved(await self.attempt(move_level, self.services, level.id, step))

    @work(group="account-form")
    async def action_activate(self) -> None:
        if self.data is None:
            return
        view = self.data.view
        first = view.levels[0] if view.levels else None
        who = first.responder if first else "me"
        within = within_words(first.respond_within_hours if first else DEFAULT_RESPONSE_HOURS)
        self._saved(await self.app.push_screen_wait(ActivateForm(
            self.services, self.account_id, view.account,
            planned=view.plan.triggers if view.plan else (),
            first_level=f"Level 1: {who} must respond within {within}.")))

    @work(group="account-form")
    async def action_advance(self) -> None:
        chosen = self._escalation("advance")
        if chosen is not None:
            self._saved(await self.app.push_screen_wait(advance_prompt(self.services, chosen)))

    @work(group="account-form")
    async def action_resolve(self) -> None:
        chosen = self._escalation("resolve")
        if chosen is not None:
            self._saved(await self.app.push_screen_wait(resolve_prompt(self.services, chosen)))


def _plan_text(view: PlanView) -> Content:
    plan = view.plan
    if plan is None:
        return Content.styled(NO_PLAN, "dim")
    triggers = ", ".join(trigger_words(t) for t in plan.triggers) or NOTHING
    lines = [Content.assemble(("Triggers: ", "bold $text-accent"), triggers)]
    if plan.trigger_notes.strip():
        lines.append(Content.assemble(("Details: ", "bold"), user_text(plan.trigger_notes)))
    lines.append(Content.assemble(("Crisis plan: ", "bold $text-error"),
                                  user_text(plan.crisis_plan.strip() or NOTHING)))
    if not view.levels:
        lines.append(Content.styled(NO_LEVELS, "dim"))
    return Content("\n").join(lines)


def _level_cells(level: LevelView) -> list:
    return [cell(str(level.position), justify="right"), cell(level.responder, max_width=26),
            cell(level.who if level.who != level.responder else "", max_width=30),
            cell(within_words(level.respond_within_hours)),
            cell(level.action or NOTHING, max_width=52)]


__all__ = ["EscalationPanel"]
