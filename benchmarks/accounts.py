"""Shows the Accounts screen stays instant with 5,000 accounts and 50,000 contacts: builds
(or reuses) a store of the sample portfolio plus bulk accounts with their contacts, action
items, interactions, plans and escalations, then times the screen's queries (first page,
each sort, a filter, paging, one account's workspace) and the screen itself through Pilot.
Exits 1 when a query misses its target. Run with `make bench`; `--help` lists the options."""

import argparse
import asyncio
import os
import platform
import random
import sqlite3
import statistics
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from functools import partial
from importlib.metadata import version
from pathlib import Path
from typing import Any

from textual.widgets import Input

from kamtui.clock import ENV_TODAY, today
from kamtui.demo import build_demo
from kamtui.domain.enums import (
    AccountStatus,
    ActionStatus,
    Attitude,
    BuyingRole,
    EscalationTrigger,
    InteractionKind,
    Priority,
    Tier,
)
from kamtui.paths import cache_dir
from kamtui.store import Store, open_store
from kamtui.store.portfolio import portfolio
from kamtui.store.queries import PortfolioSort
from kamtui.store.repos import Services
from kamtui.ui.app import KamApp
from kamtui.ui.screens.account import TABS, AccountScreen
from kamtui.ui.screens.accounts import PAGE_SIZE, AccountsScreen
from kamtui.ui.screens.portfolio_filter import parse_portfolio_filter
from kamtui.ui.widgets.portfolio_table import SORT_TITLES

SIZE = (120, 40)
TARGET_MS = 300.0  # the first page and every sort, as the screen reads them
WORDS = ("Nordic", "Atlas", "Vertex", "Harbor", "Summit", "Orion", "Cobalt", "Meridian",
         "Pioneer", "Quantum", "Granite", "Willow", "Beacon", "Falcon", "Juniper", "Sterling")
KINDS = ("Foods", "Logistics", "Health", "Energy", "Retail", "Systems", "Bank", "Motors")
INDUSTRIES = ("Retail", "Logistics", "Healthcare", "Energy", "Finance", "Manufacturing",
              "Software", "Telecom")
REGIONS = ("Nordics", "DACH", "Benelux", "UK & Ireland", "France", "Iberia", "Italy", "CEE")
FIRST = ("Anna", "Ben", "Clara", "David", "Eva", "Felix", "Greta", "Hugo", "Ida", "Jonas")
LAST = ("Berg", "Costa", "Dahl", "Engel", "Fischer", "Garcia", "Holm", "Ito", "Jansen", "Kim")
FILTER_WORD = "harbor"  # in about one account name in sixteen
QUERIES = "queries the Accounts screen makes, in this process"
UI = f"the app through Pilot, run_test(size={SIZE}), until the rows are in the table"
Figures = defaultdict[str, defaultdict[str, list[float]]]  # group -> what -> ms per run


