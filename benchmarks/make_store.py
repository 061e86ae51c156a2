"""Builds the scale store of issue 8, the same every time (a seeded random draw): 5,000
accounts (a tenth key, a fifth major, 1 in 100 soft-deleted), 50,000 contacts, 200,000
action items (half still open), 500,000 interactions, the team and its assignments,
products and whitespace, and plans, reviews and escalation plans for every key account.
Rows go in with sqlite3 executemany on a store kamtui created (its schema, pragmas and
replica id), stored as kamtui stores them; then ANALYZE. `scale` multiplies every count.
`python benchmarks/make_store.py --help` lists the options."""

import argparse
import json
import os
import random
import shutil
import sqlite3
import sys
import time
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from kamtui.clock import ENV_TODAY, today
from kamtui.paths import cache_dir
from kamtui.store import open_store, sync_log

DEFAULT_DAY = date(2026, 11, 22)
SIZES = {"account": 5_000, "contact": 50_000, "open": 100_000, "closed": 100_000,
         "interaction": 500_000, "team_member": 30, "product": 12}
WORDS = ("Nordic", "Atlas", "Vertex", "Harbor", "Summit", "Orion", "Cobalt", "Meridian")
KINDS = ("Foods", "Logistics", "Health", "Energy", "Retail", "Systems", "Bank", "Motors")
INDUSTRIES = ("manufacturing", "logistics", "healthcare", "retail", "energy", "automotive",
              "telecom", "food", "finance", "software")
REGIONS = ("Nordics", "DACH", "Benelux", "UK & Ireland", "France", "Iberia", "Italy")
FIRST = ("Anna", "Ben", "Clara", "David", "Eva", "Felix", "Greta", "Hugo", "Ida", "Lucía")
LAST = ("Berg", "Costa", "Dahl", "Engel", "Fischer", "Garcia", "Holm", "Ito", "Rossi")
TITLES = ("CEO", "CFO", "Head of Purchasing", "IT Director", "Operations Manager", "Planner")
ROLES = ("Account executive", "Customer success manager", "Service lead", "Delivery manager",
         "Solutions engineer", "Executive sponsor")
SKILLS = ("integration", "EDI", "APIs", "security reviews", "project management",
          "implementation", "data migration", "analytics", "training", "negotiation")
PRODUCTS = ("FlowPlan Core", "FlowTrack Visibility", "Connect EDI Gateway", "Open API Pack",
            "Insight Analytics", "Premier Support", "Training Academy", "Spare Parts Pool")
VERBS = ("Follow up on", "Send", "Review", "Agree", "Chase", "Prepare", "Confirm", "Escalate")
TOPICS = ("pricing proposal", "business review", "delivery plan", "forecast", "contract change",
          "support tickets", "invoice dispute", "pilot results", "training", "security audit")
TALKS = ("Talked about the next quarter.", "Went through the open support tickets.",
         "They asked for a new price list.", "Complaint about a late delivery.")
TRIGGERS = ("sla_breach", "complaint", "key_contact_leaving", "renewal_at_risk")
SIDE_FILES = ("-wal", "-shm", ".lock")
Row = tuple[object, ...]


class Bulk:
    """The connection, the seeded draw and the day every date is counted from."""

    def __init__(self, conn: sqlite3.Connection, day: date) -> None:
        self.conn, self.rng = conn, random.Random(f"kamtui scale store {day}")
        self.days = [(day + timedelta(days=k)).isoformat() for k in range(-1500, 1500)]
        self.counts: dict[str, int] = {}

    def id(self) -> str:  # a UUID4, drawn from the seeded random (uuid4 is not seeded)
        h = f"{self.rng.getrandbits(128):032x}"
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"

    def on(self, offset: int) -> str:
        """The day `offset` days from today, as kamtui stores a date."""
        return self.days[offset + 1500]

    def at(self, offset: int, hour: int = 9) -> str:
        """A moment of that day, as kamtui stores a datetime (naive UTC, microseconds)."""
        return f"{self.days[offset + 1500]} {hour:02d}:00:00.000000"

    def insert(self, table: str, columns: str, rows: Iterable[Row]) -> None:
        """Rows of (id, created_at, updated_at, deleted_at, *columns); NOT NULL columns
        left out without a default get '' (every one of them is text)."""
        named = ["id", "created_at", "updated_at", "deleted_at", *columns.split()]
        left = [name for _, name, _, notnull, default, _ in
                self.conn.execute(f"PRAGMA table_info({table})")
                if notnull and default is None and name not in named]
        quoted = ", ".join(f'"{name}"' for name in [*named, *left])  # "trigger" is a keyword
        values = ", ".join(["?"] * len(named) + ["''"] * len(left))
        sql = f"INSERT INTO {table} ({quoted}) VALUES ({values})"
        done = self.conn.executemany(sql, rows).rowcount  # the rows, not the log lines
        self.counts[table] = self.counts.get(table, 0) + done


