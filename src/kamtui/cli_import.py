"""`kamtui import json|csv|vcard`: data into the store. CSV and vCard imports say first
what they will do (columns used and ignored, rows to add, update and refuse), write
nothing on --dry-run, and otherwise write every row in one transaction after a backup, or
nothing at all if a row is bad (unless --skip-bad-rows)."""

import argparse
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kamtui.io.import_source import ImportSource

CSV_KINDS = ("accounts", "contacts", "actions")
NOUNS = {"accounts": ("account", "accounts"), "contacts": ("contact", "contacts"),
         "actions": ("action", "actions")}
PROGRESS_EVERY = 10_000
WIDTH = 100


def add_commands(commands: Any, add_db: Callable[..., None]) -> None:  # noqa: ANN401
    into = commands.add_parser(
        "import", help="read data in (json, csv from a CRM, vcard)",
        description="Read data into the store: json (a whole 'kamtui export json' into a "
                    "new, empty store), csv (accounts, contacts or actions exported from a "
                    "CRM such as Salesforce, HubSpot or Dynamics) or vcard (contacts from a "
                    "phone or address book).")
    add_db(into, top=False)
    formats = into.add_subparsers(dest="format", metavar="FORMAT", required=True)

    as_json = formats.add_parser(
        "json", help="restore a JSON export into a new, empty store",
        description="Restore everything in FILE (made by 'kamtui export json') into a store "
                    "that holds nothing yet, e.g. one just made with 'kamtui init --db NEW'. "
                    "The file is checked whole before anything is written.")
    add_db(as_json, top=False)
    as_json.add_argument("file", metavar="FILE")
    as_json.set_defaults(run=cmd_import_json)

    as_csv = formats.add_parser(
        "csv", help="accounts, contacts or actions from a CRM's CSV export",
        description="Import KIND from a CSV file (UTF-8 or Windows-1252; comma, semicolon or "
                    "tab). Common CRM column names are recognised; the report says which "
                    "columns are used and which ignored. A row matching a record you have "
                    "(an account's name; a contact's email, or name within the account; an "
                    "action's account, title and deadline) updates it instead of adding a "
                    "twin. Exit status: 0 done, 1 rows refused (nothing written), 2 the file "
                    "or options refused.")
    as_csv.add_argument("kind", choices=CSV_KINDS, metavar="KIND",
                        help="accounts, contacts or actions")
    as_csv.add_argument("file", metavar="FILE")
    as_csv.add_argument("--map", action="append", default=[], metavar="COLUMN=field",
                        help="read COLUMN into kamtui's field (e.g. --map 'Org=name'); "
                             "'COLUMN=' ignores a column. May be repeated.")
    order = as_csv.add_mutually_exclusive_group()
    order.add_argument("--dayfirst", action="store_true",
                       help="read dates like 03/04/2026 as 3 April")
    order.add_argument("--monthfirst", action="store_true",
                       help="read dates like 03/04/2026 as March 4")
    _add_common(as_csv, add_db)
    as_csv.set_defaults(run=cmd_import_csv)

    vcard = formats.add_parser(
        "vcard", help="contacts from a vCard file (a phone or address book export)",
        description="Import the contacts in FILE (vCard 3.0 or 4.0): name, title, email, "
                    "phone, and the account from the card's organisation (or --account). "
                    "Same matching, dry run and all-or-nothing rule as csv.")
    vcard.add_argument("file", metavar="FILE")
    vcard.add_argument("--account", metavar="NAME",
                       help="the account for cards without an organisation kamtui knows")
    _add_common(vcard, add_db)
    vcard.set_defaults(run=cmd_import_vcard)


def _add_common(parser: argparse.ArgumentParser, add_db: Callable[..., None]) -> None:
    add_db(parser, top=False)
    parser.add_argument("--dry-run", action="store_true",
                        help="say what would be added, updated and refused; write nothing")
    parser.add_argument("--skip-bad-rows", action="store_true",
                        help="import the good rows even if some are refused")


def _open(args: argparse.Namespace):  # noqa: ANN202 - Store, imported late
    from kamtui.__main__ import open_for

    return open_for(args.db)


def _show(*lines: str) -> None:
    """Report lines, wrapped to read in a terminal; a continuation is indented. The lines
    quote the file (names, cells, headers): control characters are dropped, so an ESC in
    a cell never reaches the terminal as an escape sequence."""
    from kamtui.domain.words import CONTROLS

    for line in (raw.translate(CONTROLS) for raw in lines):
        indent = " " * (len(line) - len(line.lstrip(" ")))
        print(textwrap.fill(line, width=WIDTH, subsequent_indent=indent + "  ",
                            break_on_hyphens=False, break_long_words=False))


def _say(*lines: str) -> None:
    for line in lines:
        print(line, file=sys.stderr)


def cmd_import_json(args: argparse.Namespace) -> int:
    from kamtui.io.json_backup import read_json

    store = _open(args)
    try:
        counts = read_json(store, Path(args.file).expanduser())
    finally:
        store.close()
    total = sum(counts.values())
    tables = sum(1 for n in counts.values() if n)
    print(f"Restored {total} records in {tables} tables into {store.path}.")
    return 0


def _progress(label: str) -> Callable[[int, int], None] | None:
    """A progress line on a terminal for long files; nothing when output is a file."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total >= PROGRESS_EVERY and (done % PROGRESS_EVERY == 0 or done == total):
            end = "\n" if done == total else ""
            print(f"\r{label}: {done:,} of {total:,} rows", end=end, file=sys.stderr,
                  flush=True)
    return show


def cmd_import_csv(args: argparse.Namespace) -> int:
    from kamtui.io.crm_values import DateOrder
    from kamtui.io.import_source import read_csv_source
    from kamtui.store.record_import import collector_paused

    order = (DateOrder.dayfirst if args.dayfirst else
             DateOrder.monthfirst if args.monthfirst else None)
    with collector_paused():
        return _run_import(args, read_csv_source(Path(args.file), args.kind, maps=args.map,
                                                 date_order=order))


def cmd_import_vcard(args: argparse.Namespace) -> int:
    from kamtui.io.import_source import read_vcard_source
    from kamtui.store.record_import import collector_paused

    with collector_paused():
        return _run_import(args, read_vcard_source(Path(args.file),
                                                   default_account=args.account))


def _run_import(args: argparse.Namespace, source: "ImportSource") -> int:
    from kamtui.store.record_import import apply_import, plan_import

    _show(*source.lines)
    store = _open(args)
    try:
        plan = plan_import(store, source.kind, source.rows, progress=_progress("Checking"),
                           **source.options)
        _show(*plan.report())
        if args.dry_run:
            print("Dry run: nothing was written.")
            return 1 if plan.refused else 0
        if plan.refused and not args.skip_bad_rows:
            _say(f"kamtui: nothing was written; fix the {plan.unit}s above, or run again "
                 f"with --skip-bad-rows to import the others.")
            return 1
        if sys.stderr.isatty() and len(plan.adds) + len(plan.updates) >= PROGRESS_EVERY:
            print("Writing (one transaction, after a backup) ...", file=sys.stderr)
        result = apply_import(store, plan, skip_bad_rows=args.skip_bad_rows)
    finally:
        store.close()
    print(result.summary())
    return 0
