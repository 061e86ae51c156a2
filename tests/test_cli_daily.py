"""The daily commands end to end (today, add, done, snooze, touch, settings) on the sample
portfolio: what they print, what they store, and one plain sentence when refused."""

import json
import subprocess
import sys
from datetime import date, timedelta

import pytest
from helpers import Kam, settle
from rich.cells import cell_len

from kamtui.domain import ActionItem, Contact, Interaction, InteractionContact
from kamtui.store import Store
from kamtui.store.repos import Services
from kamtui.ui.app import KamApp
from kamtui.ui.widgets.checklist import ChecklistTable

TODAY = date(2026, 11, 22)
SECTIONS = ["overdue", "due_today", "upcoming", "touchpoints", "renewals", "escalations",
            "reviews"]


def today_json(kam: Kam, *args: str) -> dict:
    code, out, err = kam("today", "--json", *args)
    assert (code, err) == (0, "")
    return json.loads(out)


def refused(result: tuple[int, str, str], *phrases: str) -> None:
    """Exit 2, nothing on stdout, one line on stderr holding each phrase."""
    code, out, err = result
    assert (code, out) == (2, ""), err
    assert err.startswith("kamtui: ") and err.count("\n") == 1, err
    for phrase in phrases:
        assert phrase in err


def added(services: Services, out: str) -> ActionItem:
    assert out.startswith("Added ")
    [item] = services.actions.list(ActionItem.id.startswith(out.split()[1].rstrip(":")))
    return item


# -- today -------------------------------------------------------------------------------

def test_today_json_has_every_section_with_dated_items(demo: Services, kam: Kam) -> None:
    data = today_json(kam)
    assert list(data) == ["date", *SECTIONS, "totals"] and data["date"] == "2026-11-22"
    assert list(data["totals"]) == SECTIONS
    assert [data["totals"][s] for s in ("overdue", "due_today", "upcoming")] == [10, 5, 14]
    for section in SECTIONS:
        assert len(data[section]) == data["totals"][section]
        for item in data[section]:
            assert {"id", "title", "account", "due", "owner"} <= set(item)
            assert date.fromisoformat(item["due"]).isoformat() == item["due"]
    dues = {s: {date.fromisoformat(i["due"]) for i in data[s]} for s in SECTIONS[:3]}
    assert max(dues["overdue"]) < TODAY and dues["due_today"] == {TODAY}
    assert min(dues["upcoming"]) > TODAY and max(dues["upcoming"]) <= TODAY + timedelta(7)


def test_today_filters_and_limit(demo: Services, kam: Kam) -> None:
    full = today_json(kam)
    team = today_json(kam, "--owner", "team")
    assert all(i["owner_kind"] == "team" for s in SECTIONS for i in team[s])
    assert 0 < team["totals"]["overdue"] < full["totals"]["overdue"]
    lumera = today_json(kam, "--account", "Lumera Foods")
    assert {i["account"] for s in SECTIONS for i in lumera[s]} == {"Lumera Foods"}
    usage = today_json(kam, "--text", "usage")
    assert usage["overdue"] and all("usage" in i["title"].lower() for i in usage["overdue"])
    first3 = today_json(kam, "--limit", "3")
    assert first3["totals"] == full["totals"]
    for section in SECTIONS:
        assert first3[section] == full[section][:3]
    assert today_json(kam, "--limit", "99999999999999999999") == full  # "all", no overflow
    refused(kam("today", "--limit", "0"), "--limit")
    refused(kam("today", "--account", "Lumra"), "Did you mean: Lumera Foods?")


def test_today_plain_text_lists_short_ids(demo: Services, kam: Kam) -> None:
    data = today_json(kam)
    code, out, _ = kam("today")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].startswith("Sun 22 Nov 2026: 10 overdue, 5 due today, 14 coming up, ")
    for heading in ("Overdue (10)", "Due today (5)", "Next 7 days (14)", "Touchpoints due ("):
        assert any(line.startswith(heading) for line in lines)
    rows = [line.split()[0] for line in lines if line.startswith("  ")]
    assert rows[:15] == [i["id"][:8] for i in data["overdue"] + data["due_today"]]
    _, short, _ = kam("today", "--limit", "3")
    assert "Overdue (10, first 3 shown)" in short.splitlines()


async def test_screen_and_json_agree(store: Store, demo: Services, kam: Kam) -> None:
    data = today_json(kam)
    app = KamApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        rows = app.screen.query_one(ChecklistTable).items
        for section in SECTIONS:
            shown = [key for key, item in rows.items() if item.section == section]
            assert shown == [f"{i['kind']}:{i['id']}" for i in data[section]], section


