"""The one-page meeting brief as Markdown, on the sample portfolio and on bare accounts:
health and its factors, escalations, open actions, key people, roles, renewal, deals."""

import time
from datetime import UTC, date, datetime

import pytest
from markdown_check import headings, items, kinds, paragraphs, rows, section

from kamtui.demo import build_demo
from kamtui.domain import Account, Contact, Escalation
from kamtui.errors import NotFound
from kamtui.io.brief_markdown import render_brief
from kamtui.store import open_store
from kamtui.store.account_view import account_actions
from kamtui.store.brief_view import BRIEF_ACTIONS, brief_document
from kamtui.store.health import account_health
from kamtui.store.repos import Services

TODAY = date(2026, 11, 22)
SECTIONS = ["Open escalations", "Open actions", "Key people: last touch", "Roles not covered",
            "Renewal", "Top opportunities"]


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> None:
    """Deadlines show in local time: pin it, so the days they fall on are known."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Services:
    store = open_store(tmp_path_factory.mktemp("demo") / "kamtui.db", create=True)
    build_demo(store, TODAY)
    yield Services(store)
    store.close()


def brief(services: Services, account: Account) -> str:
    return render_brief(brief_document(services.store, account.id, TODAY))


def h2(text: str) -> list[str]:
    return [title for level, title in headings(text) if level == 2]


def test_meridian_brief_has_each_part_from_the_store(demo: Services) -> None:
    account = demo.accounts.by_name("Meridian Freight Partners")
    text = brief(demo, account)
    health = account_health(demo.store, account.id, TODAY)
    assert headings(text)[0] == (1, "Meeting brief: Meridian Freight Partners")
    assert h2(text) == [f"Health: {health.score}/100", *SECTIONS[:1],
                        "Open actions (4)", *SECTIONS[2:]]
    assert paragraphs(tokens_after_title(text))[0].startswith(
        "Key account · in crisis · logistics · Benelux · as of 2026-11-22")
    lost = health.lost()
    assert lost and items(section(text, f"Health: {health.score}/100")) == [
        f"{f.points} {f.reason}" for f in lost]
    [escalation] = demo.escalations.list(Escalation.account_id == account.id,
                                         Escalation.resolved_at.is_(None))
    [line] = items(section(text, "Open escalations"))
    assert line.startswith("SLA breach, opened 2026-11-20: level 1 of 3, ")
    assert line.endswith(f"(tomorrow). Why: {escalation.reason}")
    to_do = [a for a in account_actions(demo.store, account.id) if a.status == "open"]
    shown = items(section(text, "Open actions (4)"))
    assert [s.split(": ", 1)[1].split(" (owner")[0] for s in shown] == [a.title for a in to_do]
    assert shown[1] == "in 6 days: Prepare renewal offer (owner me, high)"
    people = rows(section(text, "Key people: last touch"))
    contacts = {c.name: c for c in demo.contacts.list(Contact.account_id == account.id)}
    assert people[0] == ["Person", "Title", "Role", "Attitude", "Strength", "Last touch",
                         "Cadence"]
    assert [r[2] for r in people[1:]][:3] == ["economic buyer", "decision maker", "champion"]
    for row in people[1:]:
        last = contacts[row[0]].last_contacted
        assert row[5] == "never" if last is None else row[5].startswith(last.isoformat())
    assert "user" not in [r[2] for r in people]
    assert paragraphs(section(text, "Roles not covered")) == [
        "Every needed buying role is covered."]
    assert paragraphs(section(text, "Renewal")) == [
        f"{account.renewal_date.isoformat()}, in 206 days."]
    deals = rows(section(text, "Top opportunities"))
    weighted = [float(r[5].replace(",", "")) for r in deals[1:]]
    assert weighted == sorted(weighted, reverse=True) and len(weighted) >= 1


def tokens_after_title(text: str) -> list:
    from markdown_check import tokens

    return tokens(text)[3:]


def test_every_key_account_briefs_within_a_page(demo: Services) -> None:
    for account in demo.accounts.list(Account.tier == "key"):
        text = brief(demo, account)
        titles = h2(text)
        assert titles[0].startswith("Health: ") and titles[2].startswith("Open actions (")
        assert titles[1:2] + titles[3:] == [SECTIONS[0], *SECTIONS[2:]]
        assert len(text.splitlines()) <= 80, account.name
        assert "html_inline" not in kinds(text)


def test_a_bare_account_says_what_is_missing(services: Services) -> None:
    account = services.accounts.create({"name": "Newco"})
    text = brief(services, account)
    assert h2(text) == ["Health: 65/100", "Open escalations", "Open actions (0)", *SECTIONS[2:]]
    assert paragraphs(section(text, "Open escalations")) == ["None."]
    assert paragraphs(section(text, "Key people: last touch")) == [
        "Nobody in a buying role is recorded."]
    assert paragraphs(section(text, "Roles not covered")) == [
        "Decision maker, economic buyer, champion, influencer, user."]
    assert paragraphs(section(text, "Renewal")) == ["No renewal date recorded."]
    assert paragraphs(section(text, "Top opportunities")) == ["No open opportunity."]
    with pytest.raises(NotFound):
        brief_document(services.store, "no-such-id", TODAY)


def test_long_lists_are_cut_and_user_text_stays_text(services: Services) -> None:
    account = services.accounts.create({"name": "Busy | *Co*", "renewal_date": "2026-11-01"})
    for n in range(BRIEF_ACTIONS + 3):
        services.actions.create({"account_id": account.id, "title": f"# Task {n} | *x*",
                                 "deadline": date(2026, 11, 10 + n)})
    services.contacts.create({"account_id": account.id, "name": "Eve <b>", "title": "- CFO",
                              "buying_role": "economic_buyer", "last_contacted": "2026-11-20"})
    services.escalations.create({
        "account_id": account.id, "trigger": "renewal_at_risk", "reason": "line\n# two",
        "opened_at": datetime(2026, 11, 21, 9, tzinfo=UTC),
        "level_due_at": datetime(2026, 11, 21, 12, tzinfo=UTC)})
    text = brief(services, account)
    assert headings(text)[0] == (1, "Meeting brief: Busy | *Co*")
    actions = section(text, f"Open actions ({BRIEF_ACTIONS + 3})")
    assert len(items(actions)) == BRIEF_ACTIONS
    assert items(actions)[0] == "12 days overdue: # Task 0 | *x* (owner me, medium)"
    assert paragraphs(actions)[-1] == "And 3 more."
    assert rows(section(text, "Key people: last touch"))[1][:2] == ["Eve <b>", "- CFO"]
    [line] = items(section(text, "Open escalations"))
    assert line.startswith("Renewal at risk, opened 2026-11-21: level 1; response due "
                           "2026-11-21 ")
    assert line.endswith("(1 day overdue). Why: line # two")
    assert paragraphs(section(text, "Renewal")) == ["2026-11-01: passed 21 days ago."]
    assert not kinds(text) & {"html_inline", "em_open", "html_block"}
