"""Accounts (customer organisations) and their customer profile (DOMAIN steps 1-2)."""

from datetime import date

from sqlmodel import JSON, Field, SQLModel

from kamtui.domain.base import LongText, Name, Row, ShortText, score_field
from kamtui.domain.enums import AccountStatus, Tier


class AccountBase(SQLModel):
    name: Name = Field(index=True, title="Name")
    tier: Tier = Field(default=Tier.standard, title="Tier")
    industry: ShortText = Field(default="", title="Industry")
    region: ShortText = Field(default="", title="Region")
    annual_revenue: float = Field(default=0.0, ge=0, title="Annual revenue")
    margin_pct: float | None = Field(default=None, ge=-100, le=100, title="Margin (%)")
    cost_to_serve: float | None = Field(default=None, ge=0, title="Cost to serve")
    strategic_importance: int = score_field("Strategic importance")
    growth_potential: int = score_field("Growth potential")
    status: AccountStatus = Field(default=AccountStatus.active, title="Status")
    renewal_date: date | None = Field(default=None, title="Renewal date")
    # The customer profile: what the KAM must understand about them.
    objectives: LongText = Field(default="", title="Business objectives")
    needs: LongText = Field(default="", title="Needs")
    pains: LongText = Field(default="", title="Challenges and pain points")
    loves: LongText = Field(default="", title="What they love")
    pet_peeves: LongText = Field(default="", title="What irritates them")
    worries: LongText = Field(default="", title="Deepest worries")
    decision_process: LongText = Field(default="", title="How they decide")
    why_us: LongText = Field(default="", title="Why they buy from us")
    handoff_notes: LongText = Field(default="", title="Handoff notes from sales")
    notes: LongText = Field(default="", title="Notes")
    # What the account needs from our team (the team audit finds the ones nobody covers).
    skills_needed: list[str] = Field(default_factory=list, sa_type=JSON,
                                     title="Skills the account needs")


class Account(AccountBase, Row, table=True):
    __tablename__ = "account"


class AccountCreate(AccountBase):
    """Validated input for a new or edited account."""
