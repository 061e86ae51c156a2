"""The command line. Heavy imports (SQLModel, Textual) happen only in the command that
needs them, so `kamtui --help` and `--version` answer at once."""

import argparse
import os
import sys
from collections.abc import Callable, Iterable
from importlib import import_module
from pathlib import Path

from kamtui import __version__
from kamtui.errors import KamError, StoreError

DB_HELP = ("the store to use (default: $KAMTUI_DB, else kamtui.db in the user data "
           "folder); may stand before or after the command")


def _add_db(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # Sub-commands use SUPPRESS so `--db` given before the command is not overwritten.
    parser.add_argument("--db", metavar="PATH", help=DB_HELP,
                        **({} if top else {"default": argparse.SUPPRESS}))


# The modules that add the other commands, and the commands each adds, in `--help`'s order.
# A command line builds only its own command's parser: building all of them would cost
# `kamtui today` a fifth of its time. tests/test_cli.py checks the lists.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "kamtui.cli_daily": ("today", "add", "done", "snooze", "touch", "settings"),
    "kamtui.cli_accounts": ("accounts", "proposals", "weights"),
    "kamtui.cli_documents": ("plan", "brief"),
    "kamtui.cli_maintenance": ("backup", "restore", "doctor"),
    "kamtui.cli_export": ("export",),
    "kamtui.cli_import": ("import",),
    "kamtui.cli_sync": ("sync",),
}
OWN_COMMANDS = ("init", "demo", "info", "ui")  # added below


def command_word(words: list[str]) -> str | None:
    """The command in a command line (the first word that is not an option or --db's
    value), or None."""
    value_of_db = False
    for word in words:
        if value_of_db:
            value_of_db = False
        elif word == "--db":
            value_of_db = True
        elif not word.startswith("-"):
            return word
    return None


def _modules_for(words: list[str]) -> Iterable[str]:
    """The modules whose commands `words` may need: its command's, none for the app or
    this module's own commands, every one for --help or an unknown command."""
    command = command_word(words)
    if command is None:
        return COMMAND_MODULES if {"-h", "--help"} & set(words) else ()
    mine = [name for name, added in COMMAND_MODULES.items() if command in added]
    return mine or (() if command in OWN_COMMANDS else COMMAND_MODULES)


