"""The team audit: our people on an account with role, skills and share of time, and who is
allocated over 100 % across accounts, on a hand-made team worked out below and on the
sample portfolio."""

from dataclasses import dataclass
from datetime import date

import pytest

from kamtui.demo import build_demo
from kamtui.errors import NotFound
from kamtui.store import Store
from kamtui.store.repos import Services
from kamtui.store.team_audit import over_allocated_people, skills_missing, team_audit


@dataclass
class Team:
    acme: str
    hooli: str
    tom: str
    zoe: str


@pytest.fixture
def team(services: Services) -> Team:
    acme, globex, initech, hooli, gone = (
        services.accounts.create({"name": name}).id
        for name in ("Acme", "Globex", "Initech", "Hooli", "Gone"))
    tom = services.team.create({"name": "Tom", "role": "Sales",
                                "skills": ["EDI", "pricing"]}).id
    zoe = services.team.create({"name": "Zoe", "role": "Service", "skills": ["edi", "SLAs"]}).id
    bea = services.team.create({"name": "Bea", "role": "Delivery"}).id
    ghost = services.team.create({"name": "Ghost", "skills": ["magic"]}).id

    def put(member: str, account: str, share: float, role: str = "") -> str:
        return services.assignments.create({"team_member_id": member, "account_id": account,
                                            "time_share_pct": share, "role": role}).id

    # Tom: 60 + 30 + 20 = 110 % on live accounts (the 50 % on Gone goes with it): over.
    put(tom, acme, 60, "Account lead")
    put(tom, globex, 30)
    put(tom, initech, 20)
    put(tom, gone, 50)
    services.accounts.delete(gone)
    # Zoe: 40 + 60 = 100 % exactly (a deleted assignment of 50 % does not count): not over.
    put(zoe, acme, 40)
    put(zoe, globex, 60)
    services.assignments.delete(put(zoe, initech, 50))
    # Bea: 33.4 + 33.3 + 33.3 = 100 % give or take a float's last bit: not over.
    put(bea, acme, 33.4)
    put(bea, globex, 33.3)
    put(bea, initech, 33.3)
    # Ghost was deleted, and with them their assignment on Acme.
    put(ghost, acme, 80)
    services.team.delete(ghost)
    return Team(acme, hooli, tom, zoe)


def test_team_on_an_account(services: Services, team: Team) -> None:
    audit = team_audit(services.store, team.acme)
    # Biggest share first; an assignment without a role shows the member's role.
    assert [(s.name, s.role, s.share_pct, s.total_share_pct) for s in audit.seats] == [
        ("Tom", "Account lead", 60, 110), ("Zoe", "Service", 40, 100),
        ("Bea", "Delivery", 33.4, 100)]
    assert [s.over_allocated for s in audit.seats] == [True, False, False]
    assert audit.share_pct == pytest.approx(133.4)  # 60 + 40 + 33.4
    # EDI and edi are one skill, spelled as on the biggest seat (Tom's).
    assert audit.skills_covered == ("EDI", "pricing", "SLAs")
    assert [(o.name, o.total_share_pct, o.accounts) for o in audit.over_allocated] == [
        ("Tom", 110, 3)]
    assert audit.findings == ["Tom is allocated 110% across 3 accounts: more than a "
                              "person's whole time."]
    assert skills_missing(audit, ["Pricing", "security reviews", "edi", "SLAs",
                                  "security reviews"]) == ["security reviews"]


def test_needed_skills_nobody_covers(services: Services, team: Team) -> None:
    # On Acme, Tom has EDI and pricing, Zoe edi and SLAs, Bea nothing (Ghost's "magic"
    # went with Ghost). Of what Acme needs, "Edi", "SLAS" and "pricing" are covered in
    # some case; "security reviews" (asked twice, in two cases) and "GxP" are not. A
    # blank need is no need; each need keeps the spelling the account gave first.
    services.accounts.update(team.acme, {"skills_needed": [
        "Edi", "security reviews", "SLAS", " ", "Security Reviews", "pricing", "GxP",
        "magic"]})
    audit = team_audit(services.store, team.acme)
    assert audit.skills_needed == ("Edi", "security reviews", "SLAS", "pricing", "GxP",
                                   "magic")
    assert audit.skills_uncovered == ["security reviews", "GxP", "magic"]
    assert audit.findings == [
        "Acme needs security reviews, GxP and magic, which nobody on the account covers.",
        "Tom is allocated 110% across 3 accounts: more than a person's whole time."]
    # With nobody on it, every need is uncovered: one sentence for each finding.
    services.accounts.update(team.hooli, {"skills_needed": ["EDI"]})
    assert team_audit(services.store, team.hooli).findings == [
        "Nobody on our side works on Hooli.",
        "Hooli needs EDI, which nobody on the account covers."]
    # Covering the last need clears the finding.
    services.accounts.update(team.acme, {"skills_needed": ["pricing", "SLAs"]})
    assert team_audit(services.store, team.acme).skills_uncovered == []


def test_nobody_on_an_account(services: Services, team: Team) -> None:
    audit = team_audit(services.store, team.hooli)
    assert audit.seats == [] and audit.skills_covered == () and audit.share_pct == 0
    assert audit.findings == ["Nobody on our side works on Hooli."]


def test_over_allocated_across_the_portfolio(services: Services, team: Team) -> None:
    assert [(o.member_id, o.total_share_pct) for o in over_allocated_people(
        services.store)] == [(team.tom, 110)]
    # One more point of Zoe's time tips her over: 100 + 1 = 101.
    services.assignments.create({"team_member_id": team.zoe, "account_id": team.hooli,
                                 "time_share_pct": 1})
    assert [(o.name, o.total_share_pct, o.accounts) for o in over_allocated_people(
        services.store)] == [("Tom", 110, 3), ("Zoe", 101, 3)]


def test_unknown_account(services: Services) -> None:
    with pytest.raises(NotFound):
        team_audit(services.store, "no-such-id")


def test_sample_portfolio(services: Services, store: Store) -> None:
    build_demo(store, date(2026, 11, 22))
    # The customer success manager carries too much on purpose: 8 x 11 + 4 x 5 = 108 %.
    (busy,) = over_allocated_people(store)
    assert (busy.name, busy.total_share_pct, busy.accounts) == ("Aiko Tanaka", 108, 12)
    for account in services.accounts.list():
        audit = team_audit(store, account.id)
        on_it = "Aiko Tanaka" in {s.name for s in audit.seats}
        assert audit.over_allocated == ([busy] if on_it else [])
        if account.tier == "standard":  # standard accounts have no team
            assert audit.findings == [f"Nobody on our side works on {account.name}."]
        else:
            assert audit.seats and audit.skills_covered
        covered = {skill.casefold() for skill in audit.skills_covered}
        assert [s for s in audit.skills_needed
                if s.casefold() not in covered] == audit.skills_uncovered
    # At least one key account needs a skill nobody on it has, so the finding shows.
    uncovered = [a for a in services.accounts.list()
                 if team_audit(store, a.id).skills_uncovered]
    assert uncovered and all(a.tier == "key" for a in uncovered)
    audit = team_audit(store, uncovered[0].id)
    assert any("which nobody on the account covers" in f for f in audit.findings)
