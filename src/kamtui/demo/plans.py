"""Key account plans with objectives and opportunities, and last year's reviews
(DOMAIN steps 4 and 9)."""

from datetime import timedelta

from kamtui.demo import data, texts
from kamtui.demo.context import AccountDraft, BuildContext
from kamtui.domain import Product
from kamtui.domain.enums import (
    AccountStatus,
    OpportunityStage,
    ReviewDecision,
    Tier,
    WhitespaceState,
)

PLAN_YEARS_AHEAD = 1  # plans are for next fiscal year, reviews for this one
# Who must be informed of each plan, picked by the account's name (no random draw, so
# the rows built after the plans stay as they were).
INFORMED = (
    ["Our CEO (quarterly summary)", "Head of service delivery"],
    ["Regional sales director", "Finance (pricing and renewal)"],
    ["Executive sponsor", "Customer success lead", "Legal (contract changes)"],
)
SOURCE_STEP_DAYS = 9  # how much fresher each further source of a plan is than the first
STAGE_PROBABILITY = {
    OpportunityStage.identified: 10, OpportunityStage.qualified: 25,
    OpportunityStage.proposal: 50, OpportunityStage.negotiation: 70,
    OpportunityStage.won: 100, OpportunityStage.lost: 0,
}
# How far deals have got, by the state of their whitespace cell: a product merely open
# to sell is often just identified; one in play is past that.
STAGE_WEIGHTS = {
    WhitespaceState.open: [3, 3, 2, 1, 1, 1],
    WhitespaceState.in_play: [0, 3, 3, 3, 1, 1],
}


def add_plan(ctx: BuildContext, account: AccountDraft, products: dict[str, Product]) -> None:
    rng, full = ctx.rng, texts.KEY_PROFILES[account.name]
    troubled = account.row.status != AccountStatus.active
    agreed_on = None if troubled or rng.random() < 0.4 else ctx.day(-rng.randint(20, 70))
    account.plan = ctx.add("plans", {
        "account_id": account.row.id,
        "period": f"FY{ctx.today.year + PLAN_YEARS_AHEAD}",
        "direction": full["direction"], "value_proposition": full["value_proposition"],
        "priorities": full["priorities"],
        "risks": " ".join(rng.sample(texts.RISKS, 2)),
        "competitors": ", ".join(rng.sample(data.COMPETITORS, 2)),
        "will_deliver": " ".join(rng.sample(texts.WILL_DELIVER, 2)),
        "wont_deliver": " ".join(rng.sample(texts.WONT_DELIVER, 2)),
        "informed": INFORMED[sum(map(ord, account.row.name)) % len(INFORMED)],
        "information_sources": rng.choice(texts.SOURCES),
        "sources_updated_on": ctx.day(-rng.randint(5, 150)),
        "customer_agreed_on": agreed_on,
    })
    for position, spec in enumerate(rng.sample(texts.OBJECTIVES, rng.randint(2, 4))):
        # Share of the way from baseline to target; below zero is going backwards.
        progress = rng.uniform(-0.4, 0.3) if troubled else rng.uniform(-0.1, 0.9)
        kpi_agreed = agreed_on is not None and rng.random() < 0.8
        account.objectives.append(ctx.add("objectives", {
            "plan_id": account.plan.id, "title": spec.title, "kpi_metric": spec.metric,
            "unit": spec.unit, "baseline": spec.baseline, "target": spec.target,
            "current": round(spec.baseline + (spec.target - spec.baseline) * progress, 1),
            "due": ctx.day(rng.randint(60, 330)), "customer_agreed": kpi_agreed,
            "customer_agreed_on": agreed_on if kpi_agreed else None,
            "position": position,
        }))
    open_cells = [name for name, (state, _v) in account.whitespace.items()
                  if state in (WhitespaceState.in_play, WhitespaceState.open)]
    for name in rng.sample(open_cells, min(len(open_cells), rng.randint(1, 3))):
        _add_opportunity(ctx, account, products[name], plan_id=account.plan.id)


def add_sources(ctx: BuildContext, account: AccountDraft) -> None:
    """The plan's information sources one by one, the oldest dated as the plan's sources;
    built last and without random draws, so every earlier row keeps its id."""
    plan = account.plan
    if plan is None or plan.sources_updated_on is None:
        return
    names = [part.strip().rstrip(".") for part in plan.information_sources.split(",")]
    for index, name in enumerate(n for n in names if n):
        updated = plan.sources_updated_on + timedelta(days=index * SOURCE_STEP_DAYS)
        ctx.add("plan_sources", {"plan_id": plan.id, "name": name[:1].upper() + name[1:],
                                 "updated_on": min(updated, ctx.today)})


def add_major_opportunities(ctx: BuildContext, accounts: list[AccountDraft],
                            products: dict[str, Product]) -> None:
    """Some deals at major accounts too, outside any plan."""
    for account in accounts:
        in_play = [name for name, (state, _v) in account.whitespace.items()
                   if state == WhitespaceState.in_play]
        if account.spec.tier == Tier.major and in_play and ctx.rng.random() < 0.6:
            _add_opportunity(ctx, account, products[ctx.rng.choice(in_play)], plan_id=None)


def _add_opportunity(ctx: BuildContext, account: AccountDraft, product: Product,
                     plan_id: str | None) -> None:
    rng = ctx.rng
    state, value = account.whitespace[product.name]
    stage = rng.choices(list(STAGE_PROBABILITY), weights=STAGE_WEIGHTS[state])[0]
    closed = stage in (OpportunityStage.won, OpportunityStage.lost)
    ctx.add("opportunities", {
        "account_id": account.row.id, "plan_id": plan_id, "product_id": product.id,
        "title": f"{product.name} {rng.choice(['roll-out', 'expansion', 'pilot'])}",
        "value": value or 0.0, "stage": stage, "probability": STAGE_PROBABILITY[stage],
        "expected_close": ctx.day(-rng.randint(10, 120) if closed else rng.randint(20, 240)),
    })


def add_review(ctx: BuildContext, account: AccountDraft) -> None:
    rng, row = ctx.rng, account.row
    held_ago, next_in = data.REVIEWS[account.name]
    troubled = row.status != AccountStatus.active
    low, high = (2, 3) if troubled else (3, 5)  # the rubric, 1-5
    decision = (ReviewDecision.watch if account.name == data.AT_RISK
                else ReviewDecision.stays_key)
    notes = ("Small, but kept on the key roster: co-development partner and our "
             "reference for warehouse automation." if account.name == data.STRATEGIC
             else "")
    ctx.add("reviews", {
        "account_id": row.id, "period": f"FY{ctx.today.year}",
        "held_on": ctx.day(-held_ago), "next_review_on": ctx.day(next_in),
        "revenue": round(row.annual_revenue * rng.uniform(0.85, 1.0), -3),
        "margin_pct": round(row.margin_pct + rng.uniform(-2, 2), 1),
        "objectives_on_track": rng.randint(1, 3), "objectives_off_track": rng.randint(0, 2),
        "opportunities_won": rng.randint(0, 2), "opportunities_lost": rng.randint(0, 1),
        "kpis_met": rng.randint(2, 5), "kpis_missed": rng.randint(0, 2),
        "slas_met": rng.randint(3, 6), "slas_missed": rng.randint(1, 3) if troubled else 0,
        **{item: rng.randint(low, high) for item in
           ("trust", "access", "responsiveness", "alignment", "satisfaction")},
        "nps": rng.randint(-25, 5) if troubled else rng.randint(10, 45),
        "decision": decision, "notes": notes,
    })
