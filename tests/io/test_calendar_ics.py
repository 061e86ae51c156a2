"""The calendar export: the ICS parses back with the icalendar library, holds one all-day
event per thing due (counted against the store in plain SQL), keeps each event's UID from
export to export, invites nobody, and carries awkward text through unharmed."""

import io
import re
import sqlite3
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlmodel import col, select

from kamtui.demo import build_demo
from kamtui.domain import ActionItem
from kamtui.domain.enums import ActionStatus
from kamtui.io.calendar_ics import write_ics
from kamtui.store import Store, open_store
from kamtui.store.records import edit_record
from kamtui.store.repos import Services

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
UID = re.compile(r"^(action|touchpoint|renewal|escalation|review)-[0-9a-f-]{36}@kamtui$")

# What each kind of event stands for, counted without kamtui's queries.
SQL_COUNTS = {
    "Action": """SELECT count(*) FROM action_item t JOIN account a ON a.id = t.account_id
                 WHERE t.deleted_at IS NULL AND a.deleted_at IS NULL
                 AND t.status IN ('open', 'waiting') AND t.deadline IS NOT NULL""",
    "Touchpoint": """SELECT count(*) FROM contact c JOIN account a ON a.id = c.account_id
                     WHERE c.deleted_at IS NULL AND a.deleted_at IS NULL
                     AND c.cadence_days IS NOT NULL""",
    "Renewal": """SELECT count(*) FROM account WHERE deleted_at IS NULL
                  AND status != 'churned' AND renewal_date IS NOT NULL""",
    "Escalation": """SELECT count(*) FROM escalation e JOIN account a ON a.id = e.account_id
                     WHERE e.deleted_at IS NULL AND a.deleted_at IS NULL
                     AND e.resolved_at IS NULL AND e.level_due_at IS NOT NULL""",
    "Review": """SELECT count(*) FROM account a WHERE a.deleted_at IS NULL AND (
                   SELECT r.next_review_on FROM review r
                   WHERE r.account_id = a.id AND r.deleted_at IS NULL
                   ORDER BY r.held_on DESC, r.created_at DESC, r.id DESC LIMIT 1) IS NOT NULL""",
}


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = open_store(tmp_path_factory.mktemp("demo") / "kamtui.db", create=True)
    build_demo(store, TODAY)
    yield store
    store.close()


def export(store: Store, today: date = TODAY) -> tuple[str, int]:
    out = io.StringIO(newline="")
    count = write_ics(store, out, today, now=NOW)
    return out.getvalue(), count


def events(text: str) -> dict[str, object]:
    """The events of an ICS text, by UID (each UID once)."""
    found = Calendar.from_ical(text).walk("VEVENT")
    uids = [str(event["uid"]) for event in found]
    assert len(uids) == len(set(uids))
    return dict(zip(uids, found, strict=True))


def test_the_sample_portfolio_becomes_a_calendar_with_every_kind_counted(
        portfolio: Store) -> None:
    text, count = export(portfolio)
    calendar = Calendar.from_ical(text)
    assert str(calendar["prodid"]).startswith("-//kamtui//")
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["x-wr-calname"]) == "kamtui"
    assert str(calendar["method"]) == "PUBLISH"
    found = calendar.walk("VEVENT")
    assert count == len(found)
    kinds = Counter(str(event["categories"].cats[1]) for event in found)
    with sqlite3.connect(portfolio.path) as db:
        expected = {kind: db.execute(sql).fetchone()[0] for kind, sql in SQL_COUNTS.items()}
    assert kinds == expected
    assert all(expected.values())  # the sample has some of each, so each is tested
    for event in found:
        assert UID.match(str(event["uid"]))
        assert str(event["uid"]).startswith(str(event["categories"].cats[1]).lower() + "-")
        start = event["dtstart"].dt
        assert type(start) is date  # all-day: VALUE=DATE, no time
        assert event["dtend"].dt == start + timedelta(days=1)
        assert str(event["transp"]) == "TRANSPARENT"
        assert event["dtstamp"].dt == NOW
        assert "kamtui" in event["categories"].cats


