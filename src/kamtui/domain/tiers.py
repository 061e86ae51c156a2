"""Tier decisions: each time the KAM moves an account between tiers, with the key score and
the reason at that moment (DOMAIN steps 1 and 9: would this still be a key account?)."""

from datetime import date

from sqlmodel import Field, SQLModel

from kamtui.domain.base import LongText, Row
from kamtui.domain.enums import Tier


class TierDecisionBase(SQLModel):
    account_id: str = Field(foreign_key="account.id", index=True, title="Account")
    decided_on: date = Field(title="Decided on")
    from_tier: Tier = Field(title="From tier")
    to_tier: Tier = Field(title="To tier")
    score: int | None = Field(default=None, ge=0, le=100, title="Key score")
    reason: LongText = Field(default="", title="Reason")


class TierDecision(TierDecisionBase, Row, table=True):
    __tablename__ = "tier_decision"


class TierDecisionCreate(TierDecisionBase):
    """Validated input for a tier decision."""
