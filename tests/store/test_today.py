"""The daily checklist: what each section holds and in which order, the settings it follows,
filters, limits, JSON, the sample portfolio, and a store with 100,000 open actions."""

import json
import random
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import insert

from kamtui.demo import build_demo
from kamtui.domain import ActionItem
from kamtui.domain.enums import ActionStatus, OwnerKind, Priority
from kamtui.store import Store
from kamtui.store.repos import Services
from kamtui.store.settings import Settings, save_setting
from kamtui.store.today import (
    SECTION_TITLES,
    ChecklistItem,
    ItemKind,
    Section,
    TodayFilter,
    checklist,
    section_title,
)

TODAY = date(2026, 11, 22)


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def titles(items: list[ChecklistItem]) -> list[str]:
    return [item.title for item in items]


@dataclass
class Book:
    """Ids of the hand-made portfolio."""

    acme: str
    globex: str
    tina: str
    ann: str
    bob: str


@pytest.fixture
def book(services: Services) -> Book:
    """Acme (key, with a team member and contacts), Globex (standard), and a deleted account,
    each with work in and out of every section."""
    acme = services.accounts.create({"name": "Acme", "tier": "key", "renewal_date": day(90)}).id
    globex = services.accounts.create({"name": "Globex", "renewal_date": day(0)}).id
    gone = services.accounts.create({"name": "Gone", "tier": "key", "renewal_date": day(3)}).id
    tina = services.team.create({"name": "Tina Team", "role": "Engineer"}).id
    ann = services.contacts.create({"account_id": acme, "name": "Ann Able", "title": "CFO",
                                    "buying_role": "decision_maker", "cadence_days": 14,
                                    "last_contacted": day(-20)}).id
    bob = services.contacts.create({"account_id": acme, "name": "Bob Best", "cadence_days": 30,
                                    "buying_role": "economic_buyer"}).id
    for name, cadence, last in [("Cy Cole", 30, day(-5)), ("Dee Dunn", None, None),
                                ("Eve Exact", 10, day(-10))]:
        services.contacts.create({"account_id": globex, "name": name, "cadence_days": cadence,
                                  "last_contacted": last})
    services.contacts.create({"account_id": gone, "name": "Gus Gone", "cadence_days": 5})

    def act(title: str, deadline: date | None, account: str = acme, **more: object) -> str:
        return services.actions.create({"account_id": account, "title": title,
                                        "deadline": deadline, **more}).id

    act("Old overdue", day(-10), owner_kind="team", owner_team_member_id=tina)
    act("Waiting on Ann", day(-3), owner_kind="customer", owner_contact_id=ann,
        status="waiting")
    act("Yesterday", day(-1), globex, priority="low")
    act("Done late", day(-2), status="done")
    act("Cancelled", day(-2), status="cancelled")
    services.actions.delete(act("Deleted", day(-2)))
    act("Someday", None)
    act("b today medium", day(0))
    act("a today low", day(0), priority="low")
    act("c today high", day(0), globex, priority="high")
    act("a today medium", day(0))
    act("Tomorrow", day(1))
    act("Week end", day(7), owner_kind="team", owner_team_member_id=tina)
    act("Next week", day(8))
    act("On a deleted account", day(-1), gone)
    services.accounts.delete(gone)
    return Book(acme=acme, globex=globex, tina=tina, ann=ann, bob=bob)


def test_seven_sections_in_order_with_their_titles(store: Store, book: Book) -> None:
    today = checklist(store, TODAY)
    assert today.day == TODAY
    assert [page.section for page in today.sections] == list(Section)
    assert [page.title for page in today.sections] == [
        "Overdue", "Due today", "Next 7 days", "Touchpoints due", "Renewals",
        "Escalations waiting", "Plans and reviews due"]
    assert today.section(Section.renewals) is today.sections[4]
    assert section_title(Section.upcoming, Settings(upcoming_days=14)) == "Next 14 days"
    assert section_title(Section.upcoming, Settings(upcoming_days=1)) == "Next day"
    assert section_title(Section.overdue) == SECTION_TITLES[Section.overdue]


