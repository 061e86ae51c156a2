"""What the Escalations screen and the workspace's Escalation tab show: escalations with
their level, who must respond and by when; an account's plan with its levels; an
escalation's timeline. Times come back as aware UTC."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from kamtui.domain import Account, Escalation, EscalationEvent, EscalationLevel, EscalationPlan
from kamtui.domain.enums import AccountStatus, EscalationTrigger, OwnerKind
from kamtui.store.engine import Store
from kamtui.store.escalation_plans import as_utc, live_account, live_levels, plan_of, responder


@dataclass(frozen=True)
class EscalationView:
    id: str
    account_id: str
    account: str
    trigger: EscalationTrigger
    reason: str
    opened_at: datetime
    level: int
    levels: int  # live levels in the plan (0: no plan, the KAM answers)
    responder: str  # who must respond at the current level
    due_at: datetime | None
    resolved_at: datetime | None
    outcome: str
    status_before: AccountStatus

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    @property
    def level_text(self) -> str:
        """'level 2 of 3', or 'level 1' with no plan levels."""
        return f"level {self.level} of {self.levels}" if self.levels else f"level {self.level}"


@dataclass(frozen=True)
class LevelView:
    id: str
    position: int
    responder: str  # the person's name (or what was written)
    who: str  # as written: a role, "with their CFO"
    owner_kind: OwnerKind
    respond_within_hours: int
    action: str
    team_member_id: str | None
    contact_id: str | None


@dataclass(frozen=True)
class PlanView:
    """One account's escalation plan (None: not written yet), its levels in order and its
    escalations, open ones first."""

    account: str
    plan: EscalationPlan | None
    levels: list[LevelView]
    escalations: list[EscalationView]


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    level: int
    note: str


def _views(session: Session, rows: list[tuple[Escalation, str]]) -> list[EscalationView]:
    plans: dict[str | None, list[EscalationLevel]] = {}
    found = []
    for row, account in rows:
        if row.plan_id not in plans:
            plans[row.plan_id] = live_levels(session, row.plan_id)
        levels = plans[row.plan_id]
        level = next((lv for lv in levels if lv.position == row.current_level), None)
        found.append(EscalationView(
            id=row.id, account_id=row.account_id, account=account,
            trigger=EscalationTrigger(row.trigger), reason=row.reason,
            opened_at=as_utc(row.opened_at), level=row.current_level, levels=len(levels),
            responder=responder(session, level),
            due_at=as_utc(row.level_due_at) if row.level_due_at else None,
            resolved_at=as_utc(row.resolved_at) if row.resolved_at else None,
            outcome=row.outcome, status_before=AccountStatus(row.status_before)))
    return found


def _query(session: Session, *, account_id: str | None, include_resolved: bool,
           limit: int) -> list[tuple[Escalation, str]]:
    query = (select(Escalation, Account.name).join(Account, Account.id == Escalation.account_id)
             .where(col(Escalation.deleted_at).is_(None), col(Account.deleted_at).is_(None)))
    if account_id is not None:
        query = query.where(Escalation.account_id == account_id)
    if not include_resolved:
        query = query.where(col(Escalation.resolved_at).is_(None))
    # Open ones first, soonest due first; then the resolved, latest first.
    query = query.order_by(col(Escalation.resolved_at).is_not(None),
                           col(Escalation.level_due_at).is_(None), col(Escalation.level_due_at),
                           col(Escalation.resolved_at).desc(), col(Escalation.opened_at),
                           col(Escalation.id)).limit(limit)
    return [(row, name) for row, name in session.exec(query)]


def escalations(store: Store, *, account_id: str | None = None,
                include_resolved: bool = False, limit: int = 500) -> list[EscalationView]:
    """Every open escalation across live accounts (or one account's), soonest due first;
    with `include_resolved`, the resolved ones after them."""
    with store.read() as session:
        return _views(session, _query(session, account_id=account_id,
                                      include_resolved=include_resolved, limit=limit))


def escalation_plan_view(store: Store, account_id: str) -> PlanView:
    with store.read() as session:
        account = live_account(session, account_id)
        plan = plan_of(session, account_id)
        levels = [LevelView(
            id=lv.id, position=lv.position, responder=responder(session, lv), who=lv.who,
            owner_kind=OwnerKind(lv.owner_kind), respond_within_hours=lv.respond_within_hours,
            action=lv.action, team_member_id=lv.team_member_id, contact_id=lv.contact_id)
            for lv in live_levels(session, plan.id if plan else None)]
        rows = _query(session, account_id=account_id, include_resolved=True, limit=200)
        return PlanView(account.name, plan, levels, _views(session, rows))


def timelines(store: Store, escalation_ids: list[str]) -> dict[str, list[TimelineEntry]]:
    """Each escalation's events, oldest first (an escalation without any: an empty list)."""
    found: dict[str, list[TimelineEntry]] = {id: [] for id in escalation_ids}
    with store.read() as session:
        for start in range(0, len(escalation_ids), 500):  # SQLite's limit on parameters
            events = session.exec(select(EscalationEvent).where(
                col(EscalationEvent.escalation_id).in_(escalation_ids[start:start + 500]),
                col(EscalationEvent.deleted_at).is_(None))
                .order_by(col(EscalationEvent.at), col(EscalationEvent.created_at),
                          col(EscalationEvent.id)))
            for e in events:
                found[e.escalation_id].append(TimelineEntry(as_utc(e.at), e.level, e.note))
    return found


def timeline(store: Store, escalation_id: str) -> list[TimelineEntry]:
    """The escalation's events, oldest first."""
    return timelines(store, [escalation_id])[escalation_id]


__all__ = ["EscalationView", "LevelView", "PlanView", "TimelineEntry", "escalation_plan_view",
           "escalations", "timeline", "timelines"]