def test_nobody_is_ever_invited_and_lines_follow_the_rfc(portfolio: Store) -> None:
    text, _count = export(portfolio)
    assert "ATTENDEE" not in text.upper()
    assert "ORGANIZER" not in text.upper()
    assert all(not event.get(name) for event in Calendar.from_ical(text).walk()
               for name in ("attendee", "organizer"))
    raw = text.encode("utf-8")
    assert raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")  # every line ends in CRLF
    assert max(len(line) for line in raw.split(b"\r\n")) <= 75  # folded


def test_each_kind_says_what_is_due_and_when(portfolio: Store) -> None:
    found = events(export(portfolio)[0])
    with sqlite3.connect(portfolio.path) as db:
        db.row_factory = sqlite3.Row
        action = db.execute(
            "SELECT t.id, t.title, t.deadline, t.priority, t.success_measure, a.name "
            "FROM action_item t JOIN account a ON a.id = t.account_id WHERE t.status = "
            "'waiting' AND t.deadline IS NOT NULL AND t.success_measure != '' "
            "AND t.deleted_at IS NULL ORDER BY t.deadline LIMIT 1").fetchone()
        escalation = db.execute(
            "SELECT e.id, e.level_due_at, a.name FROM escalation e JOIN account a "
            "ON a.id = e.account_id WHERE e.resolved_at IS NULL").fetchone()
        never = db.execute(
            "SELECT c.id, c.name, a.name AS account FROM contact c JOIN account a "
            "ON a.id = c.account_id WHERE c.cadence_days IS NOT NULL "
            "AND c.last_contacted IS NULL LIMIT 1").fetchone()
        lumera = db.execute("SELECT id, renewal_date FROM account WHERE name = "
                            "'Lumera Foods'").fetchone()
    event = found[f"action-{action['id']}@kamtui"]
    assert str(event["summary"]) == f"{action['name']}: {action['title']}"
    assert event["dtstart"].dt == date.fromisoformat(action["deadline"])
    description = str(event["description"])
    assert f"Priority: {action['priority']}" in description
    assert "Status: waiting" in description
    assert f"Success measure: {action['success_measure']}" in description
    event = found[f"escalation-{escalation['id']}@kamtui"]
    due = datetime.fromisoformat(escalation["level_due_at"])
    assert str(event["summary"]) == ("Meridian Freight Partners: Escalation response due "
                                     "(SLA breach, level 1)")
    assert event["dtstart"].dt == due.date()
    assert f"Respond by {due:%Y-%m-%d %H:%M} UTC." in str(event["description"])
    event = found[f"touchpoint-{never['id']}@kamtui"]
    assert str(event["summary"]) == f"{never['account']}: Touchpoint with {never['name']}"
    assert event["dtstart"].dt == TODAY  # never contacted: a first touch is owed today
    assert "never contacted" in str(event["description"])
    assert (found[f"renewal-{lumera['id']}@kamtui"]["dtstart"].dt
            == date.fromisoformat(lumera["renewal_date"]))
    review = found[f"review-{lumera['id']}@kamtui"]
    assert str(review["summary"]) == "Lumera Foods: Account review"
    assert review["dtstart"].dt == TODAY - timedelta(days=4)  # the overdue one


def test_uids_stay_when_an_export_is_repeated_or_a_deadline_moves(demo: Services) -> None:
    first = events(export(demo.store)[0])
    again = events(export(demo.store)[0])
    assert first.keys() == again.keys()
    assert all(first[uid].to_ical() == again[uid].to_ical() for uid in first)
    with demo.store.read() as session:
        item = session.exec(select(ActionItem).where(
            ActionItem.status == ActionStatus.open, col(ActionItem.deadline).is_not(None))
        ).first()
    moved = item.deadline + timedelta(days=10)
    edit_record(demo, "actions", item.id, {"deadline": moved, "notes": "SECRET-NOTE"})
    after = events(export(demo.store)[0])
    uid = f"action-{item.id}@kamtui"
    assert after.keys() == first.keys()
    assert first[uid]["dtstart"].dt == item.deadline
    assert after[uid]["dtstart"].dt == moved
    text = export(demo.store)[0]
    assert "SECRET-NOTE" not in text  # an action's notes stay in kamtui


