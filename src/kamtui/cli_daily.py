"""The daily commands for SSH one-liners, cron and login messages: today, add, done,
snooze, touch and settings. Each opens the store, does one step and says what it did."""

import argparse
from collections.abc import Callable
from typing import Any

OWNER_CHOICES = ("me", "mine", "team", "customer")
# A bigger --limit means "all of them"; past SQLite's integer range it would not run at all.
MOST_ITEMS = 1_000_000


def add_commands(commands: Any, add_db: Callable[..., None]) -> None:  # noqa: ANN401
    today = commands.add_parser(
        "today", help="print today's checklist",
        description="Print the daily operations checklist: overdue, due today and coming "
                    "actions, touchpoints due, renewals, escalations waiting, plans and "
                    "reviews due. The first column is each item's short id.")
    add_db(today, top=False)
    today.add_argument("--json", action="store_true", help="print it as one JSON object")
    today.add_argument("--owner", choices=OWNER_CHOICES, help="only what this owner holds")
    today.add_argument("--account", metavar="NAME", help="only this account")
    today.add_argument("--text", metavar="WORDS", default="",
                       help="only items whose title, account or owner holds these words")
    today.add_argument("--limit", type=int, default=200, metavar="N",
                       help="at most N items per section (default 200)")
    today.set_defaults(run=cmd_today)

    add = commands.add_parser(
        "add", help="capture an action item",
        description="Add an action item. WHEN is today, tomorrow, a weekday (fri), +3d, +2w, "
                    "+1m, eow, eom, eoq or a date like 2026-12-01.")
    add_db(add, top=False)
    add.add_argument("title", metavar="TITLE")
    add.add_argument("--account", required=True, metavar="NAME")
    add.add_argument("--due", required=True, metavar="WHEN")
    add.add_argument("--owner", default="me", metavar="WHO",
                     help="me (default), a team member or a contact at the account")
    add.add_argument("--priority", choices=("high", "medium", "low"), default="medium")
    add.add_argument("--measure", default="", metavar="TEXT", help="the success measure")
    add.add_argument("--notes", default="", metavar="TEXT")
    add.set_defaults(run=cmd_add)

    done = commands.add_parser(
        "done", help="mark an action item done",
        description="Mark an action item done; a repeating one gets its next occurrence. "
                    "ID may be its first 8 characters (from 'kamtui today').")
    add_db(done, top=False)
    done.add_argument("id", metavar="ID")
    done.set_defaults(run=cmd_done)

    snooze = commands.add_parser(
        "snooze", help="move an action item's deadline",
        description="Move an action item's deadline to WHEN (see 'kamtui add --help').")
    add_db(snooze, top=False)
    snooze.add_argument("id", metavar="ID")
    snooze.add_argument("when", metavar="WHEN")
    snooze.set_defaults(run=cmd_snooze)

    touch = commands.add_parser(
        "touch", help="log a touchpoint with a contact",
        description="Record a contact with a person (call, meeting, ...); it restarts their "
                    "cadence clock.")
    add_db(touch, top=False)
    touch.add_argument("contact", metavar="CONTACT", help="the person's name or id")
    touch.add_argument("--account", metavar="NAME", help="the account, if the name is shared")
    touch.add_argument("--note", default="", metavar="TEXT")
    touch.add_argument("--kind", default="call",
                       choices=("call", "meeting", "email", "feedback", "complaint", "query",
                                "requirement", "note"))
    touch.add_argument("--on", default="today", metavar="WHEN", help="when (default today)")
    touch.set_defaults(run=cmd_touch)

    settings = commands.add_parser(
        "settings", help="show or change a setting",
        description="Without NAME, list the settings; with NAME and VALUE, change one.")
    add_db(settings, top=False)
    settings.add_argument("name", nargs="?", metavar="NAME")
    settings.add_argument("value", nargs="?", metavar="VALUE")
    settings.set_defaults(run=cmd_settings)


def _open(args: argparse.Namespace):  # noqa: ANN202 - Store, imported late
    from kamtui.__main__ import open_for

    return open_for(args.db)


