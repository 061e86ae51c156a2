"""The closed vocabularies of the KAM domain. Member names equal their stored values."""

from enum import StrEnum


class Tier(StrEnum):
    key = "key"
    major = "major"
    standard = "standard"


class AccountStatus(StrEnum):
    active = "active"
    at_risk = "at_risk"
    in_crisis = "in_crisis"
    churned = "churned"


class BuyingRole(StrEnum):
    decision_maker = "decision_maker"
    economic_buyer = "economic_buyer"
    influencer = "influencer"
    champion = "champion"
    user = "user"
    gatekeeper = "gatekeeper"
    blocker = "blocker"


class Attitude(StrEnum):
    supporter = "supporter"
    neutral = "neutral"
    detractor = "detractor"


class OwnerKind(StrEnum):
    me = "me"
    team = "team"  # a team member on our side
    customer = "customer"  # a contact at the customer


class ActionStatus(StrEnum):
    open = "open"
    waiting = "waiting"
    done = "done"
    cancelled = "cancelled"


class Priority(StrEnum):
    high = "high"
    medium = "medium"
    low = "low"


class RecurrenceUnit(StrEnum):
    days = "days"
    weeks = "weeks"
    months = "months"


class RecurrenceBasis(StrEnum):
    deadline = "deadline"  # the next one is due N units after this one's deadline
    completion = "completion"  # ... or N units after the day it was done


class InteractionKind(StrEnum):
    meeting = "meeting"
    call = "call"
    email = "email"
    query = "query"
    complaint = "complaint"
    feedback = "feedback"
    requirement = "requirement"
    note = "note"


class RequirementStatus(StrEnum):
    open = "open"  # asked, nothing proposed yet
    proposed = "proposed"
    agreed = "agreed"
    declined = "declined"
    delivered = "delivered"


class OpportunityStage(StrEnum):
    identified = "identified"
    qualified = "qualified"
    proposal = "proposal"
    negotiation = "negotiation"
    won = "won"
    lost = "lost"


class WhitespaceState(StrEnum):
    has = "has"
    in_play = "in_play"
    open = "open"
    not_relevant = "not_relevant"


class EscalationTrigger(StrEnum):
    sla_breach = "sla_breach"
    complaint = "complaint"
    key_contact_leaving = "key_contact_leaving"
    renewal_at_risk = "renewal_at_risk"
    other = "other"


class ReviewDecision(StrEnum):
    stays_key = "stays_key"
    move_to_major = "move_to_major"
    promote_to_key = "promote_to_key"
    watch = "watch"


def label(value: StrEnum) -> str:
    """How a vocabulary value reads to a person: 'at_risk' -> 'at risk'."""
    return str(value).replace("_", " ")
