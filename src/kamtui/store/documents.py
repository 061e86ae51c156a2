"""What the plan document to share reads from the store (step 7): an account's plan for
one period (`kamtui plan`), as plain data kamtui.io.plan_markdown turns into Markdown. The
meeting brief's data (store/brief_view.py) builds on the loaders here."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from kamtui.domain import (
    Account,
    AccountPlan,
    ActionItem,
    Assignment,
    Contact,
    Objective,
    Opportunity,
    PlanSource,
    Product,
    TeamMember,
)
from kamtui.domain.enums import (
    AccountStatus,
    ActionStatus,
    Attitude,
    BuyingRole,
    OpportunityStage,
    OwnerKind,
    Tier,
)
from kamtui.domain.words import one_line
from kamtui.errors import NotFound
from kamtui.store.engine import Store
from kamtui.store.health import objective_off_track

_acc, _plan, _obj, _action = (Account.__table__, AccountPlan.__table__, Objective.__table__,
                              ActionItem.__table__)
_opp, _product, _member, _contact = (Opportunity.__table__, Product.__table__,
                                     TeamMember.__table__, Contact.__table__)
_assign, _source = Assignment.__table__, PlanSource.__table__

# Contacts in this order: whoever can decide, sway or stop a deal first.
ROLE_ORDER = (BuyingRole.economic_buyer, BuyingRole.decision_maker, BuyingRole.champion,
              BuyingRole.influencer, BuyingRole.blocker, BuyingRole.gatekeeper,
              BuyingRole.user)
_RANK = {role.value: n for n, role in enumerate(ROLE_ORDER)}


@dataclass(frozen=True)
class AccountFacts:
    id: str
    name: str
    tier: Tier
    status: AccountStatus
    industry: str
    region: str
    annual_revenue: float
    margin_pct: float | None
    cost_to_serve: float | None
    renewal_date: date | None
    notes: str


@dataclass(frozen=True)
class ActionLine:
    """An action item serving an objective."""

    title: str
    status: ActionStatus
    deadline: date | None
    owner: str  # "me", the team member's or the contact's name
    success_measure: str
    notes: str


@dataclass(frozen=True)
class ObjectiveLine:
    title: str
    kpi_metric: str
    unit: str
    baseline: float | None
    target: float | None
    current: float | None
    due: date | None
    customer_agreed: bool
    customer_agreed_on: date | None
    off_track: bool
    actions: tuple[ActionLine, ...]


@dataclass(frozen=True)
class OpportunityLine:
    title: str
    product: str
    value: float
    stage: OpportunityStage
    probability: int
    expected_close: date | None
    notes: str

    @property
    def weighted(self) -> float:
        return self.value * self.probability / 100


@dataclass(frozen=True)
class TeamLine:
    name: str
    role: str
    time_share_pct: float


@dataclass(frozen=True)
class PersonLine:
    name: str
    title: str
    buying_role: BuyingRole
    attitude: Attitude
    strength: int
    last_contacted: date | None
    notes: str


@dataclass(frozen=True)
class SourceLine:
    name: str
    updated_on: date | None


@dataclass(frozen=True)
class PlanDocument:
    """One plan with everything its document shows."""

    account: AccountFacts
    today: date
    period: str
    direction: str
    value_proposition: str
    priorities: tuple[str, ...]
    risks: str
    competitors: str
    will_deliver: str
    wont_deliver: str
    information_sources: str  # as written; `sources` lists them one by one
    sources_updated_on: date | None
    sources: tuple[SourceLine, ...]  # the longest not updated first
    informed: tuple[str, ...]  # who must be informed of the plan
    customer_agreed_on: date | None
    carried_over_from: str | None  # the earlier plan's period
    objectives: tuple[ObjectiveLine, ...]
    opportunities: tuple[OpportunityLine, ...]
    team: tuple[TeamLine, ...]
    people: tuple[PersonLine, ...]

    @property
    def weighted_pipeline(self) -> float:
        """Value times probability over the plan's opportunities (won ones count whole,
        lost ones not at all)."""
        return sum(o.weighted for o in self.opportunities)


def plan_periods(store: Store, account_id: str) -> list[str]:
    """The periods of the account's live plans, newest plan first."""
    with store.read() as session:
        return [p for _id, p in _plans(session, account_id)]


def plan_document(store: Store, account_id: str, today: date,
                  period: str | None = None) -> PlanDocument:
    """The account's plan for `period` (any case), or its newest plan; NotFound, in one
    sentence listing the account's periods, when there is none."""
    with store.read() as session:
        account = account_facts(session, account_id)
        plans = _plans(session, account_id)
        name = one_line(account.name)
        if not plans:
            raise NotFound(f"{name} has no key account plan yet.")
        wanted = (period or "").strip().casefold()
        found = [pid for pid, p in plans if p.strip().casefold() == wanted] if period else []
        if period and not found:
            raise NotFound(f"{name} has no plan for {one_line(period).strip()!r}; its plans "
                           f"are for {', '.join(one_line(p) for _id, p in plans)}.")
        plan = session.get(AccountPlan, found[0] if found else plans[0][0])
        earlier = (session.get(AccountPlan, plan.carried_over_from_id)
                   if plan.carried_over_from_id else None)
        return PlanDocument(
            account=account, today=today, period=plan.period, direction=plan.direction,
            value_proposition=plan.value_proposition, priorities=tuple(plan.priorities or ()),
            risks=plan.risks, competitors=plan.competitors, will_deliver=plan.will_deliver,
            wont_deliver=plan.wont_deliver, information_sources=plan.information_sources,
            sources_updated_on=plan.sources_updated_on, sources=_sources(session, plan.id),
            informed=tuple(plan.informed or ()),
            customer_agreed_on=plan.customer_agreed_on,
            carried_over_from=earlier.period if earlier else None,
            objectives=_objectives(session, plan.id, today),
            opportunities=opportunities(session, _opp.c.plan_id == plan.id),
            team=_team(session, account_id), people=_people(session, account_id))


