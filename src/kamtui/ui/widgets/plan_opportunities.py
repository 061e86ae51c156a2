"""The Opportunities section of the plan blueprint: the plan's deals (what, product,
value, stage, probability, expected close, weighted value) and the pipeline under them
("Pipeline 1.2M, weighted 480k", then per stage). `a` adds one, `e` edits the highlighted
one, `d` deletes it. Titles and product names are user text: cells through `cell`."""

from typing import ClassVar

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import DataTable, Static

from kamtui.clock import today
from kamtui.domain import OpportunityCreate
from kamtui.domain.enums import OpportunityStage, label
from kamtui.store.changes import Change
from kamtui.store.opportunities import (
    Pipeline,
    add_opportunity,
    plan_pipeline,
    product_choices,
)
from kamtui.ui.screens.record_form import RecordForm
from kamtui.ui.screens.step_form import StepForm
from kamtui.ui.text import NOTHING, SEPARATOR, ThemeStyles, cell, day, money, plural
from kamtui.ui.widgets.account_panel import keep_cursor
from kamtui.ui.widgets.plan_section import PlanSection

OPPORTUNITY_FIELDS = ("title", "product_id", "value", "stage", "probability",
                      "expected_close", "notes")
COLUMNS = ("Opportunity", "Product", "Value", "Stage", "Probability", "Expected close",
           "Weighted")
EMPTY = "This plan has no opportunities yet; a adds one."


def pipeline_line(data: Pipeline) -> Content:
    """'Pipeline 1.20M, weighted 480k · identified 2 (120k) · won 1 (300k) ...'."""
    if not data.rows:
        head = Content(EMPTY)
    else:
        head = Content.assemble(
            ("Pipeline ", "bold $text-accent"), money(data.total),
            ", weighted ", (money(data.weighted), "bold"))
    stages = [f"{label(s.stage)} {s.count} ({money(s.value)})" for s in data.stages]
    parts = [head, *(Content(s) for s in stages)]
    if data.unplanned:
        parts.append(Content.styled(
            f"{plural(data.unplanned, 'more opportunity', 'more opportunities')} of the "
            f"account in no plan", "dim"))
    return Content(SEPARATOR).join(parts)


class OpportunitiesSection(PlanSection):
    TITLE = "Opportunities"
    CAN: ClassVar[frozenset[str]] = frozenset({"add", "edit", "delete"})
    WHAT = "the opportunities"
    DEFAULT_CSS = """
    OpportunitiesSection { height: auto; }
    OpportunitiesSection > DataTable { height: auto; max-height: 16; min-height: 3; }
    OpportunitiesSection #pipeline { height: auto; padding: 0 1; }
    """

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.titles: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield DataTable(id="opportunities", cursor_type="row", zebra_stripes=True)
        yield Static(id="pipeline")

    def read(self) -> Pipeline:
        return plan_pipeline(self.services.store, self.account_id, self.plan_id)

    def show(self, data: Pipeline) -> None:
        styles = ThemeStyles.from_theme(self.app.theme_variables)
        self.titles = {r.id: r.title for r in data.rows}
        table = self.query_one(DataTable)
        selected = self.selected(table)
        table.clear(columns=True)
        for heading in COLUMNS:
            table.add_column(cell(heading))
        for r in data.rows:
            style = (styles.success if r.stage == OpportunityStage.won else
                     styles.muted if r.stage == OpportunityStage.lost else "")
            table.add_row(cell(r.title, max_width=40), cell(r.product or NOTHING, max_width=24),
                          cell(money(r.value), justify="right"),
                          cell(label(r.stage), style=style),
                          cell(f"{r.probability}%", justify="right"),
                          cell(day(r.expected_close)),
                          cell(money(r.weighted), justify="right"), key=r.id)
        keep_cursor(table, selected)
        self.query_one("#pipeline", Static).update(pipeline_line(data))

    async def _products(self) -> list[tuple[str, str]] | None:
        return await self.attempt(product_choices, self.services.store)

    async def add(self) -> Change | None:
        if (products := await self._products()) is None:
            return None
        return await self.app.push_screen_wait(StepForm(
            self.services, "opportunities", OpportunityCreate, OPPORTUNITY_FIELDS,
            heading="New opportunity", today=today(), choices={"product_id": products},
            save=lambda values: add_opportunity(self.services, self.account_id,
                                                self.plan_id, values)[1]))

    async def edit(self) -> Change | None:
        if (chosen := self.selected(empty=EMPTY)) is None:
            return None
        found = await self.attempt(self.services.opportunities.get, chosen)
        if found is None or (products := await self._products()) is None:
            return None
        return await self.app.push_screen_wait(RecordForm(
            self.services, "opportunities", OpportunityCreate, OPPORTUNITY_FIELDS,
            heading="Edit opportunity", today=today(), record=found,
            choices={"product_id": products}))

    async def delete(self) -> Change | None:
        if (chosen := self.selected(empty=EMPTY)) is None:
            return None
        return await self.delete_record("opportunities", chosen,
                                        self.titles.get(chosen, "the opportunity"))


__all__ = ["OpportunitiesSection", "pipeline_line"]
