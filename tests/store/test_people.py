"""Owners and contacts by what a person types: never a guess between several, and a sentence
naming the candidates when the text is ambiguous or unknown."""

from dataclasses import dataclass

import pytest

from kamtui.domain import ActionItem, Contact
from kamtui.domain.enums import OwnerKind
from kamtui.errors import InvalidInput, NotFound
from kamtui.store.people import (
    ME,
    Owner,
    find_contact,
    owner_choices,
    owner_of,
    resolve_id,
    resolve_owner,
)
from kamtui.store.repos import Services


@dataclass
class People:
    acme: str
    globex: str
    tom: str  # on Acme, 20 %
    zoe: str  # on Acme, 50 %
    bea: str  # on no account
    ann: str  # Ann Lee at Acme
    anna: str  # Anna Berg at Acme
    carl: str  # Carl Marx at Acme
    ann_globex: str  # another Ann Lee, at Globex


@pytest.fixture
def people(services: Services) -> People:
    acme = services.accounts.create({"name": "Acme"}).id
    globex = services.accounts.create({"name": "Globex"}).id
    tom = services.team.create({"name": "Tom Berg", "role": "Service lead"}).id
    zoe = services.team.create({"name": "Zoe Quist", "role": "Sales"}).id
    bea = services.team.create({"name": "Bea Holm"}).id
    gone = services.team.create({"name": "Gone Member"}).id
    services.team.delete(gone)
    services.assignments.create({"team_member_id": tom, "account_id": acme,
                                 "time_share_pct": 20})
    services.assignments.create({"team_member_id": zoe, "account_id": acme,
                                 "time_share_pct": 50})
    services.assignments.create({"team_member_id": bea, "account_id": globex,
                                 "time_share_pct": 90})

    def contact(account: str, name: str, title: str = "") -> str:
        return services.contacts.create({"account_id": account, "name": name,
                                         "title": title}).id

    ann, anna = contact(acme, "Ann Lee", "CFO"), contact(acme, "Anna Berg", "CIO")
    carl = contact(acme, "Carl Marx")
    services.contacts.delete(contact(acme, "Carla Gone"))
    return People(acme, globex, tom, zoe, bea, ann, anna, carl, contact(globex, "Ann Lee"))


def test_owner_fields() -> None:
    assert ME.kind == OwnerKind.me and ME.name == "me"
    assert ME.fields() == {"owner_kind": OwnerKind.me, "owner_team_member_id": None,
                           "owner_contact_id": None}
    assert Owner(OwnerKind.customer, contact_id="c").fields()["owner_contact_id"] == "c"


def test_owner_choices_order(services: Services, people: People) -> None:
    choices = owner_choices(services, people.acme)
    assert [o.name for o in choices] == ["me", "Zoe Quist", "Tom Berg", "Bea Holm",
                                         "Ann Lee", "Anna Berg", "Carl Marx"]
    assert choices[2] == Owner(OwnerKind.team, team_member_id=people.tom, name="Tom Berg",
                               detail="Service lead")
    assert choices[4].detail == "CFO" and choices[4].contact_id == people.ann
    assert [o.name for o in owner_choices(services, None)] == [
        "me", "Bea Holm", "Tom Berg", "Zoe Quist"]
    assert len(owner_choices(services, people.acme, limit=3)) == 3


@pytest.mark.parametrize(("text", "expected"), [
    ("", "me"), ("me", "me"), (" Mine ", "me"),
    ("ann lee", "Ann Lee"),  # exact beats the prefix of Anna Berg
    ("TOM BERG", "Tom Berg"),
    ("zo", "Zoe Quist"),  # unique start
    ("marx", "Carl Marx"),  # unique part
    ("bea", "Bea Holm"),  # any team member, not only those on the account
])
def test_resolve_owner(services: Services, people: People, text: str, expected: str) -> None:
    assert resolve_owner(services, people.acme, text).name == expected


def test_resolve_owner_gives_the_kind_and_ids(services: Services, people: People) -> None:
    assert resolve_owner(services, people.acme, "ann lee") == Owner(
        OwnerKind.customer, contact_id=people.ann, name="Ann Lee", detail="CFO")
    assert resolve_owner(services, people.acme, "tom").team_member_id == people.tom


