"""The key score and the Pareto figure on hand-made portfolios whose right answers are
worked out here, in the comments, from the rules in kamtui.store.keyscore."""

import random

import pytest
from sqlalchemy import insert

from kamtui.domain import Account
from kamtui.domain.enums import Tier
from kamtui.scoring_config import ScoreWeights, Scoring
from kamtui.store import Store
from kamtui.store.keyscore import key_score, key_scores, pareto
from kamtui.store.repos import Services

# (name, revenue, margin_pct, cost_to_serve, strategic, growth, tier)
FIVE = [
    ("Alpha", 600, 30.0, None, 5, 5, "standard"),
    ("Bravo", 200, None, None, 3, 3, "standard"),
    ("Charlie", 100, None, 40.0, 1, 5, "standard"),  # margin from cost: (100-40)/100 = 60%
    ("Delta", 100, -10.0, None, 2, 1, "key"),
    ("Echo", 0, 15.0, None, 4, 2, "major"),
]
# Default weights 40/20/20/20 (they add up to 100, so points = weight x fraction), full
# profitability points at a 30% margin. n = 5 live accounts, total revenue 1,000.
#
#            revenue: share of accounts      margin /30       (strat-1)/4   (growth-1)/4
#            with revenue <= this one's      (clamped 0-1)
# Alpha      5/5 = 1.0  -> 40                30/30 = 1 -> 20  4/4 -> 20     4/4 -> 20   = 100
# Bravo      4/5 = 0.8  -> 32                unknown   -> 10  2/4 -> 10     2/4 -> 10   =  62
# Charlie    3/5 = 0.6  -> 24 (tie w Delta)  60/30 > 1 -> 20  0/4 ->  0     4/4 -> 20   =  64
# Delta      3/5 = 0.6  -> 24                -10 < 0   ->  0  1/4 ->  5     0/4 ->  0   =  29
# Echo       no revenue ->  0                15/30 .5  -> 10  3/4 -> 15     1/4 ->  5   =  30
EXPECTED = {"Alpha": 100, "Bravo": 62, "Charlie": 64, "Delta": 29, "Echo": 30}


def add_five(services: Services) -> dict[str, str]:
    ids = {}
    for name, revenue, margin, cost, strategic, growth, tier in FIVE:
        ids[name] = services.accounts.create({
            "name": name, "annual_revenue": revenue, "margin_pct": margin,
            "cost_to_serve": cost, "strategic_importance": strategic,
            "growth_potential": growth, "tier": tier}).id
    # A deleted account counts nowhere, however big.
    gone = services.accounts.create({"name": "Zulu", "annual_revenue": 1_000_000})
    services.accounts.delete(gone.id)
    return ids


@pytest.fixture
def five(services: Services) -> dict[str, str]:
    return add_five(services)


def test_scores_match_the_worked_example(store: Store, five: dict) -> None:
    page = key_scores(store, Scoring())
    assert page.total == 5
    assert {r.name: r.score for r in page.rows} == EXPECTED
    # Ranked by revenue (ties by name), as queries.portfolio ranks.
    assert [r.name for r in page.rows] == ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]
    alpha, bravo, charlie, delta, echo = page.rows
    assert [f.points for f in bravo.factors] == pytest.approx([32, 10, 10, 10])
    assert [f.out_of for f in bravo.factors] == pytest.approx([40, 20, 20, 20])
    # Shares of 1,000: 60, 20, 10, 10, 0; cumulative 60, 80, 90, 100, 100.
    assert [r.share_pct for r in page.rows] == pytest.approx([60, 20, 10, 10, 0])
    assert [r.cumulative_share_pct for r in page.rows] == pytest.approx([60, 80, 90, 100, 100])
    # Top N%: accounts with revenue >= this one's, out of 5, rounded up: 1/5, 2/5, 4/5.
    assert [alpha.top_pct, bravo.top_pct, charlie.top_pct, delta.top_pct] == [20, 40, 80, 80]
    assert charlie.margin_pct == pytest.approx(60) and charlie.margin_from_cost
    assert echo.score == 30 and delta.score == 29


def test_scores_of_named_accounts_are_those_of_the_whole_portfolio(store: Store,
                                                                  five: dict) -> None:
    page = key_scores(store, Scoring(), ids=[five["Delta"], five["Bravo"]])
    assert {r.name: r.score for r in page.rows} == {"Bravo": EXPECTED["Bravo"],
                                                    "Delta": EXPECTED["Delta"]}
    assert page.total == 2


def test_each_factor_says_why(store: Store, five: dict) -> None:
    rows = {r.name: r for r in key_scores(store, Scoring()).rows}
    reasons = {name: [f.reason for f in row.factors] for name, row in rows.items()}
    assert reasons["Alpha"] == ["top 20% by revenue, 60.0% of portfolio revenue",
                                "margin 30.0% (full points at 30%)",
                                "strategic importance 5/5", "growth potential 5/5"]
    # A missing margin is neutral, and says so.
    assert reasons["Bravo"][1] == "margin not recorded: counted as neutral (half points)"
    assert reasons["Charlie"][:2] == [
        "rank 3 of 5 by revenue, 10.0% of portfolio revenue",
        "margin 60.0% from revenue minus cost to serve (full points at 30%)"]
    assert reasons["Echo"][0] == "no revenue recorded"
    assert rows["Bravo"].why() == (
        "revenue 32/40: top 40% by revenue, 20.0% of portfolio revenue; profitability 10/20: "
        "margin not recorded: counted as neutral (half points); strategic 10/20: strategic "
        "importance 3/5; growth 10/20: growth potential 3/5")


