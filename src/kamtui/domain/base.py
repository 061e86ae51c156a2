"""What every stored row has (UUID key, timestamps, soft delete) and shared field types."""

from datetime import datetime
from typing import Annotated

from pydantic import StringConstraints
from sqlmodel import Field, SQLModel

from kamtui.clock import utcnow
from kamtui.domain.ids import new_id


class Row(SQLModel):
    """Columns every table carries; a later sync merges rows by them."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    deleted_at: datetime | None = Field(default=None, index=True)


# Field types shared by the input models. Text is stored verbatim: no stripping
# inside, only a required name is trimmed and must not be empty.
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
ShortText = Annotated[str, StringConstraints(max_length=200)]
LongText = Annotated[str, StringConstraints(max_length=100_000)]


def score_field(title: str, default: int = 3) -> int:
    """A 1-5 rating (strength, importance, rubric items)."""
    return Field(default=default, ge=1, le=5, title=title)
