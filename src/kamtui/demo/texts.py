"""The words of the sample portfolio: customer profiles, plans, objectives, and the
templates actions and interactions are written from. All of it is invented."""

from typing import NamedTuple

from kamtui.domain.enums import InteractionKind, OwnerKind, Priority

# The full customer profile and plan of each key account (DOMAIN steps 2 and 4).
KEY_PROFILES: dict[str, dict[str, str | list[str]]] = {
    "Hallbergs Industrial Group": {
        "objectives": "Lift overall equipment effectiveness from 71 % to 80 % across six "
                      "plants by 2028; cut working capital tied up in stock by 15 %.",
        "needs": "One plan from sales forecast to shop floor; planners who trust the numbers.",
        "pains": "Each plant plans in its own spreadsheet; changeovers are planned by gut "
                 "feel; a quarter-end scramble every quarter.",
        "loves": "Our planners on site in week one; the capacity heat-map.",
        "pet_peeves": "Licence true-ups that arrive as a surprise invoice.",
        "worries": "That a second plant roll-out stalls like Kiruna did in 2024.",
        "decision_process": "Group operations committee decides; CFO signs anything over "
                            "500k; plant directors have a de-facto veto on roll-outs.",
        "why_us": "We planned their pilot plant to a 6-point OEE gain in nine months.",
        "handoff_notes": "Won in 2023 against Stratos. Promised: a named delivery manager "
                         "and quarterly reviews with the COO.",
        "direction": "From one plant to the group standard: roll FlowPlan out to all six "
                     "plants and make Forecast AI the base of their S&OP.",
        "value_proposition": "A single, trusted plan across six plants that frees 15 % "
                             "of working capital and lifts OEE to 80 %.",
        "priorities": ["Roll-out to plants 3 and 4 before summer shutdown",
                       "Forecast AI pilot in the spare-parts business",
                       "Quarterly COO review with joint KPI scorecard"],
    },
    "Meridian Freight Partners": {
        "objectives": "Grow contract logistics 20 % a year; on-time delivery above 96 % for "
                      "their top 30 shippers.",
        "needs": "Live tracking their shippers can see; fewer manual status calls.",
        "pains": "Three P1 outages of the tracking feed in six weeks; control tower staff "
                 "back on the phone.",
        "loves": "FlowTrack alerts when they work; Marcus's incident calls.",
        "pet_peeves": "Post-mortems that arrive a week late and say 'third party'.",
        "worries": "Losing their largest shipper if tracking fails again in peak season.",
        "decision_process": "Network operations proposes, the board approves; the CFO runs "
                            "a price benchmark at every renewal.",
        "why_us": "Only vendor that could track road, rail and barge in one view.",
        "handoff_notes": "Sold on a 99.9 % availability SLA with service credits; check the "
                         "credit clause before any outage call.",
        "direction": "Win back trust first: stabilise FlowTrack, prove it for a quarter, "
                     "then extend to their new barge terminal.",
        "value_proposition": "Shippers see every load live, so Meridian's control tower "
                             "handles exceptions instead of status calls.",
        "priorities": ["Stability plan for the tracking feed, reviewed weekly",
                       "Service credit settlement agreed before renewal talks",
                       "Barge terminal pilot once two clean months are behind us"],
    },
    "Aurelia Health Systems": {
        "objectives": "Shorten theatre waiting lists by a fifth; staff planning that "
                      "respects working-time law in 14 hospitals.",
        "needs": "Capacity planning for theatres and beds; audit trail for every change.",
        "pains": "Agency staff costs up 30 %; planning done by nurses after their shift.",
        "loves": "Our data-protection paperwork was ready before they asked.",
        "pet_peeves": "Release notes in English only; changes during flu season.",
        "worries": "A data breach in the news with their name on it.",
        "decision_process": "Board of directors with the works council; public tender "
                            "rules above the threshold; 9-month cycles.",
        "why_us": "Reference visit at a university hospital convinced their clinical lead.",
        "handoff_notes": "Tender won on quality points, not price. Their DPO wants a yearly "
                         "security review.",
        "direction": "Expand from theatres to bed management and staff rostering across "
                     "all 14 hospitals, within the framework contract.",
        "value_proposition": "Fewer cancelled operations and less agency spend, with "
                             "planning that nurses no longer do after hours.",
        "priorities": ["Bed management module live in two hospitals",
                       "German-language release notes and training",
                       "Yearly security review with the DPO"],
    },
    "Castellan Retail Holdings": {
        "objectives": "Cut store stock-outs in half while reducing stock by 8 %.",
        "needs": "Store-level replenishment forecasts; supplier EDI for 400 vendors.",
        "pains": "Invoicing errors last summer soured finance; promotions still forecast "
                 "by hand.",
        "loves": "The EDI gateway: supplier onboarding went from weeks to days.",
        "pet_peeves": "Being asked for the same data twice; invoices that need credit notes.",
        "worries": "Margin pressure from discounters; a bad Christmas.",
        "decision_process": "Supply chain director decides; finance checks every renewal "
                            "line by line since the invoicing escalation.",
        "why_us": "Fast EDI onboarding and a forecast that beat their own by 9 points.",
        "handoff_notes": "Invoicing escalation resolved in the summer; finance still "
                         "watches. Keep invoices clean.",
        "direction": "Move from supplier EDI to store-level forecasting with Forecast AI, "
                     "and earn back finance's trust.",
        "value_proposition": "Fewer empty shelves with less stock, from one forecast "
                             "shared with 400 suppliers.",
        "priorities": ["Clean invoicing: zero credit notes this year",
                       "Forecast AI for promotions in the food category",
                       "Supplier portal adoption above 80 %"],
    },
    "Voltaris Energy": {
        "objectives": "Cut unplanned downtime of 40 solar and wind parks by 25 %.",
        "needs": "Maintenance crew planning; spare parts where the outage is.",
        "pains": "Crews drive 300 km for a part that is in another depot.",
        "loves": "Mobile app for field crews; quick answers in Spanish.",
        "pet_peeves": "Consultants who have never seen a turbine.",
        "worries": "Regulator penalties for grid availability.",
        "decision_process": "Head of asset operations decides; group IT reviews security; "
                            "CFO approves above 250k.",
        "why_us": "The only planning tool their crews actually use in the field.",
        "handoff_notes": "Started as a pilot in two parks; expansion priced per park.",
        "direction": "From two parks to the whole fleet; add analytics for their "
                     "regulator reporting.",
        "value_proposition": "Parks back online faster because the crew and the part "
                             "arrive together.",
        "priorities": ["Roll-out to all 40 parks", "Regulator availability report",
                       "Spare-parts pooling between depots"],
    },
    "Brennholt Automotive": {
        "objectives": "Launch two EV platforms on time; supplier delivery reliability "
                      "above 98 %.",
        "needs": "Just-in-sequence planning with 180 suppliers; EDI with every tier-1.",
        "pains": "Chip shortages still ripple through the line; manual expediting.",
        "loves": "Our EDI team's German and their weekend cover.",
        "pet_peeves": "Changes without a change request number.",
        "worries": "A line stop on the EV launch; the owner family watching costs.",
        "decision_process": "Plant director and central purchasing together; every vendor "
                            "goes through a VDA-style audit.",
        "why_us": "Passed their supplier audit first time; EDI live in eight weeks.",
        "handoff_notes": "Purchasing negotiates hard: annual 3 % price-down clause.",
        "direction": "Make FlowPlan the supplier-collaboration backbone for the EV launch.",
        "value_proposition": "No line stop for missing parts: suppliers see the "
                             "sequence days ahead.",
        "priorities": ["EV platform supplier onboarding", "Price-down clause offset by "
                       "scope", "Joint escalation drill with the plant"],
    },
    "Lumera Foods": {
        "objectives": "Cut food waste by 30 % by 2027; grow private-label exports.",
        "needs": "Shelf-life-aware planning; fast recalls.",
        "pains": "Write-offs on short-dated stock; a recall last spring took four days.",
        "loves": "Training Academy courses; Aiko's onboarding.",
        "pet_peeves": "Price increases announced by letter.",
        "worries": "Retailers delisting them over service levels.",
        "decision_process": "New managing director reviews all IT contracts; a tender is "
                            "likely at renewal; procurement runs it.",
        "why_us": "The previous MD chose us for shelf-life planning; the champion still "
                  "believes in it.",
        "handoff_notes": "The MD who signed us left in the spring. The new one came from a "
                         "Stratos customer.",
        "direction": "Save the renewal: prove the waste reduction in numbers and win the "
                     "new managing director before a tender starts.",
        "value_proposition": "Less waste and faster recalls, measured in euros the MD "
                             "can show the board.",
        "priorities": ["Waste-reduction business case for the MD",
                       "Recall drill under four hours", "Renewal offer before tender"],
    },
    "Korvane Robotics": {
        "objectives": "Take their warehouse robots to 20 new sites a year.",
        "needs": "An open planning API their robots can call; a co-development partner.",
        "pains": "Every customer site needs custom integration.",
        "loves": "Our product team in their sprint reviews.",
        "pet_peeves": "Roadmap promises that slip.",
        "worries": "Running out of cash before the next funding round.",
        "decision_process": "Founder-CEO decides with the VP Engineering; no CFO since the "
                            "summer, so budget questions go to the CEO.",
        "why_us": "Co-development of the robot-planning connector; shared customers.",
        "handoff_notes": "Strategic, not revenue: opens the warehouse-automation market "
                         "and is our reference for it.",
        "direction": "Co-develop the robot connector and take it to three shared customers.",
        "value_proposition": "Their robots and our plans, sold together: faster go-lives "
                             "for both.",
        "priorities": ["Robot connector general availability", "Three joint customer "
                       "pilots", "Joint case study"],
    },
}