def since(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def counts(path: Path) -> tuple[int, int]:
    with closing(sqlite3.connect(path)) as conn:
        return tuple(conn.execute(  # type: ignore[return-value]
            "SELECT (SELECT count(*) FROM account WHERE deleted_at IS NULL), "
            "(SELECT count(*) FROM contact WHERE deleted_at IS NULL)").fetchone())


def insert(conn: sqlite3.Connection, table: str, rows: Iterable[dict[str, Any]]) -> None:
    """Insert dicts; NOT NULL columns without a default that a row leaves out get '' (text)
    or 0, so columns added by later migrations do not break the builder."""
    info = conn.execute(f"PRAGMA table_info({table})").fetchall()
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return
    filler = {name: ("" if "CHAR" in kind.upper() or "TEXT" in kind.upper() or
                     kind.upper() == "JSON" else 0)
              for _, name, kind, notnull, default, _ in info
              if notnull and default is None and name not in first}
    columns = [*first, *filler]
    sql = (f"INSERT INTO {table} ({', '.join(columns)}) "
           f"VALUES ({', '.join('?' for _ in columns)})")
    conn.executemany(sql, ([*(r[c] for c in first), *filler.values()]
                           for r in (first, *rows)))


def build(path: Path, accounts: int, contacts: int, day: date) -> tuple[float, float]:
    """The sample portfolio, then bulk accounts up to `accounts` with `contacts` contacts in
    all; seconds each."""
    for old in path.parent.glob("accounts-*.db*"):  # other sizes and days
        old.unlink()
    started = time.perf_counter()
    with closing(open_store(path, create=True)) as store:
        build_demo(store, day)
    demo_s = time.perf_counter() - started
    have_accounts, have_contacts = counts(path)
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("PRAGMA foreign_keys = ON")  # a wrong id fails here, not in the app
        bulk(conn, accounts - have_accounts, contacts - have_contacts, day)
    return demo_s, time.perf_counter() - started - demo_s


def bulk(conn: sqlite3.Connection, accounts: int, contacts: int, day: date) -> None:
    """Accounts with, per account on average: 10 contacts, 8 action items (4 in 10 still
    open or waiting), 20 interactions with one contact each, a plan with 3 objectives for 6
    accounts in 10, and an open escalation for 1 in 30."""
    rng = random.Random(day.toordinal())
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")  # as the app stores utcnow()
    base = {"created_at": stamp, "updated_at": stamp}

    def new_id() -> str:
        return str(uuid.uuid4())

    def when(low: int, high: int) -> str:
        return (day + timedelta(days=rng.randint(low, high))).isoformat()

    ids = [new_id() for _ in range(accounts)]
    revenue = [round(rng.lognormvariate(13, 1.2), -3) for _ in ids]
    insert(conn, "account", ({
        **base, "id": aid, "name": f"{rng.choice(WORDS)} {rng.choice(KINDS)} {n + 1}",
        "tier": rng.choices(list(Tier), weights=(1, 3, 12))[0].value,
        "industry": rng.choice(INDUSTRIES), "region": rng.choice(REGIONS),
        "annual_revenue": revenue[n],
        "margin_pct": None if rng.random() < 0.15 else round(rng.uniform(-5, 45), 1),
        "cost_to_serve": None, "strategic_importance": rng.randint(1, 5),
        "growth_potential": rng.randint(1, 5),
        "status": rng.choices(list(AccountStatus), weights=(80, 10, 3, 7))[0].value,
        "renewal_date": None if rng.random() < 0.2 else when(-30, 540),
    } for n, aid in enumerate(ids)))
    per_account = [contacts // accounts + (n < contacts % accounts) for n in range(accounts)]
    people: dict[str, list[str]] = {}

    def contact_rows() -> Iterator[dict[str, Any]]:
        for aid, count in zip(ids, per_account, strict=True):
            people[aid] = []
            for n in range(count):
                cid = new_id()
                people[aid].append(cid)
                roles = list(BuyingRole)
                yield {**base, "id": cid, "account_id": aid,
                       "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                       "title": "Head of Purchasing", "email": "", "phone": "",
                       "buying_role": (roles[n] if n < len(roles) and rng.random() < 0.8
                                       else rng.choice(roles)).value,
                       "attitude": rng.choices(list(Attitude), weights=(5, 4, 1))[0].value,
                       "strength": rng.randint(1, 5),
                       "reports_to_id": people[aid][0] if n else None,
                       "cadence_days": rng.choice((None, 14, 30, 60, 90)),
                       "last_contacted": None if rng.random() < 0.1 else when(-200, 0),
                       "notes": ""}

    insert(conn, "contact", contact_rows())
    statuses = list(ActionStatus)
    insert(conn, "action_item", ({
        **base, "id": new_id(), "account_id": aid, "title": f"Follow up {n + 1}",
        "owner_kind": "me", "owner_team_member_id": None, "owner_contact_id": None,
        "deadline": None if rng.random() < 0.1 else when(-60, 120),
        "status": rng.choices(statuses, weights=(3, 1, 5, 1))[0].value,
        "priority": rng.choice(list(Priority)).value, "success_measure": "",
        "recurrence_basis": "deadline", "notes": "",
    } for aid in ids for n in range(rng.randint(4, 12))))
    talks: list[tuple[str, str]] = []

    def interaction_rows() -> Iterator[dict[str, Any]]:
        for aid in ids:
            for _ in range(rng.randint(10, 30)):
                iid = new_id()
                talks.append((iid, rng.choice(people[aid]) if people[aid] else ""))
                yield {**base, "id": iid, "account_id": aid, "occurred_on": when(-365, 0),
                       "kind": rng.choice(list(InteractionKind)).value,
                       "summary": "Talked about the next quarter."}

    insert(conn, "interaction", interaction_rows())
    insert(conn, "interaction_contact", ({**base, "id": new_id(), "interaction_id": iid,
                                          "contact_id": cid} for iid, cid in talks if cid))
    planned = [aid for aid in ids if rng.random() < 0.6]
    plans = {aid: new_id() for aid in planned}
    insert(conn, "account_plan", ({
        **base, "id": pid, "account_id": aid, "period": str(day.year), "priorities": "[]",
        "sources_updated_on": None, "customer_agreed_on": None, "carried_over_from_id": None,
    } for aid, pid in plans.items()))
    insert(conn, "objective", ({
        **base, "id": new_id(), "plan_id": pid, "title": f"Objective {n + 1}",
        "kpi_metric": "revenue", "unit": "%", "baseline": 10.0, "target": 20.0,
        "current": round(rng.uniform(5, 25), 1), "due": when(-90, 270),
        "customer_agreed": rng.random() < 0.5, "customer_agreed_on": None, "position": n,
    } for pid in plans.values() for n in range(3)))
    insert(conn, "escalation", ({
        **base, "id": new_id(), "account_id": aid, "plan_id": None,
        "trigger": rng.choice(list(EscalationTrigger)).value, "reason": "Service outage",
        "opened_at": f"{when(-30, -1)} 09:00:00", "current_level": 1, "level_due_at": None,
        "status_before": "active",
        "resolved_at": None if rng.random() < 0.5 else f"{when(-1, 0)} 17:00:00",
        "outcome": "",
    } for aid in ids if rng.random() < 1 / 15))


def touch(store: Store) -> None:
    """Commit a change (an account's updated_at), as an edit would: the health the
    portfolio remembers is worked out afresh after it."""
    with closing(sqlite3.connect(store.path)) as conn, conn:
        conn.execute("UPDATE account SET updated_at = ? WHERE id = (SELECT min(id) FROM "
                     "account)", (datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f"),))


def time_queries(store: Store, day: date, runs: int, figures: Figures) -> set[str]:
    """What the screen reads for each view (AccountsScreen._read: the page with key scores
    and health, the summary, the Pareto figure), and one account's workspace; returns the
    labels that have the target."""
    screen = AccountsScreen(store)  # not mounted: only its reads
    timed = figures[QUERIES]
    targeted: set[str] = set()

    def run(label: str, read: Callable[[], object], *, target: bool = True) -> None:
        started = time.perf_counter()
        read()
        timed[label].append(since(started))
        if target:
            targeted.add(label)

    def view(sort: PortfolioSort, where: str = "", descending: bool | None = None,
             ) -> Callable[[], object]:
        return lambda: screen._read(sort, descending, parse_portfolio_filter(where), 0)

    services = Services(store)
    account = portfolio(store, limit=1, offset=len(WORDS) * 7).rows[0].id
    for _ in range(runs):
        touch(store)
        run("first page (by revenue)", view(PortfolioSort.revenue))
        for sort in SORT_TITLES:
            if sort == PortfolioSort.health:
                touch(store)
                run("sort by health, first after a change", view(sort))
                run("sort by health, again (remembered)", view(sort, descending=True))
            else:
                run(f"sort by {sort.value}", view(sort))
        run(f"filter {FILTER_WORD!r}", view(PortfolioSort.revenue, FILTER_WORD))
        run("filter 'tier:key status:at_risk'",
            view(PortfolioSort.revenue, "tier:key status:at_risk"))
        run(f"filter {FILTER_WORD!r} by health", view(PortfolioSort.health, FILTER_WORD))
        for offset in (PAGE_SIZE, 2500, 4500):
            run(f"page from row {offset + 1} (as ] reads it)",
                lambda offset=offset: screen._read(PortfolioSort.revenue, None,
                                                   parse_portfolio_filter(""), offset))
        run("one account's workspace (header and every tab)",
            lambda: [AccountScreen(services, account)._read(),
                     *(panel(services, account).read() for _, _, panel in TABS)],
            target=False)
    return targeted


async def until(condition: Callable[[], bool], limit: float = 60) -> None:
    give_up = time.perf_counter() + limit
    while not condition():  # polled each millisecond: the figures are that fine
        if time.perf_counter() > give_up:
            raise SystemExit(f"gave up waiting (line {condition.__code__.co_firstlineno})")
        await asyncio.sleep(0.001)


def portfolio_shown(app: KamApp, before: object = None) -> bool:
    """The Accounts table holds a page other than `before`, and no read is running."""
    screen = app.screen
    return (isinstance(screen, AccountsScreen) and screen.page is not None
            and screen.page is not before and not screen.table.loading
            and screen.table.row_count > 0
            and not any(w.group == "portfolio" and not w.is_finished for w in app.workers))


async def time_app(store: Store, runs: int, figures: Figures) -> None:
    for _ in range(runs):
        touch(store)
        await time_one_app(store, figures[UI])


async def time_one_app(store: Store, timed: defaultdict[str, list[float]]) -> None:
    started = time.perf_counter()
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await until(lambda: portfolio_shown(app))
        timed["app start, then 2: the first page"].append(since(started))
        screen = app.screen
        assert isinstance(screen, AccountsScreen)

        async def step(label: str, change: Callable[[], object]) -> None:
            before = screen.page
            started = time.perf_counter()
            change()
            await until(lambda: portfolio_shown(app, before))
            timed[label].append(since(started))

        touch(store)  # the first sort by health after a change
        for sort in (PortfolioSort.score, PortfolioSort.health, PortfolioSort.name,
                     PortfolioSort.next, PortfolioSort.revenue):
            await step(f"sort by {sort.value}", partial(screen.sort_by, sort))
        box = screen.query_one("#filter", Input)
        await step(f"filter {FILTER_WORD!r} (typed at once)",
                   partial(setattr, box, "value", FILTER_WORD))
        await step("clear the filter", partial(setattr, box, "value", ""))
        assert screen.page is not None
        row = screen.page.rows[7]
        started = time.perf_counter()
        await app.open_account(row.id, row.name)

        def workspace_shown() -> bool:
            shown = app.screen
            return (isinstance(shown, AccountScreen) and shown.loaded is not None
                    and not any(w.group == "account" and not w.is_finished
                                for w in app.workers))
        await until(workspace_shown)
        timed["open one account's workspace, every tab shown"].append(since(started))


def report(figures: Figures, targeted: set[str]) -> list[str]:
    """Print the table; returns the labels whose median missed the target."""
    missed = []
    print(f"\n{'':<56}{'median ms':>10}{'max ms':>10}  target")
    for group, timed in figures.items():
        print(group)
        for label, ms in timed.items():
            median = statistics.median(ms)
            verdict = ""
            if group == QUERIES and label in targeted:
                ok = median < TARGET_MS
                verdict = f"< {TARGET_MS:.0f} {'ok' if ok else 'MISSED'}"
                if not ok:
                    missed.append(label)
            print(f"  {label:<54}{median:>10.1f}{max(ms):>10.1f}  {verdict}".rstrip())
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--accounts", type=int, default=5_000, metavar="N",
                        help="live accounts in the store (default 5000)")
    parser.add_argument("--contacts", type=int, default=50_000, metavar="N",
                        help="live contacts in the store (default 50000)")
    parser.add_argument("--runs", type=int, default=5, metavar="N", help="runs of each (default 5)")
    parser.add_argument("--rebuild", action="store_true", help="build the store afresh")
    parser.add_argument("--no-app", action="store_true", help="time the queries only")
    args = parser.parse_args()
    day = today()
    os.environ[ENV_TODAY] = day.isoformat()  # the store's dates are around this day
    path = (cache_dir() / "benchmarks" /
            f"accounts-{args.accounts}-{args.contacts}-{day.isoformat()}.db")
    path.parent.mkdir(parents=True, exist_ok=True)
    print(f"kamtui Accounts benchmark: {args.accounts:,} accounts, {args.contacts:,} contacts, "
          f"{args.runs} runs each")
    print(f"machine: {os.cpu_count()} CPUs, {platform.platform()}, Python "
          f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
          f"Textual {version('textual')}")
    if not args.rebuild and path.exists() and counts(path) == (args.accounts, args.contacts):
        print(f"store: {path}\n  reused (--rebuild builds it afresh)")
    else:
        demo_s, bulk_s = build(path, args.accounts, args.contacts, day)
        print(f"store: {path}\n  built in {demo_s + bulk_s:.1f} s (sample portfolio "
              f"{demo_s:.1f} s, bulk {bulk_s:.1f} s)")
    figures: Figures = defaultdict(lambda: defaultdict(list))
    with closing(open_store(path)) as store:
        targeted = time_queries(store, day, args.runs, figures)
        if not args.no_app:
            asyncio.run(time_app(store, args.runs, figures))
    missed = report(figures, targeted)
    if missed:
        print(f"\nMISSED the {TARGET_MS:.0f} ms target: {', '.join(missed)}")
        return 1
    print(f"\nEvery query under {TARGET_MS:.0f} ms.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
