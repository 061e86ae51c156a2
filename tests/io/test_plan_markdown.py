"""The plan as Markdown, both audiences, on the sample portfolio: the internal version holds
the whole blueprint, the customer version none of what is internal (checked field by field),
and user text reads the same once rendered, whatever Markdown it holds."""

from datetime import date
from pathlib import Path

import pytest
from markdown_check import headings, items, kinds, paragraphs, rows, section

from kamtui.demo import build_demo
from kamtui.domain import (
    Account,
    AccountPlan,
    ActionItem,
    Contact,
    Objective,
    Opportunity,
    PlanSource,
)
from kamtui.domain.enums import Tier
from kamtui.errors import NotFound
from kamtui.io.markdown import block, cell, inline
from kamtui.io.plan_markdown import render_plan
from kamtui.store import Store, open_store
from kamtui.store.documents import plan_document, plan_periods
from kamtui.store.repos import Services

TODAY = date(2026, 11, 22)
INTERNAL_SECTIONS = [
    "The account", "Direction", "Value proposition", "Priorities", "Objectives and KPIs",
    "Opportunities", "Risks", "Competitors", "What we will deliver",
    "What we will not deliver", "Stakeholders", "Information sources", "Internal notes"]
CUSTOMER_SECTIONS = [
    "Direction", "Value proposition", "Priorities", "Objectives and KPIs",
    "Opportunities we will explore together", "What we will deliver", "Stakeholders"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Services:
    """The sample portfolio, shared by the tests that only read it."""
    store = open_store(tmp_path_factory.mktemp("demo") / "kamtui.db", create=True)
    build_demo(store, TODAY)
    yield Services(store)
    store.close()


def key_accounts(services: Services) -> list[Account]:
    return services.accounts.list(Account.tier == Tier.key, order_by=[Account.name])


def both(services: Services, account: Account) -> tuple[str, str]:
    doc = plan_document(services.store, account.id, TODAY)
    return render_plan(doc, "internal"), render_plan(doc, "customer")


def h2(text: str) -> list[str]:
    return [title for level, title in headings(text) if level == 2]


def test_every_key_account_has_both_versions_with_their_sections(demo: Services) -> None:
    accounts = key_accounts(demo)
    assert len(accounts) == 8
    for account in accounts:
        internal, customer = both(demo, account)
        [plan] = demo.plans.list(AccountPlan.account_id == account.id)
        title = (1, f"Key account plan: {account.name}, {plan.period}")
        assert headings(internal)[0] == headings(customer)[0] == title
        assert h2(internal) == INTERNAL_SECTIONS
        shared = [s for s in CUSTOMER_SECTIONS if s in h2(customer)]
        assert h2(customer) == shared and len(shared) >= len(CUSTOMER_SECTIONS) - 1
        assert internal.startswith("# ") and internal.endswith("_Prepared on 2026-11-22._\n")


def test_customer_version_leaves_out_each_internal_field(demo: Services) -> None:
    for account in key_accounts(demo):
        internal, customer = both(demo, account)
        [plan] = demo.plans.list(AccountPlan.account_id == account.id)
        assert customer.count("\n") < internal.count("\n")
        # margin, revenue and cost to serve
        for figure in (f"margin: {account.margin_pct:g} %", f"{account.annual_revenue:,.0f}",
                       f"cost to serve: {account.cost_to_serve:,.0f}"):
            assert figure in internal and figure not in customer, figure
        assert "margin" not in customer.lower() and "revenue" not in customer.lower()
        # risks, competitors and what we won't deliver, sentence by sentence
        risks = [s.strip() + "." for s in plan.risks.split(".") if s.strip()]
        wont = [s.strip() + "." for s in plan.wont_deliver.split(".") if s.strip()]
        competitors = [c.strip() for c in plan.competitors.split(",")]
        for text in [*risks, *wont, *competitors]:
            assert inline(text) in internal and text not in customer, text
        # who we keep informed, and where the information comes from
        assert items(section(internal, "Kept informed")) == plan.informed
        sources = demo.plan_sources.list(PlanSource.plan_id == plan.id)
        assert sorted(r[0] for r in rows(section(internal, "Information sources"))[1:]) == \
            sorted(s.name for s in sources) and sources
        for who in plan.informed:  # "Executive sponsor" may be a team member's role too
            assert f"- {inline(who)}\n" in internal and f"- {inline(who)}\n" not in customer
        for text in (s.name for s in sources):
            assert text not in customer, text
        assert "Kept informed" not in customer
        for heading in ("Risks", "Competitors", "What we will not deliver",
                        "Information sources", "Internal notes", "The account"):
            assert heading in h2(internal) and heading not in h2(customer)
        # how we read their people, and the pipeline
        for word in ("detractor", "supporter", "neutral", "Attitude", "Strength",
                     "Weighted", "Probability", "Internal"):
            assert word not in customer, word
        for deal in demo.opportunities.list(Opportunity.plan_id == plan.id):
            assert f"| {deal.value:,.0f} |" in internal
            assert f"{deal.value:,.0f}" not in customer


def test_customer_version_keeps_what_is_shared(demo: Services) -> None:
    account = demo.accounts.by_name("Lumera Foods")
    internal, customer = both(demo, account)
    [plan] = demo.plans.list(AccountPlan.account_id == account.id)
    for text in (plan.direction, plan.value_proposition, plan.will_deliver):
        assert paragraphs(section(customer, _title(text, plan)))[0] == text
    assert items(section(customer, "Priorities")) == plan.priorities
    objectives = demo.objectives.list(Objective.plan_id == plan.id,
                                      order_by=[Objective.position])
    table = rows(section(customer, "Objectives and KPIs"))
    assert [r[1] for r in table[1:]] == [o.title for o in objectives]
    assert table == rows(section(internal, "Objectives and KPIs"))
    people = demo.contacts.list(Contact.account_id == account.id)
    at = rows(section(customer, f"At {account.name}"))
    assert at[0] == ["Name", "Title"]
    assert sorted(r[0] for r in at[1:]) == sorted(c.name for c in people)
    assert "Period FY2027 · draft, to be agreed together" in customer


def _title(text: str, plan: AccountPlan) -> str:
    return {plan.direction: "Direction", plan.value_proposition: "Value proposition",
            plan.will_deliver: "What we will deliver"}[text]


def test_notes_stay_internal(store: Store, services: Services) -> None:
    build_demo(store, TODAY)
    account = services.accounts.by_name("Lumera Foods")
    [plan] = services.plans.list(AccountPlan.account_id == account.id)
    objective = services.objectives.list(Objective.plan_id == plan.id,
                                         order_by=[Objective.position])[0]
    deal = services.opportunities.list(Opportunity.plan_id == plan.id)[0]
    services.accounts.update(account.id, {"notes": "Account note: budget is gone."})
    services.opportunities.update(deal.id, {"notes": "Deal note: they lowball."})
    services.actions.create({"account_id": account.id, "title": "Site visit",
                             "deadline": date(2026, 12, 3), "objective_id": objective.id,
                             "success_measure": "Plant manager signs off",
                             "notes": "Action note: bring the CFO deck."})
    detractor = services.contacts.list(Contact.account_id == account.id,
                                       Contact.notes != "")[0]
    internal, customer = both(services, account)
    notes = items(section(internal, "Internal notes"))
    for note in ("Account: Account note: budget is gone.",
                 f"Contact {detractor.name}: {detractor.notes}",
                 f"Opportunity {deal.title}: Deal note: they lowball.",
                 "Action Site visit: Action note: bring the CFO deck."):
        assert note in notes
        assert note.split(": ", 1)[1] not in customer
    # The linked action is shared, its note is not.
    expected = ("Site visit (due 2026-12-03; owner me; open; success: Plant manager signs "
                "off)")
    assert expected in items(section(customer, f"1. {objective.title}"))


def test_an_earlier_period_is_chosen_by_name_and_the_newest_is_the_default(
        services: Services) -> None:
    account = services.accounts.create({"name": "Orbis", "tier": "key"})
    old = services.plans.create({"account_id": account.id, "period": "FY2026",
                                 "direction": "Old way."}, stamp=_at(2025, 11, 1))
    services.plans.create({"account_id": account.id, "period": "FY2027",
                           "direction": "New way.", "carried_over_from_id": old.id},
                          stamp=_at(2026, 11, 1))
    assert plan_periods(services.store, account.id) == ["FY2027", "FY2026"]
    newest = render_plan(plan_document(services.store, account.id, TODAY))
    assert "Period FY2027 · carried over from FY2026 · not yet agreed" in newest
    earlier = render_plan(plan_document(services.store, account.id, TODAY, " fy2026 "))
    assert paragraphs(section(earlier, "Direction")) == ["Old way."]
    with pytest.raises(NotFound) as err:
        plan_document(services.store, account.id, TODAY, "FY2030")
    assert str(err.value) == "Orbis has no plan for 'FY2030'; its plans are for FY2027, FY2026."
    bare = services.accounts.create({"name": "Bare"})
    with pytest.raises(NotFound, match="^Bare has no key account plan yet.$"):
        plan_document(services.store, bare.id, TODAY)


def test_an_empty_plan_marks_its_sections_and_the_customer_version_skips_them(
        services: Services) -> None:
    account = services.accounts.create({"name": "Blank", "tier": "key"})
    services.plans.create({"account_id": account.id, "period": "FY2027"})
    doc = plan_document(services.store, account.id, TODAY)
    internal, customer = render_plan(doc, "internal"), render_plan(doc, "customer")
    assert paragraphs(section(internal, "Risks")) == ["Not written yet."]
    assert paragraphs(section(internal, "Kept informed")) == ["Not written yet."]
    assert paragraphs(section(internal, "Information sources")) == ["Not written yet."]
    assert h2(customer) == ["Stakeholders"]
    assert "Nobody is assigned yet." in internal and "Your key account manager." in customer


HOSTILE = "# Not a heading\n- not a list\n1. not ordered\n\n> not a quote\n" \
          "[link](http://x) `code` ~~gone~~ <b>bold</b> a_b _c_ &amp; \\ end *"


def test_user_text_with_markdown_reads_the_same_once_rendered(services: Services,
                                                               tmp_path: Path) -> None:
    name = "Acme | *Bold* #1 <i>Co</i> ##"
    account = services.accounts.create({"name": name, "tier": "key", "notes": HOSTILE})
    plan = services.plans.create({
        "account_id": account.id, "period": "FY27 #", "direction": HOSTILE,
        "priorities": ["*star* | pipe", "---", "2. second"], "risks": "===\n***",
        "informed": ["+ Legal | *now*"], "information_sources": "# QBR\n| a | b |",
        "will_deliver": "    indented code?"})
    services.objectives.create({"plan_id": plan.id, "title": "KPI | with *pipe*",
                                "kpi_metric": "a|b", "unit": "<%>", "baseline": 1,
                                "target": 2, "current": 1.5})
    contact = services.contacts.create({"account_id": account.id, "name": "Ann | Lee",
                                        "title": "<script>x</script>", "notes": "n|1"})
    services.opportunities.create({"account_id": account.id, "plan_id": plan.id,
                                   "title": "Deal | [x]", "notes": "- one\n\n- two"})
    doc = plan_document(services.store, account.id, TODAY)
    for audience in ("internal", "customer"):
        text = render_plan(doc, audience)
        assert headings(text)[0] == (1, f"Key account plan: {name}, FY27 #")
        assert [lvl for lvl, _t in headings(text)].count(1) == 1
        assert not kinds(text) & {"html_inline", "html_block", "link_open", "s_open",
                                  "blockquote_open", "code_block", "fence", "hr"}
        assert paragraphs(section(text, "Direction")) == [
            "# Not a heading\n- not a list\n1. not ordered", "> not a quote\n"
            "[link](http://x) `code` ~~gone~~ <b>bold</b> a_b _c_ &amp; \\ end *"]
        assert items(section(text, "Priorities")) == ["*star* | pipe", "---", "2. second"]
        assert paragraphs(section(text, "What we will deliver")) == ["indented code?"]
        table = rows(section(text, "Objectives and KPIs"))
        assert all(len(r) == len(table[0]) for r in table)
        assert table[1][1:6] == ["KPI | with *pipe*", "a|b", "1 <%>", "2 <%>", "1.5 <%>"]
        people = rows(section(text, f"At {name}"))
        assert people[1][:2] == ["Ann | Lee", "<script>x</script>"]
        assert all(len(r) == len(people[0]) for r in people)
    internal = render_plan(doc, "internal")
    assert paragraphs(section(internal, "Risks")) == ["===\n***"]
    assert items(section(internal, "Kept informed")) == ["+ Legal | *now*"]
    assert paragraphs(section(internal, "Information sources")) == [
        "# QBR\n| a | b |", "Last updated: never."]
    notes = items(section(internal, "Internal notes"))
    assert notes[0] == "Account: # Not a heading\n- not a list\n1. not ordered"
    assert f"Contact {contact.name}: n|1" in notes


def test_escaping_keeps_plain_text_plain() -> None:
    assert inline("Q3 review, 10 % off (draft)") == "Q3 review, 10 % off (draft)"
    assert inline("sla_breach and C#") == "sla_breach and C#"
    assert cell("- 5 | 6") == "- 5 \\| 6"
    assert block("one\r\ntwo\x1b[31m\n\n\n\nthree") == "one  \ntwo\\[31m\n\nthree"


def _at(year: int, month: int, day: int):  # noqa: ANN202
    from datetime import UTC, datetime

    return datetime(year, month, day, tzinfo=UTC)


def test_deleted_rows_stay_out(services: Services) -> None:
    account = services.accounts.create({"name": "Gone", "tier": "key"})
    plan = services.plans.create({"account_id": account.id, "period": "FY2027"})
    kept = services.objectives.create({"plan_id": plan.id, "title": "Kept"})
    dropped = services.objectives.create({"plan_id": plan.id, "title": "Dropped"})
    services.objectives.delete(dropped.id)
    item = services.actions.create({"account_id": account.id, "title": "Cancelled one",
                                    "objective_id": kept.id, "status": "cancelled"})
    text = render_plan(plan_document(services.store, account.id, TODAY))
    assert [r[1] for r in rows(section(text, "Objectives and KPIs"))[1:]] == ["Kept"]
    assert item.title not in text and "No action planned yet." in text
    assert services.actions.list(ActionItem.id == item.id)
