"""kamtui sync: with another store over ssh (sync HOST), through files (sync export,
sync import FILE), the peers and when each was last synced (sync --status), and the
conflicts a sync kept (sync conflicts, sync resolve REF)."""

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kamtui.domain.words import plural

SHOWN = 10  # report lines of each kind a sync prints


def add_commands(commands: Any, add_db: Callable[..., None]) -> None:  # noqa: ANN401
    sync = commands.add_parser(
        "sync", help="sync with another store (over ssh, or through files)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Sync this store with another, both ways: every edit made on either "
                    "side since they last synced reaches the other. Per field the latest "
                    "edit wins; where both sides changed a field apart, the other value is "
                    "kept as a conflict to resolve.",
        epilog="kamtui sync HOST [--remote-db PATH]   sync with the store on HOST over ssh\n"
               "kamtui sync export [--since PEER] -o FILE   write a bundle to carry over\n"
               "kamtui sync import FILE              take in a bundle\n"
               "kamtui sync --status                 the peers and when each last synced\n"
               "kamtui sync conflicts                what a sync kept for you to settle\n"
               "kamtui sync resolve REF --keep|--take   settle one conflict")
    add_db(sync, top=False)
    sync.add_argument("target", metavar="HOST|export|import|conflicts|resolve", nargs="?")
    sync.add_argument("file", metavar="FILE|REF", nargs="?")
    sync.add_argument("--status", action="store_true",
                      help="show each peer and when it was last synced")
    sync.add_argument("-o", "--output", metavar="FILE", help="export: the bundle to write")
    sync.add_argument("--since", metavar="PEER",
                      help="export: only what PEER lacks, as far as this store knows")
    sync.add_argument("--remote-db", metavar="PATH", help="HOST: the store there")
    sync.add_argument("--remote-kamtui", metavar="CMD", default="kamtui",
                      help="HOST: how to run kamtui there (default: kamtui)")
    sync.add_argument("--ssh", metavar="CMD", default="ssh",
                      help="HOST: the ssh command (default: ssh)")
    way = sync.add_mutually_exclusive_group()
    way.add_argument("--keep", action="store_true", help="resolve: keep the value shown")
    way.add_argument("--take", action="store_true", help="resolve: take the other value")
    sync.set_defaults(run=cmd_sync)


def cmd_sync(args: argparse.Namespace) -> int:
    from kamtui.errors import InvalidInput

    target = args.target
    if args.status or target is None:
        if target is not None:
            raise InvalidInput(["--status takes no HOST or word; run kamtui sync --status."])
        return _status(args)
    if target == "serve":
        return _serve(args)
    if target == "export":
        return _export(args)
    if target == "import":
        return _import(args)
    if target == "conflicts":
        return _conflicts(args)
    if target == "resolve":
        return _resolve(args)
    if args.file is not None:
        raise InvalidInput([f"kamtui sync {target} takes no second word ({args.file}); to "
                            f"take in a bundle, run kamtui sync import FILE."])
    return _host(args)


def _open(args: argparse.Namespace):  # noqa: ANN202 - Store, imported late
    from kamtui.__main__ import open_for

    return open_for(args.db)


def _status(args: argparse.Namespace) -> int:
    from kamtui.store.sync_conflicts import count_conflicts
    from kamtui.store.syncing import peers

    store = _open(args)
    try:
        found, open_conflicts = peers(store), count_conflicts(store)
    finally:
        store.close()
    print(f"This store: {store.replica_id}")
    if not found:
        print("It has not synced with another store yet; run kamtui sync HOST.")
    for peer in found:
        when = peer.synced_at.astimezone().strftime("%Y-%m-%d %H:%M") if peer.synced_at else "-"
        print(f"{peer.name:<24} {peer.replica[:8]}  last synced {when}  "
              f"received {peer.received}, sent {peer.sent}")
    if open_conflicts:
        print(f"{plural(open_conflicts, 'conflict')} to resolve: kamtui sync conflicts")
    return 0


def _export(args: argparse.Namespace) -> int:
    from kamtui.errors import InvalidInput
    from kamtui.io.document_files import private_file
    from kamtui.store.syncing import export_bundle

    if not args.output:
        raise InvalidInput(["Say where to write the bundle: kamtui sync export -o FILE."])
    store = _open(args)
    try:
        if args.output == "-":
            count = export_bundle(store, sys.stdout, args.since)
        else:
            with private_file(args.output) as out:
                count = export_bundle(store, out, args.since)
    finally:
        store.close()
    if args.output != "-":
        print(f"Wrote {plural(count, 'change')} to {Path(args.output).expanduser().absolute()}; "
              f"take them in on the other store with kamtui sync import FILE.")
    return 0