# Shorter profiles for major and standard accounts: (objectives, needs, why us).
SHORT_PROFILES: dict[str, list[tuple[str, str, str]]] = {
    "manufacturing": [("Raise plant utilisation.", "Capacity planning.", "Pilot results."),
                      ("Shorter lead times.", "Finite scheduling.", "Price and speed.")],
    "logistics": [("Grow contract logistics.", "Tracking for shippers.", "Multimodal view."),
                  ("Fewer empty miles.", "Route and load planning.", "Quick roll-out.")],
    "healthcare": [("Shorter waiting times.", "Capacity and staff planning.", "References."),
                   ("Lower agency costs.", "Rostering.", "Compliance paperwork.")],
    "retail": [("Fewer stock-outs.", "Store replenishment.", "EDI onboarding."),
               ("Lower stock.", "Promotion forecasts.", "Forecast accuracy.")],
    "energy": [("Less downtime.", "Crew planning.", "Field app."),
               ("Grid availability.", "Maintenance planning.", "Local support.")],
    "automotive": [("On-time launches.", "Supplier collaboration.", "Audit passed."),
                   ("Lower expediting costs.", "JIS planning.", "EDI expertise.")],
    "food": [("Less waste.", "Shelf-life planning.", "Recall speed."),
             ("Export growth.", "Demand forecasts.", "Training.")],
    "software": [("Scale to new sites.", "Open APIs.", "Co-development."),
                 ("Faster releases.", "Analytics.", "Integration.")],
    "finance": [("Lower operating cost.", "Back-office planning.", "Security review."),
                ("Branch staffing.", "Workforce planning.", "Price.")],
    "telecom": [("Faster fibre roll-out.", "Field crew planning.", "Scale."),
                ("Fewer truck rolls.", "Spare-parts planning.", "Mobile app.")],
}


