"""The requirements log of an account (DOMAIN step 2): what the customer asked for, who
asked, what we proposed and when, and where it stands."""

from datetime import date

from sqlmodel import Field, SQLModel

from kamtui.domain.base import LongText, Row
from kamtui.domain.enums import RequirementStatus
from kamtui.domain.interactions import Summary


class RequirementBase(SQLModel):
    account_id: str = Field(foreign_key="account.id", index=True, title="Account")
    asked_on: date = Field(title="Asked on")
    asked: Summary = Field(title="What they asked for")
    contact_id: str | None = Field(default=None, foreign_key="contact.id", title="Asked by")
    proposed: LongText = Field(default="", title="What we proposed")
    proposed_on: date | None = Field(default=None, title="Proposed on")
    status: RequirementStatus = Field(default=RequirementStatus.open, title="Status")


class Requirement(RequirementBase, Row, table=True):
    __tablename__ = "requirement"


class RequirementCreate(RequirementBase):
    """Validated input for one entry of the requirements log."""
