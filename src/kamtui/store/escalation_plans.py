"""An account's escalation plan (triggers, trigger details, crisis plan) and its ordered
levels (who responds, within how long, what to do): each edit one undoable step. Levels
stay numbered 1, 2, 3 ... with no gaps, since an escalation names its level by number."""

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from kamtui.clock import utcnow
from kamtui.domain import (
    Account,
    Contact,
    EscalationLevel,
    EscalationPlan,
    EscalationPlanCreate,
    Row,
    TeamMember,
)
from kamtui.domain.enums import OwnerKind
from kamtui.domain.messages import field_title
from kamtui.errors import InvalidInput, NotFound
from kamtui.store.changes import Change, Recorder
from kamtui.store.repos import Services

PLAN_FIELDS = ("triggers", "trigger_notes", "crisis_plan")
LEVEL_FIELDS = ("owner_kind", "team_member_id", "contact_id", "who", "respond_within_hours",
                "action")
_WITHIN = re.compile(r"([0-9]{1,5})\s*(h|hr|hrs|hours?|d|days?|w|wk|weeks?)?")
_UNIT_HOURS = {"h": 1, "d": 24, "w": 24 * 7}


def as_utc(stamp: datetime) -> datetime:
    """Stored timestamps come back without a zone; kamtui writes them all in UTC."""
    return stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)


def within_words(hours: int) -> str:
    """How a response time reads: '12 h', '1 day', '3 days'."""
    if hours >= 24 and hours % 24 == 0:
        days = hours // 24
        return f"{days} day" if days == 1 else f"{days} days"
    return f"{hours} h"


def parse_within(text: str, *, field: str = "Respond within") -> int:
    """Hours from what a person types: '36', '36h', '3d', '3 days', '1w'."""
    found = _WITHIN.fullmatch(text.strip().lower())
    if found is None:
        raise InvalidInput([f"{field}: '{text.strip()[:40]}' is not a time; give hours or "
                            f"days, like 24h, 36 or 3d."])
    hours = int(found.group(1)) * _UNIT_HOURS[(found.group(2) or "h")[0]]
    if not 1 <= hours <= 24 * 90:
        raise InvalidInput([f"{field}: give between 1 hour and 90 days."])
    return hours


def live_account(session: Session, account_id: str) -> Account:
    account = session.get(Account, account_id)
    if account is None or account.deleted_at is not None:
        raise NotFound(f"There is no account with id {account_id}.")
    return account


def plan_of(session: Session, account_id: str) -> EscalationPlan | None:
    """The account's live escalation plan (the oldest, should there be two)."""
    return session.exec(select(EscalationPlan).where(
        EscalationPlan.account_id == account_id, col(EscalationPlan.deleted_at).is_(None))
        .order_by(col(EscalationPlan.created_at), col(EscalationPlan.id))).first()


def live_levels(session: Session, plan_id: str | None) -> list[EscalationLevel]:
    """A plan's live levels, in order."""
    if plan_id is None:
        return []
    return list(session.exec(select(EscalationLevel).where(
        EscalationLevel.plan_id == plan_id, col(EscalationLevel.deleted_at).is_(None))
        .order_by(col(EscalationLevel.position), col(EscalationLevel.created_at),
                  col(EscalationLevel.id))))


def responder(session: Session, level: EscalationLevel | None) -> str:
    """Who answers at a level, by name: the team member or contact, else what was
    written; no level (no plan) is the KAM."""
    if level is None or level.owner_kind == OwnerKind.me:
        return "me"
    person: Row | None = None
    if level.owner_kind == OwnerKind.team and level.team_member_id:
        person = session.get(TeamMember, level.team_member_id)
    elif level.owner_kind == OwnerKind.customer and level.contact_id:
        person = session.get(Contact, level.contact_id)
    return getattr(person, "name", None) or level.who or "me"


def set_values(rec: Recorder, row: Row, **values: Any) -> None:
    """Write plain values (status, stamps, positions), noting the row for undo."""
    rec.before(type(row), row.id)
    for name, value in values.items():
        setattr(row, name, value)
    row.updated_at = utcnow()
    rec.session.add(row)


def _renumber(rec: Recorder, levels: list[EscalationLevel]) -> None:
    for number, level in enumerate(levels, 1):
        if level.position != number:
            set_values(rec, level, position=number)


def _who(values: Mapping[str, Any]) -> dict[str, Any]:
    """The level's fields with only the person its kind names (a team member, a contact,
    or nobody for me); "me" is written out so the level always names someone."""
    data = {name: values[name] for name in LEVEL_FIELDS if name in values}
    kind = OwnerKind(data.get("owner_kind") or OwnerKind.team)
    data["owner_kind"] = kind
    if kind != OwnerKind.team:
        data["team_member_id"] = None
    if kind != OwnerKind.customer:
        data["contact_id"] = None
    if kind == OwnerKind.me and not str(data.get("who") or "").strip():
        data["who"] = "me"
    return data