def test_overdue_is_open_or_waiting_live_work_oldest_first(store: Store, book: Book) -> None:
    page = checklist(store, TODAY).section(Section.overdue)
    assert titles(page.items) == ["Old overdue", "Waiting on Ann", "Yesterday"]
    assert page.total == 3 and not page.is_partial
    team, customer, mine = page.items
    assert (team.owner, team.owner_kind, team.due) == ("Tina Team", OwnerKind.team, day(-10))
    assert team.kind is ItemKind.action and team.section is Section.overdue
    assert (customer.owner, customer.owner_kind, customer.contact_id) == (
        "Ann Able", OwnerKind.customer, book.ann)
    assert customer.status is ActionStatus.waiting and team.status is ActionStatus.open
    assert (mine.owner, mine.owner_kind, mine.account, mine.account_id) == (
        "me", OwnerKind.me, "Globex", book.globex)
    assert mine.priority is Priority.low and mine.detail == "" and mine.due_at is None


def test_due_today_by_priority_then_title(store: Store, book: Book) -> None:
    page = checklist(store, TODAY).section(Section.due_today)
    assert titles(page.items) == ["c today high", "a today medium", "b today medium",
                                  "a today low"]


def test_upcoming_covers_the_next_days_of_the_setting(store: Store, book: Book) -> None:
    assert titles(checklist(store, TODAY).section(Section.upcoming).items) == [
        "Tomorrow", "Week end"]
    save_setting(store, "upcoming_days", "8")
    page = checklist(store, TODAY).section(Section.upcoming)
    assert page.title == "Next 8 days"
    assert titles(page.items) == ["Tomorrow", "Week end", "Next week"]
    narrow = checklist(store, TODAY, settings=Settings(upcoming_days=1))
    assert titles(narrow.section(Section.upcoming).items) == ["Tomorrow"]


def test_touchpoints_never_contacted_first_then_most_overdue(store: Store, book: Book) -> None:
    page = checklist(store, TODAY).section(Section.touchpoints)
    # Bob: never contacted; Ann: due 6 days ago; Eve: due exactly today. Not Cy (not yet
    # due), Dee (no cadence) or Gus (deleted account).
    assert titles(page.items) == ["Bob Best", "Ann Able", "Eve Exact"]
    bob, ann, eve = page.items
    assert (bob.kind, bob.id, bob.contact_id, bob.due) == (
        ItemKind.touchpoint, book.bob, book.bob, TODAY)
    assert (ann.due, ann.detail, ann.owner, ann.owner_kind) == (
        day(-6), "CFO · decision maker", "me", OwnerKind.me)
    # Both due today: Bob as he was never contacted, which his detail says; Eve by cadence.
    assert bob.detail == "never contacted · economic buyer"
    assert (eve.due, eve.detail) == (TODAY, "user")


def test_renewals_within_the_horizon_not_churned(services: Services, store: Store,
                                                 book: Book) -> None:
    services.accounts.create({"name": "Lost", "status": "churned", "renewal_date": day(5)})
    services.accounts.create({"name": "Past", "renewal_date": day(-1)})
    services.accounts.create({"name": "Far", "renewal_date": day(91)})
    page = checklist(store, TODAY).section(Section.renewals)
    assert [(i.account, i.due) for i in page.items] == [("Globex", day(0)), ("Acme", day(90))]
    acme = page.items[1]
    assert (acme.kind, acme.id, acme.title, acme.owner) == (
        ItemKind.renewal, book.acme, "Renewal", "me")
    assert acme.detail == "key account, revenue 0"
    short = checklist(store, TODAY, settings=Settings(renewal_horizon_days=30))
    assert [i.account for i in short.section(Section.renewals).items] == ["Globex"]


