"""Putting a team member on an account (once only) and taking them off, each undone with
undo; and the team members a form offers."""

import pytest

from kamtui.domain import Assignment
from kamtui.errors import InvalidInput
from kamtui.store.assignments import assign, team_choices, unassign
from kamtui.store.changes import undo
from kamtui.store.repos import Services


def live(services: Services, account: str) -> list[tuple[str, float]]:
    return sorted((a.team_member_id, a.time_share_pct) for a in services.assignments.list(
        Assignment.account_id == account))


def test_assign_once_unassign_and_undo(services: Services) -> None:
    acme, other = (services.accounts.create({"name": n}).id for n in ("Acme", "Other"))
    tom = services.team.create({"name": "Tom", "role": "Sales"}).id
    row, put = assign(services, {"team_member_id": tom, "account_id": acme,
                                 "time_share_pct": 40})
    assert put.description == "Put Tom on Acme (40% of their time)."
    assert live(services, acme) == [(tom, 40)]
    # A second live assignment of the same person to the same account is refused ...
    with pytest.raises(InvalidInput) as err:
        assign(services, {"team_member_id": tom, "account_id": acme, "time_share_pct": 5})
    assert err.value.messages == ["Tom is already on Acme (40% of their time): edit that "
                                  "assignment instead."]
    assert live(services, acme) == [(tom, 40)]
    # ... but the same person on another account is fine.
    assign(services, {"team_member_id": tom, "account_id": other, "time_share_pct": 5})
    with pytest.raises(InvalidInput) as err:
        assign(services, {"team_member_id": tom, "account_id": acme, "time_share_pct": 150})
    assert err.value.messages == ["Share of time (%) must be at most 100 (got 150)."]

    off = unassign(services, row.id)
    assert off.description == "Took Tom off Acme."
    assert live(services, acme) == []
    again, _ = assign(services, {"team_member_id": tom, "account_id": acme,
                                 "time_share_pct": 20})  # off the account: may come back
    services.assignments.delete(again.id)
    undo(services.store, off)
    assert live(services, acme) == [(tom, 40)]


def test_team_choices_by_name(services: Services) -> None:
    zoe = services.team.create({"name": "zoe", "role": "Service"}).id
    ann = services.team.create({"name": "Ann"}).id
    services.team.delete(services.team.create({"name": "Gone"}).id)
    assert team_choices(services.store) == [("Ann", ann), ("zoe (Service)", zoe)]
