"""The per-kind rules on top of Repo, and `Services`: one object holding them all."""

from sqlalchemy import func
from sqlmodel import Session, col

from kamtui.domain import (
    Account,
    AccountPlan,
    ActionItem,
    Assignment,
    Contact,
    Escalation,
    EscalationEvent,
    EscalationLevel,
    EscalationPlan,
    Interaction,
    InteractionContact,
    Objective,
    Opportunity,
    PlanSource,
    Product,
    Requirement,
    Review,
    TeamMember,
    WhitespaceCell,
)
from kamtui.errors import NotFound
from kamtui.store.engine import Store
from kamtui.store.services import Repo


class AccountRepo(Repo[Account]):
    def by_name(self, name: str) -> Account:
        """The live account with this name (any case); the error names near matches."""
        wanted = name.strip()
        found = self.list(func.lower(Account.name) == wanted.lower(), limit=2)
        if found:
            return found[0]
        near = self.list(col(Account.name).icontains(wanted[:3]), limit=5) if wanted else []
        hint = f" Did you mean: {', '.join(a.name for a in near)}?" if near else ""
        raise NotFound(f"There is no account named {wanted!r}.{hint}")


class ContactRepo(Repo[Contact]):
    def check(self, session: Session, row: Contact) -> list[str]:
        problems = super().check(session, row)
        if problems or row.reports_to_id is None:
            return problems
        if row.reports_to_id == row.id:
            return ["Reports to: a contact cannot report to themselves."]
        boss = session.get(Contact, row.reports_to_id)
        if boss.account_id != row.account_id:
            return ["Reports to: that person works at another account."]
        seen = {row.id}
        while boss is not None and boss.reports_to_id is not None:
            if boss.reports_to_id in seen:
                return ["Reports to: that would make a reporting loop in the org chart."]
            seen.add(boss.id)
            boss = session.get(Contact, boss.reports_to_id)
        return problems


class ActionItemRepo(Repo[ActionItem]):
    def check(self, session: Session, row: ActionItem) -> list[str]:
        problems = super().check(session, row)
        if problems:
            return problems
        if row.owner_contact_id is not None:
            owner = session.get(Contact, row.owner_contact_id)
            if owner.account_id != row.account_id:
                problems.append("Owner: that contact works at another account.")
        if row.objective_id is not None:
            plan = session.get(AccountPlan, session.get(Objective, row.objective_id).plan_id)
            if plan.account_id != row.account_id:
                problems.append("Objective: that objective is in another account's plan.")
        return problems


class Services:
    """Everything the command line and the screens may do to a store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.accounts = AccountRepo(store, Account)
        self.contacts = ContactRepo(store, Contact)
        self.team = Repo(store, TeamMember)
        self.assignments = Repo(store, Assignment)
        self.products = Repo(store, Product)
        self.whitespace = Repo(store, WhitespaceCell)
        self.actions = ActionItemRepo(store, ActionItem)
        self.interactions = Repo(store, Interaction)
        self.interaction_contacts = Repo(store, InteractionContact)
        self.plans = Repo(store, AccountPlan)
        self.objectives = Repo(store, Objective)
        self.opportunities = Repo(store, Opportunity)
        self.plan_sources = Repo(store, PlanSource)
        self.escalation_plans = Repo(store, EscalationPlan)
        self.escalation_levels = Repo(store, EscalationLevel)
        self.escalations = Repo(store, Escalation)
        self.escalation_events = Repo(store, EscalationEvent)
        self.reviews = Repo(store, Review)
        self.requirements = Repo(store, Requirement)

    def get_account(self, id_or_name: str) -> Account:
        try:
            return self.accounts.get(id_or_name)
        except NotFound:
            return self.accounts.by_name(id_or_name)
