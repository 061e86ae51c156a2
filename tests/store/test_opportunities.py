"""A plan's pipeline on hand-made deals (the totals worked out here), on the sample
portfolio, and adding an opportunity to a plan."""

from datetime import date

import pytest

from kamtui.demo import build_demo
from kamtui.domain import AccountPlan, Opportunity
from kamtui.domain.enums import OpportunityStage as Stage
from kamtui.errors import InvalidInput
from kamtui.store import Store
from kamtui.store.changes import undo
from kamtui.store.opportunities import (
    OpportunityRow,
    add_opportunity,
    counted_probability,
    pipeline,
    plan_pipeline,
    product_choices,
)
from kamtui.store.repos import Services

TODAY = date(2026, 11, 22)


def test_weighted_pipeline_by_hand() -> None:
    rows = [OpportunityRow("1", "A", "", 100_000, Stage.proposal, 50, None),
            OpportunityRow("2", "B", "", 40_000, Stage.won, 100, None),
            OpportunityRow("3", "C", "", 60_000, Stage.lost, 0, None),
            OpportunityRow("4", "D", "", 20_000, Stage.proposal, 25, None)]
    got = pipeline(rows, unplanned=2)
    # Pipeline: every deal not lost, 100k + 40k + 20k = 160k.
    # Weighted: 100k × 50% + 40k × 100% + 60k × 0% + 20k × 25% = 50k + 40k + 5k = 95k.
    assert got.total == 160_000 and got.weighted == pytest.approx(95_000)
    assert [(s.stage, s.count, s.value, s.weighted) for s in got.stages] == [
        (Stage.proposal, 2, 120_000, 55_000), (Stage.won, 1, 40_000, 40_000),
        (Stage.lost, 1, 60_000, 0)]
    assert got.unplanned == 2


def test_closed_stages_count_whatever_is_stored() -> None:
    assert counted_probability(Stage.won, 30) == 100
    assert counted_probability(Stage.lost, 70) == 0
    assert counted_probability(Stage.negotiation, 70) == 70


@pytest.fixture
def plan(services: Services) -> dict[str, str]:
    acme = services.accounts.create({"name": "Acme"}).id
    globex = services.accounts.create({"name": "Globex"}).id
    plan = services.plans.create({"account_id": acme, "period": "FY2027"}).id
    edi = services.products.create({"name": "EDI"}).id
    services.products.create({"name": "Analytics"})

    def deal(title: str, value: float, stage: str, probability: int,
             plan_id: str | None = plan, close: date | None = None) -> str:
        return services.opportunities.create({
            "account_id": acme, "plan_id": plan_id, "title": title, "value": value,
            "stage": stage, "probability": probability, "product_id": edi,
            "expected_close": close}).id

    ids = {"acme": acme, "globex": globex, "plan": plan, "edi": edi,
           "late": deal("Late", 10_000, "qualified", 20, close=date(2027, 6, 1)),
           "soon": deal("Soon", 30_000, "negotiation", 70, close=date(2027, 1, 15)),
           "won": deal("Won", 5_000, "won", 100),
           "loose": deal("Elsewhere", 99_000, "proposal", 50, plan_id=None)}
    return ids


def test_plan_pipeline_reads_the_plan(store: Store, plan: dict[str, str]) -> None:
    got = plan_pipeline(store, plan["acme"], plan["plan"])
    # Open ones by expected close, then the closed ones; the unplanned deal is not here.
    assert [r.id for r in got.rows] == [plan["soon"], plan["late"], plan["won"]]
    assert got.rows[0].product == "EDI"
    # 30k × 70% + 10k × 20% + 5k × 100% = 21k + 2k + 5k = 28k, of 45k.
    assert got.total == 45_000 and got.weighted == pytest.approx(28_000)
    assert got.unplanned == 1


def test_demo_pipeline_matches_its_rows(store: Store, services: Services) -> None:
    build_demo(store, TODAY)
    for account_plan in services.plans.list():
        got = plan_pipeline(store, account_plan.account_id, account_plan.id)
        deals = services.opportunities.list(Opportunity.plan_id == account_plan.id)
        assert sorted(r.id for r in got.rows) == sorted(d.id for d in deals)
        assert got.weighted == pytest.approx(sum(d.value * d.probability / 100
                                                 for d in deals))


def test_add_opportunity_to_the_plan(store: Store, services: Services,
                                     plan: dict[str, str]) -> None:
    assert [name for name, _ in product_choices(store)] == ["Analytics", "EDI"]
    row, change = add_opportunity(services, plan["acme"], plan["plan"], {
        "title": "Renewal upsell", "value": 12_000, "stage": "won", "probability": 40,
        "product_id": plan["edi"]})
    assert (row.account_id, row.plan_id, row.probability) == (plan["acme"], plan["plan"], 100)
    assert "Renewal upsell" in change.description
    with pytest.raises(InvalidInput, match="another account"):
        add_opportunity(services, plan["globex"], plan["plan"], {"title": "X"})
    with pytest.raises(InvalidInput, match="Probability"):
        add_opportunity(services, plan["acme"], plan["plan"], {"title": "X",
                                                                "probability": 120})
    undo(store, change)
    assert row.id not in {r.id for r in plan_pipeline(store, plan["acme"], plan["plan"]).rows}
    assert services.plans.count(AccountPlan.account_id == plan["acme"]) == 1
