"""Tier proposals (the rules in kamtui.store.tiers) on hand-made portfolios, their reasons
in words, and accepting one: the tier is set, the decision recorded, and undo takes both
back."""

import random

import pytest
from sqlalchemy import insert, select

from kamtui.domain import Account, TierDecision
from kamtui.domain.enums import AccountStatus, Tier
from kamtui.errors import InvalidInput, NotFound, StoreError
from kamtui.scoring_config import ScoreWeights, Scoring, Thresholds
from kamtui.store import Store
from kamtui.store.changes import undo
from kamtui.store.repos import Services
from kamtui.store.tiers import accept_proposal, change_tier, propose_tiers, tier_decisions

# Strategic and growth only, 1:1: each worth 50 points, so a score is
# 12.5 x (strategic + growth - 2), rounded half up:
#   s+g  2   3    4   5    6   7    8   9    10
#   S    0   13   25  38   50  63   75  88   100
HALVES = ScoreWeights(revenue=0, profitability=0, strategic=1, growth=1)


def add(services: Services, name: str, tier: str, strategic: int, growth: int,
        revenue: float = 100, **more: object) -> str:
    return services.accounts.create({
        "name": name, "tier": tier, "strategic_importance": strategic,
        "growth_potential": growth, "annual_revenue": revenue, **more}).id


def moves(store: Store, scoring: Scoring) -> list[tuple[str, str, str, int]]:
    return [(p.account_name, p.current, p.proposed, p.score)
            for p in propose_tiers(store, scoring)]


def test_proposals_with_the_default_weights_and_their_reasons(store: Store,
                                                               services: Services) -> None:
    # The five accounts of test_keyscore.py: scores 100, 62, 64, 29, 30 (worked out there).
    add(services, "Alpha", "standard", 5, 5, 600, margin_pct=30.0)
    add(services, "Bravo", "standard", 3, 3, 200)
    add(services, "Charlie", "standard", 1, 5, 100, cost_to_serve=40.0)
    add(services, "Delta", "key", 2, 1, 100, margin_pct=-10.0)
    add(services, "Echo", "major", 4, 2, 0, margin_pct=15.0)
    # Key: score >= 70 and among the best max(1, floor(5 x 20%)) = 1 -> only Alpha.
    # Major from 40; a key or major account keeps major down to 40 - 5 = 35.
    found = propose_tiers(store, Scoring())
    assert [(p.account_name, p.current, p.proposed, p.score) for p in found] == [
        ("Alpha", "standard", "key", 100), ("Charlie", "standard", "major", 64),
        ("Bravo", "standard", "major", 62), ("Echo", "major", "standard", 30),
        ("Delta", "key", "standard", 29)]
    reasons = [p.reason for p in found]
    # Moving up: the two strongest factors (ties in the order revenue, profitability,
    # strategic, growth); moving down: the two weakest. An unknown margin is always said.
    assert reasons == [
        "propose key: score 100, top 20% of revenue, margin 30%",
        "propose major: score 64, margin 60%, growth 5/5",
        "propose major: score 62, top 40% of revenue, margin unknown (counted neutral)",
        "propose standard: score 30, under the 35 needed to stay major, no revenue, "
        "growth 2/5",
        "propose standard: score 29, under the 35 needed for major, margin -10%, growth 1/5",
    ]
    assert found[0].is_promotion and not found[-1].is_promotion
    assert [f.points for f in found[0].account.factors] == pytest.approx([40, 20, 20, 20])


def test_the_key_roster_is_capped_and_churned_accounts_do_not_count(
        store: Store, services: Services) -> None:
    # 10 accounts that are not churned -> at most floor(10 x 20%) = 2 key accounts.
    add(services, "Ace", "standard", 5, 5, 1000)   # 100, best -> key
    add(services, "Bee", "key", 5, 4, 900)         # 88, 2nd -> stays key
    add(services, "Cod", "standard", 4, 4, 800)    # 75, 3rd -> over the cap: major
    add(services, "Dab", "key", 4, 4, 700)         # 75, 4th (less revenue) -> major
    for i in range(6):
        add(services, f"Small {i}", "standard", 1, 1, 10 + i)  # 0 -> stays standard
    # Churned: proposed standard whatever its score, and left out of the ranking -- if it
    # counted, its 100 would push Bee to 3rd and off the roster.
    add(services, "Gone", "key", 5, 5, 5000, status="churned")
    found = propose_tiers(store, Scoring(weights=HALVES))
    assert [(p.account_name, p.current, p.proposed, p.score) for p in found] == [
        ("Gone", "key", "standard", 100), ("Ace", "standard", "key", 100),
        ("Cod", "standard", "major", 75), ("Dab", "key", "major", 75)]
    assert found[0].reason == "propose standard: the account has churned"
    assert found[1].reason == "propose key: score 100, strategic 5/5, growth 5/5"
    assert found[2].reason == ("propose major: score 75, but only the best 2 of 10 accounts "
                               "by score can be key (20%); this one is number 3")
    assert found[3].reason.endswith("this one is number 4")


