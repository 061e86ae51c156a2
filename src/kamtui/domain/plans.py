"""The key account plan ("blueprint") per account and period, with objectives and
opportunities (step 4)."""

from datetime import date
from typing import Annotated

from pydantic import StringConstraints, model_validator
from sqlmodel import JSON, Field, SQLModel

from kamtui.domain.base import LongText, Name, Row, ShortText
from kamtui.domain.enums import OpportunityStage

Period = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]


class AccountPlanBase(SQLModel):
    account_id: str = Field(foreign_key="account.id", index=True, title="Account")
    period: Period = Field(title="Period")
    direction: LongText = Field(default="", title="Main direction")
    value_proposition: LongText = Field(default="", title="Value proposition")
    priorities: list[str] = Field(default_factory=list, sa_type=JSON, title="Priorities")
    risks: LongText = Field(default="", title="Risks")
    competitors: LongText = Field(default="", title="Competitors")
    will_deliver: LongText = Field(default="", title="What we will deliver")
    wont_deliver: LongText = Field(default="", title="What we will not deliver")
    informed: list[str] = Field(default_factory=list, sa_type=JSON,
                                title="Who must be informed")
    information_sources: LongText = Field(default="", title="Information sources")
    sources_updated_on: date | None = Field(default=None, title="Sources last updated")
    customer_agreed_on: date | None = Field(default=None, title="Customer agreed on")
    carried_over_from_id: str | None = Field(
        default=None, foreign_key="account_plan.id", title="Carried over from"
    )


class AccountPlan(AccountPlanBase, Row, table=True):
    __tablename__ = "account_plan"


class AccountPlanCreate(AccountPlanBase):
    """Validated input for a plan."""


class PlanSourceBase(SQLModel):
    plan_id: str = Field(foreign_key="account_plan.id", index=True, title="Plan")
    name: Name = Field(title="Source")
    updated_on: date | None = Field(default=None, title="Last updated")


class PlanSource(PlanSourceBase, Row, table=True):
    """One place the plan's information comes from (a QBR, their annual report, ...)."""

    __tablename__ = "plan_source"


class PlanSourceCreate(PlanSourceBase):
    """Validated input for an information source of a plan."""


class ObjectiveBase(SQLModel):
    plan_id: str = Field(foreign_key="account_plan.id", index=True, title="Plan")
    title: Name = Field(title="Objective")
    kpi_metric: ShortText = Field(default="", title="KPI metric")
    unit: ShortText = Field(default="", title="Unit")
    baseline: float | None = Field(default=None, title="Baseline")
    target: float | None = Field(default=None, title="Target")
    current: float | None = Field(default=None, title="Current value")
    due: date | None = Field(default=None, title="Due")
    customer_agreed: bool = Field(default=False, title="Customer agreed")
    customer_agreed_on: date | None = Field(default=None, title="Customer agreed on")
    position: int = Field(default=0, ge=0, title="Position")


class Objective(ObjectiveBase, Row, table=True):
    __tablename__ = "objective"


class ObjectiveCreate(ObjectiveBase):
    """Validated input for an objective with its KPI."""


class OpportunityBase(SQLModel):
    account_id: str = Field(foreign_key="account.id", index=True, title="Account")
    plan_id: str | None = Field(default=None, foreign_key="account_plan.id", title="Plan")
    title: Name = Field(title="Opportunity")
    product_id: str | None = Field(default=None, foreign_key="product.id", title="Product")
    value: float = Field(default=0.0, ge=0, title="Estimated value")
    stage: OpportunityStage = Field(default=OpportunityStage.identified, title="Stage")
    probability: int = Field(default=10, ge=0, le=100, title="Probability (%)")
    expected_close: date | None = Field(default=None, title="Expected close")
    notes: LongText = Field(default="", title="Notes")

    @model_validator(mode="after")
    def _closed_stages_are_certain(self) -> "OpportunityBase":
        # A won deal is certain and a lost one is gone: keep the weighted pipeline honest.
        if self.stage == OpportunityStage.won:
            self.probability = 100
        elif self.stage == OpportunityStage.lost:
            self.probability = 0
        return self


class Opportunity(OpportunityBase, Row, table=True):
    __tablename__ = "opportunity"


class OpportunityCreate(OpportunityBase):
    """Validated input for an opportunity."""
