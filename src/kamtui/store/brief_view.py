"""What the one-page meeting brief (`kamtui brief`) reads of an account: health and its
factors, open actions and escalations, key people and their last touch, roles not covered,
renewal and the top opportunities. kamtui.io.brief_markdown writes it."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kamtui.domain import ActionItem, Contact, Escalation, EscalationLevel, Opportunity, TeamMember
from kamtui.domain.enums import BuyingRole, EscalationTrigger, OpportunityStage
from kamtui.store.account_view import AccountAction, account_actions
from kamtui.store.documents import (
    ROLE_ORDER,
    AccountFacts,
    OpportunityLine,
    account_facts,
    opportunities,
)
from kamtui.store.engine import Store
from kamtui.store.health import Health, account_health
from kamtui.store.live_sql import OUTSTANDING
from kamtui.store.xray import XrayContact, relationship_xray

_action, _opp, _esc, _level = (ActionItem.__table__, Opportunity.__table__,
                               Escalation.__table__, EscalationLevel.__table__)
_member, _contact = TeamMember.__table__, Contact.__table__

# The people a brief names: whoever can decide, sway or stop a deal (users are left out).
KEY_ROLES = tuple(r for r in ROLE_ORDER if r != BuyingRole.user)
BRIEF_ACTIONS = 8
BRIEF_PEOPLE = 10
BRIEF_OPPORTUNITIES = 3
CLOSED = (OpportunityStage.won.value, OpportunityStage.lost.value)


@dataclass(frozen=True)
class EscalationLine:
    trigger: EscalationTrigger
    reason: str
    opened_at: datetime
    level: int
    levels: int  # how many levels its plan has (0: no plan)
    level_due_at: datetime | None
    who: str  # who responds at the current level, if the plan says


@dataclass(frozen=True)
class BriefDocument:
    account: AccountFacts
    today: date
    health: Health
    actions: tuple[AccountAction, ...]  # open and waiting ones, soonest first
    actions_total: int
    escalations: tuple[EscalationLine, ...]
    people: tuple[XrayContact, ...]  # key people, in KEY_ROLES order
    roles_missing: tuple[BuyingRole, ...]
    opportunities: tuple[OpportunityLine, ...]  # open ones, biggest weighted value first
    opportunities_total: int


def brief_document(store: Store, account_id: str, today: date) -> BriefDocument:
    """What to read before walking into the customer (NotFound for no live account)."""
    health = account_health(store, account_id, today)
    xray = health.xray or relationship_xray(store, account_id, today)
    # account_actions lists the ones still to do first, so the first few are enough.
    actions = [a for a in account_actions(store, account_id, limit=BRIEF_ACTIONS)
               if a.status.value in OUTSTANDING]
    people = sorted((c for c in xray.contacts if c.buying_role in KEY_ROLES),
                    key=lambda c: (KEY_ROLES.index(c.buying_role), c.name.casefold()))
    with store.read() as session:
        account = account_facts(session, account_id)
        total = session.execute(select(func.count()).where(
            _action.c.account_id == account_id, _action.c.deleted_at.is_(None),
            _action.c.status.in_(OUTSTANDING))).scalar_one()
        live = (_opp.c.account_id == account_id) & _opp.c.stage.not_in(CLOSED)
        deals = sorted(opportunities(session, live), key=lambda o: -o.weighted)
        escalations = _escalations(session, account_id)
    return BriefDocument(
        account=account, today=today, health=health, actions=tuple(actions),
        actions_total=total, escalations=escalations, people=tuple(people[:BRIEF_PEOPLE]),
        roles_missing=xray.roles_missing, opportunities=tuple(deals[:BRIEF_OPPORTUNITIES]),
        opportunities_total=len(deals))


def _escalations(session: Session, account_id: str) -> tuple[EscalationLine, ...]:
    rows = session.execute(
        select(_esc).where(_esc.c.account_id == account_id, _esc.c.resolved_at.is_(None),
                           _esc.c.deleted_at.is_(None))
        .order_by(_esc.c.opened_at)).mappings().all()
    found = []
    for r in rows:
        levels = session.execute(
            select(_level.c.position, _level.c.who, _member.c.name.label("member"),
                   _contact.c.name.label("contact"))
            .outerjoin(_member, _member.c.id == _level.c.team_member_id)
            .outerjoin(_contact, _contact.c.id == _level.c.contact_id)
            .where(_level.c.plan_id == r["plan_id"], _level.c.deleted_at.is_(None))
            .order_by(_level.c.position)).all() if r["plan_id"] else []
        now = [lv for lv in levels if lv.position == r["current_level"]]
        who = (now[0].member or now[0].contact or now[0].who) if now else ""
        found.append(EscalationLine(
            EscalationTrigger(r["trigger"]), r["reason"], r["opened_at"], r["current_level"],
            len(levels), r["level_due_at"], who or ""))
    return tuple(found)


__all__ = ["BRIEF_ACTIONS", "KEY_ROLES", "BriefDocument", "EscalationLine", "brief_document"]
