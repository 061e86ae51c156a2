"""Escalations: activating an account's escalation plan, advancing it level by level and
resolving it. Each is one undoable step that writes the escalation's timeline; opening
one makes the account at risk or in crisis, resolving the last open one puts back the
status it had before. The reads for the screens are in kamtui.store.escalation_view."""

import os
from datetime import UTC, datetime, time, timedelta

from sqlmodel import Session, col, select

from kamtui.clock import ENV_TODAY, today
from kamtui.domain import Escalation, EscalationLevel
from kamtui.domain.enums import AccountStatus, EscalationTrigger, label
from kamtui.errors import InvalidInput, NotFound
from kamtui.store.changes import Change, Recorder
from kamtui.store.escalation_plans import (
    as_utc,
    live_account,
    live_levels,
    plan_of,
    responder,
    set_values,
    within_words,
)
from kamtui.store.repos import Services

# No plan, or a plan without levels: the KAM answers, within a day (Today names "me").
DEFAULT_RESPONSE_HOURS = 24
ESCALATED = (AccountStatus.at_risk, AccountStatus.in_crisis)


def trigger_words(trigger: EscalationTrigger | str) -> str:
    """How a trigger reads: 'SLA breach', 'key contact leaving'."""
    return "SLA breach" if trigger == EscalationTrigger.sla_breach else label(trigger)


def escalation_now() -> datetime:
    """The moment the screens count from: now (UTC); with KAMTUI_TODAY pinned, noon UTC
    of that day, so deadlines read the same in the sample portfolio and the tests."""
    if os.environ.get(ENV_TODAY, "").strip():
        return datetime.combine(today(), time(12), UTC)
    return datetime.now(UTC)


def stamp(at: datetime) -> str:
    """A moment as the timeline writes it: '2026-11-25 14:00 UTC'."""
    return as_utc(at).strftime("%Y-%m-%d %H:%M UTC")


def _live(session: Session, escalation_id: str) -> Escalation:
    row = session.get(Escalation, escalation_id)
    if row is None or row.deleted_at is not None:
        raise NotFound(f"There is no escalation with id {escalation_id}.")
    return row


def _open(row: Escalation) -> None:
    if row.resolved_at is not None:
        raise InvalidInput([f"That escalation was resolved on {stamp(row.resolved_at)[:10]}; "
                            f"only an open one can change (u undoes the resolve)."])


def open_on(session: Session, account_id: str, *, but: str = "") -> list[Escalation]:
    """The account's open escalations (oldest first), leaving out `but`."""
    return [row for row in session.exec(select(Escalation).where(
        Escalation.account_id == account_id, col(Escalation.deleted_at).is_(None),
        col(Escalation.resolved_at).is_(None)).order_by(col(Escalation.opened_at),
                                                        col(Escalation.id)))
            if row.id != but]


def _due_line(session: Session, level: EscalationLevel | None, number: int,
              due: datetime) -> str:
    hours = level.respond_within_hours if level else DEFAULT_RESPONSE_HOURS
    return (f"Level {number}: {responder(session, level)} to respond within "
            f"{within_words(hours)} (by {stamp(due)}).")


def _write(services: Services, rec: Recorder, row: Escalation, at: datetime,
           note: str) -> None:
    rec.created(services.escalation_events.create(
        {"escalation_id": row.id, "at": at, "level": row.current_level, "note": note}))