@dataclass
class Accounts:
    """What the later tables need to know about each account, by position."""

    ids: list[str] = field(default_factory=list)
    tiers: list[str] = field(default_factory=list)
    gone: list[str | None] = field(default_factory=list)  # the soft-delete its rows share
    contacts: list[list[str]] = field(default_factory=list)
    objectives: dict[int, list[str]] = field(default_factory=dict)  # key accounts' plans'
    troubled: set[int] = field(default_factory=set)  # key accounts with an open escalation

    def key(self) -> list[int]:
        return [n for n, tier in enumerate(self.tiers) if tier == "key"]

    def picks(self, b: "Bulk", count: int) -> list[int]:
        """`count` accounts drawn with replacement, key ones 6 times as often as standard
        ones, major ones 3 times."""
        weight = {"key": 6, "major": 3, "standard": 1}
        return b.rng.choices(range(len(self.ids)), [weight[t] for t in self.tiers], k=count)


def sized(scale: float) -> dict[str, int]:
    return {what: max(1, round(count * scale)) for what, count in SIZES.items()}


def add_team(b: Bulk, count: int) -> list[str]:
    ids = [b.id() for _ in range(count)]
    b.insert("team_member", "name role email skills", (
        (tid, b.at(-900), b.at(-900), None, f"{FIRST[n % len(FIRST)]} {LAST[n % len(LAST)]}",
         ROLES[n % len(ROLES)], f"member{n + 1}@ourcompany.example",
         json.dumps(b.rng.sample(SKILLS, 3))) for n, tid in enumerate(ids)))
    return ids


def add_accounts(b: Bulk, count: int) -> Accounts:
    acc, rng = Accounts(), b.rng
    rows = []
    for n in range(count):
        tier = "key" if n % 10 == 0 else "major" if n % 10 in (3, 7) else "standard"
        gone = b.at(-rng.randint(1, 300), 15) if n % 100 == 9 else None
        status = ("in_crisis" if n == 0 else  # so even a tiny store has an open escalation
                  rng.choices(("active", "at_risk", "in_crisis", "churned"), (86, 7, 2, 5))[0])
        if tier == "key" and (status == "in_crisis" or (status == "at_risk" and rng.random() < .3)):
            acc.troubled.add(n)
        revenue = round(rng.lognormvariate({"key": 15.5, "major": 14, "standard": 12.3}[tier],
                                           0.9), -3)
        aid = b.id()
        acc.ids.append(aid)
        acc.tiers.append(tier)
        acc.gone.append(gone)
        rows.append((
            aid, b.at(-rng.randint(400, 1400)), b.at(-rng.randint(0, 200)), gone,
            f"{rng.choice(WORDS)} {rng.choice(KINDS)} {n + 1}", tier, rng.choice(INDUSTRIES),
            rng.choice(REGIONS), revenue,
            None if rng.random() < .1 else round(rng.gauss(18, 8), 1),
            None if rng.random() < .2 else round(revenue * rng.uniform(.02, .1), -2),
            rng.randint(3, 5) if tier == "key" else rng.randint(1, 4), rng.randint(1, 5),
            status, None if rng.random() < .1 else b.on(rng.randint(-30, 730)),
            json.dumps(rng.sample(SKILLS, 2) if tier == "key" else [])))
    b.insert("account", "name tier industry region annual_revenue margin_pct cost_to_serve "
             "strategic_importance growth_potential status renewal_date skills_needed", rows)
    return acc


