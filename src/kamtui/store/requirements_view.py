"""What the account workspace shows of one account's requirements log (DOMAIN step 2): what
the customer asked for, who asked, what we proposed and where it stands, newest first and
limited in SQL. No Textual here."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from kamtui.domain import Contact, Requirement
from kamtui.domain.enums import RequirementStatus
from kamtui.store.engine import Store
from kamtui.store.xray import account_name

_requirement, _contact = Requirement.__table__, Contact.__table__

LIMIT = 200


@dataclass(frozen=True)
class RequirementRow:
    id: str
    asked_on: date
    asked: str
    asked_by: str  # the contact's name ("" when nobody was recorded); kept if they left
    proposed: str
    proposed_on: date | None
    status: RequirementStatus


def account_requirements(store: Store, account_id: str, *,
                         limit: int = LIMIT) -> list[RequirementRow]:
    """The live requirements of the live account (NotFound if there is none), newest
    asked first; the same day, the one entered last first."""
    r = _requirement.c
    query = (select(r.id, r.asked_on, r.asked, _contact.c.name.label("asked_by"),
                    r.proposed, r.proposed_on, r.status)
             .select_from(_requirement.outerjoin(_contact, _contact.c.id == r.contact_id))
             .where(r.account_id == account_id, r.deleted_at.is_(None))
             .order_by(r.asked_on.desc(), r.created_at.desc(), r.id)
             .limit(limit))
    with store.read() as session:
        account_name(session, account_id)
        rows = session.execute(query).all()
    return [RequirementRow(id=row.id, asked_on=row.asked_on, asked=row.asked,
                           asked_by=row.asked_by or "", proposed=row.proposed,
                           proposed_on=row.proposed_on, status=RequirementStatus(row.status))
            for row in rows]


__all__ = ["LIMIT", "RequirementRow", "account_requirements"]
