"""The portfolio commands: accounts (the ranking with key scores), proposals (tier changes
the key score suggests) and weights (show or change the scoring file)."""

import argparse
import json
from collections.abc import Callable
from typing import Any

TIERS = ("key", "major", "standard")
# keyscore.SORTS and health, spelled out here so `kamtui --help` does not load SQLAlchemy.
SORTS = ("revenue", "score", "name", "tier", "margin", "strategic", "growth", "status",
         "renewal", "health")
MOST_ROWS = 1_000_000
NAME_MAX = 32


def add_commands(commands: Any, add_db: Callable[..., None]) -> None:  # noqa: ANN401
    accounts = commands.add_parser(
        "accounts", help="print the portfolio with key scores",
        description="Print the live accounts ranked by revenue, with share, cumulative share, "
                    "margin, strategic importance, growth potential, key score and health, "
                    "and the Pareto figure. Weights come from 'kamtui weights'; health "
                    "sorts weakest first.")
    add_db(accounts, top=False)
    accounts.add_argument("--json", action="store_true",
                          help="print a JSON list, with each score's factors and reasons")
    accounts.add_argument("--tier", choices=TIERS, help="only accounts of this tier")
    accounts.add_argument("--sort", choices=SORTS, default="revenue", metavar="COLUMN",
                          help=f"one of {', '.join(SORTS)} (default revenue)")
    accounts.add_argument("--limit", type=int, default=200, metavar="N",
                          help="at most N accounts (default 200)")
    accounts.set_defaults(run=cmd_accounts)

    proposals = commands.add_parser(
        "proposals", help="print the tier changes the key score suggests",
        description="Print each account whose tier the key score would change, with the "
                    "reason. Rules and thresholds: 'kamtui weights'.")
    add_db(proposals, top=False)
    proposals.add_argument("--json", action="store_true", help="print a JSON list")
    proposals.set_defaults(run=cmd_proposals)

    weights = commands.add_parser(
        "weights", help="show or change the key-score weights and thresholds",
        description="Without NAME, show the scoring settings and where they are kept; with "
                    "NAME and VALUE, change one (the file is written private to you).")
    weights.add_argument("name", nargs="?", metavar="NAME")
    weights.add_argument("value", nargs="?", metavar="VALUE")
    weights.set_defaults(run=cmd_weights)


def _open(args: argparse.Namespace):  # noqa: ANN202 - Store, imported late
    from kamtui.__main__ import open_for

    return open_for(args.db)


def cmd_accounts(args: argparse.Namespace) -> int:
    from kamtui.clock import today
    from kamtui.errors import InvalidInput
    from kamtui.scoring_config import load_scoring
    from kamtui.store.keyscore import pareto

    if args.limit < 1:
        raise InvalidInput(["--limit: give a number of accounts of 1 or more."])
    scoring = load_scoring()  # before opening: a broken file costs nothing
    store = _open(args)
    try:
        page, health = _scored_page(store, scoring, args, today())
        figure = pareto(store) if not args.json else None
    finally:
        store.close()
    if args.json:
        print(json.dumps([_account_json(row, health.get(row.id)) for row in page.rows],
                         ensure_ascii=False, indent=2))
    else:
        print(_accounts_text(page, figure, args, health))
    return 0


def _scored_page(store: Any, scoring: Any, args: argparse.Namespace,  # noqa: ANN401
                 day: Any) -> tuple[Any, dict[str, int]]:  # noqa: ANN401 - a date
    """The page of ScoredAccounts the options ask for, and each one's health."""
    from kamtui.domain.enums import Tier
    from kamtui.store.health import portfolio_health
    from kamtui.store.keyscore import ScorePage, key_scores
    from kamtui.store.portfolio import portfolio
    from kamtui.store.queries import PortfolioFilter, PortfolioSort

    limit = min(args.limit, MOST_ROWS)
    if args.sort != "health":
        page = key_scores(store, scoring, tier=args.tier, sort=args.sort, limit=limit)
        return page, portfolio_health(store, [r.id for r in page.rows], day)
    # Health is not a column of the key-score query: the portfolio gives the order.
    where = PortfolioFilter(tiers=frozenset({Tier(args.tier)}) if args.tier else frozenset())
    order = portfolio(store, limit=limit, sort=PortfolioSort.health, where=where, today=day)
    ids = [r.id for r in order.rows]
    found = {r.id: r for r in key_scores(store, scoring, ids=ids, limit=len(ids) or 1).rows}
    rows = [found[i] for i in ids if i in found]  # one deleted in between is left out
    return (ScorePage(rows=rows, total=order.shown_total),
            {r.id: r.health for r in order.rows if r.health is not None})


