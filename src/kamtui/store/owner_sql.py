"""live_sql's shared pieces as SQLAlchemy expressions, for the queries built with it
(the calendar and spreadsheet exports): rows on live accounts, who owns an action, and
who answers an escalation now."""

from typing import Any

from sqlalchemy import ColumnElement, FromClause, String, and_, literal_column
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.operators import custom_op

from kamtui.domain import Account, ActionItem, Contact, Escalation, EscalationLevel, TeamMember
from kamtui.store import live_sql

_account, _action, _contact = Account.__table__, ActionItem.__table__, Contact.__table__
_member, _escalation, _level = TeamMember.__table__, Escalation.__table__, EscalationLevel.__table__


def plus(column: ColumnElement[Any]) -> ColumnElement[Any]:
    """`+column`: SQLite's documented way to keep a term from choosing the index."""
    return UnaryExpression(column, operator=custom_op("+"), type_=column.type)


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
    return source, literal_column(live_sql.ACTION_OWNER, String)


def escalation_responder() -> tuple[FromClause, ColumnElement[Any], ColumnElement[Any],
                                    ColumnElement[Any]]:
    """Live accounts' escalations joined to the level now running: (source, how many
    levels the plan has, the responder's owner kind, their name)."""
    e, lv = _escalation, _level
    source = (on_live_account(e)
              .outerjoin(lv, lv.c.id == literal_column(live_sql.CURRENT_LEVEL))
              .outerjoin(_member, _member.c.id == lv.c.team_member_id)
              .outerjoin(_contact, _contact.c.id == lv.c.contact_id))
    return (source, literal_column(live_sql.LEVEL_COUNT),
            literal_column(live_sql.RESPONDER_KIND, String),
            literal_column(live_sql.RESPONDER, String))