def test_sorted_filtered_and_paged_in_sql(store: Store, five: dict) -> None:
    by_score = key_scores(store, Scoring(), sort="score")
    assert [r.name for r in by_score.rows] == ["Alpha", "Charlie", "Bravo", "Echo", "Delta"]
    page = key_scores(store, Scoring(), sort="score", limit=2, offset=1)
    assert [r.name for r in page.rows] == ["Charlie", "Bravo"] and page.total == 5
    # Shares stay those of the whole portfolio on a page.
    assert page.rows[1].share_pct == pytest.approx(20)
    keys = key_scores(store, Scoring(), tier="key")
    assert [r.name for r in keys.rows] == ["Delta"] and keys.total == 1
    assert keys.rows[0].revenue_rank == 4 and keys.rows[0].score == 29
    assert key_scores(store, Scoring(), tier="key", offset=5).total == 1
    assert [r.name for r in key_scores(store, Scoring(), sort="margin").rows] == [
        "Charlie", "Alpha", "Echo", "Delta", "Bravo"]  # 60, 30, 15, -10, unknown last
    with pytest.raises(ValueError):
        key_scores(store, Scoring(), sort="shoe size")


def test_weights_change_the_score(store: Store, five: dict) -> None:
    # Only strategic and growth, 1:1 -> each worth 50 points.
    # Alpha (5,5): 50 + 50 = 100; Bravo (3,3): 25 + 25 = 50; Charlie (1,5): 0 + 50 = 50;
    # Delta (2,1): 12.5 + 0 = 12.5 -> 13 (half up, not to even); Echo (4,2): 37.5 + 12.5 = 50.
    scoring = Scoring(weights=ScoreWeights(revenue=0, profitability=0, strategic=1, growth=1))
    scores = {r.name: r.score for r in key_scores(store, scoring).rows}
    assert scores == {"Alpha": 100, "Bravo": 50, "Charlie": 50, "Delta": 13, "Echo": 50}
    delta = key_score(store, scoring, five["Delta"])
    assert [f.out_of for f in delta.factors] == pytest.approx([0, 0, 50, 50])
    assert key_score(store, scoring, "no-such-id") is None


def test_pareto_is_the_fewest_top_accounts_reaching_80_percent(store: Store,
                                                               five: dict) -> None:
    # Alpha alone is 60%; Alpha + Bravo is 80% exactly, which reaches 80%.
    # 2 of 5 accounts = 40% of accounts.
    figure = pareto(store)
    assert (figure.accounts, figure.revenue, figure.top_accounts) == (5, 1000, 2)
    assert figure.top_accounts_pct == pytest.approx(40)
    assert figure.top_revenue_pct == pytest.approx(80)
    assert figure.describe() == "2 accounts = 40% of accounts, 80% of revenue"
    assert figure.sentence() == "The top 2 of 5 accounts (40%) bring 80% of the revenue."
    # At 90%: Alpha + Bravo + Charlie = 900 of 1,000 -> 3 accounts, 60% of them.
    assert pareto(store, target_pct=90).top_accounts == 3


def test_pareto_of_an_empty_or_revenueless_portfolio(store: Store,
                                                     services: Services) -> None:
    assert pareto(store).top_accounts == 0
    services.accounts.create({"name": "Nil", "annual_revenue": 0})
    figure = pareto(store)
    assert (figure.accounts, figure.top_accounts) == (1, 0)
    assert figure.describe() == "no revenue recorded yet"
    assert key_scores(store, Scoring()).rows[0].score == 30  # 0 + 10 + 10 + 10


def add_many(store: Store, count: int, seed: int = 4) -> None:
    """`count` accounts in one insert (the Services layer would take a while)."""
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        account = Account(name=f"Account {i:05d}", annual_revenue=round(rng.paretovariate(1.2)
                                                                         * 10_000),
                          margin_pct=rng.choice([None, rng.uniform(-20, 45)]),
                          strategic_importance=rng.randint(1, 5),
                          growth_potential=rng.randint(1, 5),
                          tier=rng.choice([Tier.key, Tier.major, Tier.standard, Tier.standard]))
        rows.append(account.model_dump())
    with store.transaction() as session:
        session.execute(insert(Account.__table__), rows)


def test_five_thousand_accounts(store: Store) -> None:
    add_many(store, 5000)
    page = key_scores(store, Scoring(), sort="score", limit=50)
    assert page.total == 5000 and len(page.rows) == 50
    scores = [r.score for r in page.rows]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 100 for s in scores)
    last = key_scores(store, Scoring(), limit=50, offset=4990)
    assert len(last.rows) == 10 and last.rows[-1].revenue_rank == 5000
    assert last.rows[-1].cumulative_share_pct == pytest.approx(100)
    figure = pareto(store)
    assert 0 < figure.top_accounts < 5000 and figure.top_revenue_pct >= 80
