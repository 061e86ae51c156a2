"""The team audit of DOMAIN step 6: who on our side works on an account, with their role,
skills and share of time; the skills the account needs that nobody on it covers; and who is
allocated over 100 % across accounts. No Textual here.

Only live assignments of live team members on live accounts count. An account lists the
skills it needs (`Account.skills_needed`); a need is covered when someone on the account
has that skill in any case ("EDI" covers "edi"), and is reported in the need's spelling.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import FromClause, and_, func, select
from sqlalchemy.orm import Session

from kamtui.domain import Account, Assignment, TeamMember
from kamtui.domain.words import one_line, plural
from kamtui.store.engine import Store
from kamtui.store.xray import account_name

_account, _assignment, _member = Account.__table__, Assignment.__table__, TeamMember.__table__

FULL_TIME_PCT = 100.0
# Shares are typed as decimals (33.3 + 33.3 + 33.4); a sum a hair over 100 is not over.
_SLACK = 1e-6


@dataclass(frozen=True)
class Seat:
    """One assignment of a team member to the account."""

    assignment_id: str
    member_id: str
    name: str
    role: str  # on this account; their general role when the assignment names none
    skills: tuple[str, ...]
    share_pct: float  # of their time, on this account
    total_share_pct: float  # of their time, over every live account they are on

    @property
    def over_allocated(self) -> bool:
        return self.total_share_pct > FULL_TIME_PCT + _SLACK


@dataclass(frozen=True)
class OverAllocation:
    """A team member whose shares of time add up to more than 100 %."""

    member_id: str
    name: str
    total_share_pct: float
    accounts: int

    @property
    def sentence(self) -> str:
        return (f"{one_line(self.name)} is allocated {self.total_share_pct:g}% across "
                f"{plural(self.accounts, 'account')}: more than a person's whole time.")


@dataclass(frozen=True)
class TeamAudit:
    account_id: str
    account: str
    seats: list[Seat]  # biggest share first, then by name
    skills_covered: tuple[str, ...]  # every skill someone on the account has, any case once
    over_allocated: list[OverAllocation] = field(default_factory=list)  # people on it
    skills_needed: tuple[str, ...] = ()  # what the account needs, any case once, as given

    @property
    def skills_uncovered(self) -> list[str]:
        """The needed skills nobody on the account has, in the order the account lists them."""
        return skills_missing(self, self.skills_needed)

    @property
    def share_pct(self) -> float:
        """Our time on the account, in percent of one person (150 = one and a half)."""
        return sum(seat.share_pct for seat in self.seats)

    @property
    def findings(self) -> list[str]:
        """What the audit found, one sentence each."""
        name = one_line(self.account)
        found = [] if self.seats else [f"Nobody on our side works on {name}."]
        missing = [one_line(skill) for skill in self.skills_uncovered]
        if missing:
            found.append(f"{name} needs {_and(missing)}, which nobody on the account covers.")
        return found + [o.sentence for o in self.over_allocated]


def _and(words: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _live_shares() -> FromClause:
    """Live assignments joined to their live member and live account."""
    s, m = _assignment, _member
    return (s.join(m, and_(m.c.id == s.c.team_member_id, m.c.deleted_at.is_(None)))
            .join(_account, and_(_account.c.id == s.c.account_id,
                                 _account.c.deleted_at.is_(None))))


def team_audit(store: Store, account_id: str) -> TeamAudit:
    """The audit of the live account `account_id` (NotFound if there is none)."""
    s, m = _assignment, _member
    with store.read() as session:
        name = account_name(session, account_id)
        needed = session.execute(select(_account.c.skills_needed)
                                 .where(_account.c.id == account_id)).scalar_one()
        seats = session.execute(
            select(s.c.id, s.c.team_member_id, s.c.role, s.c.time_share_pct, m.c.name,
                   m.c.role.label("member_role"), m.c.skills)
            .select_from(_live_shares())
            .where(s.c.account_id == account_id, s.c.deleted_at.is_(None))).all()
        members = list({row.team_member_id for row in seats})
        totals = _totals(session, members)
    built = sorted((Seat(assignment_id=r.id, member_id=r.team_member_id, name=r.name,
                         role=r.role or r.member_role, skills=tuple(r.skills or ()),
                         share_pct=r.time_share_pct,
                         total_share_pct=totals[r.team_member_id][0])
                    for r in seats),
                   key=lambda seat: (-seat.share_pct, seat.name.casefold(), seat.assignment_id))
    # One spelling per skill whatever its case: the one on the biggest seat.
    spelled = {skill.casefold(): skill for seat in reversed(built) for skill in seat.skills}
    covered = sorted(spelled.values(), key=str.casefold)
    over = sorted((OverAllocation(mid, next(x.name for x in built if x.member_id == mid),
                                  total, count)
                   for mid, (total, count) in totals.items()
                   if total > FULL_TIME_PCT + _SLACK),
                  key=lambda o: (-o.total_share_pct, o.name.casefold()))
    return TeamAudit(account_id, name, built, tuple(covered), over, _once(needed or ()))


def _once(skills: Iterable[str]) -> tuple[str, ...]:
    """Each skill once whatever its case, first spelling kept; blanks dropped."""
    kept: dict[str, str] = {}
    for skill in skills:
        if skill.strip():
            kept.setdefault(skill.strip().casefold(), skill.strip())
    return tuple(kept.values())


def over_allocated_people(store: Store) -> list[OverAllocation]:
    """Everyone allocated over 100 % across accounts, most allocated first."""
    s, m = _assignment, _member
    total = func.sum(s.c.time_share_pct)
    query = (select(m.c.id, m.c.name, total.label("total"),
                    func.count(func.distinct(s.c.account_id)).label("accounts"))
             .select_from(_live_shares()).where(s.c.deleted_at.is_(None))
             .group_by(m.c.id, m.c.name).having(total > FULL_TIME_PCT + _SLACK)
             .order_by(total.desc(), func.lower(m.c.name)))
    with store.read() as session:
        return [OverAllocation(r.id, r.name, round(r.total, 6), r.accounts)
                for r in session.execute(query)]


def skills_missing(audit: TeamAudit, needed: Iterable[str]) -> list[str]:
    """The skills of `needed` nobody on the account has (any case), in the order given."""
    have = {skill.casefold() for skill in audit.skills_covered}
    return [skill for skill in dict.fromkeys(needed) if skill.casefold() not in have]


def _totals(session: Session, members: list[str]) -> dict[str, tuple[float, int]]:
    """Each member's total share of time and number of accounts, over live assignments."""
    s = _assignment
    if not members:
        return {}
    query = (select(s.c.team_member_id, func.sum(s.c.time_share_pct),
                    func.count(func.distinct(s.c.account_id)))
             .select_from(_live_shares())
             .where(s.c.team_member_id.in_(members), s.c.deleted_at.is_(None))
             .group_by(s.c.team_member_id))
    return {mid: (round(total, 6), count) for mid, total, count in session.execute(query)}


__all__ = ["FULL_TIME_PCT", "OverAllocation", "Seat", "TeamAudit", "over_allocated_people",
           "skills_missing", "team_audit"]
