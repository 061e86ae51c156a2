"""The portfolio commands end to end: accounts (text and JSON), proposals and weights,
and a broken scoring file refused with one sentence and nothing else."""

import json
from pathlib import Path

import pytest
from helpers import Kam

from kamtui.cli_accounts import SORTS
from kamtui.domain.enums import Tier
from kamtui.scoring_config import scoring_path
from kamtui.store.keyscore import SORTS as STORE_SORTS
from kamtui.store.queries import PortfolioSort
from kamtui.store.repos import Services

# The five accounts of tests/store/test_keyscore.py, scores worked out there:
# Alpha 100, Bravo 62, Charlie 64, Delta 29, Echo 30.
FIVE = [
    ("Alpha", 600, 30.0, None, 5, 5, "standard"),
    ("Bravo", 200, None, None, 3, 3, "standard"),
    ("Charlie", 100, None, 40.0, 1, 5, "standard"),
    ("Delta", 100, -10.0, None, 2, 1, "key"),
    ("Echo", 0, 15.0, None, 4, 2, "major"),
]


@pytest.fixture
def five(services: Services) -> Services:
    for name, revenue, margin, cost, strategic, growth, tier in FIVE:
        services.accounts.create({
            "name": name, "annual_revenue": revenue, "margin_pct": margin,
            "cost_to_serve": cost, "strategic_importance": strategic,
            "growth_potential": growth, "tier": tier})
    return services


def test_the_sort_names_agree_with_the_store() -> None:
    assert SORTS[:-1] == STORE_SORTS and SORTS[-1] == "health"  # from the portfolio
    assert set(SORTS) <= {s.value for s in PortfolioSort}


def test_accounts_prints_an_aligned_table_with_the_pareto_line(kam: Kam, five: Services) -> None:
    code, out, err = kam("accounts")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == ("5 accounts, revenue 1,000. Pareto: 2 accounts = 40% of accounts, "
                        "80% of revenue.")
    assert lines[1] == "5 accounts, by revenue:"
    header, rows = lines[2], lines[3:8]
    assert [row.split()[1] for row in rows] == ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]
    # Every Score cell ends where the header's does.
    end = header.index("Score") + len("Score")
    assert [row[end - 3:end].strip() for row in rows] == ["100", "62", "64", "29", "30"]
    assert "60.0%*" in rows[2]  # Charlie's margin, worked out from the cost to serve
    assert lines[-1] == "* margin worked out from revenue minus cost to serve"


def test_accounts_filters_sorts_and_limits(kam: Kam, five: Services) -> None:
    code, out, _ = kam("accounts", "--sort", "score", "--limit", "2")
    assert code == 0
    lines = out.splitlines()
    assert lines[1] == "first 2 of 5 accounts, by score:"
    assert [row.split()[1] for row in lines[3:5]] == ["Alpha", "Charlie"]
    code, out, _ = kam("accounts", "--tier", "major")
    assert out.splitlines()[1] == "1 major account, by revenue:"
    code, out, _ = kam("accounts", "--tier", "key", "--json")
    assert [a["name"] for a in json.loads(out)] == ["Delta"]


def test_accounts_sorts_by_score_and_health(kam: Kam, five: Services) -> None:
    """Every account starts at health 65 (nothing recorded); Echo's two overdue actions
    take 10 more, Bravo's one 5."""
    ids = {a.name: a.id for a in five.accounts.list()}
    for name, deadlines in [("Echo", ["2026-11-01", "2026-11-20"]), ("Bravo", ["2026-11-21"])]:
        for deadline in deadlines:
            five.actions.create({"account_id": ids[name], "title": "late", "deadline": deadline})
    code, out, err = kam("accounts", "--sort", "health")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[1] == "5 accounts, by health:"
    header, rows = lines[2], lines[3:8]
    # Weakest first, ties by revenue (Charlie and Delta both 100: by name).
    assert [row.split()[1] for row in rows] == ["Echo", "Bravo", "Alpha", "Charlie", "Delta"]
    end = header.index("Health") + len("Health")
    assert [row[end - 3:end].strip() for row in rows] == ["55", "60", "65", "65", "65"]
    end = header.index("Score") + len("Score")
    assert [row[end - 3:end].strip() for row in rows] == ["30", "62", "100", "64", "29"]
    code, out, _ = kam("accounts", "--sort", "score", "--json")
    assert [(a["name"], a["key_score"], a["health"]) for a in json.loads(out)] == [
        ("Alpha", 100, 65), ("Charlie", 64, 65), ("Bravo", 62, 60), ("Echo", 30, 55),
        ("Delta", 29, 65)]
    code, out, _ = kam("accounts", "--sort", "health", "--tier", "standard", "--limit", "2")
    assert out.splitlines()[1] == "first 2 of 3 standard accounts, by health:"
    assert [row.split()[1] for row in out.splitlines()[3:5]] == ["Bravo", "Alpha"]


