"""DOMAIN step 5, getting into action: action items around today, an escalation plan
per key account, and two escalations (one open, one resolved)."""

from datetime import timedelta
from typing import Any

from kamtui.demo import data, texts
from kamtui.demo.context import AccountDraft, BuildContext
from kamtui.domain import Contact, Product, TeamMember
from kamtui.domain.enums import (
    AccountStatus,
    ActionStatus,
    EscalationTrigger,
    OwnerKind,
    Priority,
    RecurrenceBasis,
    RecurrenceUnit,
    Tier,
)

# The triggers a plan picks from ("other" is left for the KAM's own).
PLAN_TRIGGERS = [EscalationTrigger.sla_breach, EscalationTrigger.complaint,
                 EscalationTrigger.key_contact_leaving, EscalationTrigger.renewal_at_risk]


def add_actions(ctx: BuildContext, accounts: list[AccountDraft], products: dict[str, Product],
                team: dict[str, TeamMember]) -> None:
    rng = ctx.rng
    planned: list[tuple[AccountDraft, dict[str, Any]]] = []
    for account in accounts:
        n = {Tier.key: 6, Tier.major: 3, Tier.standard: int(rng.random() < 0.5)}
        for spec in rng.sample(texts.ACTIONS, n[account.spec.tier]):
            planned.append((account, _action_values(ctx, account, spec, products)))
        for objective in account.objectives[:1]:
            planned.append((account, {
                "title": f"Progress check: {objective.title.lower()}",
                "owner_kind": OwnerKind.me, "priority": Priority.medium,
                "objective_id": objective.id,
                "success_measure": f"{objective.kpi_metric} at {objective.target:g} "
                                   f"{objective.unit} by {objective.due.isoformat()}"}))
    # Deadlines by bucket, in fixed numbers so the daily checklist always has
    # overdue work, work due today and work for the coming week.
    buckets = ["overdue"] * 10 + ["today"] * 5 + ["week"] * 12 + ["none"] * 3
    buckets += ["done"] * round(len(planned) * 0.3)
    buckets += ["later"] * (len(planned) - len(buckets))
    rng.shuffle(buckets)
    for (account, values), bucket in zip(planned, buckets, strict=True):
        ctx.add("actions", {"account_id": account.row.id, **values,
                            **_deadline(ctx, bucket, values["owner_kind"])})
    _add_recurring_actions(ctx, accounts[0], team)


def _action_values(ctx: BuildContext, account: AccountDraft, spec: texts.ActionSpec,
                   products: dict[str, Product]) -> dict[str, Any]:
    owner = spec.owner
    if owner == OwnerKind.team and not account.members:
        owner = OwnerKind.me  # a standard account has no team: the KAM does it
    customer = ctx.rng.choice(account.contacts)
    return {
        "title": spec.title.format(contact=customer.name,
                                   product=ctx.rng.choice(list(products))),
        "owner_kind": owner, "priority": spec.priority, "success_measure": spec.success,
        "owner_team_member_id": (ctx.rng.choice(account.members).id
                                 if owner == OwnerKind.team else None),
        "owner_contact_id": customer.id if owner == OwnerKind.customer else None,
    }


def _deadline(ctx: BuildContext, bucket: str, owner: OwnerKind) -> dict[str, Any]:
    rng = ctx.rng
    if bucket == "done":
        offset = -rng.randint(3, 80)
        return {"deadline": ctx.day(offset), "status": ActionStatus.done,
                "completed_at": ctx.at(min(-1, offset + rng.randint(-3, 2)), 16)}
    offset = {"overdue": -rng.randint(1, 20), "today": 0, "week": rng.randint(1, 7),
              "later": rng.randint(8, 75), "none": None}[bucket]
    # Overdue work the customer owns is usually waiting on them.
    waiting = bucket == "overdue" and owner == OwnerKind.customer
    return {"deadline": None if offset is None else ctx.day(offset),
            "status": ActionStatus.waiting if waiting else ActionStatus.open}


