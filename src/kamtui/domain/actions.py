"""Action items: what, by when, who owns it, how success is measured (step 5)."""

from datetime import date, datetime

from pydantic import model_validator
from sqlmodel import Field, SQLModel

from kamtui.domain.base import LongText, Name, Row, ShortText
from kamtui.domain.enums import ActionStatus, OwnerKind, Priority, RecurrenceBasis, RecurrenceUnit


class ActionItemBase(SQLModel):
    account_id: str = Field(foreign_key="account.id", index=True, title="Account")
    title: Name = Field(title="Title")
    owner_kind: OwnerKind = Field(default=OwnerKind.me, title="Owner")
    owner_team_member_id: str | None = Field(
        default=None, foreign_key="team_member.id", title="Owner (team member)"
    )
    owner_contact_id: str | None = Field(
        default=None, foreign_key="contact.id", title="Owner (customer contact)"
    )
    deadline: date | None = Field(default=None, index=True, title="Deadline")
    status: ActionStatus = Field(default=ActionStatus.open, index=True, title="Status")
    priority: Priority = Field(default=Priority.medium, title="Priority")
    success_measure: ShortText = Field(default="", title="Success measure")
    objective_id: str | None = Field(default=None, foreign_key="objective.id", title="Objective")
    recurrence_every: int | None = Field(default=None, ge=1, le=999, title="Repeat every")
    recurrence_unit: RecurrenceUnit | None = Field(default=None, title="Repeat unit")
    recurrence_basis: RecurrenceBasis = Field(
        default=RecurrenceBasis.deadline, title="Repeat counted from"
    )
    completed_at: datetime | None = Field(default=None, title="Completed at")
    notes: LongText = Field(default="", title="Notes")

    @model_validator(mode="after")
    def _owner_and_recurrence_agree(self) -> "ActionItemBase":
        if self.owner_kind == OwnerKind.team and not self.owner_team_member_id:
            raise ValueError("an owner on our team needs a team member chosen")
        if self.owner_kind == OwnerKind.customer and not self.owner_contact_id:
            raise ValueError("an owner at the customer needs a contact chosen")
        if self.owner_kind != OwnerKind.team:
            self.owner_team_member_id = None
        if self.owner_kind != OwnerKind.customer:
            self.owner_contact_id = None
        if (self.recurrence_every is None) != (self.recurrence_unit is None):
            raise ValueError("a repeating action needs both how often and the unit (days, "
                             "weeks or months)")
        if self.recurrence_every is not None and self.deadline is None:
            raise ValueError("a repeating action needs a deadline to count from")
        return self


class ActionItem(ActionItemBase, Row, table=True):
    __tablename__ = "action_item"


class ActionItemCreate(ActionItemBase):
    """Validated input for a new or edited action item."""
