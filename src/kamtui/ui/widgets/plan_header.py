"""The header of the plan blueprint screen: the account, the plan's period (which of
the account's periods, carried over from which), the customer's agreement, and how
complete the plan is with the sections still to do."""

from textual.content import Content

from kamtui.store.plan_view import PlanDocument
from kamtui.ui.text import SEPARATOR, day, label, user_text


def plan_header(account_name: str, document: PlanDocument | None) -> Content:
    """Account; period (which of how many, carried over); agreement; completeness."""
    name = user_text(account_name, "bold")
    if document is None:
        return Content.assemble(name, Content.styled(SEPARATOR + "no plan yet", "dim"))
    plan, periods = document.plan, document.periods
    where = [p.id for p in periods].index(plan.id) + 1
    place = Content.assemble("plan ", user_text(plan.period, "bold"),
                             Content.styled(f" ({where} of {len(periods)})", "dim"))
    facts = [Content(label(document.account.tier) + " account"), place]
    if document.carried_over_from is not None:
        facts.append(Content.assemble(
            Content.styled("carried over from ", "$text-accent"),
            user_text(document.carried_over_from, "$text-accent")))
    if not document.latest:
        facts.append(Content.styled("an earlier period: P goes to the later ones",
                                    "$text-warning"))
    agreed = plan.customer_agreed_on
    facts.append(Content(f"customer agreed {day(agreed)}") if agreed else
                 Content.styled("not agreed by the customer", "$text-warning"))
    missing = [s.title for s in document.sections if not s.complete]
    done = Content.styled(document.completeness, "bold" if missing else "bold $text-success")
    todo = (Content.styled(SEPARATOR + "to do: " + ", ".join(missing), "$text-warning")
            if missing else Content(""))
    return Content.assemble(name, Content.styled(SEPARATOR, "dim"),
                            Content(SEPARATOR).join(facts), "\n", done, todo)


__all__ = ["plan_header"]