def test_awkward_text_round_trips(services: Services) -> None:
    account = services.accounts.create({"name": 'Smith, Jones; & Co \\ "Ltd" 🎉',
                                        "renewal_date": TODAY})
    title = "Call re: Q4, budget; then\nfollow up 🙂 \\ done"
    services.actions.create({"account_id": account.id, "title": title,
                             "deadline": TODAY, "success_measure": "A, B; C\nD"})
    contact = services.contacts.create({"account_id": account.id, "name": "Zoë O'Brien, Jr.",
                                        "title": "CFO; EMEA", "cadence_days": 30,
                                        "last_contacted": TODAY - timedelta(days=40)})
    text, count = export(services.store)
    assert count == 3
    found = events(text)
    summaries = {str(event["summary"]) for event in found.values()}
    assert summaries == {f"{account.name}: {title}", f"{account.name}: Renewal",
                         f"{account.name}: Touchpoint with {contact.name}"}
    action = next(e for e in found.values() if str(e["uid"]).startswith("action-"))
    assert "Success measure: A, B; C\nD" in str(action["description"])
    touch = found[f"touchpoint-{contact.id}@kamtui"]
    assert touch["dtstart"].dt == TODAY - timedelta(days=10)
    assert str(touch["description"]).startswith("CFO; EMEA\n")


def test_only_what_is_live_and_outstanding_goes_in(services: Services) -> None:
    live = services.accounts.create({"name": "Live", "renewal_date": TODAY})
    churned = services.accounts.create({"name": "Gone", "status": "churned",
                                        "renewal_date": TODAY})
    deleted = services.accounts.create({"name": "Deleted", "renewal_date": TODAY})
    kept = [services.actions.create({"account_id": live.id, "title": f"{status} item",
                                     "status": status, "deadline": TODAY})
            for status in ("open", "waiting", "done", "cancelled")]
    services.actions.create({"account_id": live.id, "title": "No deadline"})
    dropped = services.actions.create({"account_id": live.id, "title": "Dropped",
                                       "deadline": TODAY})
    services.actions.delete(dropped.id)
    services.actions.create({"account_id": deleted.id, "title": "Orphan", "deadline": TODAY})
    services.contacts.create({"account_id": live.id, "name": "No cadence"})
    old = services.reviews.create({"account_id": live.id, "period": "FY2025",
                                   "held_on": TODAY - timedelta(days=400),
                                   "next_review_on": TODAY - timedelta(days=300)})
    services.reviews.create({"account_id": live.id, "period": "FY2026",
                             "held_on": TODAY - timedelta(days=30),
                             "next_review_on": TODAY + timedelta(days=60)})
    at = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)
    opened = services.escalations.create({"account_id": live.id, "trigger": "complaint",
                                          "opened_at": NOW, "level_due_at": at})
    services.escalations.create({"account_id": live.id, "trigger": "other", "opened_at": NOW,
                                 "level_due_at": at, "resolved_at": NOW})
    services.accounts.delete(deleted.id)
    found = events(export(services.store)[0])
    assert {uid: event["dtstart"].dt for uid, event in found.items()} == {
        f"action-{kept[0].id}@kamtui": TODAY, f"action-{kept[1].id}@kamtui": TODAY,
        f"renewal-{live.id}@kamtui": TODAY,
        f"review-{live.id}@kamtui": TODAY + timedelta(days=60),
        f"escalation-{opened.id}@kamtui": date(2026, 11, 23)}
    assert old.id not in "".join(found)
    escalation = found[f"escalation-{opened.id}@kamtui"]
    assert str(escalation["description"]).splitlines() == [
        "Respond by 2026-11-23 23:30 UTC.", "Who responds: me.", "Level 1."]
    assert churned.id not in "".join(found)


def test_an_empty_store_is_an_empty_calendar(store: Store) -> None:
    text, count = export(store)
    assert count == 0
    calendar = Calendar.from_ical(text)
    assert calendar.walk("VEVENT") == []
    assert str(calendar["x-wr-calname"]) == "kamtui"
