"""DOMAIN step 2 continued: the requirements log of the key accounts (what they asked for,
who asked, what we proposed and when) and the skills each key account needs from our
team (for the team audit of step 6). Fixed texts, dated around the demo's today; this
step draws nothing from the shared random generator, so it changes no other row."""

from typing import NamedTuple

from kamtui.demo.context import AccountDraft, BuildContext
from kamtui.domain import Account
from kamtui.domain.enums import RequirementStatus as Status


class RequirementSpec(NamedTuple):
    asked_days_ago: int
    asked_by: int | None  # org-chart position of who asked (see data.KEY_ORG), or nobody
    asked: str
    proposed: str  # "" while nothing is proposed
    proposed_days_ago: int | None
    status: Status


# Positions in a key account's org chart (data.KEY_ORG).
MD, CFO, OPS, PROCUREMENT, IT, PLANNING = 0, 1, 2, 3, 4, 5

REQUIREMENTS: dict[str, list[RequirementSpec]] = {
    "Hallbergs Industrial Group": [
        RequirementSpec(
            150, OPS, "Changeover planning by product family for the Kiruna press line.",
            "Sequence rules in FlowPlan Core, set up by our planners in two workshops.",
            138, Status.delivered),
        RequirementSpec(
            64, CFO, "A licence model that does not true-up by surprise at year end.",
            "Fixed plant-based pricing for plants 3 to 6, reviewed once a year.",
            41, Status.agreed),
        RequirementSpec(
            12, PLANNING, "Spare-parts forecasts per plant, not only per group.",
            "", None, Status.open),
    ],
    "Meridian Freight Partners": [
        RequirementSpec(
            40, OPS, "Shippers want an outage notice within 15 minutes of a feed failure.",
            "Status page with push alerts to their control tower, in Premier Support.",
            33, Status.proposed),
        RequirementSpec(
            21, CFO, "Service credits for the three P1 outages, paid before renewal talks.",
            "Credits per the SLA clause plus one month of FlowTrack free; with finance.",
            9, Status.proposed),
        RequirementSpec(
            3, IT, "Root-cause report for every P1 within five working days.",
            "", None, Status.open),
    ],
    "Aurelia Health Systems": [
        RequirementSpec(
            210, IT, "German release notes and a change freeze during flu season.",
            "Localised release notes from v8; no releases from December to February.",
            180, Status.delivered),
        RequirementSpec(
            95, OPS, "Bed management in the same plan as theatres, for two pilot hospitals.",
            "Pilot of bed planning in Freiburg and Ulm under the framework contract.",
            70, Status.agreed),
        RequirementSpec(
            30, PROCUREMENT, "Yearly security review report for their DPO, in German.",
            "Security review by our solutions engineer in January, report in German.",
            18, Status.proposed),
        RequirementSpec(
            6, PLANNING, "Rosters that flag working-time law breaches before publishing.",
            "", None, Status.open),
    ],
    "Castellan Retail Holdings": [
        RequirementSpec(
            120, CFO, "Invoices that match the purchase order line by line.",
            "PO number on every invoice line and a monthly reconciliation call.",
            112, Status.delivered),
        RequirementSpec(
            48, OPS, "Promotion uplift in store forecasts, starting with the spring range.",
            "Forecast AI trial on 40 stores with last year's promotions as input.",
            30, Status.proposed),
    ],
    "Brennholt Automotive": [
        RequirementSpec(
            88, PROCUREMENT, "A 3 % price-down on the renewal, as in every supplier contract.",
            "Price held; in return the EDI onboarding of 40 more tier-2 suppliers at no fee.",
            60, Status.declined),
        RequirementSpec(
            35, OPS, "Just-in-sequence alerts when a tier-1 misses its call-off.",
            "Connect EDI Gateway alerts on missed call-offs, shown on the line dashboard.",
            20, Status.agreed),
        RequirementSpec(
            8, None, "Training for the new second-shift planners before the model launch.",
            "", None, Status.open),
    ],
    "Lumera Foods": [
        RequirementSpec(
            170, OPS, "Trace a batch from supplier to shelf within four hours for a recall.",
            "Recall view in FlowTrack Visibility with batch links from their ERP.",
            150, Status.delivered),
        RequirementSpec(
            26, MD, "A like-for-like offer for a tender against two other vendors.",
            "Renewal offer with shelf-life planning and a 2-year price lock; sent to the MD.",
            14, Status.proposed),
    ],
    "Korvane Robotics": [
        RequirementSpec(
            75, IT, "A planning API their robots can call for the next pick wave.",
            "Open API Pack with a sandbox and a joint sprint with our product team.",
            61, Status.agreed),
        RequirementSpec(
            19, OPS, "Webhooks when a plan changes, so robots re-route without polling.",
            "On the roadmap for Q2; early access for Korvane as design partner.",
            10, Status.proposed),
    ],
}

# What each key account needs from our team; a need nobody on the account has shows up
# in the team audit.
SKILLS_NEEDED: dict[str, list[str]] = {
    "Hallbergs Industrial Group": ["implementation", "forecasting", "executive relationships"],
    "Meridian Freight Partners": ["incident management", "SLAs", "commercial escalation"],
    "Aurelia Health Systems": ["security reviews", "data migration", "German language"],
    "Castellan Retail Holdings": ["EDI", "forecasting", "pricing"],
    "Voltaris Energy": ["analytics", "field service planning"],
    "Brennholt Automotive": ["EDI", "negotiation", "integration"],
    "Lumera Foods": ["renewals", "executive relationships", "data migration"],
    "Korvane Robotics": ["APIs", "roadmap", "integration"],
}


def add_requirements(ctx: BuildContext, accounts: list[AccountDraft]) -> None:
    """The requirements log of each key account that has one, and the skills it needs."""
    for account in accounts:
        skills = SKILLS_NEEDED.get(account.name)
        if skills:
            _set_skills(ctx, account, skills)
        for spec in REQUIREMENTS.get(account.name, []):
            ctx.add("requirements", {
                "account_id": account.row.id, "asked_on": ctx.day(-spec.asked_days_ago),
                "asked": spec.asked, "proposed": spec.proposed,
                "contact_id": (account.contact_at(spec.asked_by).id
                               if spec.asked_by is not None else None),
                "proposed_on": (ctx.day(-spec.proposed_days_ago)
                                if spec.proposed_days_ago is not None else None),
                "status": spec.status})


def _set_skills(ctx: BuildContext, account: AccountDraft, skills: list[str]) -> None:
    # Validated like any account edit, but written with the build's stamp (Repo.update
    # would stamp the clock, and the demo must be the same rows for the same date).
    ctx.services.accounts.validate({**account.row.model_dump(exclude={
        "id", "created_at", "updated_at", "deleted_at"}), "skills_needed": skills})
    with ctx.services.store.transaction() as session:
        row = session.get(Account, account.row.id)
        row.skills_needed = list(skills)
        session.add(row)
