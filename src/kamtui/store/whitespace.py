"""Setting one account's whitespace for one product (DOMAIN step 3): `set_whitespace` writes
the cell whether or not there is one yet, `clear_whitespace` puts it back to unknown. Each is
one transaction and returns a `Change` that `u` undoes. No Textual here.

kamtui keeps one cell per account and product even after a clear, so setting a cleared
cell again brings that row back with the new values."""

from sqlalchemy import select
from sqlmodel import Session

from kamtui.clock import utcnow
from kamtui.domain import Product, WhitespaceCell
from kamtui.domain.enums import WhitespaceState, label
from kamtui.domain.words import one_line
from kamtui.errors import InvalidInput, NotFound
from kamtui.store.changes import Change, Recorder
from kamtui.store.repos import Services
from kamtui.store.xray import account_name


def _cell(session: Session, account_id: str, product_id: str) -> WhitespaceCell | None:
    """The account's cell for the product, live or cleared (there is at most one)."""
    return session.scalars(select(WhitespaceCell).where(
        WhitespaceCell.account_id == account_id,
        WhitespaceCell.product_id == product_id)).first()


def _names(session: Session, account_id: str, product_id: str) -> tuple[str, str]:
    """The live account's and product's names; NotFound if either is gone."""
    account = account_name(session, account_id)
    product = session.get(Product, product_id)
    if product is None or product.deleted_at is not None:
        raise NotFound(f"There is no product with id {product_id}.")
    return one_line(account), one_line(product.name)


def set_whitespace(services: Services, account_id: str, product_id: str, *,
                   state: WhitespaceState | str, value: float | None = None,
                   notes: str = "") -> Change:
    """Give the account's cell for the product this state, value and notes: a new cell if
    there is none, else the one there is (a cleared one comes back). Undo puts back what
    was there before, unknown included."""
    repo = services.whitespace
    clean = repo.validate({"account_id": account_id, "product_id": product_id,
                           "state": state, "value": value, "notes": notes})
    with services.store.transaction() as session:
        rec = Recorder(session)
        account, product = _names(session, account_id, product_id)
        cell = _cell(session, account_id, product_id)
        if cell is None:
            cell = repo.create(clean)
            rec.created(cell)
        else:
            rec.before(WhitespaceCell, cell.id)
            for name, new in clean.model_dump().items():
                setattr(cell, name, new)
            cell.deleted_at = None
            cell.updated_at = utcnow()
            session.add(cell)
        worth = f", worth {cell.value:,.0f}" if cell.value is not None else ""
        return rec.change(f"Set '{product}' at {account} to "
                          f"{label(WhitespaceState(cell.state))}{worth}.")


def clear_whitespace(services: Services, account_id: str, product_id: str) -> Change:
    """Put the account's cell for the product back to unknown (the cell is soft-deleted,
    so undo brings it back as it was)."""
    with services.store.transaction() as session:
        rec = Recorder(session)
        account, product = _names(session, account_id, product_id)
        cell = _cell(session, account_id, product_id)
        if cell is None or cell.deleted_at is not None:
            raise InvalidInput([f"'{product}' is already unknown at {account}: there is "
                                f"nothing to clear."])
        rec.before(WhitespaceCell, cell.id)
        cell.deleted_at = cell.updated_at = utcnow()
        session.add(cell)
        return rec.change(f"Cleared '{product}' at {account} back to unknown.")


__all__ = ["clear_whitespace", "set_whitespace"]
