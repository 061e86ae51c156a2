"""The stakeholders of the plan blueprint: our team on the account (its assignments),
the customer's people with their buying roles (its contacts, who decides first), and who
must be informed of the plan. `e` names who must be informed; the other two come from the
account's Team and Contacts tabs."""

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from kamtui.clock import today
from kamtui.domain import AccountPlanCreate
from kamtui.store.changes import Change
from kamtui.store.plan_view import Stakeholder, Stakeholders, plan_stakeholders
from kamtui.ui.screens.record_form import RecordForm
from kamtui.ui.text import NOTHING, SEPARATOR, user_text
from kamtui.ui.widgets.plan_text import FocusableSection


def _people(title: str, people: list[Stakeholder], empty: str) -> list[Content]:
    parts = [Content.styled(title, "bold $text-accent")]
    if not people:
        parts.append(Content.styled(f"\n{NOTHING} {empty}", "dim"))
    for person in people:
        line = [Content("\n"), user_text(person.name)]
        for extra in (person.role, person.detail):
            if extra:
                line += [Content.styled(SEPARATOR, "dim"), user_text(extra, "dim")]
        parts.append(Content.assemble(*line))
    return parts


def stakeholder_texts(people: Stakeholders) -> tuple[Content, Content, Content]:
    """Our team, the customer's people, who must be informed: one text each."""
    informed = [Stakeholder(name, "", "") for name in people.informed]
    return (
        Content.assemble(*_people("Our team", people.team,
                                  "nobody yet: put people on the account in its Team tab")),
        Content.assemble(*_people("The customer's people", people.customer,
                                  "nobody yet: add them in the account's Contacts tab")),
        Content.assemble(*_people("Who must be informed", informed,
                                  "nobody named yet: e names them")))


class StakeholdersSection(FocusableSection):
    TITLE = "Stakeholders"
    CAN: ClassVar[frozenset[str]] = frozenset({"edit"})
    WHAT = "the stakeholders"

    DEFAULT_CSS = """
    StakeholdersSection #people { height: auto; }
    StakeholdersSection .people { width: 1fr; height: auto; padding: 0 2 0 0; }
    StakeholdersSection.-narrow #people { layout: vertical; }
    StakeholdersSection.-narrow .people { width: 100%; padding: 0 0 1 0; }
    """
    NARROW = 100  # below this width the three groups stand under each other

    def compose(self) -> ComposeResult:
        with Horizontal(id="people"):
            for side in ("team", "customer", "informed"):
                yield Static("", id=f"people-{side}", classes="people")

    def on_resize(self) -> None:
        self.set_class(self.size.width < self.NARROW, "-narrow")

    def read(self) -> Stakeholders:
        return plan_stakeholders(self.services.store, self.plan_id)

    def show(self, data: Stakeholders) -> None:
        for side, text in zip(("team", "customer", "informed"), stakeholder_texts(data),
                              strict=True):
            self.query_one(f"#people-{side}", Static).update(text)

    async def edit(self) -> Change | None:
        plan = await self.attempt(self.services.plans.get, self.plan_id)
        if plan is None:
            return None
        return await self.app.push_screen_wait(RecordForm(
            self.services, "plans", AccountPlanCreate, ("informed",),
            heading=f"Who must be informed of the {plan.period} plan", today=today(),
            record=plan))


__all__ = ["StakeholdersSection", "stakeholder_texts"]
