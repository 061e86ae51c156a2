"""The plan read as a document: which sections are complete (worked out by hand for a
plan made in the test), the stakeholders in the order a plan names them, the account's
periods, the accounts the plan screen offers, and the sample portfolio's plans."""

from datetime import date

from kamtui.demo import build_demo
from kamtui.domain import AccountPlan, Objective, PlanSource
from kamtui.domain.enums import Attitude, BuyingRole
from kamtui.store import Store
from kamtui.store.plan_view import (
    SECTIONS,
    account_periods,
    agreed_kpis,
    first_planned_account,
    plan_document,
    plan_sections,
    plan_sources,
    plan_stakeholders,
    planned_accounts,
)
from kamtui.store.plans import start_next_period
from kamtui.store.repos import Services

TODAY = date(2026, 11, 22)


def hand_made_plan(**changes: object) -> AccountPlan:
    values = dict(account_id="a", period="FY2027", direction="Grow with them in the north",
                  value_proposition="", priorities=["Win the Oslo site"], risks="A merger",
                  competitors="Freightly", will_deliver="Two pilots",
                  wont_deliver="No custom builds", informed=[], information_sources="",
                  sources_updated_on=None, customer_agreed_on=date(2026, 10, 1))
    return AccountPlan(**{**values, **changes})


def missing(states: list) -> dict[str, str]:
    return {s.key: s.missing for s in states if not s.complete}


def test_completeness_of_a_hand_made_plan() -> None:
    # Worked out by hand: the value proposition is blank (direction incomplete), there is
    # no opportunity, nobody is named who must be informed; the other six are complete.
    plan = hand_made_plan()
    objectives = [Objective(plan_id="p", title="NPS up", kpi_metric="NPS", target=40)]
    sources = [PlanSource(plan_id="p", name="QBR minutes", updated_on=date(2026, 9, 1))]
    states = plan_sections(plan, objectives, opportunities=0, team=1, customer=2,
                           sources=sources)
    assert [s.key for s in states] == [key for key, _ in SECTIONS]
    assert missing(states) == {
        "direction": "value proposition not written yet",
        "opportunities": "no opportunity yet",
        "stakeholders": "nobody named for who must be informed",
    }
    assert sum(s.complete for s in states) == 6


def test_every_rule_of_completeness() -> None:
    plan = hand_made_plan(direction=" ", value_proposition="", priorities=["  "], risks="",
                          wont_deliver="", customer_agreed_on=None,
                          information_sources="QBR minutes")
    no_target = Objective(plan_id="p", title="Cut cost", kpi_metric="Cost", target=None)
    no_metric = Objective(plan_id="p", title="Faster", kpi_metric="", target=3)
    states = plan_sections(plan, [no_target, no_metric], opportunities=2, team=0,
                           customer=0, sources=[])
    assert missing(states) == {
        "direction": "direction and value proposition not written yet",
        "objectives": "2 objectives without a KPI metric and target",
        "priorities": "no priority yet",
        "risks": "risks not written yet",
        "delivery": "what we won't deliver not written yet",
        "stakeholders": "nobody named for our team and the customer's people and who "
                        "must be informed",
        # Written sources count only with a date.
        "sources": "no dated source yet",
        "agreement": "the customer has not agreed the plan yet",
    }
    assert plan_sections(plan, [], 1, 1, 1, [])[1].missing == "no objective yet"
    # Sources written down with a date (before they were listed one by one) count...
    dated = hand_made_plan(information_sources="QBR minutes",
                           sources_updated_on=date(2026, 8, 1))
    assert plan_sections(dated, [], 0, 0, 0, [])[7].complete
    # ... but once sources are listed, one of them must carry a date.
    undated = [PlanSource(plan_id="p", name="QBR minutes", updated_on=None)]
    assert plan_sections(dated, [], 0, 0, 0, undated)[7].missing == "no source dated yet"


