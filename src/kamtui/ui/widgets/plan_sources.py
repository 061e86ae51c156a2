"""The information sources of the plan blueprint, each with the day it was last updated
(the longest not updated first), and the plan's own notes on its sources. `a` lists a
source, `e` edits the highlighted one (with none listed: the notes and their date), `d`
deletes it, `t` marks it updated today."""

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Static

from kamtui.clock import today
from kamtui.domain import AccountPlan, AccountPlanCreate, PlanSource, PlanSourceCreate
from kamtui.domain.dates import relative_ago
from kamtui.store.changes import Change
from kamtui.store.plan_view import plan_sources
from kamtui.store.plans import add_source, delete_source, edit_source, source_updated
from kamtui.ui.screens.record_form import FieldSpec, RecordForm
from kamtui.ui.screens.step_form import StepForm
from kamtui.ui.text import NOTHING, cell, day, user_text
from kamtui.ui.widgets.plan_section import PlanSection

FIELDS = ("name", "updated_on")
NOTES = ("information_sources", "sources_updated_on")
EMPTY = "No source is listed one by one yet: a adds one."


@dataclass(frozen=True)
class _Sources:
    plan: AccountPlan
    sources: list[PlanSource]


class SourceForm(StepForm):
    """A source is new as of today unless the KAM says otherwise."""

    def _initial(self, spec: FieldSpec) -> Any:  # noqa: ANN401
        if self.record is None and spec.name == "updated_on":
            return self.today
        return super()._initial(spec)


class SourcesSection(PlanSection):
    TITLE = "Information sources"
    CAN: ClassVar[frozenset[str]] = frozenset({"add", "edit", "delete"})
    WHAT = "the information sources"
    BINDINGS: ClassVar = [
        Binding("t", "updated_today", "Updated today", id="plan.source.today",
                tooltip="Mark the highlighted source updated today"),
    ]

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.sources: list[PlanSource] = []
        self.plan: AccountPlan | None = None

    def compose(self) -> ComposeResult:
        yield DataTable(id="sources", cursor_type="row")
        yield Static("", classes="section-note")

    def read(self) -> _Sources:
        return _Sources(self.services.plans.get(self.plan_id),
                        plan_sources(self.services.store, self.plan_id))

    def show(self, data: _Sources) -> None:
        self.plan, self.sources, now = data.plan, data.sources, today()
        table = self.query_one(DataTable)
        selected = self.selected(table)
        table.clear(columns=True)
        for heading in ("Source", "Last updated", ""):
            table.add_column(cell(heading))
        for source in self.sources:
            table.add_row(cell(source.name, max_width=60), cell(day(source.updated_on)),
                          cell(_ago(source.updated_on, now), style="dim"), key=source.id)
        if selected in {s.id for s in self.sources}:
            table.move_cursor(row=[s.id for s in self.sources].index(selected),
                              animate=False)
        note = self.query_one(".section-note", Static)
        note.update(_notes(data.plan, self.sources, now))
        note.display = bool(note.visual and str(note.visual))

    def focus_content(self) -> None:
        self.query_one(DataTable).focus()

    def _source(self, *, say: bool = True) -> PlanSource | None:
        key = self.selected(self.query_one(DataTable), empty=EMPTY if say else "")
        return next((s for s in self.sources if s.id == key), None)

    # -- the keys ---------------------------------------------------------------------
    async def add(self) -> Change | None:
        def save(values: dict) -> Change:
            return add_source(self.services, self.plan_id, values)[1]

        return await self.app.push_screen_wait(SourceForm(
            self.services, "plan_sources", PlanSourceCreate, FIELDS, save=save,
            heading="List an information source of the plan", today=today()))

    async def edit(self) -> Change | None:
        source = self._source(say=False)
        if source is None:  # nothing listed: the notes on the sources and their date
            plan = await self.attempt(self.services.plans.get, self.plan_id)
            if plan is None:
                return None
            return await self.app.push_screen_wait(RecordForm(
                self.services, "plans", AccountPlanCreate, NOTES, today=today(),
                heading=f"Where the {plan.period} plan's information comes from",
                record=plan))

        def save(values: dict) -> Change:
            return edit_source(self.services, source.id, values)

        return await self.app.push_screen_wait(SourceForm(
            self.services, "plan_sources", PlanSourceCreate, FIELDS, save=save,
            heading="Edit the information source", today=today(), record=source))

    async def delete(self) -> Change | None:
        source = self._source()
        if source is None:
            return None
        return await self.confirm_delete(source.name, delete_source, self.services,
                                         source.id)

    @work(group="account-form")
    async def action_updated_today(self) -> None:
        source = self._source()
        if source is None:
            return
        change = await self.attempt(source_updated, self.services, source.id, today())
        self.screen.changed(change)  # type: ignore[attr-defined]


def _ago(on: date | None, now: date) -> str:
    return "never dated" if on is None else relative_ago(on, now)


def _notes(plan: AccountPlan, sources: list[PlanSource], now: date) -> Content:
    parts: list[Content] = []
    if not sources:
        parts.append(Content.styled(EMPTY, "dim"))
    if plan.information_sources.strip():
        dated = (f" (updated {day(plan.sources_updated_on)}, "
                 f"{relative_ago(plan.sources_updated_on, now)})"
                 if plan.sources_updated_on else f" (updated {NOTHING})")
        if parts:
            parts.append(Content("\n"))
        parts += [Content.styled("Notes on the sources: ", "bold $text-accent"),
                  user_text(plan.information_sources),
                  Content.styled(dated if not sources else "", "dim")]
    return Content.assemble(*parts)


__all__ = ["SourceForm", "SourcesSection"]
