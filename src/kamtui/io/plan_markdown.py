"""The key account plan as a Markdown document (step 7). The internal version is the whole
blueprint; the customer version is the one to hand over: it leaves out everything internal
(margin and revenue, risks, competitors, what we won't deliver, how we read their people,
pipeline figures, who we keep informed, information sources and every note)."""

from enum import StrEnum

from kamtui.domain.enums import OpportunityStage, label
from kamtui.domain.words import one_line, plural
from kamtui.io.markdown import block, bullets, cell, day, figure, heading, inline, money, table
from kamtui.store.documents import ObjectiveLine, PlanDocument

NOT_WRITTEN = "_Not written yet._"


class Audience(StrEnum):
    internal = "internal"
    customer = "customer"


def render_plan(doc: PlanDocument, audience: Audience | str = Audience.internal) -> str:
    """The plan as Markdown for `audience`; ends with a newline."""
    customer = Audience(audience) == Audience.customer
    parts = [heading(1, f"Key account plan: {one_line(doc.account.name)}, {doc.period}"),
             _standing(doc, customer)]
    if not customer:
        parts += [heading(2, "The account"), _account(doc)]
    parts += _text(2, "Direction", doc.direction, customer)
    parts += _text(2, "Value proposition", doc.value_proposition, customer)
    if doc.priorities or not customer:
        parts += [heading(2, "Priorities"),
                  bullets([inline(p) for p in doc.priorities], numbered=True) or NOT_WRITTEN]
    if doc.objectives or not customer:
        parts += [heading(2, "Objectives and KPIs"), *_objectives(doc, customer)]
    parts += _opportunities(doc, customer)
    if not customer:
        parts += _text(2, "Risks", doc.risks, customer)
        parts += _text(2, "Competitors", doc.competitors, customer)
    parts += _text(2, "What we will deliver", doc.will_deliver, customer)
    if not customer:
        parts += _text(2, "What we will not deliver", doc.wont_deliver, customer)
    parts += _stakeholders(doc, customer)
    if not customer:
        parts += _sources(doc)
        parts += _notes(doc)
    parts.append(f"_Prepared on {doc.today.isoformat()}._")
    return "\n\n".join(parts) + "\n"


def _standing(doc: PlanDocument, customer: bool) -> str:
    agreed = (f"agreed with {inline(doc.account.name)} on {doc.customer_agreed_on.isoformat()}"
              if doc.customer_agreed_on else "not yet agreed with the customer")
    if customer:
        agreed = (f"agreed on {doc.customer_agreed_on.isoformat()}" if doc.customer_agreed_on
                  else "draft, to be agreed together")
    carried = f" · carried over from {inline(doc.carried_over_from)}" \
        if doc.carried_over_from else ""
    line = f"Period {inline(doc.period)}{carried} · {agreed}"
    if customer:
        return line
    return (f"**Internal: not for the customer.** It holds margin, risks, competitors, what "
            f"we won't deliver and internal notes; to share, write it with `--audience "
            f"customer`.\n\n{line}")


def _account(doc: PlanDocument) -> str:
    a = doc.account
    margin = "-" if a.margin_pct is None else f"{a.margin_pct:g} %"
    return bullets([
        f"Tier: {label(a.tier)} · status: {label(a.status)}"
        + (f" · {inline(a.industry)}" if a.industry.strip() else "")
        + (f" · {inline(a.region)}" if a.region.strip() else ""),
        f"Annual revenue: {money(a.annual_revenue)} · margin: {margin} · cost to serve: "
        f"{money(a.cost_to_serve)}",
        f"Renewal: {day(a.renewal_date, 'none recorded')}",
    ])


def _text(level: int, title: str, value: str, customer: bool) -> list[str]:
    """A section of long text; an empty one is marked in the internal version and left out
    of the customer's."""
    text = block(value)
    if not text and customer:
        return []
    return [heading(level, title), text or NOT_WRITTEN]


def _objectives(doc: PlanDocument, customer: bool) -> list[str]:
    if not doc.objectives:
        return [NOT_WRITTEN]
    rows = []
    for n, o in enumerate(doc.objectives, start=1):
        agreed = (o.customer_agreed_on.isoformat() if o.customer_agreed_on
                  else "yes" if o.customer_agreed else "not yet")
        rows.append([str(n), cell(o.title), cell(o.kpi_metric) or "-",
                     figure(o.baseline, o.unit), figure(o.target, o.unit),
                     figure(o.current, o.unit), _progress(o), day(o.due),
                     "off track" if o.off_track else "on track", agreed])
    parts = [table(["#", "Objective", "KPI", "Baseline", "Target", "Current", "Progress",
                    "Due", "Track", "Customer agreed"], rows, right=(0, 3, 4, 5, 6))]
    for n, o in enumerate(doc.objectives, start=1):
        parts.append(heading(3, f"{n}. {one_line(o.title)}"))
        parts.append(_actions(o, customer))
    return parts


