"""The steps that change an account plan (DOMAIN step 4), each one transaction returning
an undoable Change: write the first plan of an account, edit its fields, keep its ordered
priorities, list its information sources, record the customer's agreement, and start
the next period's plan from the current one (earlier plans stay as they were)."""

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from kamtui.domain import AccountPlan, ObjectiveCreate, PlanSource
from kamtui.domain.words import one_line
from kamtui.errors import InvalidInput, NotFound
from kamtui.store.changes import Change, Recorder
from kamtui.store.plan_view import plan_objectives_list
from kamtui.store.records import edit_record
from kamtui.store.repos import Services

PRIORITY_MAX = 200  # characters in one priority
# What a carried-over objective does not keep: the customer agrees each period anew.
NOT_CARRIED = {"plan_id", "customer_agreed", "customer_agreed_on"}


def _q(text: str) -> str:
    """User text quoted in a description: one line, at most 40 characters."""
    text = one_line(text)
    return f"'{text if len(text) <= 40 else text[:37] + '...'}'"


# -- periods ----------------------------------------------------------------------------
def first_period(today: date) -> str:
    """The period a first plan is written for: this fiscal year, or next year's from
    October on (the last quarter is when next year is planned)."""
    return f"FY{today.year + 1 if today.month >= 10 else today.year}"


def next_period(period: str) -> str:
    """The period after `period`: FY2027 -> FY2028, FY27 -> FY28, 2026/27 -> 2027/28,
    H2 2027 -> H2 2028. "" when there is no number to count on."""
    span = re.search(r"(\d+)([/-])(\d+)(?!.*\d)", period)
    if span:
        first, sep, second = span.groups()
        return (period[:span.start()] + _plus_one(first) + sep + _plus_one(second)
                + period[span.end():])
    numbers = list(re.finditer(r"\d+", period))
    if not numbers:
        return ""
    last = numbers[-1]
    return period[:last.start()] + _plus_one(last.group()) + period[last.end():]


def _plus_one(digits: str) -> str:
    return str(int(digits) + 1).zfill(len(digits))


def _check_period(session: Session, account_id: str, period: str,
                  but: str | None = None) -> str:
    """The trimmed period, refused when blank or when the account has a plan for it."""
    period = period.strip()
    if not period:
        raise InvalidInput(["Period: give the period the plan is for, e.g. FY2027."])
    if len(period) > 40:
        raise InvalidInput(["Period: at most 40 characters."])
    taken = session.execute(select(AccountPlan.period).where(
        AccountPlan.account_id == account_id, col(AccountPlan.deleted_at).is_(None),
        AccountPlan.id != (but or ""))).scalars()
    if any(p.strip().casefold() == period.casefold() for p in taken):
        raise InvalidInput([f"Period: the account already has a plan for {period}."])
    return period


def _plan(session: Session, plan_id: str) -> AccountPlan:
    plan = session.get(AccountPlan, plan_id)
    if plan is None or plan.deleted_at is not None:
        raise NotFound("That account plan is no longer in the store (it may have been "
                       "deleted).")
    return plan


# -- the plan -------------------------------------------------------------------------
def create_plan(services: Services, account_id: str,
                period: str) -> tuple[AccountPlan, Change]:
    """Write a new, empty plan for the account and period."""
    with services.store.transaction() as session:
        account = services.accounts._live(session, account_id)
        period = _check_period(session, account_id, period)
        rec = Recorder(session)
        plan = services.plans.create({"account_id": account_id, "period": period})
        rec.created(plan)
        return plan, rec.change(f"Started the {period} plan for {_q(account.name)}.")


def edit_plan(services: Services, plan_id: str, changes: Mapping[str, Any]) -> Change:
    """Change some fields of the plan; a new period must not be one the account has."""
    if "period" in changes:
        with services.store.transaction() as session:
            plan = _plan(session, plan_id)
            changes = {**changes, "period": _check_period(
                session, plan.account_id, str(changes["period"] or ""), but=plan_id)}
            return edit_record(services, "plans", plan_id, changes)
    return edit_record(services, "plans", plan_id, changes)