class ObjectiveSpec(NamedTuple):
    title: str
    metric: str
    unit: str
    baseline: float
    target: float


OBJECTIVES: list[ObjectiveSpec] = [
    ObjectiveSpec("Raise forecast accuracy", "Forecast accuracy (MAPE-based)", "%", 71, 85),
    ObjectiveSpec("Cut order lead time", "Order-to-delivery lead time", "days", 6.5, 4),
    ObjectiveSpec("Grow adoption among planners", "Weekly active planners", "users", 120, 200),
    ObjectiveSpec("Fewer P1 incidents", "P1 incidents per quarter", "incidents", 9, 2),
    ObjectiveSpec("Grow share of wallet", "Our share of their planning spend", "%", 22, 30),
    ObjectiveSpec("Improve on-time delivery", "On-time in full", "%", 91, 96),
    ObjectiveSpec("Lift relationship score", "Net Promoter Score", "NPS", 5, 30),
    ObjectiveSpec("Cut stock write-offs", "Write-offs", "k EUR / quarter", 420, 250),
]

RISKS = [
    "Budget freeze announced for the second half.",
    "Champion may move to the group's new business unit.",
    "A competitor offers a free pilot to their IT department.",
    "Roll-out depends on their ERP upgrade, already late once.",
    "Price benchmark at renewal; procurement wants 10 % off.",
    "Works council consultation could delay go-live by a quarter.",
]
WILL_DELIVER = [
    "A named delivery manager and a fixed roll-out calendar.",
    "Quarterly business reviews with a joint KPI scorecard.",
    "Four-hour P1 restore under Premier Support.",
    "Training for every new planner within two weeks of start.",
]
WONT_DELIVER = [
    "Custom features outside the product roadmap.",
    "On-site support at weekends without a change request.",
    "Discounts without added scope or term.",
    "Integration with their legacy mainframe.",
]
SOURCES = [
    "QBR minutes, their annual report, interviews with the champion.",
    "Usage analytics, support tickets, the CFO's budget letter.",
    "Site visit notes, their investor presentation, trade press.",
]
TRIGGER_NOTES = [
    "Two P1s in a quarter; any complaint from the MD or CFO; a decision maker leaving; "
    "renewal not signed 60 days before the date.",
    "SLA breach on P1 restore; a formal complaint letter; a key contact leaving.",
]
CRISIS_PLANS = [
    "Executive sponsor calls their MD within 24 h; daily stand-up with the account team; "
    "written recovery plan within 72 h; pre-approved goodwill up to one month of fees.",
    "Freeze all changes; Premier Support engineer on site; weekly steering call with "
    "their COO until two clean weeks; commercial options prepared by sales.",
]


