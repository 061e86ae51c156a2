"""SQL pieces the dated views share (the Today checklist, the calendar export): rows on
live accounts, who owns an action, and who answers an escalation now."""

from typing import Any

from sqlalchemy import ColumnElement, FromClause, String, and_, case, func, literal, select

from kamtui.domain import Account, ActionItem, Contact, Escalation, EscalationLevel, TeamMember
from kamtui.domain.enums import OwnerKind

_account, _action, _contact = Account.__table__, ActionItem.__table__, Contact.__table__
_member, _escalation, _level = TeamMember.__table__, Escalation.__table__, EscalationLevel.__table__
ME = literal(OwnerKind.me.value, String)


def on_live_account(table: FromClause) -> FromClause:
    """`table` joined to its account, keeping only rows whose account is not deleted."""
    return table.join(_account, and_(_account.c.id == table.c.account_id,
                                     _account.c.deleted_at.is_(None)))


def action_owner() -> tuple[FromClause, ColumnElement[Any]]:
    """Live accounts' action items joined to their owners, and the owner's name ('me' when
    the KAM owns it)."""
    a = _action
    source = (on_live_account(a).outerjoin(_member, _member.c.id == a.c.owner_team_member_id)
              .outerjoin(_contact, _contact.c.id == a.c.owner_contact_id))
    owner = case((a.c.owner_kind == OwnerKind.team.value, _member.c.name),
                 (a.c.owner_kind == OwnerKind.customer.value, _contact.c.name), else_=ME)
    return source, owner


def escalation_responder() -> tuple[FromClause, ColumnElement[Any], ColumnElement[Any],
                                    ColumnElement[Any]]:
    """Live accounts' escalations joined to the level now running (the oldest live one at
    their position, should a plan repeat one): (source, how many levels the plan has, the
    responder's owner kind, their name; 'me' when the KAM answers or there is no plan)."""
    e, lv, other = _escalation, _level, _level.alias("other_level")
    current = (select(other.c.id)
               .where(other.c.plan_id == e.c.plan_id, other.c.deleted_at.is_(None),
                      other.c.position == e.c.current_level)
               .order_by(other.c.created_at, other.c.id).limit(1).scalar_subquery())
    levels = (select(func.count())
              .where(other.c.plan_id == e.c.plan_id, other.c.deleted_at.is_(None))
              .scalar_subquery())
    source = (on_live_account(e).outerjoin(lv, lv.c.id == current)
              .outerjoin(_member, _member.c.id == lv.c.team_member_id)
              .outerjoin(_contact, _contact.c.id == lv.c.contact_id))
    kind = func.coalesce(lv.c.owner_kind, ME)
    owner = case((kind == OwnerKind.me.value, ME), else_=func.coalesce(
        _member.c.name, _contact.c.name, func.nullif(lv.c.who, ""), ME))
    return source, levels, kind, owner