def add_contacts(b: Bulk, acc: Accounts, count: int) -> None:
    """Each account's people report to its first (the decision maker) or its second."""
    rng, rows = b.rng, []
    roles = ("economic_buyer", "champion", "influencer", "user", "gatekeeper", "blocker")
    share, extra = divmod(count, len(acc.ids))
    for a, aid in enumerate(acc.ids):
        people = [b.id() for _ in range(share + (a < extra))]
        acc.contacts.append(people)
        short = 30 if acc.tiers[a] == "key" else 60
        for n, cid in enumerate(people):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            rows.append((
                cid, b.at(-rng.randint(300, 1200)), b.at(-rng.randint(0, 300)), acc.gone[a],
                aid, f"{first} {last}", rng.choice(TITLES),
                f"{first}.{last}.{n}@account{a}.example".lower(), "",
                "decision_maker" if n == 0 else rng.choice(roles),
                rng.choices(("supporter", "neutral", "detractor"), (5, 4, 1))[0],
                rng.randint(1, 5), None if n == 0 else people[0] if n < 3 else people[1],
                rng.choice((None, short, short, 90)),
                None if rng.random() < .1 else b.on(-min(700, int(rng.expovariate(1 / 60))))))
    b.insert("contact", "account_id name title email phone buying_role attitude strength "
             "reports_to_id cadence_days last_contacted", rows)


def add_assignments(b: Bulk, acc: Accounts, team: list[str]) -> None:
    rng, rows = b.rng, []
    for a, aid in enumerate(acc.ids):
        many = {"key": 4, "major": 2}.get(acc.tiers[a], 1 if rng.random() < .3 else 0)
        for m in rng.sample(range(len(team)), min(many, len(team))):
            rows.append((b.id(), b.at(-400), b.at(-400), acc.gone[a], team[m], aid,
                         ROLES[m % len(ROLES)], float(rng.choice((5, 10, 15, 20)))))
    b.insert("assignment", "team_member_id account_id role time_share_pct", rows)


def add_products(b: Bulk, acc: Accounts, count: int) -> list[str]:
    """The products, and a whitespace cell for each of them at every key and major account."""
    ids, rng = [b.id() for _ in range(count)], b.rng
    b.insert("product", "name line description", (
        (pid, b.at(-1000), b.at(-1000), None, f"{PRODUCTS[n % 8]} {n // 8 + 1}",
         ("Planning platform", "Integration", "Services")[n % 3], "")
        for n, pid in enumerate(ids)))

    def cells() -> Iterable[Row]:
        for a, aid in enumerate(acc.ids):
            if acc.tiers[a] == "standard":
                continue
            for pid in ids:
                state = rng.choices(("has", "in_play", "open", "not_relevant"), (3, 1, 4, 2))[0]
                yield (b.id(), b.at(-300), b.at(-rng.randint(0, 300)), None, aid, pid, state,
                       None if state in ("has", "not_relevant")
                       else round(rng.uniform(1e4, 2e5), -3))

    b.insert("whitespace_cell", "account_id product_id state value", cells())
    return ids