def test_accounts_json_carries_the_factors(kam: Kam, five: Services) -> None:
    code, out, err = kam("accounts", "--json")
    assert (code, err) == (0, "")
    found = json.loads(out)
    assert {a["name"]: a["key_score"] for a in found} == {
        "Alpha": 100, "Bravo": 62, "Charlie": 64, "Delta": 29, "Echo": 30}
    bravo = found[1]
    assert (bravo["share_pct"], bravo["cumulative_share_pct"], bravo["margin_pct"]) == (
        20.0, 80.0, None)
    assert bravo["factors"][1] == {
        "name": "profitability", "points": 10.0, "out_of": 20.0,
        "reason": "margin not recorded: counted as neutral (half points)"}


def test_accounts_of_an_empty_store(kam: Kam) -> None:
    code, out, _ = kam("accounts")
    assert code == 0
    assert out.splitlines() == ["0 accounts, revenue 0. Pareto: no revenue recorded yet."]
    assert kam("accounts", "--json")[1] == "[]\n"


def test_proposals_in_text_and_json(kam: Kam, five: Services) -> None:
    code, out, err = kam("proposals")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "5 tier changes proposed:"
    # Short id, name (padded to the longest), move, reason without "propose key: ".
    assert lines[1][10:] == "  Alpha    standard -> key       score 100, top 20% of revenue, " \
                            "margin 30%"
    assert lines[2][10:].startswith("  Charlie  standard -> major     score 64, ")
    found = json.loads(kam("proposals", "--json")[1])
    assert [(p["account"], p["current_tier"], p["proposed_tier"], p["key_score"])
            for p in found] == [("Alpha", "standard", "key", 100),
                                ("Charlie", "standard", "major", 64),
                                ("Bravo", "standard", "major", 62),
                                ("Echo", "major", "standard", 30),
                                ("Delta", "key", "standard", 29)]
    assert found[0]["reason"] == "propose key: score 100, top 20% of revenue, margin 30%"


def test_no_proposals(kam: Kam, services: Services) -> None:
    services.accounts.create({"name": "Fine", "tier": Tier.standard})
    code, out, _ = kam("proposals")
    assert out == "No tier changes to propose: every account's tier fits its key score.\n"


def test_weights_shows_and_changes_the_file(kam: Kam, five: Services) -> None:
    path = scoring_path()
    code, out, _ = kam("weights")
    assert code == 0
    assert out.splitlines()[0] == f"# {path} (not written yet, so these are the defaults)"
    assert "revenue = 40  # " in out and "key_min_score = 70  # " in out
    assert not path.exists()
    code, out, _ = kam("weights", "revenue", "0")
    assert code == 0 and out.splitlines()[0] == f"# {path} (written)"
    # Without revenue: Alpha 20+20+20 = 60 of 60 -> 100; Bravo 10+10+10 = 30 of 60 -> 50.
    scores = {a["name"]: a["key_score"] for a in json.loads(kam("accounts", "--json")[1])}
    assert (scores["Alpha"], scores["Bravo"]) == (100, 50)
    code, _, err = kam("weights", "revenue")
    assert (code, err) == (2, "kamtui: Give a value for revenue: kamtui weights revenue "
                              "VALUE.\n")
    code, _, err = kam("weights", "growth", "-1")
    assert (code, err) == (2, "kamtui: weights.growth must be at least 0 (got -1).\n")


def test_a_broken_scoring_file_stops_every_command(kam: Kam, five: Services) -> None:
    path: Path = scoring_path()
    path.parent.mkdir(parents=True)
    path.write_text("[weights]\nrevenue = -1\n")
    sentence = (f"kamtui: The scoring file {path} is not usable: weights.revenue must be at "
                f"least 0 (got -1); fix it, or delete it to go back to the default weights.\n")
    for command in (["accounts"], ["accounts", "--json"], ["proposals"], ["weights"],
                    ["weights", "growth", "10"]):
        assert kam(*command) == (2, "", sentence), command
    assert path.read_text() == "[weights]\nrevenue = -1\n"


def test_bad_options_are_refused(kam: Kam, five: Services) -> None:
    assert kam("accounts", "--limit", "0")[0] == 2
    code, _, err = kam("accounts", "--sort", "shoe")
    assert code == 2 and "invalid choice" in err
    assert kam("accounts", "--tier", "gold")[0] == 2
