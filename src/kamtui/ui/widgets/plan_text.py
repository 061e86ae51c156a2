"""The text sections of the plan blueprint: direction and value proposition, risks and
competitors, what we will and won't deliver. Each shows its texts and `e` edits them in
a form; the section itself takes the keyboard (it has nothing else to focus)."""

from typing import ClassVar

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from kamtui.clock import today
from kamtui.domain import AccountPlan, AccountPlanCreate
from kamtui.store.changes import Change
from kamtui.ui.screens.record_form import RecordForm
from kamtui.ui.text import NOTHING, user_text
from kamtui.ui.widgets.plan_section import PlanSection

NOT_WRITTEN = f"{NOTHING} not written yet"


def field_title(name: str) -> str:
    return AccountPlan.model_fields[name].title or name


def texts(plan: AccountPlan, fields: tuple[str, ...]) -> Content:
    """Each field's title, then its text (user text, verbatim) or a dim dash."""
    parts: list[Content] = []
    for index, name in enumerate(fields):
        value = getattr(plan, name)
        if index:
            parts.append(Content("\n\n"))
        parts.append(Content.styled(field_title(name), "bold $text-accent"))
        parts.append(Content("\n"))
        parts.append(user_text(value) if str(value).strip()
                     else Content.styled(NOT_WRITTEN, "dim"))
    return Content.assemble(*parts)


class FocusableSection(PlanSection):
    """A section with no table of its own: the section itself takes the keyboard."""

    can_focus = True

    def focus_content(self) -> None:
        self.focus()


class TextSection(FocusableSection):
    """Some text fields of the plan, edited together in one form with `e`."""

    FIELDS: ClassVar[tuple[str, ...]] = ()
    CAN: ClassVar[frozenset[str]] = frozenset({"edit"})
    WHAT = "the plan"

    def compose(self) -> ComposeResult:
        yield Static("", classes="section-body")

    def read(self) -> AccountPlan:
        return self.services.plans.get(self.plan_id)

    def show(self, data: AccountPlan) -> None:
        self.query_one(".section-body", Static).update(texts(data, self.FIELDS))

    async def edit(self) -> Change | None:
        plan = await self.attempt(self.services.plans.get, self.plan_id)
        if plan is None:
            return None
        return await self.app.push_screen_wait(RecordForm(
            self.services, "plans", AccountPlanCreate, self.FIELDS,
            heading=f"{self.TITLE} ({plan.period})", today=today(), record=plan))


class DirectionSection(TextSection):
    TITLE = "Direction and value proposition"
    FIELDS = ("direction", "value_proposition")


class RisksSection(TextSection):
    TITLE = "Risks and competitors"
    FIELDS = ("risks", "competitors")


class DeliverySection(TextSection):
    TITLE = "What we will and won't deliver"
    FIELDS = ("will_deliver", "wont_deliver")


__all__ = ["DeliverySection", "DirectionSection", "FocusableSection", "RisksSection",
           "TextSection", "texts"]
