"""The key account plan read as a document (DOMAIN step 4): every section's data, which
sections are still incomplete and the completeness figure, and the account's plans by
period. No Textual here; the rules for "complete" are `plan_sections` (a pure function)."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session, col

from kamtui.domain import (
    Account,
    AccountPlan,
    Assignment,
    Contact,
    Objective,
    Opportunity,
    PlanSource,
    TeamMember,
)
from kamtui.domain.enums import Attitude, BuyingRole, Tier, label
from kamtui.errors import NotFound
from kamtui.store.engine import Store

PEOPLE_LIMIT = 200  # contacts listed as stakeholders; an account has a few dozen at most
# The customer's people in the order a plan names them: who decides first.
ROLE_ORDER = (BuyingRole.decision_maker, BuyingRole.economic_buyer, BuyingRole.champion,
              BuyingRole.influencer, BuyingRole.gatekeeper, BuyingRole.blocker,
              BuyingRole.user)

# The sections of the document in order: (key, title).
SECTIONS: tuple[tuple[str, str], ...] = (
    ("direction", "Direction and value proposition"),
    ("objectives", "Objectives"),
    ("opportunities", "Opportunities"),
    ("priorities", "Priorities"),
    ("risks", "Risks and competitors"),
    ("delivery", "What we will and won't deliver"),
    ("stakeholders", "Stakeholders"),
    ("sources", "Information sources"),
    ("agreement", "Customer agreement"),
)
TITLES = dict(SECTIONS)


@dataclass(frozen=True)
class SectionState:
    key: str
    title: str
    missing: str  # what makes it incomplete, in our words (never user text); "" if complete

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class PeriodEntry:
    """One of the account's plans, for switching between periods."""

    id: str
    period: str
    carried_over_from: str | None  # the period it was carried over from
    customer_agreed_on: date | None


@dataclass(frozen=True)
class Stakeholder:
    name: str
    role: str  # their role on the account (our side) or buying role (customer)
    detail: str  # share of time (our side) or attitude and title (customer)


@dataclass(frozen=True)
class Stakeholders:
    team: list[Stakeholder]
    customer: list[Stakeholder]
    informed: list[str]


@dataclass(frozen=True)
class PlanDocument:
    account: Account
    plan: AccountPlan
    periods: list[PeriodEntry]  # oldest first; this plan among them
    objectives: int
    opportunities: int
    sections: list[SectionState]

    @property
    def complete(self) -> int:
        return sum(s.complete for s in self.sections)

    @property
    def completeness(self) -> str:
        return f"{self.complete} of {len(self.sections)} sections complete"

    @property
    def carried_over_from(self) -> str | None:
        return next((p.carried_over_from for p in self.periods if p.id == self.plan.id), None)

    @property
    def latest(self) -> bool:
        return bool(self.periods) and self.periods[-1].id == self.plan.id


@dataclass(frozen=True)
class PlannedAccount:
    """A key account (or any account with a plan) for the account picker."""

    id: str
    name: str
    tier: Tier
    latest_period: str | None


def _blank(text: str) -> bool:
    return not text.strip()