def test_escalations_open_soonest_response_first(services: Services, store: Store,
                                                 book: Book) -> None:
    plan = services.escalation_plans.create({"account_id": book.acme}).id
    for position, values in enumerate([{"who": "Support desk"},
                                       {"owner_kind": "team", "team_member_id": book.tina},
                                       {"owner_kind": "customer", "contact_id": book.ann}], 1):
        services.escalation_levels.create({"plan_id": plan, "position": position, **values})
    opened = datetime(2026, 11, 20, 9, tzinfo=UTC)

    def escalate(**values: object) -> str:
        return services.escalations.create({"account_id": book.acme, "trigger": "sla_breach",
                                            "opened_at": opened, **values}).id
    no_plan = escalate(trigger="key_contact_leaving", account_id=book.globex)
    second = escalate(plan_id=plan, current_level=2,
                      level_due_at=datetime(2026, 11, 23, 23, 30, tzinfo=UTC))
    first = escalate(plan_id=plan, current_level=1,
                     level_due_at=datetime(2026, 11, 21, 8, tzinfo=UTC))
    escalate(plan_id=plan, resolved_at=opened + timedelta(days=1), outcome="Fixed")
    services.escalations.delete(escalate(plan_id=plan))
    page = checklist(store, TODAY).section(Section.escalations)
    assert [i.id for i in page.items] == [first, second, no_plan]
    one, two, three = page.items
    assert (one.title, one.owner, one.owner_kind, one.detail) == (
        "Escalation: sla breach", "Support desk", OwnerKind.team, "level 1 of 3")
    assert one.due_at == datetime(2026, 11, 21, 8, tzinfo=UTC) and one.due == day(-1)
    assert (two.owner, two.owner_kind, two.detail, two.due) == (
        "Tina Team", OwnerKind.team, "level 2 of 3", day(1))
    assert two.due_at.tzinfo is not None
    assert (three.title, three.owner, three.owner_kind, three.detail) == (
        "Escalation: key contact leaving", "me", OwnerKind.me, "level 1")
    assert three.due is None and three.due_at is None
    customer = checklist(store, TODAY, where=TodayFilter(owner=OwnerKind.team))
    assert [i.id for i in customer.section(Section.escalations).items] == [first, second]


def test_plans_and_reviews_due(services: Services, store: Store, book: Book) -> None:
    globex_key = services.accounts.create({"name": "Initech", "tier": "key"}).id
    services.accounts.update(book.globex, {"tier": "key"})
    # Acme: an old review that was due, superseded by a later one due in 5 days.
    services.reviews.create({"account_id": book.acme, "period": "FY2025",
                             "held_on": day(-400), "next_review_on": day(-35)})
    latest = services.reviews.create({"account_id": book.acme, "period": "FY2026",
                                      "held_on": day(-60), "next_review_on": day(5)}).id
    # Acme's plans: an older one long stale, the latest one due a refresh in 3 days.
    stamp = datetime(2026, 1, 1, tzinfo=UTC)
    services.plans.create({"account_id": book.acme, "period": "FY2026",
                           "sources_updated_on": day(-500)}, stamp=stamp)
    fresh = services.plans.create({"account_id": book.acme, "period": "FY2027",
                                   "sources_updated_on": day(-177)},
                                  stamp=stamp + timedelta(days=1)).id
    # Globex's only plan was deleted: it needs one written (and has no refresh).
    services.plans.delete(services.plans.create({"account_id": book.globex, "period": "X",
                                                 "sources_updated_on": day(-999)}).id)
    page = checklist(store, TODAY).section(Section.reviews)
    assert [(i.kind, i.title, i.account, i.due) for i in page.items] == [
        (ItemKind.plan, "Write the account plan", "Globex", TODAY),
        (ItemKind.plan, "Write the account plan", "Initech", TODAY),
        (ItemKind.plan, "Refresh the plan's sources (FY2027)", "Acme", day(3)),
        (ItemKind.review, "Account review", "Acme", day(5)),
    ]
    assert [i.id for i in page.items] == [book.globex, globex_key, fresh, latest]
    assert page.total == 4 and all(i.owner == "me" for i in page.items)
    assert page.items[2].detail == f"sources updated {day(-177).isoformat()}"
    assert page.items[3].detail == f"last review held {day(-60).isoformat()}"
    closer = checklist(store, TODAY, settings=Settings(review_ahead_days=4))
    assert [i.title for i in closer.section(Section.reviews).items][-1] == (
        "Refresh the plan's sources (FY2027)")
    stale_later = checklist(store, TODAY, settings=Settings(plan_stale_days=200))
    assert [i.kind for i in stale_later.section(Section.reviews).items] == [
        ItemKind.plan, ItemKind.plan, ItemKind.review]