def account_facts(session: Session, account_id: str) -> AccountFacts:
    row = session.get(Account, account_id)
    if row is None or row.deleted_at is not None:
        raise NotFound(f"There is no account with id {account_id}.")
    return AccountFacts(row.id, row.name, Tier(row.tier), AccountStatus(row.status),
                        row.industry, row.region, row.annual_revenue, row.margin_pct,
                        row.cost_to_serve, row.renewal_date, row.notes)


def _plans(session: Session, account_id: str) -> list[tuple[str, str]]:
    # Newest created first: the plan the daily checklist and the health score call latest.
    query = (select(_plan.c.id, _plan.c.period)
             .where(_plan.c.account_id == account_id, _plan.c.deleted_at.is_(None))
             .order_by(_plan.c.created_at.desc(), _plan.c.id.desc()))
    return [(r.id, r.period) for r in session.execute(query)]


def _owner():  # noqa: ANN202 - an SQL expression
    return case((_action.c.owner_kind == OwnerKind.team.value, _member.c.name),
                (_action.c.owner_kind == OwnerKind.customer.value, _contact.c.name),
                else_="me")


def _objectives(session: Session, plan_id: str, today: date) -> tuple[ObjectiveLine, ...]:
    objectives = session.execute(
        select(_obj).where(_obj.c.plan_id == plan_id, _obj.c.deleted_at.is_(None))
        .order_by(_obj.c.position, _obj.c.title)).mappings().all()
    query = (select(_action.c.objective_id, _action.c.title, _action.c.status,
                    _action.c.deadline, _owner().label("owner"), _action.c.success_measure,
                    _action.c.notes)
             .outerjoin(_member, _member.c.id == _action.c.owner_team_member_id)
             .outerjoin(_contact, _contact.c.id == _action.c.owner_contact_id)
             .where(_action.c.objective_id.in_([o["id"] for o in objectives]),
                    _action.c.deleted_at.is_(None),
                    _action.c.status != ActionStatus.cancelled.value)
             .order_by(_action.c.deadline.is_(None), _action.c.deadline, _action.c.title))
    actions: dict[str, list[ActionLine]] = {o["id"]: [] for o in objectives}
    for r in session.execute(query):
        actions[r.objective_id].append(ActionLine(
            r.title, ActionStatus(r.status), r.deadline, r.owner or "me", r.success_measure,
            r.notes))
    return tuple(ObjectiveLine(
        o["title"], o["kpi_metric"], o["unit"], o["baseline"], o["target"], o["current"],
        o["due"], bool(o["customer_agreed"]), o["customer_agreed_on"],
        objective_off_track(o["baseline"], o["target"], o["current"], o["due"], today),
        tuple(actions[o["id"]])) for o in objectives)


def opportunities(session: Session, where) -> list[OpportunityLine]:  # noqa: ANN001
    query = (select(_opp, _product.c.name.label("product"))
             .outerjoin(_product, _product.c.id == _opp.c.product_id)
             .where(where, _opp.c.deleted_at.is_(None))
             .order_by(_opp.c.expected_close.is_(None), _opp.c.expected_close, _opp.c.title))
    return [OpportunityLine(r["title"], r["product"] or "", r["value"],
                            OpportunityStage(r["stage"]), r["probability"],
                            r["expected_close"], r["notes"])
            for r in session.execute(query).mappings()]


def _sources(session: Session, plan_id: str) -> tuple[SourceLine, ...]:
    query = (select(_source.c.name, _source.c.updated_on)
             .where(_source.c.plan_id == plan_id, _source.c.deleted_at.is_(None))
             .order_by(_source.c.updated_on.asc().nulls_first(), _source.c.name))
    return tuple(SourceLine(r.name, r.updated_on) for r in session.execute(query))


def _team(session: Session, account_id: str) -> tuple[TeamLine, ...]:
    query = (select(_member.c.name, _assign.c.role, _assign.c.time_share_pct)
             .join(_member, _member.c.id == _assign.c.team_member_id)
             .where(_assign.c.account_id == account_id, _assign.c.deleted_at.is_(None),
                    _member.c.deleted_at.is_(None))
             .order_by(_assign.c.time_share_pct.desc(), _member.c.name))
    return tuple(TeamLine(r.name, r.role, r.time_share_pct) for r in session.execute(query))


def _people(session: Session, account_id: str) -> tuple[PersonLine, ...]:
    rows = session.execute(select(_contact).where(
        _contact.c.account_id == account_id, _contact.c.deleted_at.is_(None))).mappings()
    people = [PersonLine(r["name"], r["title"], BuyingRole(r["buying_role"]),
                         Attitude(r["attitude"]), r["strength"], r["last_contacted"],
                         r["notes"]) for r in rows]
    return tuple(sorted(people, key=lambda p: (_RANK[p.buying_role.value],
                                               p.name.casefold())))


__all__ = ["ROLE_ORDER", "AccountFacts", "ActionLine", "ObjectiveLine", "OpportunityLine",
           "PersonLine", "PlanDocument", "SourceLine", "TeamLine", "account_facts", "opportunities",
           "plan_document", "plan_periods"]
