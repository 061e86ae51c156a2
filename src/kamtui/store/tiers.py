"""Tier proposals from the key score, and accepting one (or any tier change), which sets the
account's tier and records the decision in `tier_decision`; both come back as a `Change`.

The rules, with S the key score (0-100, see keyscore) and the thresholds of scoring.toml
(defaults in brackets):
1. A churned account is proposed standard.
2. key when S >= key_min_score [70] and the account is among the best key_max_share_pct
   [20] % by score of the accounts that are not churned (rounded down, at least one; ties
   go to the higher revenue). An account that is key already needs only key_min_score -
   hold_margin [65] to stay key, so a point up or down does not flip it back and forth;
   the cap applies to it all the same.
3. Otherwise major when S >= major_min_score [40]; an account that is key or major
   already needs only major_min_score - hold_margin [35].
4. Otherwise standard.
A proposal is made only where the proposed tier differs from the current one. Its reason
names the score and the factors behind the move: the strongest two for a move up, the
weakest two for a move down, and always an unknown margin (counted as neutral).
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Subquery, case, cast, func, literal, select
from sqlalchemy.types import Integer

from kamtui.clock import today, utcnow
from kamtui.domain import Account, TierDecision
from kamtui.domain.enums import AccountStatus, Tier
from kamtui.errors import InvalidInput, NotFound
from kamtui.scoring_config import Scoring
from kamtui.store.changes import Change, Recorder
from kamtui.store.engine import Store
from kamtui.store.keyscore import ScoredAccount, score_int, scored, to_scored
from kamtui.store.repos import Services
from kamtui.store.services import Repo

_ORDER = {tier: i for i, tier in enumerate(Tier)}  # key, major, standard


@dataclass(frozen=True)
class TierProposal:
    """A suggested move of one account to another tier, and why."""

    account_id: str
    account_name: str
    current: Tier
    proposed: Tier
    score: int
    reason: str  # "propose key: score 81, top 15% of revenue, growth 5/5"
    account: ScoredAccount  # the score with every factor, for a screen to show

    @property
    def is_promotion(self) -> bool:
        return _ORDER[self.proposed] < _ORDER[self.current]


def _proposals(scoring: Scoring) -> Subquery:
    th = scoring.thresholds
    s = scored(scoring, ranked=True)
    c = s.c
    score = score_int(c.score)
    cap = func.max(1, cast(c.eligible * th.key_max_share_pct / 100.0, Integer))
    key_need = th.key_min_score - case((c.tier == Tier.key.value, th.hold_margin), else_=0)
    major_need = th.major_min_score - case(
        (c.tier.in_([Tier.key.value, Tier.major.value]), th.hold_margin), else_=0)
    churned = c.status == AccountStatus.churned.value
    proposed = case((churned, Tier.standard.value),
                    ((score >= key_need) & (c.score_rank <= cap), Tier.key.value),
                    (score >= major_need, Tier.major.value), else_=literal(Tier.standard.value))
    return select(s, cap.label("cap"), key_need.label("key_need"),
                  major_need.label("major_need"), proposed.label("proposed")).subquery("p")


def propose_tiers(store: Store, scoring: Scoring, *,
                  limit: int | None = None) -> list[TierProposal]:
    """Every live account whose tier the rules would change, best score first."""
    p = _proposals(scoring)
    query = select(p).where(p.c.proposed != p.c.tier).order_by(p.c.score.desc(),
                                                               p.c.revenue_rank)
    if limit is not None:
        query = query.limit(max(0, limit))
    with store.read() as session:
        found = session.execute(query).mappings().all()
    return [_proposal(r, scoring) for r in found]


def _phrase(account: ScoredAccount, name: str) -> str:
    if name == "revenue":
        if account.annual_revenue <= 0:
            return "no revenue"
        if account.top_pct <= 50:
            return f"top {account.top_pct}% of revenue"
        return f"revenue rank {account.revenue_rank} of {account.accounts}"
    if name == "profitability":
        if account.margin_pct is None:
            return "margin unknown (counted neutral)"
        return f"margin {account.margin_pct:.0f}%"
    if name == "strategic":
        return f"strategic {account.strategic_importance}/5"
    return f"growth {account.growth_potential}/5"


def _factors(account: ScoredAccount, *, best: bool) -> list[str]:
    weighed = [f for f in account.factors if f.out_of > 0]
    ranked = sorted(weighed, key=lambda f: (-f.points / f.out_of if best
                                            else f.points / f.out_of))
    names = [f.name for f in ranked[:2]]
    counts_margin = any(f.name == "profitability" for f in weighed)
    if account.margin_pct is None and counts_margin and "profitability" not in names:
        names.append("profitability")
    return [_phrase(account, name) for name in names]


def _proposal(r, scoring: Scoring) -> TierProposal:  # noqa: ANN001 - a result mapping
    account = to_scored(r, scoring)
    current, proposed = Tier(r["tier"]), Tier(r["proposed"])
    s = account.score
    if account.status == AccountStatus.churned:
        parts = ["the account has churned"]
    elif proposed == Tier.major and s >= r["key_need"]:
        parts = [f"score {s}, but only the best {r['cap']} of {r['eligible']} accounts by "
                 f"score can be key ({scoring.thresholds.key_max_share_pct}%); this one is "
                 f"number {r['score_rank']}"]
    elif _ORDER[proposed] < _ORDER[current]:
        parts = [f"score {s}", *_factors(account, best=True)]
    else:
        short = (f"under the {r['key_need']} needed to stay key" if proposed == Tier.major
                 else f"under the {r['major_need']} needed to stay major"
                 if current == Tier.major else f"under the {r['major_need']} needed for major")
        parts = [f"score {s}, {short}", *_factors(account, best=False)]
    return TierProposal(account_id=account.id, account_name=account.name, current=current,
                        proposed=proposed, score=s,
                        reason=f"propose {proposed}: " + ", ".join(parts), account=account)


def change_tier(services: Services, account_id: str, to_tier: Tier, *, reason: str = "",
                score: int | None = None, expected: Tier | None = None,
                on: date | None = None) -> Change:
    """Set the account's tier and record the decision, in one transaction. `expected`,
    when given, is the tier the account must still have (else nothing changes)."""
    to_tier = Tier(to_tier)
    with services.store.transaction() as session:
        account = session.get(Account, account_id)
        if account is None or account.deleted_at is not None:
            raise NotFound(f"There is no account with id {account_id}.")
        was = Tier(account.tier)
        if expected is not None and was != expected:
            raise InvalidInput([f"'{account.name}' is {was} now, not {expected}; look at the "
                                f"proposals again."])
        if was == to_tier:
            raise InvalidInput([f"'{account.name}' is {was} already."])
        rec = Recorder(session)
        rec.before(Account, account.id)
        account.tier = to_tier
        account.updated_at = utcnow()
        session.add(account)
        decision = Repo(services.store, TierDecision).create({
            "account_id": account.id, "decided_on": on or today(), "from_tier": was,
            "to_tier": to_tier, "score": score, "reason": reason})
        rec.created(decision)
        why = f" (score {score})" if score is not None else ""
        return rec.change(f"Moved '{account.name}' from {was} to {to_tier}{why}.")


def accept_proposal(services: Services, proposal: TierProposal, *,
                    on: date | None = None) -> Change:
    """Do what the proposal says, recording its score and reason; refused if the account's
    tier changed since the proposal was made."""
    return change_tier(services, proposal.account_id, proposal.proposed,
                       reason=proposal.reason, score=proposal.score,
                       expected=proposal.current, on=on)


def tier_decisions(services: Services, account_id: str, *,
                   limit: int = 50) -> list[TierDecision]:
    """The account's recorded tier decisions, newest first."""
    repo = Repo(services.store, TierDecision)
    return repo.list(TierDecision.account_id == account_id,
                     order_by=(TierDecision.decided_on.desc(), TierDecision.created_at.desc()),
                     limit=limit)


__all__ = ["TierProposal", "accept_proposal", "change_tier", "propose_tiers",
           "tier_decisions"]
