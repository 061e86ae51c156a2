"""Reviews: one run of step 9 for one account, ending in a decision on the key roster."""

from datetime import date

from sqlmodel import Field, SQLModel

from kamtui.domain.base import LongText, Row, score_field
from kamtui.domain.enums import ReviewDecision
from kamtui.domain.plans import Period


class ReviewBase(SQLModel):
    account_id: str = Field(foreign_key="account.id", index=True, title="Account")
    period: Period = Field(title="Period")
    held_on: date = Field(title="Held on")
    revenue: float | None = Field(default=None, ge=0, title="Revenue")
    margin_pct: float | None = Field(default=None, ge=-100, le=100, title="Margin (%)")
    objectives_on_track: int = Field(default=0, ge=0, title="Objectives on track")
    objectives_off_track: int = Field(default=0, ge=0, title="Objectives off track")
    opportunities_won: int = Field(default=0, ge=0, title="Opportunities won")
    opportunities_lost: int = Field(default=0, ge=0, title="Opportunities lost")
    kpis_met: int = Field(default=0, ge=0, title="KPIs met")
    kpis_missed: int = Field(default=0, ge=0, title="KPIs missed")
    slas_met: int = Field(default=0, ge=0, title="SLAs met")
    slas_missed: int = Field(default=0, ge=0, title="SLAs missed")
    trust: int = score_field("Trust")
    access: int = score_field("Access to decision makers")
    responsiveness: int = score_field("Responsiveness")
    alignment: int = score_field("Strategic alignment")
    satisfaction: int = score_field("Satisfaction")
    nps: int | None = Field(default=None, ge=-100, le=100, title="NPS")
    decision: ReviewDecision = Field(default=ReviewDecision.stays_key, title="Decision")
    next_review_on: date | None = Field(default=None, index=True, title="Next review")
    notes: LongText = Field(default="", title="Notes")


class Review(ReviewBase, Row, table=True):
    __tablename__ = "review"


class ReviewCreate(ReviewBase):
    """Validated input for a review."""
