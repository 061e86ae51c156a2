"""Account reviews (step 9): a draft pre-filled from the account's data, saving a review
(with the tier change its decision calls for, as the same undoable step), and the review
history with the trend of each score against the review before it.

How the figures are found (each draft says it in `basis`):
- revenue and margin: the account's annual revenue and margin as recorded now;
- objectives on / off track: those of the account's latest plan, by the track rules of
  store/objective_track.py (reached, on track and at risk count as on track; those with
  nothing to measure them by are left out);
- KPIs met / missed: objectives whose KPI has reached its target, and those whose due
  day has passed without it (KPIs still running, or without baseline, target and current,
  count as neither);
- opportunities won / lost: those closed (by expected close) since the last review, or
  in the last year when there is none;
- SLAs: kamtui keeps no SLA records, so the KAM types them (they start at 0).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from sqlmodel import Session, col, select

from kamtui.clock import today as clock_today
from kamtui.domain import Account, AccountPlan, Opportunity, Review
from kamtui.domain.enums import OpportunityStage, ReviewDecision, Tier, label
from kamtui.errors import InvalidInput, NotFound
from kamtui.store.changes import Change, Recorder
from kamtui.store.engine import Store
from kamtui.store.objective_track import Track
from kamtui.store.objectives import plan_objectives
from kamtui.store.repos import Services
from kamtui.store.tiers import change_tier

REVIEW_CADENCE_DAYS = 90  # the next review, unless the KAM says otherwise
NO_REVIEW_LOOKBACK_DAYS = 365  # how far back deals count when there was no review yet
RUBRIC: dict[str, str] = {
    "trust": "Trust", "access": "Access to decision makers",
    "responsiveness": "Responsiveness", "alignment": "Strategic alignment",
    "satisfaction": "Satisfaction",
}
TRENDED = (*RUBRIC, "nps", "revenue")
# The decisions that move the account, and where to.
DECISION_TIER: dict[ReviewDecision, Tier] = {
    ReviewDecision.move_to_major: Tier.major, ReviewDecision.promote_to_key: Tier.key,
}


class Trend(StrEnum):
    up = "up"
    down = "down"
    flat = "flat"


@dataclass(frozen=True)
class ReviewDraft:
    """A new review as the data suggests it; `fields()` are ReviewCreate's fields."""

    account_id: str
    account_name: str
    tier: Tier
    period: str
    held_on: date
    revenue: float | None
    margin_pct: float | None
    objectives_on_track: int
    objectives_off_track: int
    opportunities_won: int
    opportunities_lost: int
    kpis_met: int
    kpis_missed: int
    slas_met: int = 0
    slas_missed: int = 0
    trust: int = 3
    access: int = 3
    responsiveness: int = 3
    alignment: int = 3
    satisfaction: int = 3
    nps: int | None = None
    decision: ReviewDecision = ReviewDecision.stays_key
    next_review_on: date | None = None
    notes: str = ""
    basis: list[str] = field(default_factory=list)  # how the figures were found
    last: Review | None = None  # the review before this one

    def fields(self) -> dict[str, Any]:
        names = Review.model_fields.keys() - {"id", "created_at", "updated_at", "deleted_at"}
        return {name: getattr(self, name) for name in names}


def _latest_review(session: Session, account_id: str) -> Review | None:
    return session.exec(
        select(Review).where(Review.account_id == account_id, col(Review.deleted_at).is_(None))
        .order_by(col(Review.held_on).desc(), col(Review.created_at).desc(),
                  col(Review.id).desc()).limit(1)).first()


def prefill(store: Store, account_id: str, today: date) -> ReviewDraft:
    """The review the data suggests for the account on `today` (see the module's notes);
    the rubric starts from the last review's scores, or 3 each."""
    with store.read() as session:
        account = session.get(Account, account_id)
        if account is None or account.deleted_at is not None:
            raise NotFound(f"There is no account with id {account_id}.")
        last = _latest_review(session, account_id)
        plan = session.exec(
            select(AccountPlan).where(AccountPlan.account_id == account_id,
                                      col(AccountPlan.deleted_at).is_(None))
            .order_by(col(AccountPlan.created_at).desc(), col(AccountPlan.id).desc())
            .limit(1)).first()
        closed = list(session.exec(select(Opportunity).where(
            Opportunity.account_id == account_id, col(Opportunity.deleted_at).is_(None),
            col(Opportunity.stage).in_([OpportunityStage.won, OpportunityStage.lost]))))
    views = plan_objectives(store, plan.id, today) if plan else []
    tracks = [v.track for v in views]
    on = sum(1 for t in tracks if t in (Track.reached, Track.on_track, Track.at_risk))
    met = sum(1 for v in views if v.kpi is not None and v.kpi >= 100)
    missed = sum(1 for v in views if v.kpi is not None and v.kpi < 100
                 and v.objective.due is not None and v.objective.due < today)
    since = last.held_on if last else today - timedelta(days=NO_REVIEW_LOOKBACK_DAYS)

    def closed_in_span(o: Opportunity) -> bool:
        closed_on = o.expected_close or o.updated_at.date()
        return since < closed_on <= today

    counted = [o for o in closed if closed_in_span(o)]
    basis = [
        f"Objectives and KPIs: the {plan.period} plan's {len(views)} objectives."
        if plan else "Objectives and KPIs: the account has no plan, so none are counted.",
        (f"Opportunities: those closed since the last review ({last.held_on.isoformat()})."
         if last else f"Opportunities: those closed in the last {NO_REVIEW_LOOKBACK_DAYS} days "
                      f"(no earlier review)."),
        "SLAs: kamtui keeps no SLA records; type how many were met and missed.",
    ]
    notes = [f"{n} at risk, counted on track" for n in [tracks.count(Track.at_risk)] if n]
    notes += [f"{n} with nothing to measure {'it' if n == 1 else 'them'} by, not counted"
              for n in [tracks.count(Track.unknown)] if n]
    if notes:
        basis.insert(1, "Of those: " + "; ".join(notes) + ".")
    decision = ReviewDecision.watch if account.tier != Tier.key else (
        last.decision if last and last.decision == ReviewDecision.watch
        else ReviewDecision.stays_key)
    rubric = {name: getattr(last, name) for name in RUBRIC} if last else {}
    return ReviewDraft(
        account_id=account.id, account_name=account.name, tier=Tier(account.tier),
        period=plan.period if plan else f"FY{today.year}", held_on=today,
        revenue=account.annual_revenue, margin_pct=account.margin_pct,
        objectives_on_track=on, objectives_off_track=tracks.count(Track.off_track),
        opportunities_won=sum(1 for o in counted if o.stage == OpportunityStage.won),
        opportunities_lost=sum(1 for o in counted if o.stage == OpportunityStage.lost),
        kpis_met=met, kpis_missed=missed, decision=decision,
        next_review_on=today + timedelta(days=REVIEW_CADENCE_DAYS), basis=basis, last=last,
        **rubric)


