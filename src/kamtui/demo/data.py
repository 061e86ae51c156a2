"""The fixed tables the sample portfolio is drawn from: the accounts, people, products
and our own team. Every company and person here is invented."""

from typing import NamedTuple

from kamtui.domain.enums import BuyingRole, Tier


class AccountSpec(NamedTuple):
    name: str
    tier: Tier
    industry: str
    region: str


# In order of annual revenue, biggest first: the builder gives revenue by rank. The
# key roster is mostly the top of the list, with two deliberate exceptions for the
# tier proposals to talk about: Ostrander (rank 7) is big but loses us money and is
# kept as major; Korvane (rank 15) is small but strategic and is kept as key.
ACCOUNTS: list[AccountSpec] = [
    AccountSpec("Hallbergs Industrial Group", Tier.key, "manufacturing", "Nordics"),
    AccountSpec("Meridian Freight Partners", Tier.key, "logistics", "Benelux"),
    AccountSpec("Aurelia Health Systems", Tier.key, "healthcare", "DACH"),
    AccountSpec("Castellan Retail Holdings", Tier.key, "retail", "UK & Ireland"),
    AccountSpec("Voltaris Energy", Tier.key, "energy", "Iberia"),
    AccountSpec("Brennholt Automotive", Tier.key, "automotive", "DACH"),
    AccountSpec("Ostrander Telecom", Tier.major, "telecom", "Central Europe"),
    AccountSpec("Lumera Foods", Tier.key, "food", "France"),
    AccountSpec("Pellucid Pharma", Tier.major, "healthcare", "Italy"),
    AccountSpec("Rundvik Paper Mills", Tier.major, "manufacturing", "Nordics"),
    AccountSpec("Granmoor Building Supplies", Tier.major, "retail", "UK & Ireland"),
    AccountSpec("Sablewood Insurance", Tier.major, "finance", "Benelux"),
    AccountSpec("Fennick Cold Chain", Tier.major, "logistics", "DACH"),
    AccountSpec("Arclight Solar", Tier.major, "energy", "Italy"),
    AccountSpec("Korvane Robotics", Tier.key, "software", "Nordics"),
    AccountSpec("Norrland Dairy Cooperative", Tier.major, "food", "Nordics"),
    AccountSpec("Veltro Components", Tier.major, "automotive", "Italy"),
    AccountSpec("Copperleaf Software", Tier.major, "software", "UK & Ireland"),
    AccountSpec("Halden Mutual Bank", Tier.major, "finance", "Nordics"),
    AccountSpec("Westbridge Medical Supplies", Tier.major, "healthcare", "UK & Ireland"),
    AccountSpec("Ambergate Bakeries", Tier.standard, "food", "UK & Ireland"),
    AccountSpec("Lindqvist Tooling", Tier.standard, "manufacturing", "Nordics"),
    AccountSpec("Porto Azul Logistics", Tier.standard, "logistics", "Iberia"),
    AccountSpec("Kestrel Clinics", Tier.standard, "healthcare", "Benelux"),
    AccountSpec("Fairhaven Outdoor", Tier.standard, "retail", "UK & Ireland"),
    AccountSpec("Brightline Payroll", Tier.standard, "software", "Benelux"),
    AccountSpec("Solvang Wind Services", Tier.standard, "energy", "Nordics"),
    AccountSpec("Cardona Credit Union", Tier.standard, "finance", "Iberia"),
    AccountSpec("Ortolani Pasta", Tier.standard, "food", "Italy"),
    AccountSpec("Meyerhof Fahrzeugteile", Tier.standard, "automotive", "DACH"),
    AccountSpec("Telvia Mobile", Tier.standard, "telecom", "Iberia"),
    AccountSpec("Greystone Pumps", Tier.standard, "manufacturing", "UK & Ireland"),
    AccountSpec("Duvall Pharmacies", Tier.standard, "healthcare", "France"),
    AccountSpec("Marlow & Finch Home", Tier.standard, "retail", "UK & Ireland"),
    AccountSpec("Vintry Data Labs", Tier.standard, "software", "France"),
    AccountSpec("Fjordline Shipping", Tier.standard, "logistics", "Nordics"),
    AccountSpec("Zephyr Grid Storage", Tier.standard, "energy", "DACH"),
    AccountSpec("Harbourline Leasing", Tier.standard, "finance", "Benelux"),
    AccountSpec("Corvina Seafood", Tier.standard, "food", "Iberia"),
    AccountSpec("Kranich Fiber Networks", Tier.standard, "telecom", "DACH"),
]