def test_a_margin_of_hold_keeps_tiers_from_flipping(store: Store, services: Services) -> None:
    rules = Thresholds(key_min_score=70, major_min_score=40, hold_margin=10,
                       key_max_share_pct=100)
    # A key account stays key down to 70 - 10 = 60, a key or major one stays (at least)
    # major down to 40 - 10 = 30; newcomers need the full 70 and 40.
    add(services, "Held", "key", 4, 3)           # 63 >= 60: stays key
    add(services, "Slipping", "key", 3, 3)       # 50 < 60: major
    add(services, "Newcomer", "standard", 4, 3)  # 63 < 70: major only
    add(services, "Clinging", "major", 2, 3)     # 38 >= 30: stays major
    add(services, "Low", "standard", 2, 3)       # 38 < 40: stays standard
    add(services, "Fading", "major", 2, 2)       # 25 < 30: standard
    found = propose_tiers(store, Scoring(weights=HALVES, thresholds=rules))
    assert [(p.account_name, p.current, p.proposed, p.score) for p in found] == [
        ("Newcomer", "standard", "major", 63), ("Slipping", "key", "major", 50),
        ("Fading", "major", "standard", 25)]
    # The weights leave margin out, so an unknown margin is not mentioned.
    assert [p.reason for p in found] == [
        "propose major: score 63, strategic 4/5, growth 3/5",
        "propose major: score 50, under the 60 needed to stay key, strategic 3/5, growth 3/5",
        "propose standard: score 25, under the 30 needed to stay major, strategic 2/5, "
        "growth 2/5"]


def test_nothing_to_propose_when_every_tier_fits(store: Store, services: Services) -> None:
    add(services, "Fits", "key", 5, 5)
    add(services, "Also", "standard", 1, 1)
    assert propose_tiers(store, Scoring(weights=HALVES)) == []


def decisions(store: Store) -> list[dict]:
    with store.read() as session:
        return [dict(r) for r in session.execute(
            select(TierDecision.__table__)).mappings()]


def test_accepting_records_the_decision_and_undo_takes_it_back(
        store: Store, services: Services) -> None:
    ace = add(services, "Ace", "standard", 5, 5)
    add(services, "Other", "standard", 1, 1)
    before = services.accounts.get(ace)
    proposal = propose_tiers(store, Scoring(weights=HALVES))[0]
    change = accept_proposal(services, proposal)
    assert change.description == "Moved 'Ace' from standard to key (score 100)."
    assert services.accounts.get(ace).tier == Tier.key
    [row] = decisions(store)
    assert (row["account_id"], row["from_tier"], row["to_tier"], row["score"]) == (
        ace, "standard", "key", 100)
    assert row["reason"] == "propose key: score 100, strategic 5/5, growth 5/5"
    assert str(row["decided_on"]) == "2026-11-22"  # the pinned today
    assert [d.to_tier for d in tier_decisions(services, ace)] == [Tier.key]
    assert propose_tiers(store, Scoring(weights=HALVES)) == []

    # Accepting the same proposal again: the account is key now, so it is refused.
    with pytest.raises(InvalidInput, match="'Ace' is key now, not standard"):
        accept_proposal(services, proposal)
    assert len(decisions(store)) == 1

    assert undo(store, change) == f"Undone: {change.description}"
    after = services.accounts.get(ace)
    assert (after.tier, after.updated_at) == (Tier.standard, before.updated_at)
    assert decisions(store)[0]["deleted_at"] is not None
    assert tier_decisions(services, ace) == []
    with pytest.raises(StoreError, match="already undone"):
        undo(store, change)


def test_a_manual_tier_change_is_recorded_too(store: Store, services: Services) -> None:
    ace = add(services, "Ace", "major", 3, 3)
    change_tier(services, ace, Tier.key, reason="opens the Nordic market")
    [row] = decisions(store)
    assert (row["from_tier"], row["to_tier"], row["score"]) == ("major", "key", None)
    with pytest.raises(InvalidInput, match="'Ace' is key already"):
        change_tier(services, ace, Tier.key)
    with pytest.raises(NotFound):
        change_tier(services, "no-such-id", Tier.key)


def test_five_thousand_accounts_respect_the_cap(store: Store) -> None:
    rng = random.Random(7)
    rows = [Account(name=f"Account {i:05d}", annual_revenue=rng.randint(0, 10**6),
                    margin_pct=rng.choice([None, rng.uniform(-20, 45)]),
                    strategic_importance=rng.randint(1, 5), growth_potential=rng.randint(1, 5),
                    tier=rng.choice(list(Tier)),
                    status=rng.choice([AccountStatus.active] * 9 + [AccountStatus.churned]),
                    ).model_dump()
            for i in range(5000)]
    with store.transaction() as session:
        session.execute(insert(Account.__table__), rows)
    found = propose_tiers(store, Scoring())
    assert found and all(p.proposed != p.current and p.reason.startswith(
        f"propose {p.proposed}: ") for p in found)
    moved = {p.account_id: p.proposed for p in found}
    churned = {r["id"] for r in rows if r["status"] == "churned"}
    key_after = [r for r in rows if moved.get(r["id"], r["tier"]) == Tier.key]
    # At most 20% of the accounts that are not churned end up key; no churned one does.
    assert 0 < len(key_after) <= (5000 - len(churned)) * 20 // 100
    assert not churned & {r["id"] for r in key_after}