def add_plans(b: Bulk, acc: Accounts, products: list[str], day: date) -> None:
    """Next year's plan for every key account, with its objectives, sources and
    opportunities, and this year's and last year's reviews."""
    rng, plans, objectives, sources, deals, reviews = b.rng, [], [], [], [], []
    stages = ("identified", "qualified", "proposal", "negotiation", "won", "lost")
    for a in acc.key():
        aid, pid = acc.ids[a], b.id()
        plans.append((pid, b.at(-90), b.at(-rng.randint(0, 60)), None, aid, f"FY{day.year + 1}",
                      "Grow from one site to the group.", "Fewer stock-outs, less stock.",
                      json.dumps([f"Priority {n + 1}" for n in range(3)]), "Budget freeze.",
                      "Plannova", json.dumps(["CFO", "Sales director"]),
                      b.on(-rng.randint(10, 200)),
                      b.on(-rng.randint(5, 120)) if rng.random() < .6 else None))
        acc.objectives[a] = [b.id() for _ in range(4)]
        for n, oid in enumerate(acc.objectives[a]):
            objectives.append((oid, b.at(-90), b.at(-rng.randint(0, 60)), None, pid,
                               f"Objective {n + 1}", "On-time in full", "%", 90.0, 97.0,
                               round(rng.uniform(88, 98), 1), b.on(rng.randint(30, 400)),
                               int(rng.random() < .5), None, n))
        sources += [(b.id(), b.at(-90), b.at(-90), None, pid, name, b.on(-rng.randint(5, 400)))
                    for name in ("Their annual report", "Account team notes")]
        for n in range(3):
            stage = rng.choice(stages)
            deals.append((b.id(), b.at(-200), b.at(-rng.randint(0, 60)), None, aid, pid,
                           f"Deal {n + 1}", rng.choice(products), round(rng.uniform(1e4, 5e5), -3),
                           stage, {"won": 100, "lost": 0}.get(stage, 10 + 20 * stages.index(stage)),
                           b.on(rng.randint(-60, 365))))
        for back, year in ((365, day.year - 1), (0, day.year)):
            held = -back - rng.randint(20, 200)
            reviews.append((b.id(), b.at(held, 16), b.at(held, 16), None, aid, f"FY{year}",
                            b.on(held), round(rng.lognormvariate(15.5, .9), -3), 18.0,
                            *(rng.randint(0, 4) for _ in range(8)),
                            *(rng.randint(1, 5) for _ in range(5)), rng.randint(-30, 60),
                            rng.choices(("stays_key", "watch", "move_to_major"), (8, 2, 1))[0],
                            b.on(held + 180)))
    b.insert("account_plan", "account_id period direction value_proposition priorities risks "
             "competitors informed sources_updated_on customer_agreed_on", plans)
    b.insert("objective", "plan_id title kpi_metric unit baseline target current due "
             "customer_agreed customer_agreed_on position", objectives)
    b.insert("plan_source", "plan_id name updated_on", sources)
    b.insert("opportunity", "account_id plan_id title product_id value stage probability "
             "expected_close", deals)
    b.insert("review", "account_id period held_on revenue margin_pct objectives_on_track "
             "objectives_off_track opportunities_won opportunities_lost kpis_met kpis_missed "
             "slas_met slas_missed trust access responsiveness alignment satisfaction nps "
             "decision next_review_on", reviews)


def add_escalations(b: Bulk, acc: Accounts, team: list[str]) -> None:
    """An escalation plan of three levels for every key account; an open escalation at
    each troubled one, and a resolved one at one key account in ten."""
    rng, plans, levels, cases, events = b.rng, [], [], [], []
    for a in acc.key():
        aid, pid = acc.ids[a], b.id()
        plans.append((pid, b.at(-300), b.at(-300), None, aid, json.dumps(TRIGGERS),
                      "Two P1s in a quarter.", "Sponsor calls their MD within 24 h."))
        boss = acc.contacts[a][0] if acc.contacts[a] else None
        for position, kind, member, contact, hours in (
                (1, "team", rng.choice(team), None, 72), (2, "customer", None, boss, 48),
                (3, "team", team[0], None, 24)):
            levels.append((b.id(), b.at(-300), b.at(-300), None, pid, position,
                           kind if member or contact else "me", member, contact, "", hours,
                           "Call, agree a fix and a date."))
        opened = None
        if a in acc.troubled:
            opened = -rng.randint(1, 20)
            cases.append((b.id(), b.at(opened), b.at(opened), None, aid, pid,
                          rng.choice(TRIGGERS), "Third outage in six weeks.", b.at(opened),
                          rng.randint(1, 2), b.at(opened + rng.randint(2, 20)), "active",
                          None, ""))
        elif rng.random() < .1:
            opened = -rng.randint(60, 700)
            cases.append((b.id(), b.at(opened), b.at(opened + 20), None, aid, pid,
                          rng.choice(TRIGGERS), "Invoices billed twice.", b.at(opened), 1,
                          None, "active", b.at(opened + rng.randint(3, 20), 17),
                          "Credit notes issued."))
        if opened is not None:
            events.append((b.id(), b.at(opened), b.at(opened), None, cases[-1][0],
                           b.at(opened), 1, "Opened."))
    b.insert("escalation_plan", "account_id triggers trigger_notes crisis_plan", plans)
    b.insert("escalation_level", "plan_id position owner_kind team_member_id contact_id who "
             "respond_within_hours action", levels)
    b.insert("escalation", "account_id plan_id trigger reason opened_at current_level "
             "level_due_at status_before resolved_at outcome", cases)
    b.insert("escalation_event", "escalation_id at level note", events)