def record_agreement(services: Services, plan_id: str, on: date | None,
                     today: date) -> Change:
    """The customer agreed the plan on `on` (None: not agreed, the date is cleared)."""
    if on is not None and on > today:
        raise InvalidInput(["Customer agreed on: that day has not come yet; record the "
                            "agreement once it is given."])
    with services.store.transaction() as session:
        plan = _plan(session, plan_id)
        rec = Recorder(session)
        rec.before(AccountPlan, plan_id)
        services.plans.update(plan_id, {"customer_agreed_on": on})
        said = (f"Recorded that the customer agreed the {plan.period} plan on "
                f"{on.isoformat()}." if on else
                f"Cleared the customer's agreement to the {plan.period} plan.")
        return rec.change(said)


# -- priorities ---------------------------------------------------------------------------
def _priority_text(text: str, others: list[str]) -> str:
    text = one_line(text).strip()
    if not text:
        raise InvalidInput(["Priority: write what the priority is."])
    if len(text) > PRIORITY_MAX:
        raise InvalidInput([f"Priority: at most {PRIORITY_MAX} characters."])
    if any(o.casefold() == text.casefold() for o in others):
        raise InvalidInput(["Priority: that one is already on the list."])
    return text


def _priorities(session: Session, plan_id: str, index: int | None,
                expected: str | None) -> tuple[AccountPlan, list[str]]:
    plan = _plan(session, plan_id)
    found = list(plan.priorities)
    if index is not None and (not 0 <= index < len(found)
                              or (expected is not None and found[index] != expected)):
        raise InvalidInput(["The priorities changed since they were shown; look again."])
    return plan, found


def _save_priorities(services: Services, session: Session, plan_id: str,
                     priorities: list[str], said: str) -> Change:
    rec = Recorder(session)
    rec.before(AccountPlan, plan_id)
    services.plans.update(plan_id, {"priorities": priorities})
    return rec.change(said)


def add_priority(services: Services, plan_id: str, text: str,
                 at: int | None = None) -> Change:
    """Add a priority at position `at` (0 is the first; None: last)."""
    with services.store.transaction() as session:
        plan, found = _priorities(session, plan_id, None, None)
        text = _priority_text(text, found)
        found.insert(len(found) if at is None else max(0, min(at, len(found))), text)
        return _save_priorities(services, session, plan_id, found,
                                f"Added the priority {_q(text)} to the {plan.period} plan.")


def edit_priority(services: Services, plan_id: str, index: int, text: str,
                  expected: str | None = None) -> Change:
    """Reword the priority at `index` (`expected`: its text as shown, checked)."""
    with services.store.transaction() as session:
        plan, found = _priorities(session, plan_id, index, expected)
        old = found[index]
        found[index] = _priority_text(text, found[:index] + found[index + 1:])
        return _save_priorities(services, session, plan_id, found,
                                f"Reworded the priority {_q(old)} as {_q(found[index])}.")


def remove_priority(services: Services, plan_id: str, index: int,
                    expected: str | None = None) -> Change:
    with services.store.transaction() as session:
        plan, found = _priorities(session, plan_id, index, expected)
        gone = found.pop(index)
        return _save_priorities(services, session, plan_id, found,
                                f"Removed the priority {_q(gone)} from the {plan.period} "
                                f"plan.")


def move_priority(services: Services, plan_id: str, index: int, step: int,
                  expected: str | None = None) -> Change:
    """Move the priority at `index` `step` places (negative: up, toward the first)."""
    with services.store.transaction() as session:
        plan, found = _priorities(session, plan_id, index, expected)
        to = max(0, min(index + step, len(found) - 1))
        if to == index:
            where = "first" if step < 0 else "last"
            raise InvalidInput([f"That priority is already the {where}."])
        moved = found.pop(index)
        found.insert(to, moved)
        return _save_priorities(services, session, plan_id, found,
                                f"Moved the priority {_q(moved)} to place {to + 1}.")


