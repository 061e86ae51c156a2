"""Escalation plans (triggers, ordered levels, crisis plan) and escalations, each one
activation of a plan with its timeline (step 5)."""

from datetime import datetime

from pydantic import model_validator
from sqlmodel import JSON, Field, SQLModel

from kamtui.domain.base import LongText, Row, ShortText
from kamtui.domain.enums import AccountStatus, EscalationTrigger, OwnerKind


class EscalationPlanBase(SQLModel):
    account_id: str = Field(foreign_key="account.id", index=True, title="Account")
    triggers: list[EscalationTrigger] = Field(
        default_factory=list, sa_type=JSON, title="Triggers"
    )
    trigger_notes: LongText = Field(default="", title="Trigger details")
    crisis_plan: LongText = Field(default="", title="Crisis plan")


class EscalationPlan(EscalationPlanBase, Row, table=True):
    __tablename__ = "escalation_plan"


class EscalationPlanCreate(EscalationPlanBase):
    """Validated input for an account's escalation plan."""


class EscalationLevelBase(SQLModel):
    plan_id: str = Field(foreign_key="escalation_plan.id", index=True, title="Escalation plan")
    position: int = Field(default=1, ge=1, le=20, title="Level")
    owner_kind: OwnerKind = Field(default=OwnerKind.team, title="Who")
    team_member_id: str | None = Field(default=None, foreign_key="team_member.id",
                                       title="Team member")
    contact_id: str | None = Field(default=None, foreign_key="contact.id", title="Contact")
    who: ShortText = Field(default="", title="Who (as written)")
    respond_within_hours: int = Field(default=24, ge=1, le=24 * 90, title="Respond within (hours)")
    action: LongText = Field(default="", title="What to do")

    @model_validator(mode="after")
    def _someone_responds(self) -> "EscalationLevelBase":
        if not (self.team_member_id or self.contact_id or self.who.strip()):
            raise ValueError("each escalation level needs someone to respond")
        return self


class EscalationLevel(EscalationLevelBase, Row, table=True):
    __tablename__ = "escalation_level"


class EscalationLevelCreate(EscalationLevelBase):
    """Validated input for one level of an escalation plan."""


class EscalationBase(SQLModel):
    account_id: str = Field(foreign_key="account.id", index=True, title="Account")
    plan_id: str | None = Field(default=None, foreign_key="escalation_plan.id",
                                title="Escalation plan")
    trigger: EscalationTrigger = Field(title="Trigger")
    reason: LongText = Field(default="", title="Why")
    opened_at: datetime = Field(title="Opened")
    current_level: int = Field(default=1, ge=1, le=20, title="Current level")
    level_due_at: datetime | None = Field(default=None, index=True, title="Response due")
    status_before: AccountStatus = Field(default=AccountStatus.active,
                                         title="Account status before")
    resolved_at: datetime | None = Field(default=None, title="Resolved")
    outcome: LongText = Field(default="", title="Outcome")


class Escalation(EscalationBase, Row, table=True):
    __tablename__ = "escalation"


class EscalationCreate(EscalationBase):
    """Validated input for opening an escalation."""


class EscalationEventBase(SQLModel):
    escalation_id: str = Field(foreign_key="escalation.id", index=True, title="Escalation")
    at: datetime = Field(title="When")
    level: int = Field(default=1, ge=1, le=20, title="Level")
    note: LongText = Field(default="", title="Note")


class EscalationEvent(EscalationEventBase, Row, table=True):
    """One entry in an escalation's timeline."""

    __tablename__ = "escalation_event"


class EscalationEventCreate(EscalationEventBase):
    """Validated input for a timeline entry."""