def add_actions(b: Bulk, acc: Accounts, team: list[str], opened: int, closed: int) -> None:
    """Open and waiting items due from a year ago to a year ahead (most soon), owned by me,
    the team or the customer; done and cancelled ones from the last two years."""
    rng = b.rng

    def rows(count: int, still_open: bool) -> Iterable[Row]:
        for a in acc.picks(b, count):
            owner = rng.choices(("me", "team", "customer"), (55, 25, 20))[0]
            people = acc.contacts[a]
            if owner == "customer" and not people:
                owner = "me"
            if still_open:
                due = (-rng.randint(1, 365) if rng.random() < .3
                       else min(365, int(rng.expovariate(1 / 60))))
                status = "waiting" if owner == "customer" and rng.random() < .5 else "open"
                done_at, gone = None, acc.gone[a]
            else:
                due = -rng.randint(0, 730)
                status = "done" if rng.random() < .85 else "cancelled"
                done_at = b.at(min(0, due + rng.randint(-5, 5)), 16)
                gone = acc.gone[a] or (b.at(-rng.randint(0, 30), 17) if rng.random() < .02
                                       else None)
            every = rng.choice((1, 2)) if still_open and rng.random() < .03 else None
            goals = acc.objectives.get(a)
            yield (b.id(), b.at(min(due, 0) - rng.randint(1, 60)), b.at(min(due, 0)), gone,
                   acc.ids[a], f"{rng.choice(VERBS)} {rng.choice(TOPICS)}", owner,
                   rng.choice(team) if owner == "team" else None,
                   rng.choice(people) if owner == "customer" else None,
                   None if rng.random() < .05 else b.on(due), status,
                   rng.choices(("high", "medium", "low"), (2, 5, 3))[0],
                   rng.choice(goals) if goals and rng.random() < .2 else None,
                   every, "weeks" if every else None,
                   "completion" if every and rng.random() < .3 else "deadline", done_at)

    columns = ("account_id title owner_kind owner_team_member_id owner_contact_id deadline "
               "status priority objective_id recurrence_every recurrence_unit "
               "recurrence_basis completed_at")
    b.insert("action_item", columns, rows(opened, True))
    b.insert("action_item", columns, rows(closed, False))


def add_interactions(b: Bulk, acc: Accounts, count: int) -> None:
    """Interactions over the last three years (most recent), six in ten with one or two
    of the account's contacts."""
    rng, links = b.rng, []
    kinds = ("meeting", "call", "email", "query", "complaint", "feedback", "requirement", "note")

    def rows() -> Iterable[Row]:
        for a in acc.picks(b, count):
            iid, when = b.id(), -min(1095, int(rng.expovariate(1 / 250)))
            stamp = b.at(when, 17)
            people = acc.contacts[a]
            if people and rng.random() < .6:
                for cid in rng.sample(people, min(len(people), 1 if rng.random() < .8 else 2)):
                    links.append((b.id(), stamp, stamp, acc.gone[a], iid, cid))
            yield (iid, stamp, stamp, acc.gone[a], acc.ids[a], b.on(when),
                   rng.choices(kinds, (4, 5, 6, 2, 1, 1, 1, 2))[0], rng.choice(TALKS))

    b.insert("interaction", "account_id occurred_on kind summary", rows())
    b.insert("interaction_contact", "interaction_id contact_id", links)


