"""The KAM domain: SQLModel tables and the pydantic input models that validate them.

The names below load on first use (PEP 562), so a module that needs only the enums,
dates or words of the domain (`kamtui today`) does not pay for SQLModel and pydantic."""

from importlib import import_module
from typing import Any

_HOMES = {
    "accounts": ["Account", "AccountCreate"],
    "actions": ["ActionItem", "ActionItemCreate"],
    "base": ["Row", "new_id"],
    "contacts": ["Contact", "ContactCreate"],
    "escalations": ["Escalation", "EscalationCreate", "EscalationEvent",
                    "EscalationEventCreate", "EscalationLevel", "EscalationLevelCreate",
                    "EscalationPlan", "EscalationPlanCreate"],
    "interactions": ["Interaction", "InteractionContact", "InteractionContactCreate",
                     "InteractionCreate"],
    "plans": ["AccountPlan", "AccountPlanCreate", "Objective", "ObjectiveCreate",
              "Opportunity", "OpportunityCreate", "PlanSource", "PlanSourceCreate"],
    "products": ["Product", "ProductCreate", "WhitespaceCell", "WhitespaceCellCreate"],
    "requirements": ["Requirement", "RequirementCreate"],
    "reviews": ["Review", "ReviewCreate"],
    "team": ["Assignment", "AssignmentCreate", "TeamMember", "TeamMemberCreate"],
    "tiers": ["TierDecision", "TierDecisionCreate"],
}
_HOME = {name: module for module, names in _HOMES.items() for name in names}


def _tables() -> dict[Any, type]:
    """Every table with the input model that validates it, in an order where each table
    comes after the tables it refers to."""
    names = ["Account", "TeamMember", "Product", "Contact", "Assignment", "WhitespaceCell",
             "AccountPlan", "Objective", "PlanSource", "Opportunity", "ActionItem",
             "Interaction", "InteractionContact", "EscalationPlan", "EscalationLevel",
             "Escalation", "EscalationEvent", "Review", "Requirement", "TierDecision"]
    return {__getattr__(name): __getattr__(f"{name}Create") for name in names}


def __getattr__(name: str) -> Any:
    if name == "TABLES":
        value: Any = _tables()
    elif name in _HOME:
        value = getattr(import_module(f"kamtui.domain.{_HOME[name]}"), name)
    else:
        raise AttributeError(f"module 'kamtui.domain' has no attribute {name!r}")
    globals()[name] = value  # looked up once
    return value


__all__ = [*_HOME, "TABLES"]