def test_filters_apply_to_every_section(store: Store, book: Book) -> None:
    def totals(where: TodayFilter) -> dict[str, int]:
        return checklist(store, TODAY, where=where).to_json()["totals"]

    everything = totals(TodayFilter())
    assert everything == {"overdue": 3, "due_today": 4, "upcoming": 2, "touchpoints": 3,
                          "renewals": 2, "escalations": 0, "reviews": 1}
    assert totals(TodayFilter(owner=OwnerKind.team)) == {
        **dict.fromkeys(everything, 0), "overdue": 1, "upcoming": 1}
    assert totals(TodayFilter(owner=OwnerKind.customer))["overdue"] == 1
    mine = totals(TodayFilter(owner=OwnerKind.me))
    assert mine["overdue"] == 1 and mine["touchpoints"] == 3 and mine["renewals"] == 2
    globex = checklist(store, TODAY, where=TodayFilter(account_id=book.globex))
    assert {i.account for page in globex.sections for i in page.items} == {"Globex"}
    assert globex.to_json()["totals"] == {"overdue": 1, "due_today": 1, "upcoming": 0,
                                          "touchpoints": 1, "renewals": 1, "escalations": 0,
                                          "reviews": 0}
    # Text: any case, in the title, the account name or the owner's name.
    assert titles(checklist(store, TODAY, where=TodayFilter(text="TODAY M")).section(
        Section.due_today).items) == ["a today medium", "b today medium"]
    assert totals(TodayFilter(text="globex"))["renewals"] == 1
    assert titles(checklist(store, TODAY, where=TodayFilter(text=" tina ")).section(
        Section.overdue).items) == ["Old overdue"]


def test_text_filter_takes_wildcards_literally(services: Services, store: Store,
                                               book: Book) -> None:
    services.actions.create({"account_id": book.acme, "title": "Reach 100% uptime",
                             "deadline": day(-1)})
    services.actions.create({"account_id": book.acme, "title": "snake_case", "deadline": day(-1)})
    for text, expected in [("%", ["Reach 100% uptime"]), ("_", ["snake_case"]),
                           ("e_c", ["snake_case"]), ("\\", [])]:
        page = checklist(store, TODAY, where=TodayFilter(text=text)).section(Section.overdue)
        assert titles(page.items) == expected, text


def test_limit_keeps_the_first_items_and_the_full_count(store: Store, book: Book) -> None:
    page = checklist(store, TODAY, limit=2).section(Section.due_today)
    assert titles(page.items) == ["c today high", "a today medium"]
    assert page.total == 4 and page.is_partial
    nothing = checklist(store, TODAY, limit=0)
    assert all(p.items == [] for p in nothing.sections)
    assert nothing.section(Section.overdue).total == 3


def test_an_item_restored_alone_on_a_deleted_account_is_left_out(services: Services,
                                                                 store: Store) -> None:
    gone = services.accounts.create({"name": "Gone"}).id
    stray = services.actions.create({"account_id": gone, "title": "Stray", "deadline": day(-2)})
    services.accounts.delete(gone)
    with store.transaction() as session:  # what restoring only the action would leave
        row = session.get(ActionItem, stray.id)
        row.deleted_at = None
        session.add(row)
    for where in (TodayFilter(), TodayFilter(owner=OwnerKind.me)):
        page = checklist(store, TODAY, where=where).section(Section.overdue)
        assert (page.total, page.items) == (0, [])


@pytest.mark.parametrize("analyzed", [False, True])
def test_action_sections_walk_the_live_deadline_index(store: Store, book: Book,
                                                      analyzed: bool) -> None:
    # With statistics (PRAGMA optimize, or a tool's ANALYZE) SQLite once chose to start
    # from the accounts and read every action item; the plan must not depend on them.
    if analyzed:
        with sqlite3.connect(store.path) as conn:
            conn.execute("ANALYZE")
    seen: list[str] = []
    store.on_sql = seen.append
    checklist(store, TODAY)
    store.on_sql = None
    on_deadlines = [sql for sql in seen
                    if "FROM action_item" in sql and "action_item.deadline <=" in sql]
    assert len(on_deadlines) == 12  # 3 sections x 2 statuses x (count, page)
    with sqlite3.connect(store.path) as conn:
        for sql in on_deadlines:
            plan = " ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
            assert "ix_action_item_live_deadline" in plan, (sql, plan)


