"""Interactions: meetings, calls, complaints ... with the contacts involved (step 8)."""

from datetime import date
from typing import Annotated

from pydantic import StringConstraints
from sqlmodel import Field, SQLModel

from kamtui.domain.base import Row
from kamtui.domain.enums import InteractionKind

Summary = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                           max_length=100_000)]


class InteractionBase(SQLModel):
    account_id: str = Field(foreign_key="account.id", index=True, title="Account")
    occurred_on: date = Field(title="Date")
    kind: InteractionKind = Field(default=InteractionKind.note, title="Kind")
    summary: Summary = Field(title="Summary")


class Interaction(InteractionBase, Row, table=True):
    __tablename__ = "interaction"


class InteractionCreate(InteractionBase):
    """Validated input for an interaction."""


class InteractionContactBase(SQLModel):
    interaction_id: str = Field(foreign_key="interaction.id", index=True, title="Interaction")
    contact_id: str = Field(foreign_key="contact.id", index=True, title="Contact")


class InteractionContact(InteractionContactBase, Row, table=True):
    """Which contacts took part in an interaction."""

    __tablename__ = "interaction_contact"


class InteractionContactCreate(InteractionContactBase):
    """Validated input linking a contact to an interaction."""