def build_scale_store(path: Path, *, scale: float = 1.0, day: date,
                      analyze: bool = True) -> dict[str, int]:
    """Build the scale store at `path` (which must not exist yet); returns the rows put in
    each table. `analyze` gives the planner statistics (kamtui itself never runs ANALYZE)."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} exists; the scale store is only built afresh")
    open_store(path, create=True).close()
    n = sized(scale)
    try:
        with closing(sqlite3.connect(path, isolation_level=None)) as conn:
            # A throw-away build: no journal and no syncs until it is whole.
            for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -400000"):
                conn.execute(f"PRAGMA {pragma}")
            b = Bulk(conn, day)
            conn.execute("BEGIN")
            indexes = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                   "AND sql IS NOT NULL").fetchall()
            for name, _ in indexes:  # built once at the end: far quicker than row by row
                conn.execute(f"DROP INDEX {name}")
            team = add_team(b, n["team_member"])
            acc = add_accounts(b, n["account"])
            add_contacts(b, acc, n["contact"])
            add_assignments(b, acc, team)
            products = add_products(b, acc, n["product"])
            add_plans(b, acc, products, day)
            add_escalations(b, acc, team)
            add_actions(b, acc, team, n["open"], n["closed"])
            add_interactions(b, acc, n["interaction"])
            sync_log.stamp_pending(conn)  # each row logged as created, as kamtui does
            for _, sql in indexes:
                conn.execute(sql)
            conn.execute("COMMIT")
            if analyze:
                conn.execute("ANALYZE")
            conn.execute("PRAGMA journal_mode = WAL")  # as kamtui keeps it
        counts = {**dict.fromkeys(row_counts(path), 0), **b.counts,
                  "schema": row_counts(path)["schema"]}
    except BaseException:
        for leftover in (path, *(Path(f"{path}{end}") for end in SIDE_FILES)):
            leftover.unlink(missing_ok=True)
        raise
    return counts


def row_counts(path: Path) -> dict[str, int]:
    """Rows in each record table, deleted ones included, by table name, and the schema
    version under "schema" (a store of an older schema is built afresh)."""
    with closing(sqlite3.connect(path)) as conn:
        tables = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
            "ORDER BY name") if name not in sync_log.INTERNAL]
        counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        return {**counts, "schema": conn.execute("PRAGMA user_version").fetchone()[0]}


def default_day() -> date:
    """KAMTUI_TODAY when set, otherwise the day the figures in the README are for."""
    return today() if os.environ.get(ENV_TODAY, "").strip() else DEFAULT_DAY


def ensure_scale_store(scale: float = 1.0, day: date | None = None,
                       rebuild: bool = False) -> Path:
    """The scale store for `scale` and `day` in kamtui's cache folder, built when it is
    missing, `rebuild`, or its row counts are not the ones its build wrote beside it."""
    day = day or default_day()
    path = cache_dir() / "benchmarks" / f"scale-{scale:g}-{day.isoformat()}.db"
    counted = path.with_name(f"{path.name}.counts.json")  # written once the build is whole
    if (not rebuild and path.exists() and counted.exists()
            and row_counts(path) == json.loads(counted.read_text())):
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob(f"scale-{scale:g}-*.db*"):  # other days, backups, side files
        shutil.rmtree(old) if old.is_dir() else old.unlink()
    counted.write_text(json.dumps(build_scale_store(path, scale=scale, day=day)))
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0,
                        help="multiplies every count (default 1.0: 5,000 accounts)")
    parser.add_argument("--day", type=date.fromisoformat,
                        help=f"today for the store (default KAMTUI_TODAY, else {DEFAULT_DAY})")
    parser.add_argument("--rebuild", action="store_true", help="build the cached store afresh")
    parser.add_argument("--out", type=Path, help="build here (a new file), not in the cache")
    args = parser.parse_args()
    started = time.perf_counter()
    path = args.out or ensure_scale_store(args.scale, args.day, args.rebuild)
    if args.out:
        try:
            build_scale_store(path, scale=args.scale, day=args.day or default_day())
        except FileExistsError as err:
            sys.exit(str(err))
    print(f"{path}: {path.stat().st_size / 1e6:.0f} MB, {time.perf_counter() - started:.1f} s")
    for table, count in row_counts(path).items():
        print(f"  {table:<20}{count:>9,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
