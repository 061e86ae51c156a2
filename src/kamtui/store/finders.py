"""Finding contacts and action items by name, for the command palette: the letters typed,
in order, anywhere in the name (as the palette's fuzzy matcher scores them), limited in SQL."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, select

from kamtui.domain import Account, ActionItem, Contact
from kamtui.domain.enums import ActionStatus
from kamtui.store.engine import Store
from kamtui.store.live_sql import OUTSTANDING, like_escape

_account = Account.__table__
_contact = Contact.__table__
_action = ActionItem.__table__


@dataclass(frozen=True)
class ContactMatch:
    id: str
    name: str
    title: str
    account_id: str
    account: str


@dataclass(frozen=True)
class ActionMatch:
    id: str
    title: str
    account_id: str
    account: str
    deadline: date | None
    status: ActionStatus


def _pattern(text: str) -> str | None:
    wanted = "".join(text.split())
    if not wanted:
        return None
    return "%" + "%".join(like_escape(ch) for ch in wanted) + "%"


def find_contacts(store: Store, text: str, *, limit: int = 20) -> list[ContactMatch]:
    """Live contacts at live accounts whose name holds the letters of `text` in order;
    names starting with the text first."""
    pattern = _pattern(text)
    if pattern is None:
        return []
    name = _contact.c.name
    query = (select(_contact.c.id, name, _contact.c.title, _account.c.id.label("account_id"),
                    _account.c.name.label("account"))
             .join(_account, _account.c.id == _contact.c.account_id)
             .where(_contact.c.deleted_at.is_(None), _account.c.deleted_at.is_(None),
                    name.like(pattern, escape="\\"))
             .order_by(case((name.like(f"{like_escape(text.strip())}%", escape="\\"), 0),
                            else_=1), name)
             .limit(max(0, limit)))
    with store.read() as session:
        rows = session.execute(query).all()
    return [ContactMatch(r.id, r.name, r.title, r.account_id, r.account) for r in rows]


def find_actions(store: Store, text: str, *, limit: int = 20) -> list[ActionMatch]:
    """Live action items at live accounts whose title holds the letters of `text` in
    order; the ones still to do first, soonest deadline first."""
    pattern = _pattern(text)
    if pattern is None:
        return []
    title = _action.c.title
    query = (select(_action.c.id, title, _action.c.deadline, _action.c.status,
                    _account.c.id.label("account_id"), _account.c.name.label("account"))
             .join(_account, _account.c.id == _action.c.account_id)
             .where(_action.c.deleted_at.is_(None), _account.c.deleted_at.is_(None),
                    title.like(pattern, escape="\\"))
             .order_by(case((_action.c.status.in_(OUTSTANDING), 0), else_=1),
                       _action.c.deadline.is_(None), _action.c.deadline, title)
             .limit(max(0, limit)))
    with store.read() as session:
        rows = session.execute(query).all()
    return [ActionMatch(r.id, r.title, r.account_id, r.account, r.deadline,
                        ActionStatus(r.status)) for r in rows]