def _progress(o: ObjectiveLine) -> str:
    if o.target is None or o.current is None or o.baseline is None or o.target == o.baseline:
        return "-"
    share = (o.current - o.baseline) / (o.target - o.baseline) * 100
    return f"{max(0, min(100, round(share)))} %"


def _actions(o: ObjectiveLine, customer: bool) -> str:
    if not o.actions:
        return "No action planned yet."
    done = sum(a.status == "done" for a in o.actions)
    lines = []
    for a in o.actions:
        details = [f"due {day(a.deadline, 'no date')}", f"owner {inline(a.owner)}",
                   label(a.status)]
        if a.success_measure.strip():
            details.append(f"success: {inline(a.success_measure)}")
        lines.append(f"{inline(a.title)} ({'; '.join(details)})")
    return f"{done} of {plural(len(o.actions), 'action')} done:\n\n{bullets(lines)}"


def _opportunities(doc: PlanDocument, customer: bool) -> list[str]:
    if customer:
        open_ = [o for o in doc.opportunities
                 if o.stage not in (OpportunityStage.won, OpportunityStage.lost)]
        if not open_:
            return []
        return [heading(2, "Opportunities we will explore together"), bullets([
            inline(o.title) + (f" ({inline(o.product)})" if o.product.strip() else "")
            + (f", expected by {o.expected_close.isoformat()}" if o.expected_close else "")
            for o in open_])]
    if not doc.opportunities:
        return [heading(2, "Opportunities"), NOT_WRITTEN]
    rows = [[cell(o.title), cell(o.product) or "-", money(o.value), label(o.stage),
             f"{o.probability} %", money(o.weighted), day(o.expected_close)]
            for o in doc.opportunities]
    total = sum(o.value for o in doc.opportunities)
    return [heading(2, "Opportunities"),
            table(["Opportunity", "Product", "Value", "Stage", "Probability", "Weighted",
                   "Expected close"], rows, right=(2, 4, 5)),
            f"Weighted pipeline: **{money(doc.weighted_pipeline)}** of {money(total)} in "
            f"{plural(len(doc.opportunities), 'opportunity', 'opportunities')}."]


def _stakeholders(doc: PlanDocument, customer: bool) -> list[str]:
    parts = [heading(2, "Stakeholders"), heading(3, "Our team")]
    if customer:
        parts.append(table(["Name", "Role"], [[cell(t.name), cell(t.role) or "-"]
                                              for t in doc.team])
                     if doc.team else "Your key account manager.")
        if doc.people:
            parts += [heading(3, f"At {one_line(doc.account.name)}"),
                      table(["Name", "Title"], [[cell(p.name), cell(p.title) or "-"]
                                                for p in doc.people])]
        return parts
    parts.append(table(["Name", "Role", "Share of time"],
                       [[cell(t.name), cell(t.role) or "-", f"{t.time_share_pct:g} %"]
                        for t in doc.team], right=(2,))
                 if doc.team else "Nobody is assigned yet.")
    parts += [heading(3, "Kept informed"),
              bullets([inline(who) for who in doc.informed]) or NOT_WRITTEN]
    parts.append(heading(3, f"At {one_line(doc.account.name)}"))
    parts.append(table(
        ["Name", "Title", "Buying role", "Attitude", "Strength", "Last contact"],
        [[cell(p.name), cell(p.title) or "-", label(p.buying_role), label(p.attitude),
          f"{p.strength}/5", day(p.last_contacted, "never")] for p in doc.people],
        right=(4,)) if doc.people else "No contacts recorded yet.")
    return parts


def _sources(doc: PlanDocument) -> list[str]:
    title = heading(2, "Information sources")
    if doc.sources:
        return [title, table(["Source", "Last updated"],
                             [[cell(s.name), day(s.updated_on, "never")] for s in doc.sources])]
    text = block(doc.information_sources)
    if not text:
        return [title, NOT_WRITTEN]
    return [title, text, f"Last updated: {day(doc.sources_updated_on, 'never')}."]


def _notes(doc: PlanDocument) -> list[str]:
    notes = [("Account", doc.account.notes)]
    notes += [(f"Contact {one_line(p.name)}", p.notes) for p in doc.people]
    notes += [(f"Opportunity {one_line(o.title)}", o.notes) for o in doc.opportunities]
    notes += [(f"Action {one_line(a.title)}", a.notes)
              for o in doc.objectives for a in o.actions]
    written = [f"**{inline(what, line_start=False)}:** {_note(text)}"
               for what, text in notes if text.strip()]
    return [heading(2, "Internal notes"), bullets(written) if written else "None."]


def _note(text: str) -> str:
    # Inside a list item, later lines must be indented to stay in the item.
    return block(text).replace("\n", "\n  ")


__all__ = ["Audience", "render_plan"]