# -- add ---------------------------------------------------------------------------------

@pytest.mark.parametrize("owner,kind", [("Sofia Brandt", "team"), ("femke", "customer")])
def test_add_stores_what_was_asked(demo: Services, kam: Kam, owner: str, kind: str) -> None:
    code, out, _ = kam("add", "Send the offer", "--account", "Lumera Foods", "--due", "+3d",
                       "--owner", owner, "--priority", "high")
    item = added(demo, out)
    assert code == 0 and out.endswith(f"due 2026-11-25, owner {item_owner(demo, item)}).\n")
    assert (item.title, item.deadline, item.priority, item.owner_kind) == \
        ("Send the offer", TODAY + timedelta(3), "high", kind)
    assert item.account_id == demo.accounts.by_name("Lumera Foods").id


def item_owner(services: Services, item: ActionItem) -> str:
    if item.owner_kind == "team":
        return services.team.get(item.owner_team_member_id).name
    return services.contacts.get(item.owner_contact_id).name


@pytest.mark.parametrize("option,value,phrases", [
    ("--account", "Lumra Food", ["no account named 'Lumra Food'", "Did you mean: Lumera Foods"]),
    ("--owner", "Sofiaa Brandtt", ["No owner named", "Did you mean: Sofia Brandt (team)"]),
    ("--due", "12/01", ["'12/01' is not a date", "tomorrow", "+3d", "2026-12-01"]),
])
def test_add_refusals_store_nothing(demo: Services, kam: Kam, option: str, value: str,
                                    phrases: list[str]) -> None:
    args = {"--account": "Lumera Foods", "--due": "tomorrow", "--owner": "me", option: value}
    before = demo.actions.count()
    refused(kam("add", "Call back", *(w for pair in args.items() for w in pair)), *phrases)
    assert demo.actions.count() == before


# -- done and snooze ---------------------------------------------------------------------

@pytest.fixture
def acme(services: Services) -> dict[str, str]:
    """Three items whose ids start 'abcd0'; the third repeats weekly."""
    account = services.accounts.create({"name": "Acme"})
    ids = {}
    for n, extra in ((1, {}), (2, {}), (3, {"recurrence_every": 1, "recurrence_unit": "weeks"})):
        ids[n] = services.actions.create({"account_id": account.id, "title": f"Task {n}",
                                          "deadline": TODAY, **extra},
                                         id=f"abcd000{n}-0000-4000-8000-00000000000{n}").id
    return ids


def test_done_by_printed_short_id(demo: Services, kam: Kam) -> None:
    _, out, _ = kam("today")
    short = out.split("Overdue (10)\n")[1].split()[0]
    [item] = demo.actions.list(ActionItem.id.startswith(short))
    code, said, _ = kam("done", short)
    assert code == 0 and said == f"Marked '{item.title}' done.\n"
    assert demo.actions.get(item.id).status == "done"
    assert item.id not in {i["id"] for i in today_json(kam)["overdue"]}


@pytest.mark.parametrize("typed,phrase", [
    ("abcd", "'abcd' matches 3 action items; give more characters."),
    ("abc", "Give at least 4 characters of the action item's id (got 'abc')."),
    ("ffff", "No action item with an id starting 'ffff'."),
])
def test_done_refuses_unclear_ids(acme: dict, services: Services, kam: Kam, typed: str,
                                  phrase: str) -> None:
    refused(kam("done", typed), phrase)
    assert {i.status for i in services.actions.list()} == {"open"}


def test_done_full_id_and_repeating(acme: dict, services: Services, kam: Kam) -> None:
    assert kam("done", acme[1].upper()) == (0, "Marked 'Task 1' done.\n", "")
    code, out, _ = kam("done", "abcd0003")
    assert code == 0 and out == "Marked 'Task 3' done; next one due 2026-11-29.\n"
    following = services.actions.list(ActionItem.title == "Task 3", ActionItem.status == "open")
    assert [a.deadline for a in following] == [date(2026, 11, 29)]
    refused(kam("done", acme[1]), "'Task 1' is already done")


def test_snooze_moves_the_deadline_but_not_into_the_past(acme: dict, services: Services,
                                                         kam: Kam) -> None:
    assert kam("snooze", "abcd0002", "+3d")[1] == \
        "Snoozed 'Task 2' to 2026-11-25 (was 2026-11-22).\n"
    refused(kam("snooze", "abcd0002", "yesterday"), "2026-11-21 is in the past")
    refused(kam("snooze", "abcd0002", "soon"), "WHEN: 'soon' is not a date")
    assert services.actions.get(acme[2]).deadline == date(2026, 11, 25)