class ActionSpec(NamedTuple):
    title: str
    owner: OwnerKind
    priority: Priority
    success: str


# {contact}: a contact at the account, {product}: one of our products.
ACTIONS: list[ActionSpec] = [
    ActionSpec("Send QBR deck to {contact}", OwnerKind.me, Priority.medium,
               "Deck sent two days before the meeting"),
    ActionSpec("Prepare renewal offer", OwnerKind.me, Priority.high,
               "Offer agreed internally and sent"),
    ActionSpec("Book site visit with {contact}", OwnerKind.me, Priority.medium,
               "Visit date in both calendars"),
    ActionSpec("Follow up on open support tickets", OwnerKind.team, Priority.high,
               "No ticket older than 10 days"),
    ActionSpec("Share {product} case study with {contact}", OwnerKind.me, Priority.low,
               "Case study read and discussed"),
    ActionSpec("Run {product} demo for the planning team", OwnerKind.team, Priority.medium,
               "Demo held; next step agreed"),
    ActionSpec("Provide volume forecast for next quarter", OwnerKind.customer,
               Priority.medium, "Forecast received in our template"),
    ActionSpec("Sign off pilot scope for {product}", OwnerKind.customer, Priority.high,
               "Signed scope document"),
    ActionSpec("Return signed data processing agreement", OwnerKind.customer,
               Priority.medium, "Signed DPA on file"),
    ActionSpec("Fix invoice mismatch on last month's bill", OwnerKind.team, Priority.high,
               "Credit note issued, customer confirms"),
    ActionSpec("Deliver integration test report", OwnerKind.team, Priority.medium,
               "Report accepted by their IT"),
    ActionSpec("Introduce our executive sponsor to {contact}", OwnerKind.me,
               Priority.medium, "Introduction call held"),
    ActionSpec("Update the org chart after their reorganisation", OwnerKind.me,
               Priority.low, "All contacts checked"),
    ActionSpec("Check usage figures before the review", OwnerKind.team, Priority.low,
               "Usage summary in the review pack"),
    ActionSpec("Share the new org chart with us", OwnerKind.customer, Priority.low,
               "Org chart received"),
    ActionSpec("Draft {product} business case", OwnerKind.me, Priority.medium,
               "Business case reviewed with the champion"),
]