def _check_contact(session: Session, account_id: str, data: Mapping[str, Any]) -> None:
    contact = session.get(Contact, data["contact_id"]) if data.get("contact_id") else None
    if contact is not None and contact.account_id != account_id:
        raise InvalidInput(["Who: that contact works at another account."])


def _live_level(session: Session, level_id: str) -> tuple[EscalationLevel, EscalationPlan]:
    level = session.get(EscalationLevel, level_id)
    plan = session.get(EscalationPlan, level.plan_id) if level is not None else None
    if level is None or level.deleted_at is not None or plan is None or plan.deleted_at:
        raise NotFound(f"There is no escalation level with id {level_id}.")
    return level, plan


def save_plan(services: Services, account_id: str, values: Mapping[str, Any]) -> Change:
    """Set the plan's triggers, trigger details and crisis plan; the first save writes
    the plan."""
    data = {name: values[name] for name in PLAN_FIELDS if name in values}
    with services.store.transaction() as session:
        rec = Recorder(session)
        account = live_account(session, account_id)
        plan = plan_of(session, account_id)
        if plan is None:
            rec.created(services.escalation_plans.create({**data, "account_id": account_id}))
            return rec.change(f"Wrote the escalation plan of {account.name}.")
        old = {name: getattr(plan, name) for name in PLAN_FIELDS}
        rec.before(EscalationPlan, plan.id)
        plan = services.escalation_plans.update(plan.id, data)
        edited = [field_title(EscalationPlanCreate, name).lower() for name in PLAN_FIELDS
                  if old[name] != getattr(plan, name)]
        what = f" ({', '.join(edited)})" if edited else " (nothing changed)"
        return rec.change(f"Edited the escalation plan of {account.name}{what}.")


def add_level(services: Services, account_id: str,
              values: Mapping[str, Any]) -> tuple[EscalationLevel, Change]:
    """A new last level (the plan is written first if the account has none)."""
    with services.store.transaction() as session:
        rec = Recorder(session)
        account = live_account(session, account_id)
        plan = plan_of(session, account_id)
        if plan is None:
            plan = services.escalation_plans.create({"account_id": account_id})
            rec.created(plan)
        levels = live_levels(session, plan.id)
        _renumber(rec, levels)
        data = {**_who(values), "plan_id": plan.id, "position": len(levels) + 1}
        _check_contact(session, account_id, data)
        level = services.escalation_levels.create(data)
        rec.created(level)
        return level, rec.change(f"Added level {level.position} ({responder(session, level)}) "
                                 f"to the escalation plan of {account.name}.")


def edit_level(services: Services, level_id: str, values: Mapping[str, Any]) -> Change:
    with services.store.transaction() as session:
        rec = Recorder(session)
        level, plan = _live_level(session, level_id)
        data = _who({**level.model_dump(), **values})
        _check_contact(session, plan.account_id, data)
        rec.before(EscalationLevel, level.id)
        level = services.escalation_levels.update(level.id, data)
        return rec.change(f"Edited level {level.position} of the escalation plan "
                          f"({responder(session, level)}).")


def delete_level(services: Services, level_id: str) -> Change:
    """Soft-delete a level; the ones after it move up a number."""
    with services.store.transaction() as session:
        rec = Recorder(session)
        level, plan = _live_level(session, level_id)
        who = responder(session, level)
        stamp = utcnow()
        set_values(rec, level, deleted_at=stamp)
        _renumber(rec, [lv for lv in live_levels(session, plan.id) if lv.id != level.id])
        return rec.change(f"Deleted level {level.position} ({who}) of the escalation plan.")


def move_level(services: Services, level_id: str, step: int) -> Change:
    """Swap a level with the one before (step -1) or after (+1) it."""
    with services.store.transaction() as session:
        rec = Recorder(session)
        level, plan = _live_level(session, level_id)
        levels = live_levels(session, plan.id)
        here = next(n for n, lv in enumerate(levels) if lv.id == level.id)
        there = here + (1 if step > 0 else -1)
        if not 0 <= there < len(levels):
            edge = "first" if there < 0 else "last"
            raise InvalidInput([f"Level {here + 1} is already the {edge} level."])
        levels[here], levels[there] = levels[there], levels[here]
        _renumber(rec, levels)
        return rec.change(f"Moved {responder(session, level)} to level {there + 1} of the "
                          f"escalation plan.")


__all__ = ["LEVEL_FIELDS", "PLAN_FIELDS", "add_level", "as_utc", "delete_level", "edit_level",
           "live_levels", "move_level", "parse_within", "plan_of", "responder", "save_plan",
           "within_words"]