def test_json_is_plain_and_complete(services: Services, store: Store, book: Book) -> None:
    services.escalations.create({"account_id": book.acme, "trigger": "complaint",
                                 "opened_at": datetime(2026, 11, 21, tzinfo=UTC),
                                 "level_due_at": datetime(2026, 11, 22, 12, tzinfo=UTC)})
    data = json.loads(json.dumps(checklist(store, TODAY).to_json()))
    assert list(data) == ["date", *[s.value for s in Section], "totals"]
    assert data["date"] == "2026-11-22"
    first = data["overdue"][0]
    assert first == {"kind": "action", "id": first["id"], "title": "Old overdue",
                     "account_id": book.acme, "account": "Acme", "owner": "Tina Team",
                     "owner_kind": "team", "due": "2026-11-12", "detail": "",
                     "priority": "medium", "status": "open"}
    assert data["overdue"][1]["contact_id"] == book.ann
    escalation = data["escalations"][0]
    assert escalation["due_at"] == "2026-11-22T12:00:00+00:00" and escalation["due"] == (
        "2026-11-22")
    assert escalation["detail"] == "level 1" and "priority" not in escalation
    assert data["totals"]["due_today"] == 4


def test_the_sample_portfolio(store: Store) -> None:
    build_demo(store, TODAY)
    today = checklist(store, TODAY)
    totals = {page.section: page.total for page in today.sections}
    assert (totals[Section.overdue], totals[Section.due_today], totals[Section.upcoming]) == (
        10, 5, 14)
    escalations = today.section(Section.escalations).items
    assert [(i.account, i.detail) for i in escalations] == [("Meridian Freight Partners",
                                                             "level 1 of 3")]
    assert escalations[0].due_at == datetime(2026, 11, 23, 14, tzinfo=UTC)
    for page in today.sections:
        assert len(page.items) == page.total  # nothing cut at the default limit
        dues = [i.due for i in page.items if i.due is not None]
        if page.section is not Section.touchpoints:  # never contacted come first there
            assert dues == sorted(dues), page.section
    # Split by owner, the action sections add up to the whole.
    for section in (Section.overdue, Section.due_today, Section.upcoming):
        parts = [checklist(store, TODAY, where=TodayFilter(owner=kind)).section(section).total
                 for kind in OwnerKind]
        assert sum(parts) == totals[section]
    json.dumps(today.to_json())


def test_a_hundred_thousand_open_actions(services: Services, store: Store) -> None:
    accounts = [services.accounts.create({"name": f"Account {n:03d}"}).id for n in range(40)]
    rng = random.Random(7)
    stamp = datetime(2026, 11, 1, tzinfo=UTC)
    member = services.team.create({"name": "Tina"}).id
    rows, expected = [], {Section.overdue: 0, Section.due_today: 0, Section.upcoming: 0}
    team = 0
    for n in range(100_000):
        offset = rng.randint(-60, 60)
        owner = OwnerKind.team if n % 4 == 0 else OwnerKind.me
        rows.append({"id": f"bulk-{n:06d}", "created_at": stamp, "updated_at": stamp,
                     "account_id": accounts[n % 40], "title": f"Action {n:06d}",
                     "owner_kind": owner.value,
                     "owner_team_member_id": member if owner is OwnerKind.team else None,
                     "deadline": day(offset), "status": rng.choice(["open", "waiting"]),
                     "priority": rng.choice(list(Priority)).value, "success_measure": "",
                     "recurrence_basis": "deadline", "notes": ""})
        section = (Section.overdue if offset < 0 else Section.due_today if offset == 0
                   else Section.upcoming if offset <= 7 else None)
        if section is not None:
            expected[section] += 1
            team += section is Section.overdue and owner is OwnerKind.team
    with store.transaction() as session:
        session.execute(insert(ActionItem.__table__), rows)

    today = checklist(store, TODAY, limit=50)
    for section, total in expected.items():
        page = today.section(section)
        assert (page.total, len(page.items), page.is_partial) == (total, 50, True)
    overdue = today.section(Section.overdue).items
    assert overdue[0].due == day(-60)
    assert [i.due for i in overdue] == sorted(i.due for i in overdue)
    filtered = checklist(store, TODAY, where=TodayFilter(owner=OwnerKind.team), limit=50)
    assert filtered.section(Section.overdue).total == team
    assert {i.owner for i in filtered.section(Section.overdue).items} == {"Tina"}


def test_plain_reads_refuse_to_run_inside_a_write_transaction(store: Store) -> None:
    # Store.rows() has its own connection: inside transaction() it would miss the writes.
    with store.transaction(), pytest.raises(RuntimeError, match="stale"):
        checklist(store, TODAY)
    assert checklist(store, TODAY).day == TODAY  # outside, it reads