# Summaries by kind; {contact}, {product} and {member} are filled in.
INTERACTIONS: dict[InteractionKind, list[str]] = {
    InteractionKind.meeting: [
        "Quarterly business review with {contact}: usage up, two open tickets, asked "
        "about {product}.",
        "Workshop on next year's priorities with {contact} and {member}.",
        "Steering meeting: roll-out on plan; {contact} wants a monthly KPI report.",
        "Lunch with {contact}; budget for next year still not fixed.",
    ],
    InteractionKind.call: [
        "Call with {contact} about the renewal timeline; they want the offer early.",
        "Quick call: {contact} confirms the pilot team for {product}.",
        "Check-in with {contact}; all calm, asked for new training dates.",
        "Called {contact} after the outage; explained the fix and next steps.",
    ],
    InteractionKind.email: [
        "Sent {contact} the minutes and action list from the review.",
        "{contact} forwarded their new purchasing policy; vendors must re-register.",
        "Shared the {product} roadmap summary with {contact}.",
    ],
    InteractionKind.query: [
        "{contact} asked how {product} handles public holidays in forecasts.",
        "{contact} asked for our ISO 27001 certificate for their audit.",
    ],
    InteractionKind.complaint: [
        "{contact} complained about slow answers on support tickets last week.",
        "{contact} complained that the last invoice listed licences they cancelled.",
        "{contact}: the tracking feed was down for hours; their customers noticed.",
    ],
    InteractionKind.feedback: [
        "{contact} praised {member}'s training; planners use the heat-map daily.",
        "{contact}: the new forecast screen is confusing for occasional users.",
    ],
    InteractionKind.requirement: [
        "Requirement from {contact}: plan by shift, not by day. Proposed: shift calendars "
        "in {product}, available next release.",
        "Requirement from {contact}: single sign-on with their identity provider. "
        "Proposed: SAML set-up by {member}.",
        "Requirement from {contact}: export KPIs to their BI tool. Proposed: "
        "{product} data feed.",
    ],
    InteractionKind.note: [
        "Heard that {contact} may move to another role in the new year.",
        "Their annual report mentions a new plant; ask {contact} about planning for it.",
        "Competitor seen at reception; {contact} says it was about another department.",
    ],
}

# Interactions that tell the story of the accounts in trouble, by days from today and
# positions in the key-account org chart (0 managing director, 1 CFO, 2 champion).
STORY_INTERACTIONS: dict[str, list[tuple[int, InteractionKind, tuple[int, ...], str]]] = {
    "Meridian Freight Partners": [
        (-24, InteractionKind.complaint, (2,),
         "{contact}: second tracking outage this month; they ask for service credits."),
        (-3, InteractionKind.complaint, (2,),
         "{contact}: the tracking feed was down nine hours on Thursday, the third P1 in six "
         "weeks; their largest shipper called their board."),
        (-2, InteractionKind.call, (0, 2),
         "Call with {contact}: no renewal talks until the feed is stable; they want a "
         "written recovery plan."),
        (-1, InteractionKind.meeting, (2, 4),
         "Root-cause session with {contact} and their IT director; broker fix set for "
         "Friday."),
    ],
    "Lumera Foods": [
        (-30, InteractionKind.meeting, (0,),
         "First meeting with {contact}, the new managing director: polite but cold; wants "
         "the waste savings in euros, not percentages."),
        (-12, InteractionKind.note, (2,),
         "{contact} warned us: the new MD asked procurement to prepare a tender for 2027."),
    ],
    "Castellan Retail Holdings": [
        (-40, InteractionKind.feedback, (1,),
         "{contact}: invoices clean three months running; thanks for the billing checks."),
    ],
    "Korvane Robotics": [
        (-6, InteractionKind.meeting, (0, 2),
         "Sprint review with {contact}: the robot connector beta passes the pick-rate test."),
    ],
}

# The one open escalation and one resolved last summer: (days from today, hour, level,
# note) for the timeline; {contact} is the champion.
OPEN_ESCALATION_REASON = ("Third P1 outage of the tracking feed in six weeks; their board "
                          "is asking whether to re-tender.")
OPEN_ESCALATION_EVENTS = [
    (-2, 14, 1, "Opened after the third P1 outage. Customer success and the service lead "
                "on it; incident review booked with {contact}."),
    (-1, 10, 1, "Root cause in the message broker; fix scheduled for Friday. {contact} "
                "wants a written recovery plan before this level is due."),
]
PAST_ESCALATION_REASON = ("Licences billed twice on three invoices; their CFO sent a formal "
                          "complaint.")
PAST_ESCALATION_OUTCOME = ("Credit notes issued and billing checks added; the CFO accepted "
                           "in writing.")
PAST_ESCALATION_EVENTS = [
    (-131, 9, 1, "Opened after the CFO's letter; billing team asked for a full check."),
    (-128, 11, 2, "No fix within the level's time; moved to a joint review with {contact}."),
    (-117, 17, 2, "Resolved: credit notes sent, billing checks in place."),
]
LEVEL_ACTIONS = [
    "Call the contact, open an incident review, agree a fix and a date.",
    "Joint review with the customer; written recovery plan within 48 hours.",
    "Executive call; goodwill within pre-approved limits; start the crisis plan if the "
    "whole account is in danger.",
]