def draft_of(store: Store, review_id: str) -> ReviewDraft:
    """A saved review as a draft, to edit it in the same form."""
    with store.read() as session:
        review = session.get(Review, review_id)
        if review is None or review.deleted_at is not None:
            raise NotFound(f"There is no review with id {review_id}.")
        account = session.get(Account, review.account_id)
    names = ReviewDraft.__dataclass_fields__.keys() & Review.model_fields.keys()
    return ReviewDraft(account_name=account.name, tier=Tier(account.tier),
                       basis=[f"The review held {review.held_on.isoformat()}, as saved."],
                       **{name: getattr(review, name) for name in names})


def save_review(services: Services, data: dict[str, Any], *, review_id: str | None = None,
                record_tier: bool = False) -> Change:
    """Add a review (`review_id` None) or edit one, in one transaction. With `record_tier`,
    a decision to move the account (to major, or up to key) also changes its tier and
    records the tier decision, in the same undoable step."""
    held_on, next_on = data.get("held_on"), data.get("next_review_on")
    problems = []
    if isinstance(held_on, date) and held_on > clock_today():
        problems.append("Held on: record a review once it is held; give today or an "
                        "earlier day.")
    if isinstance(held_on, date) and isinstance(next_on, date) and next_on <= held_on:
        problems.append("Next review: give a day after the day this review was held.")
    if problems:
        raise InvalidInput(problems)
    with services.store.transaction() as session:
        rec = Recorder(session)
        if review_id is None:
            row = services.reviews.create(data)
            rec.created(row)
        else:
            rec.before(Review, review_id)
            row = services.reviews.update(review_id, data)
        account = session.get(Account, row.account_id)
        said = (f"{'Recorded' if review_id is None else 'Edited'} the review of "
                f"'{account.name}' held {row.held_on.isoformat()}")
        said += (f", next {row.next_review_on.isoformat()}." if row.next_review_on
                 else ".")
        moved: tuple = ()
        to_tier = DECISION_TIER.get(ReviewDecision(row.decision))
        if record_tier and to_tier is not None and Tier(account.tier) != to_tier:
            tier_change = change_tier(
                services, account.id, to_tier, on=row.held_on,
                reason=f"Account review held {row.held_on.isoformat()}: "
                       f"{label(ReviewDecision(row.decision))}.")
            moved = tier_change.rows
            said += " " + tier_change.description
        own = rec.change(said)
        return Change(said, own.rows + moved)


@dataclass(frozen=True)
class ReviewEntry:
    """A review and how each of TRENDED moved since the review before it (None: the
    first review, or a value missing on either side)."""

    review: Review
    trends: dict[str, Trend | None]


def _trend(now: float | None, before: float | None) -> Trend | None:
    if now is None or before is None:
        return None
    return Trend.up if now > before else Trend.down if now < before else Trend.flat


def review_history(store: Store, account_id: str, *, limit: int = 200) -> list[ReviewEntry]:
    """The account's reviews newest first, each with its trends."""
    with store.read() as session:
        reviews = list(session.exec(
            select(Review).where(Review.account_id == account_id,
                                 col(Review.deleted_at).is_(None))
            .order_by(col(Review.held_on).desc(), col(Review.created_at).desc(),
                      col(Review.id).desc()).limit(limit + 1)))
    entries = []
    for n, review in enumerate(reviews[:limit]):
        before = reviews[n + 1] if n + 1 < len(reviews) else None
        entries.append(ReviewEntry(review, {
            name: _trend(getattr(review, name), getattr(before, name) if before else None)
            for name in TRENDED}))
    return entries


__all__ = ["DECISION_TIER", "REVIEW_CADENCE_DAYS", "RUBRIC", "TRENDED", "ReviewDraft",
           "ReviewEntry", "Trend", "draft_of", "prefill", "review_history", "save_review"]
