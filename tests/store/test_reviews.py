"""Account reviews: the draft pre-filled from a hand-made account (every figure worked out
here), saving one (refusals, the tier change its decision asks for, undo of both), the
history's trends, and the next review showing on Today."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from kamtui.domain.enums import ReviewDecision, Tier
from kamtui.errors import InvalidInput
from kamtui.store import Store
from kamtui.store.changes import undo
from kamtui.store.repos import Services
from kamtui.store.reviews import Trend, prefill, review_history, save_review
from kamtui.store.tiers import tier_decisions
from kamtui.store.today import ItemKind, Section, checklist

TODAY = date(2026, 11, 22)  # conftest pins KAMTUI_TODAY to this day


def d(days: int) -> date:
    return TODAY + timedelta(days=days)


@pytest.fixture
def acme(services: Services) -> str:
    """A key account with a plan of seven objectives, set 60 days ago, and six deals."""
    account = services.accounts.create({"name": "Acme", "tier": "key",
                                        "annual_revenue": 1_200_000, "margin_pct": 18.5})
    plan = services.plans.create({"account_id": account.id, "period": "FY2027"})

    def objective(title: str, baseline: float | None, target: float | None,
                  current: float | None, due: date | None) -> None:
        services.objectives.create({"plan_id": plan.id, "title": title, "baseline": baseline,
                                    "target": target, "current": current, "due": due},
                                   stamp=datetime.combine(d(-60), time(9), UTC))

    # The track rules (store/objective_track.py); time gone counts from day -60.
    objective("Reached, going up", 10, 20, 21, d(-30))      # reached: on, KPI met
    objective("Reached, going down", 50, 30, 30, d(60))     # reached (falling target), met
    objective("Keeping pace", 0, 100, 40, d(90))  # 40% done, 60/150 = 40% gone: on track
    objective("Lagging", 0, 100, 25, d(90))      # 25% done, 40% gone: at risk, counted on
    objective("Past due short of target", 0, 100, 80, d(-1))   # off track, KPI missed
    objective("Worse than baseline", 50, 80, 45, d(120))   # off track, neither
    objective("No target", None, None, 5, d(10))           # nothing to measure: left out
    for title, stage, close in (("Won after", "won", d(-10)), ("Won before", "won", d(-200)),
                                ("Lost after", "lost", d(-5)), ("Lost today", "lost", TODAY),
                                ("Open", "proposal", d(-3)), ("Won later", "won", d(5))):
        services.opportunities.create({"account_id": account.id, "title": title,
                                       "stage": stage, "expected_close": close})
    return account.id


def test_prefill_counts_from_the_data_without_an_earlier_review(store: Store,
                                                                acme: str) -> None:
    draft = prefill(store, acme, TODAY)
    assert (draft.account_name, draft.tier, draft.period, draft.held_on) == (
        "Acme", Tier.key, "FY2027", TODAY)
    assert (draft.revenue, draft.margin_pct) == (1_200_000, 18.5)
    # On: reached up, reached down, keeping pace, lagging (at risk). Off: past due, worse
    # than baseline. "No target" is left out.
    assert (draft.objectives_on_track, draft.objectives_off_track) == (4, 2)
    assert (draft.kpis_met, draft.kpis_missed) == (2, 1)
    # No review yet: closed in the last 365 days up to today -> won after (-10), won
    # before (-200); lost after (-5), lost today. Not the open one, not a close to come.
    assert (draft.opportunities_won, draft.opportunities_lost) == (2, 2)
    assert (draft.slas_met, draft.slas_missed) == (0, 0)
    assert [draft.trust, draft.access, draft.responsiveness, draft.alignment,
            draft.satisfaction, draft.nps] == [3, 3, 3, 3, 3, None]
    assert draft.decision == ReviewDecision.stays_key
    assert draft.next_review_on == d(90)
    assert any("no SLA records" in line for line in draft.basis)
    assert draft.basis[1] == ("Of those: 1 at risk, counted on track; 1 with nothing to "
                              "measure it by, not counted.")


def test_prefill_counts_deals_since_the_last_review_and_starts_from_its_scores(
        store: Store, services: Services, acme: str) -> None:
    save_review(services, {**prefill(store, acme, TODAY).fields(), "held_on": d(-100),
                           "next_review_on": d(-10), "trust": 5, "access": 2,
                           "decision": "watch", "nps": 30})
    draft = prefill(store, acme, TODAY)
    # Since day -100 (exclusive): won -10; lost -5 and today. Won -200 came before it.
    assert (draft.opportunities_won, draft.opportunities_lost) == (1, 2)
    assert (draft.trust, draft.access, draft.responsiveness) == (5, 2, 3)
    assert draft.nps is None  # a measurement, not carried over
    assert draft.decision == ReviewDecision.watch  # a watched key account stays watched
    assert draft.last is not None and draft.last.held_on == d(-100)


def test_saving_a_review_with_the_tier_change_is_one_undoable_step(
        store: Store, services: Services, acme: str) -> None:
    data = {**prefill(store, acme, TODAY).fields(), "decision": "move_to_major"}
    change = save_review(services, data, record_tier=True)
    assert "Moved 'Acme' from key to major" in change.description
    assert services.accounts.get(acme).tier == Tier.major
    decision = services.reviews.list()[0]
    assert decision.decision == ReviewDecision.move_to_major
    [moved] = tier_decisions(services, acme)
    assert (moved.from_tier, moved.to_tier, moved.decided_on) == (Tier.key, Tier.major, TODAY)
    undo(store, change)
    assert services.accounts.get(acme).tier == Tier.key
    assert services.reviews.list() == []
    assert tier_decisions(services, acme) == []


def test_without_record_tier_the_account_keeps_its_tier(store: Store, services: Services,
                                                        acme: str) -> None:
    data = {**prefill(store, acme, TODAY).fields(), "decision": "move_to_major"}
    change = save_review(services, data)
    assert services.accounts.get(acme).tier == Tier.key
    assert [r.table for r in change.rows] == ["review"]
    # Promoting an account that is key already has no tier to change.
    change = save_review(services, {**data, "decision": "promote_to_key"}, record_tier=True)
    assert [r.table for r in change.rows] == ["review"]
    assert tier_decisions(services, acme) == []


def test_refusals_change_nothing(store: Store, services: Services, acme: str) -> None:
    data = prefill(store, acme, TODAY).fields()
    with pytest.raises(InvalidInput) as refused:
        save_review(services, {**data, "held_on": d(1), "next_review_on": d(1), "trust": 6})
    assert refused.value.messages == [
        "Held on: record a review once it is held; give today or an earlier day.",
        "Next review: give a day after the day this review was held."]
    with pytest.raises(InvalidInput) as refused:
        save_review(services, {**data, "trust": 6})
    assert "Trust" in str(refused.value)
    assert services.reviews.list() == []
    assert services.accounts.get(acme).tier == Tier.key


def test_editing_a_review_and_undoing_the_edit(store: Store, services: Services,
                                               acme: str) -> None:
    data = prefill(store, acme, TODAY).fields()
    save_review(services, data)
    review = services.reviews.list()[0]
    change = save_review(services, {**data, "trust": 1, "notes": "Tense quarter."},
                         review_id=review.id)
    assert change.description.startswith("Edited the review of 'Acme'")
    assert (services.reviews.get(review.id).trust, services.reviews.count()) == (1, 1)
    undo(store, change)
    assert services.reviews.get(review.id).trust == 3


def test_history_is_newest_first_with_trends(store: Store, services: Services,
                                             acme: str) -> None:
    base = prefill(store, acme, TODAY).fields()
    for held, trust, access, revenue, nps in ((-300, 3, 4, 1_000_000, None),
                                              (-200, 4, 4, 900_000, 20),
                                              (-10, 2, 4, 900_000, 35)):
        save_review(services, {**base, "held_on": d(held), "next_review_on": d(held + 90),
                               "trust": trust, "access": access, "revenue": revenue,
                               "nps": nps})
    history = review_history(store, acme)
    assert [e.review.held_on for e in history] == [d(-10), d(-200), d(-300)]
    newest, middle, first = (e.trends for e in history)
    assert (newest["trust"], newest["access"], newest["revenue"], newest["nps"]) == (
        Trend.down, Trend.flat, Trend.flat, Trend.up)
    assert (middle["trust"], middle["revenue"], middle["nps"]) == (Trend.up, Trend.down, None)
    assert set(first.values()) == {None}


def test_the_next_review_shows_on_today_when_due(store: Store, services: Services,
                                                 acme: str) -> None:
    save_review(services, {**prefill(store, acme, TODAY).fields(), "next_review_on": d(30)})
    review = services.reviews.list()[0]

    def due(day: date) -> list[str]:
        return [i.id for i in checklist(store, day).section(Section.reviews).items
                if i.kind == ItemKind.review]
    assert due(TODAY) == []  # 30 days off, beyond the 7 days Today looks ahead
    assert due(d(25)) == [review.id]
