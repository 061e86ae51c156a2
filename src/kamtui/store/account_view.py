"""What the account workspace shows of one account: its action items and interactions,
each limited in SQL and in the order a KAM reads them (contacts come from the org chart
in store/xray.py)."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select

from kamtui.domain import ActionItem, Contact, Interaction, InteractionContact, TeamMember
from kamtui.domain.enums import ActionStatus, InteractionKind, OwnerKind, Priority
from kamtui.store.engine import Store

_action, _contact, _member = ActionItem.__table__, Contact.__table__, TeamMember.__table__
_interaction, _link = Interaction.__table__, InteractionContact.__table__

LIMIT = 500


@dataclass(frozen=True)
class AccountAction:
    id: str
    title: str
    status: ActionStatus
    priority: Priority
    deadline: date | None
    owner: str  # "me", the team member's or the contact's name


@dataclass(frozen=True)
class AccountInteraction:
    id: str
    occurred_on: date
    kind: InteractionKind
    summary: str
    contacts: str  # the people involved, comma-separated


def account_actions(store: Store, account_id: str, *,
                    limit: int = LIMIT) -> list[AccountAction]:
    """Live action items of the account: the ones still to do first (soonest deadline
    first, none last), then done and cancelled ones, latest deadline first."""
    owner = case((_action.c.owner_kind == OwnerKind.team.value, _member.c.name),
                 (_action.c.owner_kind == OwnerKind.customer.value, _contact.c.name),
                 else_="me")
    to_do = _action.c.status.in_((ActionStatus.open.value, ActionStatus.waiting.value))
    query = (select(_action.c.id, _action.c.title, _action.c.status, _action.c.priority,
                    _action.c.deadline, owner.label("owner"))
             .outerjoin(_member, _member.c.id == _action.c.owner_team_member_id)
             .outerjoin(_contact, _contact.c.id == _action.c.owner_contact_id)
             .where(_action.c.account_id == account_id, _action.c.deleted_at.is_(None))
             .order_by(case((to_do, 0), else_=1),
                       case((to_do, _action.c.deadline.is_(None)), else_=False),
                       case((to_do, _action.c.deadline), else_=None),
                       _action.c.deadline.desc(), _action.c.title)
             .limit(limit))
    with store.read() as session:
        rows = session.execute(query).all()
    return [AccountAction(r.id, r.title, ActionStatus(r.status), Priority(r.priority),
                          r.deadline, r.owner or "me") for r in rows]


def account_interactions(store: Store, account_id: str, *,
                         limit: int = LIMIT) -> list[AccountInteraction]:
    """The account's interaction log, newest first, with the people involved."""
    people = (select(func.group_concat(_contact.c.name, ", "))
              .select_from(_link.join(_contact, _contact.c.id == _link.c.contact_id))
              .where(_link.c.interaction_id == _interaction.c.id,
                     _link.c.deleted_at.is_(None), _contact.c.deleted_at.is_(None))
              .scalar_subquery())
    query = (select(_interaction.c.id, _interaction.c.occurred_on, _interaction.c.kind,
                    _interaction.c.summary, people.label("contacts"))
             .where(_interaction.c.account_id == account_id,
                    _interaction.c.deleted_at.is_(None))
             .order_by(_interaction.c.occurred_on.desc(), _interaction.c.created_at.desc())
             .limit(limit))
    with store.read() as session:
        rows = session.execute(query).all()
    return [AccountInteraction(r.id, r.occurred_on, InteractionKind(r.kind), r.summary,
                               r.contacts or "") for r in rows]