def test_document_of_a_stored_plan(store: Store, services: Services) -> None:
    acme = services.accounts.create({"name": "Acme", "tier": "key"})
    member = services.team.create({"name": "Kim", "role": "Engineer"})
    services.assignments.create({"team_member_id": member.id, "account_id": acme.id,
                                 "role": "Service lead", "time_share_pct": 25})
    for name, role, attitude in (("Una User", BuyingRole.user, Attitude.neutral),
                                 ("Dee Decider", BuyingRole.decision_maker,
                                  Attitude.supporter),
                                 ("Cam Champion", BuyingRole.champion, Attitude.neutral)):
        services.contacts.create({"account_id": acme.id, "name": name, "title": "VP",
                                  "buying_role": role, "attitude": attitude})
    plan = services.plans.create({
        "account_id": acme.id, "period": "FY2027", "direction": "d",
        "value_proposition": "v", "priorities": ["p"], "informed": ["Our CEO"]})
    services.objectives.create({"plan_id": plan.id, "title": "NPS", "kpi_metric": "NPS",
                                "target": 40, "customer_agreed": True})
    services.objectives.create({"plan_id": plan.id, "title": "Cost", "kpi_metric": "EUR",
                                "target": 1})
    services.opportunities.create({"account_id": acme.id, "plan_id": plan.id,
                                   "title": "Pilot"})
    services.opportunities.create({"account_id": acme.id, "title": "Not in the plan"})
    services.plan_sources.create({"plan_id": plan.id, "name": "QBR",
                                  "updated_on": date(2026, 9, 1)})
    services.plan_sources.create({"plan_id": plan.id, "name": "Annual report"})

    document = plan_document(store, plan.id)
    assert document.account.name == "Acme" and document.plan.id == plan.id
    assert (document.objectives, document.opportunities) == (2, 1)
    # Missing: risks, delivery and the customer's agreement.
    assert document.completeness == "6 of 9 sections complete"
    assert [s.key for s in document.sections if not s.complete] == [
        "risks", "delivery", "agreement"]
    assert document.latest and document.carried_over_from is None
    assert agreed_kpis(store, plan.id) == (1, 2)
    # Undated sources first: they are the ones to look at.
    assert [s.name for s in plan_sources(store, plan.id)] == ["Annual report", "QBR"]

    people = plan_stakeholders(store, plan.id)
    assert [(p.name, p.role, p.detail) for p in people.team] == [
        ("Kim", "Service lead", "25% of their time")]
    assert [(p.name, p.role, p.detail) for p in people.customer] == [
        ("Dee Decider", "decision maker", "VP · supporter"),
        ("Cam Champion", "champion", "VP"), ("Una User", "user", "VP")]
    assert people.informed == ["Our CEO"]


def test_periods_and_the_accounts_offered(store: Store, services: Services) -> None:
    acme = services.accounts.create({"name": "Acme", "tier": "key"})
    services.accounts.create({"name": "Beta", "tier": "key"})
    major = services.accounts.create({"name": "Cyan", "tier": "major"})
    services.accounts.create({"name": "Dull", "tier": "standard"})
    assert first_planned_account(store) == acme.id  # no plan anywhere: the first key one
    first = services.plans.create({"account_id": acme.id, "period": "FY2027"})
    start_next_period(services, first.id, "FY2028")
    services.plans.create({"account_id": major.id, "period": "FY2027"})

    periods = account_periods(store, acme.id)
    assert [(p.period, p.carried_over_from) for p in periods] == [
        ("FY2027", None), ("FY2028", "FY2027")]
    assert not plan_document(store, first.id).latest
    assert plan_document(store, periods[1].id).carried_over_from == "FY2027"
    # Key accounts and the major account with a plan, each with its latest period.
    assert [(a.name, a.latest_period) for a in planned_accounts(store)] == [
        ("Acme", "FY2028"), ("Beta", None), ("Cyan", "FY2027")]


def test_first_planned_account_prefers_one_with_a_plan(store: Store,
                                                       services: Services) -> None:
    services.accounts.create({"name": "Acme", "tier": "key"})
    beta = services.accounts.create({"name": "Beta", "tier": "key"})
    services.plans.create({"account_id": beta.id, "period": "FY2027"})
    assert first_planned_account(store) == beta.id


def test_sample_portfolio_plans_read_as_documents(store: Store, services: Services) -> None:
    build_demo(store, TODAY)
    offered = planned_accounts(store)
    assert len(offered) >= 8 and all(a.latest_period == "FY2027" for a in offered
                                     if a.tier == "key")
    for account in offered:
        if account.latest_period is None:
            continue
        plan_id = account_periods(store, account.id)[-1].id
        document = plan_document(store, plan_id)
        states = {s.key: s.complete for s in document.sections}
        # The sample plans are written in full; only the agreement may be missing.
        assert all(done for key, done in states.items() if key != "agreement"), (
            account.name, document.sections)
        assert states["agreement"] == (document.plan.customer_agreed_on is not None)
        assert plan_sources(store, plan_id)
