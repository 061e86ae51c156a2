"""Our offerings and the account x product whitespace grid (step 3)."""

from sqlmodel import Field, SQLModel

from kamtui.domain.base import LongText, Name, Row, ShortText
from kamtui.domain.enums import WhitespaceState


class ProductBase(SQLModel):
    name: Name = Field(title="Name")
    line: ShortText = Field(default="", title="Product line")
    description: LongText = Field(default="", title="Description")


class Product(ProductBase, Row, table=True):
    __tablename__ = "product"


class ProductCreate(ProductBase):
    """Validated input for a product."""


class WhitespaceCellBase(SQLModel):
    account_id: str = Field(foreign_key="account.id", index=True, title="Account")
    product_id: str = Field(foreign_key="product.id", index=True, title="Product")
    state: WhitespaceState = Field(default=WhitespaceState.open, title="State")
    value: float | None = Field(default=None, ge=0, title="Value")
    notes: LongText = Field(default="", title="Notes")


class WhitespaceCell(WhitespaceCellBase, Row, table=True):
    __tablename__ = "whitespace_cell"


class WhitespaceCellCreate(WhitespaceCellBase):
    """Validated input for one account x product cell."""
