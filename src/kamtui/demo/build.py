"""build_demo: the sample portfolio, built step by step through the Services layer in
one transaction, with the same rows (ids and timestamps included) for the same date."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from kamtui.demo import people, plans, portfolio, requirements, work
from kamtui.demo.context import BuildContext
from kamtui.domain.enums import Tier
from kamtui.errors import StoreError
from kamtui.store import Store
from kamtui.store.repos import Services


@dataclass(frozen=True)
class DemoSummary:
    """What build_demo made; str() is the sentence the command line prints."""

    accounts: int
    key_accounts: int
    major_accounts: int
    standard_accounts: int
    contacts: int
    team_members: int
    products: int
    actions: int
    interactions: int
    plans: int
    objectives: int
    opportunities: int
    escalation_plans: int
    open_escalations: int
    reviews: int

    def describe(self) -> str:
        return (f"Built a sample portfolio: {self.accounts} accounts ({self.key_accounts} key, "
                f"{self.major_accounts} major, {self.standard_accounts} standard), "
                f"{self.contacts} contacts, {self.team_members} team members, "
                f"{self.products} products, {self.actions} action items, "
                f"{self.interactions} interactions, {self.plans} account plans with "
                f"{self.objectives} objectives, {self.opportunities} opportunities, "
                f"{self.escalation_plans} escalation plans, {self.open_escalations} open "
                f"escalation{'s' * (self.open_escalations != 1)} and {self.reviews} reviews.")

    def __str__(self) -> str:
        return self.describe()


def build_demo(store: Store, today: date) -> DemoSummary:
    """Fill an empty store with a sample portfolio dated around `today`, in one commit:
    if any step fails, nothing is stored."""
    services = Services(store)
    with store.transaction():
        # Fixed ids would collide with an earlier demo, and mixing the sample into
        # real data would be worse: refuse anything but an empty store.
        for repo in (services.accounts, services.team, services.products):
            if repo.list(limit=1, include_deleted=True):
                raise StoreError(f"{store.path} already holds data; the sample portfolio "
                                 f"only goes into an empty store (without --db, kamtui "
                                 f"demo uses a throw-away one).")
        return _build(BuildContext(services, today))


def _build(ctx: BuildContext) -> DemoSummary:
    # Each step needs the rows of the steps before it (foreign keys).
    team = portfolio.add_team(ctx)
    products = portfolio.add_products(ctx)
    accounts = portfolio.add_accounts(ctx)
    key_accounts = [a for a in accounts if a.is_key]
    portfolio.add_assignments(ctx, accounts, team)
    for account in accounts:
        people.add_people(ctx, account, products)
    portfolio.add_whitespace(ctx, accounts, products)
    for account in key_accounts:
        plans.add_plan(ctx, account, products)
    plans.add_major_opportunities(ctx, accounts, products)
    work.add_actions(ctx, accounts, products, team)
    for account in key_accounts:
        work.add_escalation_plan(ctx, account, team)
    work.add_escalations(ctx, {a.name: a for a in accounts})
    for account in key_accounts:
        plans.add_review(ctx, account)
    requirements.add_requirements(ctx, key_accounts)
    for account in key_accounts:  # last: the rows above keep their ids
        plans.add_sources(ctx, account)

    tiers = Counter(a.spec.tier for a in accounts)
    made = ctx.counts
    return DemoSummary(
        accounts=len(accounts), key_accounts=tiers[Tier.key],
        major_accounts=tiers[Tier.major], standard_accounts=tiers[Tier.standard],
        contacts=made["contacts"], team_members=made["team"], products=made["products"],
        actions=made["actions"], interactions=made["interactions"], plans=made["plans"],
        objectives=made["objectives"], opportunities=made["opportunities"],
        escalation_plans=made["escalation_plans"], open_escalations=made["open_escalations"],
        reviews=made["reviews"])