def plan_sections(plan: AccountPlan, objectives: list[Objective], opportunities: int,
                  team: int, customer: int, sources: list[PlanSource]) -> list[SectionState]:
    """Each section of `plan` with what it still misses. The rules: every text of a text
    section is written; at least one objective, each with a KPI metric and a target; at
    least one opportunity and one priority; someone on our team, someone at the customer
    and someone named who must be informed; at least one dated information source (or,
    before sources were listed one by one, the sources written down with a date); and
    the customer's agreement recorded."""
    missing: dict[str, str] = {}

    def texts(key: str, **fields: str) -> None:
        empty = [name for name, text in fields.items() if _blank(text)]
        if empty:
            missing[key] = " and ".join(empty) + " not written yet"

    texts("direction", direction=plan.direction, **{"value proposition": plan.value_proposition})
    if not objectives:
        missing["objectives"] = "no objective yet"
    else:
        no_kpi = sum(1 for o in objectives if _blank(o.kpi_metric) or o.target is None)
        if no_kpi:
            missing["objectives"] = (f"{no_kpi} objective{'s' * (no_kpi != 1)} without "
                                     f"a KPI metric and target")
    if not opportunities:
        missing["opportunities"] = "no opportunity yet"
    if not [p for p in plan.priorities if p.strip()]:
        missing["priorities"] = "no priority yet"
    texts("risks", risks=plan.risks, competitors=plan.competitors)
    texts("delivery", **{"what we will deliver": plan.will_deliver,
                         "what we won't deliver": plan.wont_deliver})
    nobody = [side for side, count in (("our team", team), ("the customer's people",
                                                              customer)) if not count]
    if not plan.informed:
        nobody.append("who must be informed")
    if nobody:
        missing["stakeholders"] = "nobody named for " + " and ".join(nobody)
    dated = any(s.updated_on is not None for s in sources)
    written = not sources and not _blank(plan.information_sources) \
        and plan.sources_updated_on is not None
    if not (dated or written):
        missing["sources"] = "no dated source yet" if not sources else "no source dated yet"
    if plan.customer_agreed_on is None:
        missing["agreement"] = "the customer has not agreed the plan yet"
    return [SectionState(key, title, missing.get(key, "")) for key, title in SECTIONS]


# -- reading from the store ---------------------------------------------------------
def _live_plan(session: Session, plan_id: str) -> AccountPlan:
    plan = session.get(AccountPlan, plan_id)
    if plan is None or plan.deleted_at is not None:
        raise NotFound("That account plan is no longer in the store (it may have been "
                       "deleted).")
    return plan


def _live_account(session: Session, account_id: str) -> Account:
    account = session.get(Account, account_id)
    if account is None or account.deleted_at is not None:
        raise NotFound("That account is no longer in the store (it may have been deleted).")
    return account


def _periods(session: Session, account_id: str) -> list[PeriodEntry]:
    plans = list(session.execute(
        select(AccountPlan).where(AccountPlan.account_id == account_id,
                                  col(AccountPlan.deleted_at).is_(None))
        .order_by(AccountPlan.created_at, AccountPlan.id)).scalars())
    names = {p.id: p.period for p in plans}
    return [PeriodEntry(p.id, p.period, names.get(p.carried_over_from_id or "")
                        if p.carried_over_from_id else None, p.customer_agreed_on)
            for p in plans]


def account_periods(store: Store, account_id: str) -> list[PeriodEntry]:
    """The account's live plans, oldest written first (so next periods come after)."""
    with store.read() as session:
        _live_account(session, account_id)
        return _periods(session, account_id)


def latest_plan_id(store: Store, account_id: str) -> str | None:
    periods = account_periods(store, account_id)
    return periods[-1].id if periods else None


def _count(session: Session, table: type, *where: object) -> int:
    return session.execute(select(func.count()).select_from(table).where(
        col(table.deleted_at).is_(None), *where)).scalar_one()


def plan_sources(store: Store, plan_id: str) -> list[PlanSource]:
    """The plan's information sources, the longest not updated first."""
    with store.read() as session:
        _live_plan(session, plan_id)
        return _sources(session, plan_id)


def _sources(session: Session, plan_id: str) -> list[PlanSource]:
    return list(session.execute(
        select(PlanSource).where(PlanSource.plan_id == plan_id,
                                 col(PlanSource.deleted_at).is_(None))
        .order_by(col(PlanSource.updated_on).asc().nulls_first(), PlanSource.name,
                  PlanSource.id)).scalars())


def plan_objectives_list(session: Session, plan_id: str) -> list[Objective]:
    return list(session.execute(
        select(Objective).where(Objective.plan_id == plan_id,
                                col(Objective.deleted_at).is_(None))
        .order_by(Objective.position, Objective.created_at, Objective.id)).scalars())


def plan_stakeholders(store: Store, plan_id: str) -> Stakeholders:
    """Our team on the account (from its assignments), the customer's people with their
    buying roles (who decides first), and who must be informed (from the plan)."""
    with store.read() as session:
        plan = _live_plan(session, plan_id)
        return _stakeholders(session, plan)


