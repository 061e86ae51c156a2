"""The portfolio itself: our team and products, the 40 accounts with their economics and
profiles, who works on which account, and the whitespace grid (DOMAIN steps 1-3, 6)."""

from typing import Any

from kamtui.demo import data, texts
from kamtui.demo.context import AccountDraft, BuildContext, plain_ascii
from kamtui.domain import Product, TeamMember
from kamtui.domain.enums import AccountStatus, Tier, WhitespaceState

# Revenue falls with rank r as ((1 + OFFSET) / (r + OFFSET)) ** EXPONENT (a shifted
# Zipf curve): with 40 accounts the top 20 % bring about 77 % of revenue, the shape
# DOMAIN step 1 describes, without one account dwarfing all the others.
TOP_REVENUE = 8_500_000.0
PARETO_OFFSET = 3
PARETO_EXPONENT = 2.1


def add_team(ctx: BuildContext) -> dict[str, TeamMember]:
    return {spec.name: ctx.add("team", {
        "name": spec.name, "role": spec.role, "skills": spec.skills,
        "email": f"{plain_ascii(spec.name).replace(' ', '.')}@ourcompany.example",
    }) for spec in data.TEAM}


def add_products(ctx: BuildContext) -> dict[str, Product]:
    return {spec.name: ctx.add("products", {
        "name": spec.name, "line": spec.line, "description": spec.description,
    }) for spec in data.PRODUCTS}


def add_accounts(ctx: BuildContext) -> list[AccountDraft]:
    # Renewals spread evenly over the next year, in shuffled order.
    renewals = [9 + round(i * 350 / (len(data.ACCOUNTS) - 1))
                for i in range(len(data.ACCOUNTS))]
    ctx.rng.shuffle(renewals)
    built = []
    for rank, (spec, renewal) in enumerate(zip(data.ACCOUNTS, renewals, strict=True), 1):
        curve = ((1 + PARETO_OFFSET) / (rank + PARETO_OFFSET)) ** PARETO_EXPONENT
        revenue = round(TOP_REVENUE * curve * ctx.rng.uniform(0.96, 1.04), -3)
        values = {
            "name": spec.name, "tier": spec.tier, "industry": spec.industry,
            "region": spec.region, "annual_revenue": revenue,
            "renewal_date": ctx.day(38 if spec.name == data.AT_RISK else renewal),
            "status": {data.IN_CRISIS: AccountStatus.in_crisis,
                       data.AT_RISK: AccountStatus.at_risk}.get(spec.name,
                                                                AccountStatus.active),
            **_economics(ctx, spec, revenue), **_profile(ctx, spec),
        }
        built.append(AccountDraft(ctx.add("accounts", values), spec))
    return built


def _economics(ctx: BuildContext, spec: data.AccountSpec, revenue: float) -> dict[str, Any]:
    rng = ctx.rng
    margin, serve_share = {
        Tier.key: (rng.uniform(14, 28), rng.uniform(0.04, 0.08)),
        Tier.major: (rng.uniform(8, 22), rng.uniform(0.05, 0.10)),
        Tier.standard: (rng.uniform(4, 25), rng.uniform(0.07, 0.15)),
    }[spec.tier]
    importance, growth = {
        Tier.key: (rng.randint(4, 5), rng.randint(2, 5)),
        Tier.major: (rng.randint(2, 4), rng.randint(2, 4)),
        Tier.standard: (rng.randint(1, 3), rng.choice([1, 2, 3, 3, 4, 5])),
    }[spec.tier]
    if spec.name == data.UNPROFITABLE:
        serve_share, importance, growth = 0.22, 2, 2
    if spec.name == data.STRATEGIC:
        importance, growth = 5, 5
    return {"margin_pct": data.MARGIN_OVERRIDES.get(spec.name, round(margin, 1)),
            "cost_to_serve": round(revenue * serve_share, -3),
            "strategic_importance": importance, "growth_potential": growth}


def _profile(ctx: BuildContext, spec: data.AccountSpec) -> dict[str, str]:
    full = texts.KEY_PROFILES.get(spec.name)
    if full is not None:
        fields = ("objectives", "needs", "pains", "loves", "pet_peeves", "worries",
                  "decision_process", "why_us", "handoff_notes")
        return {name: full[name] for name in fields}
    objectives, needs, why_us = ctx.rng.choice(texts.SHORT_PROFILES[spec.industry])
    notes = ""
    if spec.name == data.UNPROFITABLE:
        notes = ("Biggest account off the key roster: the custom on-site SLA costs more "
                 "than it earns. Renegotiate scope at renewal.")
    return {"objectives": objectives, "needs": needs, "why_us": why_us, "notes": notes}


def add_assignments(ctx: BuildContext, accounts: list[AccountDraft],
                    team: dict[str, TeamMember]) -> None:
    key = [a for a in accounts if a.spec.tier == Tier.key]
    major = [a for a in accounts if a.spec.tier == Tier.major]
    for spec in data.TEAM:
        for group, n, share in ((key, spec.n_key, spec.share_key),
                                (major, spec.n_major, spec.share_major)):
            for account in ctx.rng.sample(group, n):
                ctx.add("assignments", {
                    "team_member_id": team[spec.name].id, "account_id": account.row.id,
                    "role": spec.role, "time_share_pct": share})
                account.members.append(team[spec.name])


def add_whitespace(ctx: BuildContext, accounts: list[AccountDraft],
                   products: dict[str, Product]) -> None:
    states = list(WhitespaceState)  # has, in_play, open, not_relevant
    for account in accounts:
        if account.spec.tier == Tier.standard:
            continue
        weights = [4, 2, 3, 2] if account.is_key else [2, 1, 4, 3]
        # Bigger customers buy more of each product.
        size = min(3.0, max(0.5, account.row.annual_revenue / 4_000_000))
        for spec in data.PRODUCTS:
            state = (WhitespaceState.has if spec.name == data.CORE_PRODUCT
                     else ctx.rng.choices(states, weights=weights)[0])
            value = (None if state == WhitespaceState.not_relevant else
                     round(spec.yearly_value * size * ctx.rng.uniform(0.8, 1.2), -3))
            account.whitespace[spec.name] = (state, value)
            ctx.add("whitespace", {"account_id": account.row.id,
                                   "product_id": products[spec.name].id,
                                   "state": state, "value": value})
