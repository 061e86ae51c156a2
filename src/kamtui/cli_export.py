"""`kamtui export json|csv|ics|vcard`: everything out of the store, to standard output or to
a file private to you (-o). The import side is kamtui.cli_import."""

import argparse
import sys
from collections.abc import Callable
from typing import Any, TextIO

CSV_KINDS = ("accounts", "contacts", "actions")
OUTPUT_HELP = "write it to FILE (private to you) instead of printing it"


def add_commands(commands: Any, add_db: Callable[..., None]) -> None:  # noqa: ANN401
    export = commands.add_parser(
        "export", help="write the store's data out (json, csv, ics, vcard)",
        description="Write the store's data out: json (everything, to restore with "
                    "'kamtui import json'), csv (a spreadsheet of accounts, contacts or "
                    "actions), ics (deadlines, renewals and reviews for a calendar) or vcard "
                    "(contacts for a phone or address book).")
    add_db(export, top=False)
    formats = export.add_subparsers(dest="format", metavar="FORMAT", required=True)

    as_json = formats.add_parser(
        "json", help="everything, losslessly (a backup you can read)",
        description="Write every record (deleted ones too), the settings, the schema version "
                    "and the store's replica id as one JSON document. 'kamtui import json' "
                    "restores it into a new, empty store.")
    as_csv = formats.add_parser(
        "csv", help="accounts, contacts or actions as a spreadsheet",
        description="Write the live accounts, contacts or actions as CSV (UTF-8, opens in a "
                    "spreadsheet). Text a spreadsheet would run as a formula (starting with "
                    "= + - @) gets an apostrophe in front. 'kamtui import csv' reads it back.")
    as_csv.add_argument("kind", choices=CSV_KINDS, metavar="KIND",
                        help="accounts, contacts or actions")
    ics = formats.add_parser(
        "ics", help="deadlines, touchpoints, renewals, escalations and reviews as a calendar",
        description="Write an iCalendar file of all-day events: open action deadlines, "
                    "touchpoints due, renewals, escalation response deadlines and next "
                    "reviews. Each event keeps its UID, so importing a newer export updates "
                    "your calendar instead of doubling it. No attendees: nobody is invited.")
    vcard = formats.add_parser(
        "vcard", help="contacts as vCards",
        description="Write the live contacts (of one account, or all) as vCard 3.0: name, "
                    "title, organisation, email and phone. Your notes and your reading of "
                    "each person stay in kamtui.")
    vcard.add_argument("--account", metavar="NAME", help="only this account's contacts")
    for parser, run in ((as_json, cmd_export_json), (as_csv, cmd_export_csv),
                        (ics, cmd_export_ics), (vcard, cmd_export_vcard)):
        add_db(parser, top=False)
        parser.add_argument("-o", "--output", metavar="FILE", help=OUTPUT_HELP)
        parser.set_defaults(run=run)


def _open(args: argparse.Namespace):  # noqa: ANN202 - Store, imported late
    from kamtui.__main__ import open_for

    return open_for(args.db)


def deliver(output: str | None, write: Callable[[TextIO], int], what: Callable[[int], str],
            *, encoding: str = "utf-8", newline: str | None = "\n") -> int:
    """Run `write` on standard output, or on a file private to you (`output`), and say
    what went where: `what` words the count `write` returns ("40 accounts as CSV")."""
    if output is None or output == "-":
        write(sys.stdout)
        sys.stdout.flush()
        return 0
    from pathlib import Path

    from kamtui.io.document_files import private_file

    with private_file(output, encoding=encoding, newline=newline) as handle:
        count = write(handle)
    target = Path(output).expanduser().absolute()
    print(f"Wrote {what(count)} to {target} "
          f"(readable by you only).")
    return 0


def cmd_export_json(args: argparse.Namespace) -> int:
    from kamtui.domain.words import plural
    from kamtui.io.json_backup import write_json

    store = _open(args)
    try:
        return deliver(args.output, lambda out: sum(write_json(store, out).values()),
                       lambda n: plural(n, "record") + " as JSON")
    finally:
        store.close()


def cmd_export_csv(args: argparse.Namespace) -> int:
    from kamtui.domain.words import plural
    from kamtui.io.csv_export import ENCODING, write_csv
    from kamtui.store.table_export import COLUMNS, export_rows

    store = _open(args)
    noun = {"accounts": "account", "contacts": "contact", "actions": "action"}[args.kind]
    try:
        return deliver(args.output, lambda out: write_csv(out, COLUMNS[args.kind],
                                                    export_rows(store, args.kind)),
                       lambda n: plural(n, noun) + " as CSV", encoding=ENCODING, newline="")
    finally:
        store.close()


def cmd_export_ics(args: argparse.Namespace) -> int:
    from kamtui.clock import today
    from kamtui.domain.words import plural
    from kamtui.io.calendar_ics import write_ics

    store = _open(args)
    try:
        return deliver(args.output, lambda out: write_ics(store, out, today()),
                       lambda n: plural(n, "calendar event"), newline="")
    finally:
        store.close()


def cmd_export_vcard(args: argparse.Namespace) -> int:
    from kamtui.domain.words import plural
    from kamtui.io.vcard import write_vcards
    from kamtui.store.repos import Services

    store = _open(args)
    try:
        account_id = None
        if args.account:
            account_id = Services(store).get_account(args.account).id
        return deliver(args.output, lambda out: write_vcards(store, out, account_id),
                       lambda n: plural(n, "contact") + " as vCards", newline="")
    finally:
        store.close()