def cmd_today(args: argparse.Namespace) -> int:
    from kamtui.clock import today
    from kamtui.domain.enums import OwnerKind
    from kamtui.errors import InvalidInput
    from kamtui.io.checklist_text import render
    from kamtui.store.settings import load_settings
    from kamtui.store.today import TodayFilter, checklist

    if args.limit < 1:
        raise InvalidInput(["--limit: give a number of items of 1 or more."])
    store = _open(args)
    try:
        account_id = None
        if args.account:  # SQLModel loads only for this
            from kamtui.store.repos import Services

            account_id = Services(store).get_account(args.account).id
        owner = {"mine": OwnerKind.me}.get(args.owner, args.owner)
        where = TodayFilter(owner=OwnerKind(owner) if owner else None, account_id=account_id,
                            text=args.text.strip())
        found = checklist(store, today(), settings=load_settings(store), where=where,
                          limit=min(args.limit, MOST_ITEMS))
    finally:
        store.close()
    if args.json:
        import json

        print(json.dumps(found.to_json(), ensure_ascii=False, indent=2))
    else:
        print(render(found))
        if notes := found.sync.notes("kamtui sync conflicts"):  # conflicts, sync overdue
            print(f"\n{'. '.join(notes)}.")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from kamtui.clock import today
    from kamtui.domain.dates import parse_day
    from kamtui.domain.words import one_line
    from kamtui.store.actions import add_action
    from kamtui.store.people import resolve_owner
    from kamtui.store.repos import Services

    due = parse_day(args.due, today(), field="--due")  # before opening: a typo costs nothing
    store = _open(args)
    try:
        services = Services(store)
        account = services.get_account(args.account)
        owner = resolve_owner(services, account.id, args.owner)
        item, _ = add_action(services, {
            "account_id": account.id, "title": args.title, **owner.fields(), "deadline": due,
            "priority": args.priority, "success_measure": args.measure, "notes": args.notes})
    finally:
        store.close()
    print(f"Added {item.id[:8]}: {one_line(item.title)} ({one_line(account.name)}, due "
          f"{due.isoformat()}, owner {one_line(owner.name)}).")
    return 0


def cmd_done(args: argparse.Namespace) -> int:
    from kamtui.clock import today
    from kamtui.domain import ActionItem
    from kamtui.store.actions import complete_action
    from kamtui.store.people import resolve_id
    from kamtui.store.repos import Services

    store = _open(args)
    try:
        change, _next = complete_action(Services(store), resolve_id(store, ActionItem, args.id),
                                        today())
    finally:
        store.close()
    print(change.description)
    return 0


def cmd_snooze(args: argparse.Namespace) -> int:
    from kamtui.clock import today
    from kamtui.domain import ActionItem
    from kamtui.domain.dates import parse_day
    from kamtui.store.actions import snooze_action
    from kamtui.store.people import resolve_id
    from kamtui.store.repos import Services

    day = today()
    until = parse_day(args.when, day, field="WHEN")
    store = _open(args)
    try:
        change = snooze_action(Services(store), resolve_id(store, ActionItem, args.id), until,
                               day)
    finally:
        store.close()
    print(change.description)
    return 0


def cmd_touch(args: argparse.Namespace) -> int:
    from kamtui.clock import today
    from kamtui.domain.dates import parse_day
    from kamtui.store.actions import log_touchpoint
    from kamtui.store.people import find_contact
    from kamtui.store.repos import Services

    day = today()
    on = parse_day(args.on, day, field="--on")
    store = _open(args)
    try:
        services = Services(store)
        account_id = services.get_account(args.account).id if args.account else None
        person = find_contact(services, args.contact, account_id=account_id)
        change = log_touchpoint(services, person.id, on=on, today=day, kind=args.kind,
                                note=args.note)
    finally:
        store.close()
    print(change.description)
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from kamtui.errors import InvalidInput
    from kamtui.store.settings import load_settings, save_setting

    if args.name is not None and args.value is None:
        raise InvalidInput([f"Give a value for {args.name}: kamtui settings {args.name} VALUE."])
    store = _open(args)
    try:
        settings = (save_setting(store, args.name, args.value) if args.name
                    else load_settings(store))
    finally:
        store.close()
    for name, value in asdict(settings).items():
        print(f"{name} = {value}")
    return 0