def activate(services: Services, account_id: str, trigger: EscalationTrigger | str,
             reason: str, status: AccountStatus | str,
             now: datetime) -> tuple[Escalation, Change]:
    """Open an escalation of the account's plan: level 1 must respond within its time,
    and the account becomes `status` (at risk or in crisis)."""
    problems = []
    if trigger not in set(EscalationTrigger):
        problems.append(f"Trigger: choose one of "
                        f"{', '.join(map(trigger_words, EscalationTrigger))}.")
    if status not in ESCALATED:
        problems.append("Status: an escalation makes the account at risk or in crisis; "
                        "choose one of those.")
    if not reason.strip():
        problems.append("Why: say why the account is being escalated.")
    if problems:
        raise InvalidInput(problems)
    trigger, status = EscalationTrigger(trigger), AccountStatus(status)
    with services.store.transaction() as session:
        rec = Recorder(session)
        account = live_account(session, account_id)
        if account.status == AccountStatus.churned:
            raise InvalidInput([f"{account.name} is churned; set its status back to active "
                                f"before escalating it."])
        others = open_on(session, account_id)
        # With one already open, the account's status is the escalation's: the one to
        # put back in the end is the status from before the first.
        before = others[0].status_before if others else account.status
        if others and account.status == AccountStatus.in_crisis:
            status = AccountStatus.in_crisis
        plan = plan_of(session, account_id)
        levels = live_levels(session, plan.id if plan else None)
        first = levels[0] if levels else None
        hours = first.respond_within_hours if first else DEFAULT_RESPONSE_HOURS
        due = now + timedelta(hours=hours)
        row = services.escalations.create({
            "account_id": account_id, "plan_id": plan.id if plan else None,
            "trigger": trigger, "reason": reason.strip(), "opened_at": now,
            "current_level": first.position if first else 1, "level_due_at": due,
            "status_before": before})
        rec.created(row)
        was = account.status
        if was != status:
            set_values(rec, account, status=status)
        moved = (f"Account status {label(was)} → {label(status)}." if was != status
                 else f"Account status stays {label(status)}.")
        _write(services, rec, row, now, f"Opened ({trigger_words(trigger)}): {reason.strip()} "
               f"{moved} {_due_line(session, first, row.current_level, due)}")
        return row, rec.change(f"Escalated {account.name} ({trigger_words(trigger)}); level "
                               f"{row.current_level} due {stamp(due)}.")


def advance(services: Services, escalation_id: str, note: str,
            now: datetime) -> Change:
    """Move an open escalation to its plan's next level, with that level's deadline."""
    with services.store.transaction() as session:
        rec = Recorder(session)
        row = _live(session, escalation_id)
        _open(row)
        account = live_account(session, row.account_id)
        later = [lv for lv in live_levels(session, row.plan_id)
                 if lv.position > row.current_level]
        if not later:
            count = len(live_levels(session, row.plan_id))
            where = f"level {row.current_level} of {count}" if count else "its only level"
            raise InvalidInput([f"The escalation of {account.name} is at {where}; there is "
                                f"no level to advance to (resolve it, or add a level to the "
                                f"account's escalation plan)."])
        nxt = later[0]
        due = now + timedelta(hours=nxt.respond_within_hours)
        set_values(rec, row, current_level=nxt.position, level_due_at=due)
        said = f" {note.strip()}" if note.strip() else ""
        _write(services, rec, row, now,
               f"Advanced.{said} {_due_line(session, nxt, nxt.position, due)}")
        return rec.change(f"Advanced the escalation of {account.name} to level "
                          f"{nxt.position}; due {stamp(due)}.")


def resolve(services: Services, escalation_id: str, outcome: str, now: datetime) -> Change:
    """Close an open escalation with its outcome; the account gets back the status it had
    before, unless another escalation on it is still open."""
    if not outcome.strip():
        raise InvalidInput(["Outcome: say how the escalation was resolved."])
    with services.store.transaction() as session:
        rec = Recorder(session)
        row = _live(session, escalation_id)
        _open(row)
        account = live_account(session, row.account_id)
        set_values(rec, row, resolved_at=now, outcome=outcome.strip())
        others = open_on(session, row.account_id, but=row.id)
        if others:
            status = (f"Account stays {label(account.status)}: "
                      f"{len(others)} other escalation{'s' if len(others) > 1 else ''} open.")
        elif account.status in ESCALATED and account.status != row.status_before:
            status = f"Account status {label(account.status)} → {label(row.status_before)}."
            set_values(rec, account, status=row.status_before)
        else:  # set by hand since (churned, say): leave it
            status = f"Account status stays {label(account.status)}."
        _write(services, rec, row, now, f"Resolved: {outcome.strip()} {status}")
        return rec.change(f"Resolved the escalation of {account.name}. {status}")


__all__ = ["DEFAULT_RESPONSE_HOURS", "ESCALATED", "activate", "advance", "escalation_now",
           "open_on", "resolve", "stamp", "trigger_words"]
