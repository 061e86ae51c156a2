"""What the account workspace shows of one account's whitespace (DOMAIN step 3): every live
product with this account's cell, limited in SQL. No Textual here.

A product the account has no live cell for is *unknown* (state None), not open: nobody has
said yet whether the customer has it, could buy it or has no use for it. kamtui keeps one
live cell per account and product, so each product is one row (two stores synced may
each have made one; the sync names such pairs, and both show until one is deleted).
"""

from dataclasses import dataclass

from sqlalchemy import and_, func, select

from kamtui.domain import Product, WhitespaceCell
from kamtui.domain.enums import WhitespaceState
from kamtui.store.engine import Store
from kamtui.store.xray import account_name

_product, _cell = Product.__table__, WhitespaceCell.__table__

LIMIT = 500


@dataclass(frozen=True)
class WhitespaceRow:
    product_id: str
    product: str
    line: str  # the product line, "" when none
    cell_id: str | None  # None: no live cell for this account and product
    state: WhitespaceState | None  # None: unknown
    value: float | None
    notes: str


def account_whitespace(store: Store, account_id: str, *,
                       limit: int = LIMIT) -> list[WhitespaceRow]:
    """Every live product by name with the live account's cell (NotFound if there is no
    such account)."""
    query = (select(_product.c.id, _product.c.name, _product.c.line,
                    _cell.c.id.label("cell_id"), _cell.c.state, _cell.c.value,
                    _cell.c.notes)
             .select_from(_product.outerjoin(_cell, and_(_cell.c.product_id == _product.c.id,
                                                      _cell.c.account_id == account_id,
                                                      _cell.c.deleted_at.is_(None))))
             .where(_product.c.deleted_at.is_(None))
             .order_by(func.lower(_product.c.name), _product.c.id)
             .limit(limit))
    with store.read() as session:
        account_name(session, account_id)  # NotFound for a missing or deleted account
        rows = session.execute(query).all()
    return [WhitespaceRow(product_id=r.id, product=r.name, line=r.line or "",
                          cell_id=r.cell_id,
                          state=WhitespaceState(r.state) if r.state is not None else None,
                          value=r.value, notes=r.notes or "")
            for r in rows]


__all__ = ["LIMIT", "WhitespaceRow", "account_whitespace"]
