"""The one-page meeting brief as Markdown: what to know before walking into the customer.
Internal: it names who is against us and what is going wrong."""

from datetime import UTC, date, datetime

from kamtui.domain.dates import relative_ago, relative_day
from kamtui.domain.enums import EscalationTrigger, label
from kamtui.domain.words import one_line
from kamtui.io.markdown import bullets, cell, day, heading, inline, money, table
from kamtui.store.brief_view import BriefDocument

TRIGGERS = {EscalationTrigger.sla_breach: "SLA breach"}


def render_brief(doc: BriefDocument) -> str:
    """The brief as Markdown; ends with a newline."""
    a = doc.account
    standing = [f"{label(a.tier).capitalize()} account", label(a.status)]
    standing += [inline(v, line_start=False) for v in (a.industry, a.region) if v.strip()]
    parts = [heading(1, f"Meeting brief: {one_line(a.name)}"),
             f"{' · '.join(standing)} · as of {doc.today.isoformat()} · internal",
             *_health(doc), *_escalations(doc), *_actions(doc), *_people(doc),
             heading(2, "Roles not covered"),
             (", ".join(label(r) for r in doc.roles_missing).capitalize() + "."
              if doc.roles_missing else "Every needed buying role is covered."),
             heading(2, "Renewal"), _renewal(a.renewal_date, doc.today), *_opportunities(doc)]
    return "\n\n".join(parts) + "\n"


def _health(doc: BriefDocument) -> list[str]:
    lost = doc.health.lost()
    lines = [f"**{f.points}** {inline(f.reason, line_start=False)}" for f in lost]
    return [heading(2, f"Health: {doc.health.score}/100"),
            bullets(lines) if lines else "Nothing takes points off."]


def _escalations(doc: BriefDocument) -> list[str]:
    if not doc.escalations:
        return [heading(2, "Open escalations"), "None."]
    lines = []
    for e in doc.escalations:
        level = f"level {e.level} of {e.levels}" if e.levels else f"level {e.level}"
        who = f", {inline(e.who, line_start=False)} responds" if e.who.strip() else ""
        due = (f"; response due {_when(e.level_due_at, doc.today)}" if e.level_due_at
               else "")
        why = f" Why: {inline(e.reason, line_start=False)}" if e.reason.strip() else ""
        lines.append(f"**{TRIGGERS.get(e.trigger, label(e.trigger).capitalize())}**, opened "
                     f"{e.opened_at.date().isoformat()}: {level}{who}{due}.{why}")
    return [heading(2, "Open escalations"), bullets(lines)]


def _actions(doc: BriefDocument) -> list[str]:
    title = heading(2, f"Open actions ({doc.actions_total})")
    if not doc.actions:
        return [title, "None."]
    lines = []
    for item in doc.actions:
        when = relative_day(item.deadline, doc.today) if item.deadline else "no date"
        flag = "**" if item.deadline and item.deadline < doc.today else ""
        lines.append(f"{flag}{when}{flag}: {inline(item.title, line_start=False)} (owner "
                     f"{inline(item.owner, line_start=False)}, {label(item.priority)}"
                     f"{', waiting' if item.status == 'waiting' else ''})")
    more = doc.actions_total - len(doc.actions)
    tail = [f"And {more} more."] if more > 0 else []
    return [title, bullets(lines), *tail]


def _people(doc: BriefDocument) -> list[str]:
    title = heading(2, "Key people: last touch")
    if not doc.people:
        return [title, "Nobody in a buying role is recorded."]
    rows = []
    for c in doc.people:
        last = (f"{c.last_contacted.isoformat()} ({relative_ago(c.last_contacted, doc.today)})"
                if c.last_contacted else "never")
        touch = "overdue" if c.is_stale(doc.today) else (
            f"every {c.cadence_days} days" if c.cadence_days else "-")
        rows.append([cell(c.name), cell(c.title) or "-", label(c.buying_role),
                     label(c.attitude), f"{c.strength}/5", last, touch])
    return [title, table(["Person", "Title", "Role", "Attitude", "Strength", "Last touch",
                          "Cadence"], rows, right=(4,))]


def _renewal(renewal: date | None, today: date) -> str:
    if renewal is None:
        return "No renewal date recorded."
    if renewal < today:
        return f"{renewal.isoformat()}: passed {relative_ago(renewal, today)}."
    return f"{renewal.isoformat()}, {relative_day(renewal, today)}."


def _opportunities(doc: BriefDocument) -> list[str]:
    title = heading(2, "Top opportunities")
    if not doc.opportunities:
        return [title, "No open opportunity."]
    rows = [[cell(o.title), cell(o.product) or "-", label(o.stage), f"{o.probability} %",
             money(o.value), money(o.weighted), day(o.expected_close)]
            for o in doc.opportunities]
    parts = [title, table(["Opportunity", "Product", "Stage", "Probability", "Value",
                           "Weighted", "Expected close"], rows, right=(3, 4, 5))]
    if doc.opportunities_total > len(doc.opportunities):
        parts.append(f"The biggest {len(doc.opportunities)} of "
                     f"{doc.opportunities_total} open, by weighted value.")
    return parts


def _when(stamp: datetime, today: date) -> str:
    """A stored UTC time in local time, with how far off its day is."""
    local = (stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp).astimezone()
    zone = local.strftime("%Z")
    return (f"{local:%Y-%m-%d %H:%M}{' ' + zone if zone else ''} "
            f"({relative_day(local.date(), today)})")


__all__ = ["render_brief"]
