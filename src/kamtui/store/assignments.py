"""Putting our people on an account and taking them off (DOMAIN step 6), each one
transaction returning a `Change` that `u` undoes; and the team members a form offers.
No Textual here.

A person holds at most one live assignment per account: their share of time there is one
number, so a second assignment would split it and double-count them in the team audit."""

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlmodel import Session

from kamtui.domain import Assignment, TeamMember
from kamtui.domain.words import one_line
from kamtui.errors import InvalidInput
from kamtui.store.changes import Change, Recorder
from kamtui.store.engine import Store
from kamtui.store.repos import Services
from kamtui.store.xray import account_name

MEMBERS_LIMIT = 500


def team_choices(store: Store, *, limit: int = MEMBERS_LIMIT) -> list[tuple[str, str]]:
    """Every live team member as (label, id), by name: 'Tom Berg (Sales)'."""
    m = TeamMember.__table__
    query = (select(m.c.id, m.c.name, m.c.role).where(m.c.deleted_at.is_(None))
             .order_by(func.lower(m.c.name), m.c.id).limit(limit))
    with store.read() as session:
        rows = session.execute(query).all()
    return [(f"{r.name} ({r.role})" if r.role else r.name, r.id) for r in rows]


def _live_member(session: Session, member_id: str) -> TeamMember | None:
    member = session.get(TeamMember, member_id)
    return member if member is not None and member.deleted_at is None else None


def assign(services: Services,
           data: Mapping[str, Any] | BaseModel) -> tuple[Assignment, Change]:
    """Put a team member on an account; refused if they are on it already."""
    repo = services.assignments
    clean = repo.validate(data)
    with services.store.transaction() as session:
        rec = Recorder(session)
        account = one_line(account_name(session, clean.account_id))
        member = _live_member(session, clean.team_member_id)
        if member is not None:
            there = session.scalars(select(Assignment).where(
                Assignment.team_member_id == member.id,
                Assignment.account_id == clean.account_id,
                Assignment.deleted_at.is_(None))).first()
            if there is not None:
                raise InvalidInput([f"{one_line(member.name)} is already on {account} "
                                    f"({there.time_share_pct:g}% of their time): edit that "
                                    f"assignment instead."])
        row = repo.create(clean)  # refuses a missing or deleted team member
        rec.created(row)
        name = one_line(member.name) if member is not None else "the team member"
        return row, rec.change(f"Put {name} on {account} ({row.time_share_pct:g}% of "
                               f"their time).")


def unassign(services: Services, assignment_id: str) -> Change:
    """Take the person off the account (the assignment is soft-deleted; undo restores it)."""
    repo = services.assignments
    with services.store.transaction() as session:
        rec = Recorder(session)
        row = repo._live(session, assignment_id)
        account = one_line(account_name(session, row.account_id))
        member = session.get(TeamMember, row.team_member_id)
        name = one_line(member.name) if member is not None else "the team member"
        rec.before(Assignment, assignment_id)
        repo.delete(assignment_id)
        return rec.change(f"Took {name} off {account}.")


__all__ = ["MEMBERS_LIMIT", "assign", "team_choices", "unassign"]