def test_resolve_owner_never_guesses(services: Services, people: People) -> None:
    with pytest.raises(NotFound) as caught:
        resolve_owner(services, people.acme, "an")
    assert str(caught.value) == ("'an' could be several owners at Acme: Ann Lee (contact), "
                                 "Anna Berg (contact); give more of the name.")
    with pytest.raises(NotFound, match=r"No owner named 'Carlos' at Acme\. Did you mean: "
                                       r"Carl Marx \(contact\)\?"):
        resolve_owner(services, people.acme, "Carlos")
    with pytest.raises(NotFound, match="No owner named 'Gus' at Globex"):
        resolve_owner(services, people.globex, "Gus")  # deleted or elsewhere do not count
    with pytest.raises(NotFound, match="No owner named 'Carla Gone'"):
        resolve_owner(services, people.acme, "Carla Gone")
    with pytest.raises(NotFound, match="No owner named '100%'"):
        resolve_owner(services, people.acme, "100%")  # LIKE wildcards are plain text


def test_owner_of(services: Services, people: People) -> None:
    def item(**owner: str) -> ActionItem:
        return services.actions.create({"account_id": people.acme, "title": "x", **owner})

    assert owner_of(services, item()) == ME
    assert owner_of(services, item(owner_kind="team", owner_team_member_id=people.tom)).name \
        == "Tom Berg"
    owned = item(owner_kind="customer", owner_contact_id=people.carl)
    services.contacts.delete(people.carl)
    assert owner_of(services, owned) == Owner(OwnerKind.customer, contact_id=people.carl,
                                              name="Carl Marx")


def test_find_contact(services: Services, people: People) -> None:
    assert find_contact(services, people.carl).name == "Carl Marx"
    assert find_contact(services, people.carl[:6].upper()).id == people.carl
    assert find_contact(services, "  carl marx ").id == people.carl
    assert find_contact(services, "berg").id == people.anna
    assert find_contact(services, "Ann Lee", account_id=people.globex).id == people.ann_globex
    with pytest.raises(NotFound) as caught:
        find_contact(services, "ann lee")
    assert str(caught.value) == ("'ann lee' could be several contacts: Ann Lee (Acme), "
                                 "Ann Lee (Globex); give more of the name or an --account.")
    with pytest.raises(NotFound, match="No contact named 'Carla Gone'"):
        find_contact(services, "Carla Gone")
    with pytest.raises(NotFound, match="No contact named 'Carl' at Globex."):
        find_contact(services, "Carl", account_id=people.globex)
    with pytest.raises(InvalidInput, match="Contact: give a name or an id."):
        find_contact(services, " ")


def test_find_contact_tells_apart_namesakes_by_id(services: Services, people: People) -> None:
    twin = services.contacts.create({"account_id": people.acme, "name": "Carl Marx"}).id
    with pytest.raises(NotFound) as caught:
        find_contact(services, "carl marx", account_id=people.acme)
    assert f"Carl Marx (Acme, id {twin[:8]})" in str(caught.value)


def test_resolve_id(services: Services, people: People) -> None:
    store = services.store
    account = people.acme
    for n, id in enumerate(["abcd1111-0000-4000-8000-000000000000",
                            "abcd2222-0000-4000-8000-000000000000",
                            "beef0000-0000-4000-8000-000000000000"]):
        services.actions.create({"account_id": account, "title": f"a{n}"}, id=id)
    services.actions.delete("beef0000-0000-4000-8000-000000000000")
    assert resolve_id(store, ActionItem, "abcd1") == "abcd1111-0000-4000-8000-000000000000"
    assert resolve_id(store, ActionItem, " ABCD2222-0000-4000-8000-000000000000 ").startswith(
        "abcd2222")
    with pytest.raises(NotFound, match=r"^'abcd' matches 2 action items; give more "
                                       r"characters\.$"):
        resolve_id(store, ActionItem, "abcd")
    with pytest.raises(NotFound, match=r"^No action item with an id starting 'beef'\.$"):
        resolve_id(store, ActionItem, "beef")
    with pytest.raises(InvalidInput, match="Give at least 4 characters of the action item's"):
        resolve_id(store, ActionItem, "abc")
    assert resolve_id(store, Contact, people.ann[:8]) == people.ann
