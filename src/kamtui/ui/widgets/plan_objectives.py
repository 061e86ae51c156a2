"""The Objectives section of the plan blueprint: each objective with its KPI ("metric:
current / target unit"), progress, track, due date and the customer's agreement, and the
action items that serve it indented under it; a line under the table says why the
highlighted objective is on its track (rules: store/objective_track.py).

`a` adds an objective, `e` edits the highlighted objective or action, `d` deletes it (an
objective's actions stay, unlinked); `A` adds an action serving the objective, `L` links
one of the account's open actions to it (on an action row: unlinks it), `K`/`J` move the
objective up/down, `c` records that the customer agreed it today (again: withdraws).
Titles are user text: cells through `cell`, sentences through `user_text`/`quoted`."""

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Static

from kamtui.clock import today
from kamtui.domain import ObjectiveCreate
from kamtui.domain.enums import ActionStatus, label
from kamtui.store import actions as lifecycle
from kamtui.store import objectives as steps
from kamtui.store.changes import Change
from kamtui.store.objectives import LinkedAction, ObjectiveView, Track, plan_objectives
from kamtui.ui.screens.action_form import AccountChoice, ActionForm
from kamtui.ui.screens.pickers import Choose
from kamtui.ui.screens.record_form import RecordForm
from kamtui.ui.screens.step_form import StepForm
from kamtui.ui.text import NOTHING, SEPARATOR, ThemeStyles, cell, day, percent, user_text
from kamtui.ui.widgets.account_panel import keep_cursor
from kamtui.ui.widgets.plan_section import PlanSection

OBJECTIVE_FIELDS = ("title", "kpi_metric", "unit", "baseline", "target", "current", "due")
COLUMNS = ("Objective · action", "KPI · owner, measure", "Progress", "Track", "Due",
           "Agreed")
TITLE_WIDTH, KPI_WIDTH = 36, 28  # the table fits 120 columns
MIN_METRIC = 8  # a KPI name cut shorter than this says nothing: the figures alone
EMPTY = "This plan has no objectives yet; a adds one."


@dataclass(frozen=True)
class _Read:
    account_name: str
    views: list[ObjectiveView]


def number(value: float | None) -> str:
    return NOTHING if value is None else f"{value:g}"


def kpi_text(view: ObjectiveView, width: int = 0) -> str:
    """'OEE: 74 / 80 %' (metric: current / target unit); a dash without a metric. With a
    width, the metric is shortened first so the figures stay whole."""
    o = view.objective
    if not o.kpi_metric and o.target is None:
        return NOTHING
    unit = f" {o.unit}" if o.unit else ""
    figures = f"{number(o.current)} / {number(o.target)}{unit}"
    metric = o.kpi_metric or "KPI"
    room = width - len(figures) - 2
    if width and len(metric) > room:
        if room < MIN_METRIC:  # a long unit: the figures matter more than the name
            return figures
        metric = metric[:room - 1] + "…"
    return f"{metric}: {figures}"