# -- touch -------------------------------------------------------------------------------

def test_touch_resets_the_clock_and_records_it(demo: Services, kam: Kam) -> None:
    femke = demo.contacts.list(Contact.name == "Femke Lehmann")[0]
    assert femke.id in {i["id"] for i in today_json(kam)["touchpoints"]}
    code, out, _ = kam("touch", "femke lehmann", "--note", "Forecast call",
                       "--account", "Lumera Foods", "--on", "yesterday")
    assert (code, out) == (0, "Logged a call with Femke Lehmann on 2026-11-21.\n")
    assert demo.contacts.get(femke.id).last_contacted == date(2026, 11, 21)
    [talk] = demo.interactions.list(Interaction.summary == "Forecast call")
    assert (talk.occurred_on, talk.account_id) == (date(2026, 11, 21), femke.account_id)
    assert demo.interaction_contacts.count(InteractionContact.interaction_id == talk.id) == 1
    assert femke.id not in {i["id"] for i in today_json(kam)["touchpoints"]}
    refused(kam("touch", "Femke Lehmann", "--on", "tomorrow"), "is in the future")


def test_touch_a_shared_name_asks_for_the_account(demo: Services, kam: Kam) -> None:
    other = demo.accounts.by_name("Arclight Solar")
    twin = demo.contacts.create({"account_id": other.id, "name": "Femke Lehmann"})
    talks = demo.interactions.count()
    refused(kam("touch", "Femke Lehmann"), "could be several contacts", "Femke Lehmann "
            "(Arclight Solar)", "Femke Lehmann (Lumera Foods)", "--account")
    assert demo.interactions.count() == talks
    assert kam("touch", "Femke Lehmann", "--account", "Arclight Solar")[0] == 0
    assert demo.contacts.get(twin.id).last_contacted == TODAY


# -- settings ----------------------------------------------------------------------------

def test_settings_show_change_and_refuse(demo: Services, kam: Kam) -> None:
    code, out, _ = kam("settings")
    assert code == 0 and "upcoming_days = 7\n" in out and "renewal_horizon_days = 90\n" in out
    assert "upcoming_days = 3\n" in kam("settings", "upcoming_days", "3")[1]
    data = today_json(kam)
    dues = [date.fromisoformat(i["due"]) for i in data["upcoming"]]
    assert dues and max(dues) <= TODAY + timedelta(3) and data["totals"]["upcoming"] < 14
    assert "\nNext 3 days (" in kam("today")[1]
    refused(kam("settings", "nope", "3"), "'nope' is not a setting", "upcoming_days")
    refused(kam("settings", "upcoming_days", "0"), "from 1 to 60, not '0'")
    refused(kam("settings", "upcoming_days", "x"), "from 1 to 60, not 'x'")
    refused(kam("settings", "upcoming_days"), "Give a value for upcoming_days")
    assert "upcoming_days = 3\n" in kam("settings")[1]


# -- awkward text and the process boundary -------------------------------------------------

TITLES = ["[bold]Loud[/] 🚀 call", "[@click=app.quit]x[/] ✅", "Café déjà vu [/]"]


def test_markup_and_emoji_come_back_verbatim_and_aligned(demo: Services, kam: Kam) -> None:
    for title in TITLES:
        assert kam("add", title, "--account", "Lumera Foods", "--due", "today")[0] == 0
    mine = [i for i in today_json(kam)["due_today"] if i["account"] == "Lumera Foods"]
    assert sorted(i["title"] for i in mine) == sorted(TITLES)
    _, out, _ = kam("today", "--account", "Lumera Foods")
    rows = out.split("Due today (3)\n")[1].split("\n\n")[0].splitlines()
    for item in mine:
        assert any(row.startswith(f"  {item['id'][:8]}") and item["title"] in row
                   for row in rows)
    assert len({cell_len(row[:row.index("Lumera Foods")]) for row in rows}) == 1


@pytest.mark.parametrize("args,phrase", [
    (["done", "zz"], "Give at least 4 characters"),
    (["add", "X", "--account", "Nowhere Inc", "--due", "today"], "no account named"),
    (["touch", "Nobody Known"], "No contact named 'Nobody Known'."),
    (["snooze", "abcd0001", "12/01"], "'12/01' is not a date"),
])
def test_refusals_as_a_process_are_one_sentence(store: Store, args: list[str],
                                                phrase: str) -> None:
    done = subprocess.run([sys.executable, "-m", "kamtui", "--db", str(store.path), *args],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("kamtui: ") and done.stderr.count("\n") == 1
    assert phrase in done.stderr and "Traceback" not in done.stderr