# -- information sources ---------------------------------------------------------------
def _sync_sources_date(services: Services, session: Session, rec: Recorder,
                       plan_id: str) -> None:
    """The plan's sources are as fresh as its stalest dated source: keep the plan's date
    (which the Today screen's refresh reminder reads) on the oldest one."""
    session.flush()
    oldest = session.execute(select(PlanSource.updated_on).where(
        PlanSource.plan_id == plan_id, col(PlanSource.deleted_at).is_(None),
        col(PlanSource.updated_on).is_not(None))
        .order_by(PlanSource.updated_on).limit(1)).scalar_one_or_none()
    if oldest is not None and oldest != _plan(session, plan_id).sources_updated_on:
        rec.before(AccountPlan, plan_id)
        services.plans.update(plan_id, {"sources_updated_on": oldest})


def add_source(services: Services, plan_id: str,
               values: Mapping[str, Any]) -> tuple[PlanSource, Change]:
    """List an information source of the plan (name, last updated)."""
    with services.store.transaction() as session:
        _plan(session, plan_id)
        rec = Recorder(session)
        source = services.plan_sources.create({**values, "plan_id": plan_id})
        rec.created(source)
        _sync_sources_date(services, session, rec, plan_id)
        return source, rec.change(f"Added the information source {_q(source.name)}.")


def edit_source(services: Services, source_id: str, values: Mapping[str, Any]) -> Change:
    return _edit_source(services, source_id, values, "Edited the information source {}.")


def source_updated(services: Services, source_id: str, on: date) -> Change:
    """The source was looked at again on `on` (usually today)."""
    return _edit_source(services, source_id, {"updated_on": on},
                        "Marked the information source {} updated on " + on.isoformat() + ".")


def _edit_source(services: Services, source_id: str, values: Mapping[str, Any],
                 said: str) -> Change:
    with services.store.transaction() as session:
        source = services.plan_sources._live(session, source_id)
        rec = Recorder(session)
        rec.before(PlanSource, source_id)
        row = services.plan_sources.update(source_id, {k: v for k, v in values.items()
                                                       if k != "plan_id"})
        _sync_sources_date(services, session, rec, source.plan_id)
        return rec.change(said.format(_q(row.name)))


def delete_source(services: Services, source_id: str) -> Change:
    with services.store.transaction() as session:
        source = services.plan_sources._live(session, source_id)
        rec = Recorder(session)
        rec.before(PlanSource, source_id)
        services.plan_sources.delete(source_id)
        _sync_sources_date(services, session, rec, source.plan_id)
        return rec.change(f"Deleted the information source {_q(source.name)}.")


# -- the next period ------------------------------------------------------------------
def start_next_period(services: Services, plan_id: str, period: str) -> Change:
    """A new plan for `period` copied from this one: its texts, priorities, who must be
    informed, sources and objectives (with their KPIs) come along and it is marked as
    carried over from this one. The customer agrees each period anew, so neither the
    plan's nor the objectives' agreement is copied. This plan stays as it was."""
    with services.store.transaction() as session:
        old = _plan(session, plan_id)
        period = _check_period(session, old.account_id, period)
        rec = Recorder(session)
        values = {name: getattr(old, name) for name in services.plans.schema.model_fields}
        plan = services.plans.create({**values, "period": period, "customer_agreed_on": None,
                                      "carried_over_from_id": old.id})
        rec.created(plan)
        objectives = plan_objectives_list(session, plan_id)
        for objective in objectives:
            copied = {name: getattr(objective, name) for name in ObjectiveCreate.model_fields
                      if name not in NOT_CARRIED}
            rec.created(services.objectives.create({**copied, "plan_id": plan.id}))
        sources = session.execute(select(PlanSource).where(
            PlanSource.plan_id == plan_id, col(PlanSource.deleted_at).is_(None))
            .order_by(PlanSource.created_at, PlanSource.id)).scalars().all()
        for source in sources:
            rec.created(services.plan_sources.create(
                {"plan_id": plan.id, "name": source.name, "updated_on": source.updated_on}))
        count = len(objectives)
        return rec.change(f"Started the {period} plan from {old.period} "
                          f"({count} objective{'s' * (count != 1)} carried over).")


__all__ = [
    "add_priority", "add_source", "create_plan", "delete_source", "edit_plan",
    "edit_priority", "edit_source", "first_period", "move_priority", "next_period",
    "record_agreement", "remove_priority", "source_updated", "start_next_period",
]