def _stakeholders(session: Session, plan: AccountPlan) -> Stakeholders:
    team_rows = session.execute(
        select(TeamMember.name, TeamMember.role.label("job"), Assignment.role,
               Assignment.time_share_pct)
        .join(TeamMember, TeamMember.id == Assignment.team_member_id)
        .where(Assignment.account_id == plan.account_id,
               col(Assignment.deleted_at).is_(None), col(TeamMember.deleted_at).is_(None))
        .order_by(TeamMember.name, Assignment.id).limit(PEOPLE_LIMIT)).all()
    team = [Stakeholder(r.name, r.role or r.job, f"{r.time_share_pct:g}% of their time")
            for r in team_rows]
    people = list(session.execute(
        select(Contact).where(Contact.account_id == plan.account_id,
                              col(Contact.deleted_at).is_(None))
        .order_by(Contact.name, Contact.id).limit(PEOPLE_LIMIT)).scalars())
    people.sort(key=lambda c: ROLE_ORDER.index(BuyingRole(c.buying_role)))
    customer = [Stakeholder(c.name, label(BuyingRole(c.buying_role)),
                            _contact_detail(c)) for c in people]
    return Stakeholders(team, customer, list(plan.informed))


def _contact_detail(contact: Contact) -> str:
    attitude = Attitude(contact.attitude)
    parts = [contact.title] if contact.title else []
    if attitude != Attitude.neutral:
        parts.append(attitude.value)
    return " · ".join(parts)


def plan_document(store: Store, plan_id: str) -> PlanDocument:
    """The plan with its account, the account's periods and every section's state."""
    with store.read() as session:
        plan = _live_plan(session, plan_id)
        account = _live_account(session, plan.account_id)
        objectives = plan_objectives_list(session, plan_id)
        opportunities = _count(session, Opportunity, Opportunity.plan_id == plan_id)
        people = _stakeholders(session, plan)
        sources = _sources(session, plan_id)
        periods = _periods(session, plan.account_id)
    sections = plan_sections(plan, objectives, opportunities, len(people.team),
                             len(people.customer), sources)
    return PlanDocument(account, plan, periods, len(objectives), opportunities, sections)


def agreed_kpis(store: Store, plan_id: str) -> tuple[int, int]:
    """(objectives the customer agreed, objectives) of the plan."""
    with store.read() as session:
        _live_plan(session, plan_id)
        objectives = plan_objectives_list(session, plan_id)
    return sum(o.customer_agreed for o in objectives), len(objectives)


def planned_accounts(store: Store) -> list[PlannedAccount]:
    """Key accounts and any other account with a plan, by name, each with the period of
    its latest plan (None: no plan yet)."""
    with store.read() as session:
        planned = select(AccountPlan.account_id).where(col(AccountPlan.deleted_at).is_(None))
        accounts = session.execute(
            select(Account.id, Account.name, Account.tier)
            .where(col(Account.deleted_at).is_(None),
                   (Account.tier == Tier.key.value) | col(Account.id).in_(planned))
            .order_by(Account.name, Account.id)).all()
        plans = session.execute(
            select(AccountPlan.account_id, AccountPlan.period)
            .where(col(AccountPlan.deleted_at).is_(None),
                   col(AccountPlan.account_id).in_([a.id for a in accounts]))
            .order_by(AccountPlan.created_at, AccountPlan.id)).all()
    latest = {row.account_id: row.period for row in plans}  # the last one wins
    return [PlannedAccount(a.id, a.name, Tier(a.tier), latest.get(a.id)) for a in accounts]


def first_planned_account(store: Store) -> str | None:
    """The account the plan screen opens on: the first key account with a plan, else the
    first key account, else none."""
    found = planned_accounts(store)
    with_plan = [a for a in found if a.latest_period is not None and a.tier == Tier.key]
    keys = [a for a in found if a.tier == Tier.key]
    first = (with_plan or keys or [None])[0]
    return first.id if first is not None else None


__all__ = [
    "SECTIONS", "TITLES", "PeriodEntry", "PlanDocument", "PlannedAccount", "SectionState",
    "Stakeholder", "Stakeholders", "account_periods", "agreed_kpis", "first_planned_account",
    "latest_plan_id", "plan_document", "plan_sections", "plan_sources", "plan_stakeholders",
    "planned_accounts",
]
