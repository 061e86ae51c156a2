"""A plan's opportunities with the pipeline figures, the product choices, and adding one
to a plan (edit and delete are the plain steps of store/records.py).

The pipeline is the value of every opportunity not lost. The weighted pipeline is each
value times its probability: a won deal counts 100%, a lost one 0% (whatever probability
is stored; the Opportunity validator keeps them so too), any other its probability."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select

from kamtui.domain import AccountPlan, Opportunity, Product
from kamtui.domain.enums import OpportunityStage
from kamtui.errors import InvalidInput, NotFound
from kamtui.store.changes import Change
from kamtui.store.engine import Store
from kamtui.store.records import create_record
from kamtui.store.repos import Services

_opportunity, _product = Opportunity.__table__, Product.__table__
LIMIT = 500


@dataclass(frozen=True)
class OpportunityRow:
    id: str
    title: str
    product: str  # the product's name, "" without one
    value: float
    stage: OpportunityStage
    probability: int  # as counted: 100 when won, 0 when lost
    expected_close: date | None

    @property
    def weighted(self) -> float:
        return self.value * self.probability / 100


@dataclass(frozen=True)
class StageTotal:
    stage: OpportunityStage
    count: int
    value: float
    weighted: float


@dataclass(frozen=True)
class Pipeline:
    rows: list[OpportunityRow]
    total: float  # the value of every opportunity not lost
    weighted: float
    stages: list[StageTotal] = field(default_factory=list)  # stages with any, in order
    unplanned: int = 0  # the account's opportunities in no plan (not counted here)


def counted_probability(stage: OpportunityStage, probability: int) -> int:
    if stage == OpportunityStage.won:
        return 100
    if stage == OpportunityStage.lost:
        return 0
    return probability


def pipeline(rows: list[OpportunityRow], unplanned: int = 0) -> Pipeline:
    """The totals of these rows, over all and per stage."""
    stages = []
    for stage in OpportunityStage:
        here = [r for r in rows if r.stage == stage]
        if here:
            stages.append(StageTotal(stage, len(here), sum(r.value for r in here),
                                     sum(r.weighted for r in here)))
    return Pipeline(rows, sum(r.value for r in rows if r.stage != OpportunityStage.lost),
                    sum(r.weighted for r in rows), stages, unplanned)


def plan_pipeline(store: Store, account_id: str, plan_id: str) -> Pipeline:
    """The plan's live opportunities (open ones first by expected close, then won and
    lost) with their totals, and how many of the account's are in no plan."""
    closed = _opportunity.c.stage.in_([OpportunityStage.won.value,
                                       OpportunityStage.lost.value])
    query = (select(_opportunity, _product.c.name.label("product"))
             .outerjoin(_product, _product.c.id == _opportunity.c.product_id)
             .where(_opportunity.c.plan_id == plan_id, _opportunity.c.deleted_at.is_(None))
             .order_by(closed, _opportunity.c.expected_close.is_(None),
                       _opportunity.c.expected_close, _opportunity.c.title)
             .limit(LIMIT))
    unplanned = (select(func.count()).select_from(_opportunity)
                 .where(_opportunity.c.account_id == account_id,
                        _opportunity.c.plan_id.is_(None),
                        _opportunity.c.deleted_at.is_(None)))
    with store.read() as session:
        found = session.execute(query).all()
        loose = session.execute(unplanned).scalar_one()
    rows = [OpportunityRow(r.id, r.title, r.product or "", r.value,
                           OpportunityStage(r.stage),
                           counted_probability(OpportunityStage(r.stage), r.probability),
                           r.expected_close) for r in found]
    return pipeline(rows, loose)


def product_choices(store: Store) -> list[tuple[str, str]]:
    """(name, id) of every live product by name: the choices of an opportunity's product."""
    query = (select(_product.c.name, _product.c.id).where(_product.c.deleted_at.is_(None))
             .order_by(_product.c.name).limit(LIMIT))
    with store.read() as session:
        return [(r.name, r.id) for r in session.execute(query)]


def add_opportunity(services: Services, account_id: str, plan_id: str,
                    data: Mapping[str, Any]) -> tuple[Opportunity, Change]:
    """Add an opportunity to the plan (which must be the account's)."""
    with services.store.transaction() as session:
        plan = session.get(AccountPlan, plan_id)
        if plan is None or plan.deleted_at is not None:
            raise NotFound(f"There is no plan with id {plan_id} (it may have been deleted).")
        if plan.account_id != account_id:
            raise InvalidInput(["Plan: that plan belongs to another account."])
        return create_record(services, "opportunities",
                             {**data, "account_id": account_id, "plan_id": plan_id})


__all__ = ["OpportunityRow", "Pipeline", "StageTotal", "add_opportunity",
           "counted_probability", "pipeline", "plan_pipeline",
           "product_choices"]