def _account_json(row: Any, health: int | None) -> dict[str, Any]:  # noqa: ANN401
    return {
        "id": row.id, "name": row.name, "tier": str(row.tier), "status": str(row.status),
        "revenue_rank": row.revenue_rank, "annual_revenue": row.annual_revenue,
        "share_pct": round(row.share_pct, 2),
        "cumulative_share_pct": round(row.cumulative_share_pct, 2), "top_pct": row.top_pct,
        "margin_pct": None if row.margin_pct is None else round(row.margin_pct, 2),
        "margin_from_cost": row.margin_from_cost,
        "strategic_importance": row.strategic_importance,
        "growth_potential": row.growth_potential,
        "renewal_date": row.renewal_date.isoformat() if row.renewal_date else None,
        "key_score": row.score,
        "health": health,
        "factors": [{"name": f.name, "points": round(f.points, 1),
                     "out_of": round(f.out_of, 1), "reason": f.reason} for f in row.factors],
    }


def _accounts_text(page: Any, figure: Any, args: argparse.Namespace,  # noqa: ANN401
                   health: dict[str, int]) -> str:
    from kamtui.domain.enums import label
    from kamtui.domain.words import one_line, plural
    from kamtui.io.checklist_text import _cell, _width

    lines = [f"{plural(figure.accounts, 'account')}, revenue {figure.revenue:,.0f}. "
             f"Pareto: {figure.describe()}."]
    if not page.rows:
        return "\n".join([*lines, f"No {args.tier} accounts." if args.tier else ""]).rstrip()
    what = f"{args.tier} accounts" if args.tier else "accounts"
    shown = (f"first {len(page.rows)} of {page.total} {what}"
             if len(page.rows) < page.total else plural(page.total, what[:-1], what))
    lines.append(f"{shown}, by {args.sort}:")
    name_w = min(NAME_MAX, max(_width(one_line(r.name)) for r in page.rows))
    header = ["#".rjust(5), "Name".ljust(name_w), "Tier    ", "Revenue".rjust(13),
              "Share".rjust(6), "Cum.".rjust(6), "Margin ".rjust(7), "Strat", "Growth",
              "Score", "Health", "Status   ", "Renewal"]
    lines.append("  ".join(header))
    for r in page.rows:
        margin = "-" if r.margin_pct is None else f"{r.margin_pct:.1f}%"
        margin += "*" if r.margin_from_cost else " "
        cells = [str(r.revenue_rank).rjust(5), _cell(one_line(r.name), name_w),
                 str(r.tier).ljust(8), f"{r.annual_revenue:,.0f}".rjust(13),
                 f"{r.share_pct:.1f}%".rjust(6), f"{r.cumulative_share_pct:.1f}%".rjust(6),
                 margin.rjust(7), f"{r.strategic_importance}/5".rjust(5),
                 f"{r.growth_potential}/5".rjust(6), str(r.score).rjust(5),
                 str(health.get(r.id, "-")).rjust(6), label(r.status).ljust(9),
                 r.renewal_date.isoformat() if r.renewal_date else "-"]
        lines.append("  ".join(cells).rstrip())
    if any(r.margin_from_cost for r in page.rows):
        lines.append("* margin worked out from revenue minus cost to serve")
    return "\n".join(lines)


def cmd_proposals(args: argparse.Namespace) -> int:
    from kamtui.domain.words import one_line
    from kamtui.io.checklist_text import _cell, _width
    from kamtui.scoring_config import load_scoring
    from kamtui.store.tiers import propose_tiers

    scoring = load_scoring()
    store = _open(args)
    try:
        found = propose_tiers(store, scoring)
    finally:
        store.close()
    if args.json:
        print(json.dumps([{"account_id": p.account_id, "account": p.account_name,
                           "current_tier": str(p.current), "proposed_tier": str(p.proposed),
                           "key_score": p.score, "reason": p.reason} for p in found],
                         ensure_ascii=False, indent=2))
        return 0
    if not found:
        print("No tier changes to propose: every account's tier fits its key score.")
        return 0
    print(f"{len(found)} tier change{'s' * (len(found) != 1)} proposed:")
    name_w = min(NAME_MAX, max(_width(one_line(p.account_name)) for p in found))
    for p in found:
        move = f"{p.current} -> {p.proposed}".ljust(len("standard -> standard"))
        why = p.reason.split(": ", 1)[-1]
        print(f"  {p.account_id[:8]}  {_cell(one_line(p.account_name), name_w)}  {move}  {why}")
    return 0


def cmd_weights(args: argparse.Namespace) -> int:
    from kamtui.errors import InvalidInput
    from kamtui.scoring_config import (
        load_scoring,
        render_scoring,
        scoring_path,
        set_scoring_value,
    )

    path = scoring_path()
    if args.name is not None and args.value is None:
        raise InvalidInput([f"Give a value for {args.name}: kamtui weights {args.name} VALUE."])
    if args.name is not None:
        scoring = set_scoring_value(args.name, args.value, path)
        note = "written"
    else:
        scoring = load_scoring(path)
        note = "in use" if path.exists() else "not written yet, so these are the defaults"
    print(render_scoring(scoring, header=f"# {path} ({note})"), end="")
    return 0