def build_parser(words: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every command; given the command line `words`, of the commands it
    may need only (their options and help are the same either way)."""
    parser = argparse.ArgumentParser(
        prog="kamtui",
        description="A private, keyboard-driven workspace for a key account manager. "
                    "Without a command, opens the app on your store.",
        epilog="Set KAMTUI_TODAY=YYYY-MM-DD to pin today's date. "
               "Run 'kamtui COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"kamtui {__version__}")
    _add_db(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    init = commands.add_parser(
        "init", help="create a new, empty store",
        description="Create a new, empty store (at --db PATH, or the default place).")
    _add_db(init, top=False)
    init.set_defaults(run=cmd_init)

    demo = commands.add_parser(
        "demo", help="build a sample portfolio and open it",
        description="Build a realistic sample portfolio (40 accounts with contacts, actions, "
                    "plans and escalations, dated around today) and open it. Without --db it "
                    "uses a throw-away store in the cache folder, rebuilt each time; with "
                    "--db it fills that store, which must not hold accounts yet.")
    _add_db(demo, top=False)
    demo.add_argument("--no-open", action="store_true", help="build it and exit")
    demo.set_defaults(run=cmd_demo)

    info = commands.add_parser(
        "info", help="show where the store is and what it holds",
        description="Show the store's path, schema version, replica id and record counts.")
    _add_db(info, top=False)
    info.set_defaults(run=cmd_info)

    for name in COMMAND_MODULES if words is None else _modules_for(words):
        import_module(name).add_commands(commands, _add_db)

    ui = commands.add_parser("ui", help="open the app (the same as no command)",
                             description="Open the app on the store.")
    _add_db(ui, top=False)
    ui.set_defaults(run=cmd_ui)
    return parser


def _say(*lines: str) -> None:
    for line in lines:
        print(line, file=sys.stderr)


def open_for(db: str | None, *, create: bool = False):  # noqa: ANN202 - Store, imported late
    from kamtui.paths import choose_db
    from kamtui.store import open_store

    choice = choose_db(db)
    store = open_store(choice.path, create=create or choice.is_default,
                       private_parent=choice.is_default)
    _say(*store.notices)
    return store


def cmd_init(args: argparse.Namespace) -> int:
    from kamtui.paths import choose_db
    from kamtui.store import migrations

    existed = choose_db(args.db).path.exists()
    store = open_for(args.db, create=True)
    state = "already a kamtui store" if existed else "created"
    print(f"{store.path}: {state} (schema {migrations.LATEST}).")
    store.close()
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from kamtui.clock import today
    from kamtui.demo import build_demo
    from kamtui.paths import demo_db_path
    from kamtui.store import open_store

    day = today()
    if args.db:
        store = open_for(args.db, create=True)  # build_demo refuses one that holds data
    else:
        path = demo_db_path()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        store = open_store(path, create=True, private_parent=True)
    try:
        summary = build_demo(store, day)
    except BaseException:
        store.close()
        raise
    print(f"{summary} In {store.path}, dated around {day.isoformat()}.")
    if args.no_open:
        store.close()
        return 0
    return _run_ui(store, subtitle="sample portfolio")


def cmd_info(args: argparse.Namespace) -> int:
    from kamtui.domain import TABLES
    from kamtui.store import migrations
    from kamtui.store.services import Repo

    store = open_for(args.db)
    print(f"store:    {store.path}")
    print(f"schema:   {migrations.LATEST}")
    print(f"replica:  {store.replica_id}")
    from kamtui.store.syncing import last_synced

    synced = last_synced(store)
    print("synced:   " + (synced.astimezone().strftime("%Y-%m-%d %H:%M") if synced else
                          "never (kamtui sync HOST; kamtui sync --status for each peer)"))
    for table in TABLES:
        count = Repo(store, table).count()
        if count:
            print(f"{table.__tablename__ + ':':<21} {count}")
    store.close()
    return 0


def cmd_ui(args: argparse.Namespace) -> int:
    return _run_ui(open_for(args.db))


NO_TERMINAL = ("kamtui's app needs a terminal that can draw full screen ({why}); use the "
               "commands instead: kamtui today, kamtui accounts, kamtui add ... (kamtui "
               "--help lists them).")


def _run_ui(store, subtitle: str | None = None) -> int:  # noqa: ANN001
    why = ("standard input or output is not a terminal"
           if not sys.stdout.isatty() or not sys.stdin.isatty()
           else "TERM is dumb" if os.environ.get("TERM", "").strip() == "dumb"
           else None)
    if why:
        store.close()
        raise KamError(NO_TERMINAL.format(why=why))
    try:
        app = new_app(store, subtitle)  # first: it starts the read before Textual loads
        from kamtui.ui.app import run_app

        run_app(app)
    finally:
        store.close()
    return 0


def new_app(store, subtitle: str | None = None):  # noqa: ANN001, ANN201 - Store, KamApp
    """The app on `store`, today's checklist already being read in a thread while Textual
    and the screens load (read_ahead)."""
    from kamtui.clock import today
    from kamtui.store.today import read_ahead

    ahead = read_ahead(store, today())
    from kamtui.ui.app import KamApp

    return KamApp(store, subtitle=subtitle, ahead=ahead)


def _store_problem(args: argparse.Namespace, err: Exception) -> KamError | None:
    """The store's file failing after it opened, as one sentence (a page damaged since
    the day's first open: the full check runs once a day). None: not such an error."""
    import sqlite3

    orig = getattr(err, "orig", err)  # SQLAlchemy wraps the driver's error
    if not isinstance(orig, sqlite3.DatabaseError):
        return None
    from kamtui.paths import choose_db
    from kamtui.store.engine import sqlite_problem

    problem = sqlite_problem(choose_db(getattr(args, "db", None)).path, orig)
    return None if problem is None else StoreError(problem)


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    for word in words:
        try:
            word.encode("utf-8")
        except UnicodeEncodeError:  # bytes that were not UTF-8 (surrogateescape)
            shown = word.encode("utf-8", "replace").decode("utf-8")
            _say(f"kamtui: {shown!r} holds bytes that are not UTF-8 text; type it again "
                 f"in a UTF-8 terminal.")
            return 2
    args = build_parser(words).parse_args(words)
    run: Callable[[argparse.Namespace], int] = getattr(args, "run", cmd_ui)
    try:
        return run(args)
    except KamError as err:
        _say(f"kamtui: {err}")
        return err.exit_code
    except BrokenPipeError:  # `kamtui today | head`: the reader has all it wanted
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - so the exit flush stays quiet
        return 0
    except Exception as err:
        problem = _store_problem(args, err)
        if problem is None:
            raise
        _say(f"kamtui: {problem}")
        return problem.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