def _add_recurring_actions(ctx: BuildContext, account: AccountDraft,
                           team: dict[str, TeamMember]) -> None:
    """Two repeating actions: one counted from its deadline, one from completion."""
    # The EDI check goes to whoever on the account knows EDI, else our EDI engineer.
    engineer = next((m for m in account.members if "EDI" in m.skills), team["Jonas Weber"])
    ctx.add("actions", {
        "account_id": account.row.id, "owner_kind": OwnerKind.me,
        "title": f"Monthly service review call with {account.contact_at(2).name}",
        "deadline": ctx.day(4), "priority": Priority.medium,
        "success_measure": "Minutes and actions shared within a day",
        "recurrence_every": 1, "recurrence_unit": RecurrenceUnit.months,
        "recurrence_basis": RecurrenceBasis.deadline})
    ctx.add("actions", {
        "account_id": account.row.id, "owner_kind": OwnerKind.team,
        "owner_team_member_id": engineer.id, "priority": Priority.low,
        "title": "Check EDI certificates and partner links", "deadline": ctx.day(1),
        "success_measure": "No certificate expires within 30 days",
        "recurrence_every": 2, "recurrence_unit": RecurrenceUnit.weeks,
        "recurrence_basis": RecurrenceBasis.completion})


def add_escalation_plan(ctx: BuildContext, account: AccountDraft,
                        team: dict[str, TeamMember]) -> None:
    rng = ctx.rng
    chosen = rng.sample(PLAN_TRIGGERS, rng.randint(3, 4))
    account.escalation_plan = ctx.add("escalation_plans", {
        "account_id": account.row.id,
        "triggers": [t for t in PLAN_TRIGGERS if t in chosen],
        "trigger_notes": rng.choice(texts.TRIGGER_NOTES),
        "crisis_plan": rng.choice(texts.CRISIS_PLANS)})
    responder = next((m for m in account.members if m.name in data.FIRST_RESPONDERS),
                     team[data.FIRST_RESPONDERS[0]])
    sponsor = team[data.EXECUTIVE_SPONSOR]
    # Higher levels are more senior and must answer faster.
    levels = [
        {"owner_kind": OwnerKind.team, "team_member_id": responder.id,
         "who": responder.role, "respond_within_hours": 72},
        {"owner_kind": OwnerKind.customer, "contact_id": account.contact_at(2).id,
         "respond_within_hours": 48},
        {"owner_kind": OwnerKind.team, "team_member_id": sponsor.id,
         "who": f"{sponsor.name} with their {account.contact_at(0).title}",
         "respond_within_hours": 24},
    ]
    for position, (values, action) in enumerate(zip(levels, texts.LEVEL_ACTIONS,
                                                    strict=True), 1):
        account.levels.append(ctx.add("escalation_levels", {
            "plan_id": account.escalation_plan.id, "position": position,
            "action": action, **values}))


def add_escalations(ctx: BuildContext, by_name: dict[str, AccountDraft]) -> None:
    """The one open escalation, on the account in crisis, still at level 1 and due
    tomorrow; and last summer's, resolved at level 2."""
    crisis = by_name[data.IN_CRISIS]
    _add_escalation(ctx, crisis, texts.OPEN_ESCALATION_EVENTS,
                    trigger=EscalationTrigger.sla_breach, reason=texts.OPEN_ESCALATION_REASON,
                    level=1, before=AccountStatus.at_risk, contact=crisis.contact_at(2),
                    respond_within=timedelta(hours=crisis.levels[0].respond_within_hours))
    ctx.counts["open_escalations"] += 1
    past = by_name[data.PAST_ESCALATION]
    _add_escalation(ctx, past, texts.PAST_ESCALATION_EVENTS,
                    trigger=EscalationTrigger.complaint, reason=texts.PAST_ESCALATION_REASON,
                    level=2, before=AccountStatus.active, contact=past.contact_at(2),
                    outcome=texts.PAST_ESCALATION_OUTCOME)


def _add_escalation(ctx: BuildContext, account: AccountDraft,
                    events: list[tuple[int, int, int, str]], *, trigger: EscalationTrigger,
                    reason: str, level: int, before: AccountStatus, contact: Contact,
                    respond_within: timedelta | None = None, outcome: str = "") -> None:
    """An escalation opened at its first event; with an outcome, resolved at its last,
    else waiting for a response within `respond_within` of opening."""
    opened = ctx.at(events[0][0], events[0][1])
    resolved = ctx.at(events[-1][0], events[-1][1]) if outcome else None
    due = opened + respond_within if respond_within is not None and not outcome else None
    row = ctx.add("escalations", {
        "account_id": account.row.id, "plan_id": account.escalation_plan.id,
        "trigger": trigger, "reason": reason, "opened_at": opened,
        "current_level": level, "level_due_at": due, "status_before": before,
        "resolved_at": resolved, "outcome": outcome})
    for offset, hour, at_level, note in events:
        ctx.add("escalation_events", {
            "escalation_id": row.id, "at": ctx.at(offset, hour),
            "level": at_level, "note": note.format(contact=contact.name)})