class ObjectivesSection(PlanSection):
    TITLE = "Objectives"
    CAN: ClassVar[frozenset[str]] = frozenset({"add", "edit", "delete"})
    WHAT = "the objectives"
    BINDINGS: ClassVar = [
        Binding("A", "add_action", "Add action", id="plan.objectives.add-action",
                tooltip="Add an action item that serves the highlighted objective"),
        Binding("L", "link", "Link/unlink", id="plan.objectives.link",
                tooltip="Link an open action of the account to the objective; on an "
                        "action row, unlink it (the action stays)"),
        Binding("K", "move(-1)", "Move up", id="plan.objectives.up"),
        Binding("J", "move(1)", "Move down", id="plan.objectives.down"),
        Binding("c", "agree", "Customer agreed", id="plan.objectives.agree",
                tooltip="Record that the customer agreed the objective and its KPI today "
                        "(again: withdraw it)"),
    ]
    DEFAULT_CSS = """
    ObjectivesSection { height: auto; }
    ObjectivesSection > DataTable { height: auto; max-height: 24; min-height: 3; }
    ObjectivesSection #objective-detail {
        height: 1; padding: 0 1; color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.account_name = ""
        self.views: dict[str, ObjectiveView] = {}
        self.serving: dict[str, str] = {}  # action id -> the objective it serves

    def compose(self) -> ComposeResult:
        yield DataTable(id="objectives", cursor_type="row", zebra_stripes=True)
        yield Static(id="objective-detail")

    def read(self) -> _Read:
        return _Read(self.services.accounts.get(self.account_id).name,
                     plan_objectives(self.services.store, self.plan_id, today()))

    def show(self, data: _Read) -> None:
        now = today()
        self.account_name = data.account_name
        self.views = {v.objective.id: v for v in data.views}
        self.serving = {a.id: v.objective.id for v in data.views for a in v.actions}
        styles = ThemeStyles.from_theme(self.app.theme_variables)
        table = self.query_one(DataTable)
        selected = self.selected(table)
        table.clear(columns=True)
        for heading in COLUMNS:
            table.add_column(cell(heading))
        tone = {Track.reached: styles.success, Track.on_track: styles.success,
                Track.at_risk: styles.warning, Track.off_track: styles.error,
                Track.unknown: styles.muted}
        for n, view in enumerate(data.views, 1):
            o = view.objective
            agreed = f"✓ {day(o.customer_agreed_on)}" if o.customer_agreed else NOTHING
            table.add_row(cell(f"{n}. {o.title}", style=styles.strong, max_width=TITLE_WIDTH),
                          cell(kpi_text(view, KPI_WIDTH), max_width=KPI_WIDTH),
                          cell(percent(view.progress, 0), justify="right"),
                          cell(label(view.track), style=tone[view.track]),
                          cell(day(o.due)), cell(agreed), key=f"o:{o.id}")
            for action in view.actions:
                table.add_row(*_action_cells(action, now, styles), key=f"a:{action.id}")
        keep_cursor(table, selected)
        self._detail(self.selected(table))

    @on(DataTable.RowHighlighted, "#objectives")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail(event.row_key.value)

    def _detail(self, key: str | None) -> None:
        self.query_one("#objective-detail", Static).update(self._detail_line(key))

    def _detail_line(self, key: str | None) -> Content:
        if key is None:
            return Content(EMPTY)
        view = self.views.get(self._objective_of(key) or "")
        if view is None:
            return Content("")
        if key.startswith("a:"):
            action = next(a for a in view.actions if a.id == key[2:])
            parts = [user_text(action.title), user_text(f"owner {action.owner}")]
            if action.success_measure:
                parts.append(user_text(f"success: {action.success_measure}"))
            parts.append(Content.assemble("serves ", user_text(view.objective.title)))
            return Content(SEPARATOR).join(parts)
        o = view.objective
        parts = [user_text(f"{label(view.track).capitalize()}: {view.why}")]
        if view.kpi is not None:
            unit = f" {o.unit}" if o.unit else ""
            parts.append(user_text(f"{o.kpi_metric or 'KPI'} {view.kpi:.0f}% of the way from "
                                   f"{number(o.baseline)} to {number(o.target)}{unit}"))
        if view.actions_counted:
            parts.append(Content(f"actions {view.actions_done}/{view.actions_counted} done"))
        return Content(SEPARATOR).join(parts)

    # -- what is highlighted ------------------------------------------------------------
    def _objective_of(self, key: str | None) -> str | None:
        if key is None:
            return None
        kind, _, id = key.partition(":")
        return id if kind == "o" else self.serving.get(id)

    def _chosen_objective(self) -> ObjectiveView | None:
        return self.views.get(self._objective_of(self.selected(empty=EMPTY)) or "")

    def _choice(self) -> AccountChoice:
        return AccountChoice(self.account_id, self.account_name)

    # -- a / e / d (sent by the plan screen) --------------------------------------------
    async def add(self) -> Change | None:
        return await self.app.push_screen_wait(StepForm(
            self.services, "objectives", ObjectiveCreate, OBJECTIVE_FIELDS,
            heading="New objective", today=today(), fixed={"plan_id": self.plan_id},
            save=lambda values: steps.add_objective(self.services, self.plan_id,
                                                    values)[1]))

    async def edit(self) -> Change | None:
        if (key := self.selected(empty=EMPTY)) is None:
            return None
        kind, _, id = key.partition(":")
        if kind == "a":
            action = await self.attempt(self.services.actions.get, id)
            if action is None:
                return None
            return await self.app.push_screen_wait(ActionForm(
                self.services, today(), action=action, account=self._choice()))
        objective = await self.attempt(self.services.objectives.get, id)
        if objective is None:
            return None
        return await self.app.push_screen_wait(RecordForm(
            self.services, "objectives", ObjectiveCreate, OBJECTIVE_FIELDS,
            heading="Edit objective", today=today(), record=objective))

    async def delete(self) -> Change | None:
        if (key := self.selected(empty=EMPTY)) is None:
            return None
        kind, _, id = key.partition(":")
        if kind == "a":
            action = await self.attempt(self.services.actions.get, id)
            if action is None:
                return None
            return await self.confirm_delete(action.title, lifecycle.delete_action,
                                             self.services, id)
        view = self.views[id]
        return await self.confirm_delete(view.objective.title, steps.delete_objective,
                                         self.services, id)

    # -- the section's own keys -----------------------------------------------------------
    def _changed(self, change: Change | None) -> None:
        if change is not None:
            self.screen.changed(change)  # type: ignore[attr-defined]

    @work(group="account-form")
    async def action_add_action(self) -> None:
        if (view := self._chosen_objective()) is None:
            return
        self._changed(await self.app.push_screen_wait(ActionForm(
            self.services, today(), account=self._choice(), objective_id=view.objective.id)))

    @work(group="account-form")
    async def action_link(self) -> None:
        if (key := self.selected(empty=EMPTY)) is None:
            return
        kind, _, id = key.partition(":")
        if kind == "a":
            self._changed(await self.attempt(steps.unlink_action, self.services, id))
            return
        title = self.views[id].objective.title
        options = await self.attempt(steps.open_actions_to_link, self.services.store,
                                     self.account_id, id)
        if not options:
            if options is not None:
                self.notify("The account has no other open actions to link; A adds a "
                            "new one.", severity="warning")
            return
        heading = Content.assemble("Link an action to ", user_text(title))
        chosen = await self.app.push_screen_wait(Choose(heading, [
            (action_id, _offered(name, serves)) for action_id, name, serves in options]))
        if chosen is not None:
            self._changed(await self.attempt(steps.link_action, self.services, chosen, id))

    @work(group="plan-step")
    async def action_move(self, step: int) -> None:
        if (view := self._chosen_objective()) is None:
            return
        self._changed(await self.attempt(steps.move_objective, self.services,
                                         view.objective.id, step))

    @work(group="plan-step")
    async def action_agree(self) -> None:
        if (view := self._chosen_objective()) is None:
            return
        on = None if view.objective.customer_agreed else today()
        self._changed(await self.attempt(steps.set_agreement, self.services,
                                         view.objective.id, on, today()))


def _offered(title: str, serves: str) -> Content:
    """An action in the `L` picker; one serving another objective says which (it moves)."""
    if not serves:
        return user_text(title)
    return Content.assemble(user_text(title), user_text(f"  (serves {serves})", "dim"))


def _action_cells(action: LinkedAction, now: date, styles: ThemeStyles) -> list:
    open_ = action.status in (ActionStatus.open, ActionStatus.waiting)
    overdue = open_ and action.deadline is not None and action.deadline < now
    status = "overdue" if overdue else label(action.status)
    who = SEPARATOR.join(filter(None, (action.owner, action.success_measure)))
    return [cell(f"   ↳ {action.title}", style="" if open_ else styles.muted,
                 max_width=TITLE_WIDTH),
            cell(who, max_width=KPI_WIDTH, style=styles.muted), cell(""),
            cell(status, style=styles.error if overdue else "" if open_ else styles.muted),
            cell(day(action.deadline)), cell("")]


__all__ = ["ObjectivesSection", "kpi_text"]