def _import(args: argparse.Namespace) -> int:
    from kamtui.errors import InvalidInput, KamError
    from kamtui.store.syncing import read_whole, take_in

    if not args.file:
        raise InvalidInput(["Say which bundle to take in: kamtui sync import FILE."])
    path = Path(args.file).expanduser().absolute()
    store = _open(args)
    try:
        try:
            with open(path, encoding="utf-8", newline="") as stream:
                bundle = read_whole(store, stream, str(path))
        except (OSError, UnicodeDecodeError) as err:
            why = getattr(err, "strerror", None) or "it is not UTF-8 text"
            raise KamError(f"Cannot read {path} ({why}). Nothing was applied.") from None
        taken = take_in(store, bundle, path.name, rename=False)
        print(_report(store, taken.applied, f"from {path.name}"))
        if taken.backup:
            print(f"The store as it was is at {taken.backup}.")
    finally:
        store.close()
    return 0


def _host(args: argparse.Namespace) -> int:
    from kamtui.sync.remote import ssh_command, sync_with

    command = ssh_command(args.target, ssh=args.ssh, remote_db=args.remote_db,
                          remote_kamtui=args.remote_kamtui)
    store = _open(args)
    try:
        outcome = sync_with(store, args.target, command)
        print(_report(store, outcome.came_in, f"from {args.target}"))
        if outcome.problem:
            print(f"kamtui: Sync with {args.target} is not finished: {outcome.problem}.",
                  file=sys.stderr)
            return 1
        print(f"Sent {plural(outcome.went_out, 'change')}; {args.target} took in "
              f"{outcome.far_took} new, with {plural(outcome.far_conflicts, 'conflict')} "
              f"there.")
    finally:
        store.close()
    return 0


def _serve(args: argparse.Namespace) -> int:
    from kamtui.__main__ import open_for
    from kamtui.sync.remote import serve

    store = open_for(args.db, create=True)  # syncing into a new store is how one starts
    try:
        return serve(store, sys.stdin, sys.stdout)
    except (BrokenPipeError, ConnectionError):  # the caller went: it tells its user
        import os

        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - so the exit flush stays quiet
        return 1
    finally:
        store.close()


def _report(store: Any, applied: Any, where: str) -> str:  # noqa: ANN401
    from kamtui.store.sync_conflicts import describe

    lines = [f"Received {plural(applied.received, 'change')} {where}, {applied.held} "
             f"already here; {plural(applied.rows, 'record')} changed."]
    if applied.conflicts:
        lines.append(f"{plural(len(applied.conflicts), 'new conflict')}: both stores changed the "
                     f"same field apart; see kamtui sync conflicts.")
    for table, row in applied.deleted_edited[:SHOWN]:
        lines.append(f"{describe(store, table, row)} was deleted on one side and edited on "
                     f"the other: it stays deleted, with the edit in it (restore it to "
                     f"bring it back).")
    for table, row, twin in applied.doubles[:SHOWN]:
        lines.append(f"{describe(store, table, row)} and {describe(store, table, twin)} were "
                     f"made on both stores apart and are both kept; delete one.")
    more = max(0, len(applied.deleted_edited) - SHOWN) + max(0, len(applied.doubles) - SHOWN)
    if more:
        lines.append(f"... and {more} more like these.")
    return "\n".join(lines)


def _conflicts(args: argparse.Namespace) -> int:
    from kamtui.store.sync_conflicts import list_conflicts

    store = _open(args)
    try:
        found, total = list_conflicts(store, limit=200)
    finally:
        store.close()
    if not found:
        print("No conflicts: every field holds one value on every store synced.")
        return 0
    for item in found:
        print(f"{item.ref}  {item.what}: {item.field}\n"
              f"    here:  {item.here}\n"
              f"    other: {item.other}  ({item.source}, {item.when})")
    if total > len(found):
        print(f"... and {total - len(found)} more.")
    print("Settle one with kamtui sync resolve REF --keep (the value here) or --take "
          "(the other).")
    return 0


def _resolve(args: argparse.Namespace) -> int:
    from kamtui.errors import InvalidInput
    from kamtui.store.sync_conflicts import resolve

    if not args.file or not (args.keep or args.take):
        raise InvalidInput(["Say which conflict and which value: kamtui sync resolve REF "
                            "--keep (the value here) or --take (the other)."])
    store = _open(args)
    try:
        print(resolve(store, args.file, take=args.take))
    finally:
        store.close()
    return 0
