"""The KAM domain: SQLModel tables and the pydantic input models that validate them."""

from kamtui.domain.accounts import Account, AccountCreate
from kamtui.domain.actions import ActionItem, ActionItemCreate
from kamtui.domain.base import Row, new_id
from kamtui.domain.contacts import Contact, ContactCreate
from kamtui.domain.escalations import (
    Escalation,
    EscalationCreate,
    EscalationEvent,
    EscalationEventCreate,
    EscalationLevel,
    EscalationLevelCreate,
    EscalationPlan,
    EscalationPlanCreate,
)
from kamtui.domain.interactions import (
    Interaction,
    InteractionContact,
    InteractionContactCreate,
    InteractionCreate,
)
from kamtui.domain.plans import (
    AccountPlan,
    AccountPlanCreate,
    Objective,
    ObjectiveCreate,
    Opportunity,
    OpportunityCreate,
    PlanSource,
    PlanSourceCreate,
)
from kamtui.domain.products import Product, ProductCreate, WhitespaceCell, WhitespaceCellCreate
from kamtui.domain.requirements import Requirement, RequirementCreate
from kamtui.domain.reviews import Review, ReviewCreate
from kamtui.domain.team import Assignment, AssignmentCreate, TeamMember, TeamMemberCreate
from kamtui.domain.tiers import TierDecision, TierDecisionCreate

# Every table with the input model that validates it, in an order where each table
# comes after the tables it refers to.
TABLES: dict[type[Row], type] = {
    Account: AccountCreate,
    TeamMember: TeamMemberCreate,
    Product: ProductCreate,
    Contact: ContactCreate,
    Assignment: AssignmentCreate,
    WhitespaceCell: WhitespaceCellCreate,
    AccountPlan: AccountPlanCreate,
    Objective: ObjectiveCreate,
    PlanSource: PlanSourceCreate,
    Opportunity: OpportunityCreate,
    ActionItem: ActionItemCreate,
    Interaction: InteractionCreate,
    InteractionContact: InteractionContactCreate,
    EscalationPlan: EscalationPlanCreate,
    EscalationLevel: EscalationLevelCreate,
    Escalation: EscalationCreate,
    EscalationEvent: EscalationEventCreate,
    Review: ReviewCreate,
    Requirement: RequirementCreate,
    TierDecision: TierDecisionCreate,
}

__all__ = [cls.__name__ for cls in TABLES] + [c.__name__ for c in TABLES.values()] + [
    "Row", "TABLES", "new_id",
]
