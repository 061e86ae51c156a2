"""The documents to share (step 7): plan (the key account plan as Markdown, internal or for
the customer) and brief (the one-page meeting brief). Each prints the Markdown, or writes
it to a file private to you with -o and says where."""

import argparse
from collections.abc import Callable
from typing import Any

AUDIENCES = ("internal", "customer")


def add_commands(commands: Any, add_db: Callable[..., None]) -> None:  # noqa: ANN401
    plan = commands.add_parser(
        "plan", help="write an account's plan as Markdown",
        description="Write the key account plan of ACCOUNT (name or id) as Markdown. The "
                    "customer version leaves out what is internal: margin and revenue, "
                    "risks, competitors, what we won't deliver, how we read their people, "
                    "pipeline figures, information sources and notes.")
    add_db(plan, top=False)
    plan.add_argument("account", metavar="ACCOUNT")
    plan.add_argument("--period", metavar="P",
                      help="the plan's period, e.g. FY2027 (default: the newest plan)")
    plan.add_argument("--audience", choices=AUDIENCES, default="internal",
                      help="internal (default, the whole plan) or customer (to share)")
    plan.add_argument("-o", "--output", metavar="FILE",
                      help="write it to FILE (private to you) instead of printing it")
    plan.set_defaults(run=cmd_plan)

    brief = commands.add_parser(
        "brief", help="write a one-page meeting brief for an account",
        description="Write what to read before walking into the customer: health and its "
                    "factors, open escalations and actions, last touch per key person, "
                    "roles not covered, renewal and top opportunities. Internal.")
    add_db(brief, top=False)
    brief.add_argument("account", metavar="ACCOUNT")
    brief.add_argument("-o", "--output", metavar="FILE",
                       help="write it to FILE (private to you) instead of printing it")
    brief.set_defaults(run=cmd_brief)


def _open(args: argparse.Namespace):  # noqa: ANN202 - Store, imported late
    from kamtui.__main__ import open_for

    return open_for(args.db)


def cmd_plan(args: argparse.Namespace) -> int:
    from kamtui.clock import today
    from kamtui.io.plan_markdown import render_plan
    from kamtui.store.documents import plan_document
    from kamtui.store.repos import Services

    day = today()
    store = _open(args)
    try:
        account = Services(store).get_account(args.account)
        doc = plan_document(store, account.id, day, args.period)
    finally:
        store.close()
    what = f"the {args.audience} plan of {_name(doc.account.name)} ({_name(doc.period)})"
    return _deliver(render_plan(doc, args.audience), args.output, what)


def cmd_brief(args: argparse.Namespace) -> int:
    from kamtui.clock import today
    from kamtui.io.brief_markdown import render_brief
    from kamtui.store.brief_view import brief_document
    from kamtui.store.repos import Services

    day = today()
    store = _open(args)
    try:
        account = Services(store).get_account(args.account)
        doc = brief_document(store, account.id, day)
    finally:
        store.close()
    return _deliver(render_brief(doc), args.output,
                    f"the meeting brief for {_name(doc.account.name)}")


def _deliver(text: str, output: str | None, what: str) -> int:
    from kamtui.cli_export import deliver

    return deliver(output, lambda out: out.write(text), lambda _chars: what)


def _name(name: str) -> str:
    from kamtui.domain.words import one_line

    return one_line(name)
