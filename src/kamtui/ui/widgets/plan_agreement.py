"""The customer agreement of the plan blueprint: whether and when the customer agreed
the plan, and how many of its objectives' KPIs they agreed. `e` records the day (today
unless the KAM says otherwise), `d` clears it."""

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from kamtui.clock import today
from kamtui.domain import AccountPlan, AccountPlanCreate
from kamtui.domain.dates import relative_ago
from kamtui.store.changes import Change
from kamtui.store.plan_view import agreed_kpis
from kamtui.store.plans import record_agreement
from kamtui.ui.screens.prompts import Confirm
from kamtui.ui.screens.record_form import FieldSpec
from kamtui.ui.screens.step_form import StepForm
from kamtui.ui.text import day
from kamtui.ui.widgets.plan_text import FocusableSection


@dataclass(frozen=True)
class _Agreement:
    plan: AccountPlan
    kpis_agreed: int
    objectives: int


class AgreementForm(StepForm):
    """The day the customer agreed: today unless it was recorded before."""

    def _initial(self, spec: FieldSpec) -> Any:  # noqa: ANN401
        value = super()._initial(spec)
        return self.today if value is None and spec.name == "customer_agreed_on" else value


def agreement_text(data: _Agreement, now: date) -> Content:
    on = data.plan.customer_agreed_on
    if on is None:
        said = Content.styled("Not agreed by the customer yet: e records the day they "
                              "agree it.", "$text-warning")
    else:
        said = Content.assemble("Agreed by the customer on ", (day(on), "bold"),
                                Content.styled(f" ({relative_ago(on, now)})", "dim"))
    if data.objectives:
        kpis = f"\nKPIs agreed: {data.kpis_agreed} of {data.objectives} objectives"
    else:
        kpis = "\nNo objectives yet, so no KPIs to agree."
    return Content.assemble(said, Content.styled(kpis, "dim"))


class AgreementSection(FocusableSection):
    TITLE = "Customer agreement"
    CAN: ClassVar[frozenset[str]] = frozenset({"edit", "delete"})
    WHAT = "the agreement"

    def compose(self) -> ComposeResult:
        yield Static("", classes="section-body")

    def read(self) -> _Agreement:
        plan = self.services.plans.get(self.plan_id)
        return _Agreement(plan, *agreed_kpis(self.services.store, self.plan_id))

    def show(self, data: _Agreement) -> None:
        self.query_one(".section-body", Static).update(agreement_text(data, today()))

    async def edit(self) -> Change | None:
        plan = await self.attempt(self.services.plans.get, self.plan_id)
        if plan is None:
            return None
        now = today()

        def save(values: dict) -> Change:
            return record_agreement(self.services, self.plan_id,
                                    values["customer_agreed_on"], now)

        return await self.app.push_screen_wait(AgreementForm(
            self.services, "plans", AccountPlanCreate, ("customer_agreed_on",), save=save,
            heading=f"When did the customer agree the {plan.period} plan?", today=now,
            record=plan))

    async def delete(self) -> Change | None:
        plan = await self.attempt(self.services.plans.get, self.plan_id)
        if plan is None:
            return None
        if plan.customer_agreed_on is None:
            self.notify("The customer has not agreed this plan yet; there is nothing to "
                        "clear.", severity="warning")
            return None
        question = (f"Clear the customer's agreement of {day(plan.customer_agreed_on)}? "
                    "(u undoes it)")
        if not await self.app.push_screen_wait(Confirm(question, yes="Clear")):
            return None
        return await self.attempt(record_agreement, self.services, self.plan_id, None,
                                  today())


__all__ = ["AgreementForm", "AgreementSection"]
