"""Contacts: the people at a customer, with their role, attitude and org chart (step 3)."""

from datetime import date

from pydantic import field_validator
from sqlmodel import Field, SQLModel

from kamtui.domain.base import LongText, Name, Row, ShortText, score_field
from kamtui.domain.enums import Attitude, BuyingRole


class ContactBase(SQLModel):
    account_id: str = Field(foreign_key="account.id", index=True, title="Account")
    name: Name = Field(title="Name")
    title: ShortText = Field(default="", title="Title")
    email: ShortText = Field(default="", title="Email")
    phone: ShortText = Field(default="", title="Phone")
    buying_role: BuyingRole = Field(default=BuyingRole.user, title="Buying role")
    attitude: Attitude = Field(default=Attitude.neutral, title="Attitude")
    strength: int = score_field("Relationship strength", default=2)
    reports_to_id: str | None = Field(default=None, foreign_key="contact.id", title="Reports to")
    cadence_days: int | None = Field(default=None, ge=1, le=3650, title="Contact cadence (days)")
    last_contacted: date | None = Field(default=None, title="Last contacted")
    notes: LongText = Field(default="", title="Notes")

    @field_validator("email")
    @classmethod
    def _email_shape(cls, value: str) -> str:
        value = value.strip()
        if value and ("@" not in value or " " in value or value.startswith("@")
                      or value.endswith("@")):
            raise ValueError("must look like name@example.com")
        return value


class Contact(ContactBase, Row, table=True):
    __tablename__ = "contact"


class ContactCreate(ContactBase):
    """Validated input for a new or edited contact."""