# The accounts the story turns on.
IN_CRISIS = "Meridian Freight Partners"  # repeated outages; the one open escalation
AT_RISK = "Lumera Foods"  # renewal soon, a new managing director who dislikes us
UNPROFITABLE = "Ostrander Telecom"  # big revenue, negative margin, costly to serve
STRATEGIC = "Korvane Robotics"  # small, but a co-development and reference partner
PAST_ESCALATION = "Castellan Retail Holdings"  # an invoicing escalation, resolved
NO_ECONOMIC_BUYER = "Korvane Robotics"  # their CFO post is vacant

# How many people we know at each key account (the org chart takes the first n).
KEY_CONTACT_COUNTS = {
    "Hallbergs Industrial Group": 9, "Meridian Freight Partners": 8,
    "Aurelia Health Systems": 7, "Castellan Retail Holdings": 6, "Voltaris Energy": 5,
    "Brennholt Automotive": 6, "Lumera Foods": 5, "Korvane Robotics": 4,
}

FIRST_NAMES = [
    "Anna", "Lars", "Sophie", "Matteo", "Ingrid", "Pieter", "Claire", "Jakob", "Elena",
    "Rafael", "Maja", "Thomas", "Aoife", "Daniel", "Lucía", "Henrik", "Nadia", "Oliver",
    "Giulia", "Stefan", "Camille", "Emil", "Zofia", "Mark", "Inès", "Karin", "Tobias",
    "Marta", "Sean", "Leonie", "Ruben", "Astrid", "Paolo", "Hannah", "Jonas", "Isabel",
    "Femke", "Nils", "Chiara", "Mateusz", "Amélie", "Erik", "Noor", "Fergus", "Vera",
    "Diego", "Saskia", "Kofi", "Ayla", "Bram",
]
LAST_NAMES = [
    "Lindgren", "de Vries", "Moreau", "Rossi", "Kowalski", "Brennan", "Schäfer", "Jensen",
    "García", "Nyström", "Okafor", "Van Damme", "Ferrari", "Holm", "Keller", "Dubois",
    "Marsh", "Berg", "Novak", "Santos", "Lehmann", "Quinn", "Eriksen", "Bianchi",
    "Hoffmann", "Laurent", "Walsh", "Ahmed", "Visser", "Costa", "Strand", "Meyer",
    "Fontaine", "Barros", "Kaur", "Sorensen", "Conti", "Bauer", "Murphy", "Petit",
]

# A key account's org chart: (title, buying role, index of the boss or None). The
# operations title depends on the industry (see OPS_TITLE).
KEY_ORG: list[tuple[str, BuyingRole, int | None]] = [
    ("Managing Director", BuyingRole.decision_maker, None),
    ("Chief Financial Officer", BuyingRole.economic_buyer, 0),
    ("{ops}", BuyingRole.champion, 0),
    ("Head of Procurement", BuyingRole.gatekeeper, 1),
    ("IT Director", BuyingRole.influencer, 0),
    ("Planning Manager", BuyingRole.user, 2),
    ("Enterprise Architect", BuyingRole.blocker, 4),
    ("Category Buyer", BuyingRole.gatekeeper, 3),
    ("Shift Lead", BuyingRole.user, 5),
]
MAJOR_ORG: list[tuple[str, BuyingRole, int | None]] = [
    ("{ops}", BuyingRole.decision_maker, None),
    ("Operations Manager", BuyingRole.champion, 0),
    ("Procurement Lead", BuyingRole.economic_buyer, None),
    ("IT Manager", BuyingRole.influencer, 0),
]
STANDARD_ORG: list[tuple[str, BuyingRole, int | None]] = [
    ("Operations Manager", BuyingRole.decision_maker, None),
    ("Planner", BuyingRole.user, 0),
]
OPS_TITLE = {
    "manufacturing": "VP Manufacturing", "logistics": "Head of Network Operations",
    "healthcare": "Director of Clinical Operations", "retail": "Head of Supply Chain",
    "energy": "Head of Asset Operations", "automotive": "Plant Director",
    "food": "Head of Supply Chain", "software": "VP Engineering",
    "finance": "Chief Operating Officer", "telecom": "Head of Field Operations",
}

# Our side. share_key / share_major: percent of their time per key / major account
# they sit on; n_key / n_major: on how many. The customer success manager carries too
# much on purpose (8 x 11 + 4 x 5 = 108 %), for the resource audit to find.
class MemberSpec(NamedTuple):
    name: str
    role: str
    skills: list[str]
    n_key: int
    share_key: float
    n_major: int
    share_major: float


TEAM: list[MemberSpec] = [
    MemberSpec("Sofia Brandt", "Account executive (sales)",
               ["negotiation", "pricing", "renewals"], 8, 5, 12, 4),
    MemberSpec("Aiko Tanaka", "Customer success manager",
               ["onboarding", "adoption", "QBRs"], 8, 11, 4, 5),
    MemberSpec("Marcus Oyelaran", "Service lead",
               ["incident management", "SLAs", "support"], 8, 6, 6, 5),
    MemberSpec("Priya Raman", "Delivery manager",
               ["project management", "implementation", "data migration"], 4, 15, 0, 0),
    MemberSpec("Tomás Ferreira", "Product specialist",
               ["forecasting", "analytics", "roadmap"], 5, 8, 4, 5),
    MemberSpec("Jonas Weber", "Solutions engineer",
               ["integration", "EDI", "APIs", "security reviews"], 3, 10, 5, 6),
    MemberSpec("Helena Vik", "Executive sponsor (VP Customers)",
               ["executive relationships", "commercial escalation"], 8, 4, 0, 0),
]
EXECUTIVE_SPONSOR = "Helena Vik"
FIRST_RESPONDERS = ("Aiko Tanaka", "Marcus Oyelaran")  # level 1 of escalation plans


class ProductSpec(NamedTuple):
    name: str
    line: str
    description: str
    yearly_value: float  # what a mid-sized customer pays for it a year


PRODUCTS: list[ProductSpec] = [
    ProductSpec("FlowPlan Core", "Planning platform",
                "Demand and capacity planning for plants, warehouses and fleets.", 240_000),
    ProductSpec("FlowTrack Visibility", "Planning platform",
                "Real-time shipment and asset tracking with alerts.", 160_000),
    ProductSpec("Insight Analytics", "Planning platform",
                "Dashboards and what-if analysis on planning data.", 90_000),
    ProductSpec("Forecast AI", "Planning platform",
                "Machine-learning demand forecasts as an add-on to FlowPlan.", 120_000),
    ProductSpec("Connect EDI Gateway", "Integration",
                "Managed EDI links to suppliers, carriers and retailers.", 70_000),
    ProductSpec("Open API Pack", "Integration",
                "Higher API limits, webhooks and a sandbox.", 40_000),
    ProductSpec("Implementation Services", "Services",
                "Fixed-scope roll-outs by our delivery team.", 150_000),
    ProductSpec("Managed Planning Service", "Services",
                "Our planners run the weekly planning cycle for the customer.", 200_000),
    ProductSpec("Premier Support", "Services",
                "24/7 support with a named engineer and a 4-hour P1 restore.", 60_000),
    ProductSpec("Training Academy", "Services",
                "Role-based courses and certification for planners.", 25_000),
]
CORE_PRODUCT = "FlowPlan Core"  # every key and major account has it

# Competitors are invented too.
COMPETITORS = [
    "Stratos Planning", "Kelvar Systems", "OptiRoute", "Northwind SCM", "Plannova",
    "Tessel Analytics", "an in-house team on spreadsheets",
]

# Fictitious numbers in each region's format.
DIALING_CODE = {
    "Nordics": "+46", "Benelux": "+31", "DACH": "+49", "UK & Ireland": "+44",
    "Iberia": "+34", "France": "+33", "Italy": "+39", "Central Europe": "+420",
}

# Margins that break the pattern, so profitability has something to show.
MARGIN_OVERRIDES = {UNPROFITABLE: -4.5, "Telvia Mobile": -2.0, "Fairhaven Outdoor": 1.5,
                    "Porto Azul Logistics": 3.0}

# Last year's review of each key account: (held how many days ago, next review in how
# many days). Lumera's next review is overdue and Brennholt's is due within two weeks.
REVIEWS = {
    "Hallbergs Industrial Group": (95, 87), "Meridian Freight Partners": (62, 30),
    "Aurelia Health Systems": (330, 35), "Castellan Retail Holdings": (150, 32),
    "Voltaris Energy": (240, 125), "Brennholt Automotive": (173, 9),
    "Lumera Foods": (186, -4), "Korvane Robotics": (120, 62),
}
