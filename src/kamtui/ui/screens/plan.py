"""The plan blueprint screen (DOMAIN step 4): one account's plan for one period, read as
a document the KAM moves through section by section, with how complete it is.

`j`/`k` (or tab) move between sections; the one with the keyboard is framed. The keys
that change records (`a` add, `e` edit, `d` delete) go to that section (each a
PlanSection, kamtui.ui.widgets); after a saved change every section reloads, since the
completeness figure depends on all of them. `p`/`P` go to the account's earlier and later
periods, `n` starts the next period's plan from this one (or the first plan), `o` opens
another account's plan, `u` undoes."""

import asyncio
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, Static

from kamtui.clock import today
from kamtui.errors import KamError
from kamtui.store.changes import Change
from kamtui.store.plan_view import (
    SECTIONS,
    PlanDocument,
    account_periods,
    first_planned_account,
    plan_document,
)
from kamtui.store.plans import create_plan, first_period, next_period, start_next_period
from kamtui.store.repos import Services
from kamtui.ui.screens.plan_dialogs import LinePrompt, PlanAccountPicker
from kamtui.ui.text import user_text
from kamtui.ui.widgets.plan_agreement import AgreementSection
from kamtui.ui.widgets.plan_header import plan_header
from kamtui.ui.widgets.plan_objectives import ObjectivesSection
from kamtui.ui.widgets.plan_opportunities import OpportunitiesSection
from kamtui.ui.widgets.plan_priorities import PrioritiesSection
from kamtui.ui.widgets.plan_section import PlanSection
from kamtui.ui.widgets.plan_sources import SourcesSection
from kamtui.ui.widgets.plan_stakeholders import StakeholdersSection
from kamtui.ui.widgets.plan_text import DeliverySection, DirectionSection, RisksSection

# Each section of the document (in plan_view.SECTIONS order) and the widget showing it.
WIDGETS: dict[str, type[PlanSection]] = {
    "direction": DirectionSection, "objectives": ObjectivesSection,
    "opportunities": OpportunitiesSection, "priorities": PrioritiesSection,
    "risks": RisksSection, "delivery": DeliverySection,
    "stakeholders": StakeholdersSection, "sources": SourcesSection,
    "agreement": AgreementSection,
}
SECTION_KEYS = {"add": "add", "edit": "edit", "delete": "delete"}
NO_ACCOUNTS = ("There are no key accounts yet. Make an account key (its profile, or the "
               "portfolio's tier proposals) and its plan is written here.")


@dataclass(frozen=True)
class _Opened:
    account_id: str
    account_name: str
    document: PlanDocument | None  # None: the account has no plan yet


class PlanScreen(Screen[None]):
    """The plan of one account (None: the first key account with a plan)."""

    DEFAULT_CSS = """
    PlanScreen #plan-header { height: auto; padding: 0 1; margin: 1 0 0 0; }
    PlanScreen #plan-document { height: 1fr; padding: 0 1; }
    PlanScreen #plan-empty { padding: 1 2; }
    PlanScreen PlanSection {
        height: auto; padding: 0 1; margin: 1 0 0 0;
        border: round $foreground 25%; border-title-color: $text-accent;
        border-subtitle-color: $text-warning; border-subtitle-align: right;
    }
    PlanScreen PlanSection:focus-within { border: round $accent; }
    PlanScreen PlanSection:focus { background: $boost; }
    PlanScreen PlanSection > DataTable { height: auto; max-height: 16; }
    PlanScreen PlanSection .section-note { height: auto; }
    """
    BINDINGS = [
        Binding("question_mark", "app.toggle_help", "Keys", key_display="?", id="plan.help"),
        Binding("escape,backspace", "back", "Back", id="plan.back"),
        Binding("j", "section(1)", "Next section", id="plan.next-section"),
        Binding("k", "section(-1)", "Previous section", show=False,
                id="plan.previous-section"),
        Binding("a", "add", "Add", id="plan.add"),
        Binding("e", "edit", "Edit", id="plan.edit"),
        Binding("d", "delete", "Delete", id="plan.delete"),
        *(Binding(key, f"not_here('{key}')", show=False, id=f"plan.not-{key}")
          for key in "aed"),
        Binding("n", "next_period", "Next period", id="plan.next-period",
                tooltip="Start the next period's plan from this one (carried over)"),
        Binding("p", "period(-1)", "Earlier period", id="plan.earlier",
                tooltip="The account's plan for the period before"),
        Binding("P", "period(1)", "Later period", show=False, id="plan.later"),
        Binding("o", "open_account", "Account", id="plan.account",
                tooltip="Open another key account's plan"),
        # The app undoes the last step, then calls `load` to show the store again.
        Binding("u", "app.undo", "Undo", id="plan.undo"),
        Binding("r", "reload", "Refresh", show=False, id="plan.reload"),
    ]

    def __init__(self, services: Services, account_id: str | None = None) -> None:
        super().__init__()
        self.services = services
        self.account_id = account_id
        self.plan_id: str | None = None  # None: the account's latest plan
        self.opened: _Opened | None = None  # None: no account to show
        self.loaded = False  # read at least once
        self._shown_plan: str | None = None  # whose sections are mounted

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="plan-header")
        yield VerticalScroll(id="plan-document", can_focus=False)
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        if self.loaded:
            self.load()

    # -- reading ------------------------------------------------------------------------
    @work(exclusive=True, group="plan")
    async def load(self) -> None:
        try:
            opened = await asyncio.to_thread(self._read)
        except (KamError, SQLAlchemyError) as err:
            self.notify(f"Could not read the plan: {err}", severity="error", markup=False)
            return
        self.opened, self.loaded = opened, True
        if opened is not None:
            self.account_id = opened.account_id
        header = self.query_one("#plan-header", Static)
        if opened is None:
            header.update(Content.styled("Account plans", "bold"))
            await self._mount([Static(NO_ACCOUNTS, id="plan-empty")], None)
            return
        document = opened.document
        header.update(plan_header(opened.account_name, opened.document))
        if document is None:
            self.plan_id = None
            sentence = Content.assemble(
                user_text(opened.account_name, "bold"),
                f" has no account plan yet; n writes the first one (for "
                f"{first_period(today())}).")
            await self._mount([Static(sentence, id="plan-empty")], None)
            return
        self.plan_id = document.plan.id
        if self._shown_plan != document.plan.id:
            await self._mount([
                WIDGETS[key](self.services, document.account.id, document.plan.id,
                             id=f"section-{key}") for key, _ in SECTIONS], document.plan.id)
        for number, state in enumerate(document.sections, 1):
            section = self.query_one(f"#section-{state.key}", PlanSection)
            section.border_title = Content(f"{number}. {state.title}")
            section.border_subtitle = (Content(f"incomplete: {state.missing}")
                                       if state.missing else None)
            section.set_class(not state.complete, "-incomplete")
        for section in self.sections:
            await section.reload()
        if self._section() is None and self.sections:
            self.sections[0].focus_content()
        self.refresh_bindings()

    def _read(self) -> _Opened | None:
        account_id = self.account_id or first_planned_account(self.services.store)
        if account_id is None:
            return None
        account = self.services.accounts.get(account_id)
        periods = account_periods(self.services.store, account.id)
        ids = [p.id for p in periods]
        plan_id = self.plan_id if self.plan_id in ids else (ids[-1] if ids else None)
        document = plan_document(self.services.store, plan_id) if plan_id else None
        return _Opened(account.id, account.name, document)

    async def _mount(self, widgets: list[Widget], plan_id: str | None) -> None:
        body = self.query_one("#plan-document", VerticalScroll)
        await body.remove_children()
        await body.mount_all(widgets)
        self._shown_plan = plan_id

    @property
    def sections(self) -> list[PlanSection]:
        return list(self.query(PlanSection))

    def _section(self) -> PlanSection | None:
        """The section holding the keyboard."""
        node = self.focused
        while node is not None and not isinstance(node, PlanSection):
            node = node.parent if isinstance(node.parent, Widget) else None
        return node

    # -- moving around --------------------------------------------------------------------
    def action_section(self, step: int) -> None:
        sections = self.sections
        if not sections:
            return
        here = self._section()
        at = sections.index(here) + step if here is not None else 0
        target = sections[max(0, min(at, len(sections) - 1))]
        target.focus_content()
        target.scroll_visible(animate=False)
        self.refresh_bindings()

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_period(self, step: int) -> None:
        document = self.opened.document if self.opened else None
        if document is None:
            self.notify("This account has no plan yet: n writes the first.",
                        severity="warning")
            return
        ids = [p.id for p in document.periods]
        at = ids.index(document.plan.id) + step
        if not 0 <= at < len(ids):
            which = "earliest" if step < 0 else "latest"
            self.notify(f"This is the account's {which} plan.", severity="warning")
            return
        self.plan_id = ids[at]
        self.load()

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.dismiss()
        else:  # opened as a mode of the app: back to the day's list
            self.app.switch_mode("today")

    def action_reload(self) -> None:
        self.load()

    @work(group="account-form")
    async def action_open_account(self) -> None:
        chosen = await self.app.push_screen_wait(
            PlanAccountPicker(self.services, self.account_id))
        if chosen is not None and chosen != self.account_id:
            self.account_id, self.plan_id, self._shown_plan = chosen, None, None
            self.load()

    # -- keys for the focused section ---------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in SECTION_KEYS:
            section = self._section()
            return section is not None and action in section.CAN
        return True

    def action_not_here(self, key: str) -> None:
        section = self._section()
        doing = {"a": "add", "e": "edit", "d": "delete"}[key]
        if section is None:
            self.notify(f"There is nothing to {doing} here.", severity="warning")
            return
        self.notify(f"There is nothing to {doing} in {section.TITLE}.", severity="warning")

    @work(group="account-form")
    async def action_add(self) -> None:
        self.changed(await self._to_section("add"))

    @work(group="account-form")
    async def action_edit(self) -> None:
        self.changed(await self._to_section("edit"))

    @work(group="account-form")
    async def action_delete(self) -> None:
        self.changed(await self._to_section("delete"))

    async def _to_section(self, key: str) -> Change | None:
        section = self._section()
        return await getattr(section, key)() if section is not None else None

    @work(group="account-form")
    async def action_next_period(self) -> None:
        opened = self.opened
        if opened is None:
            self.notify(NO_ACCOUNTS, severity="warning")
            return
        document = opened.document
        if document is None:
            account_id = opened.account_id
            prompt = LinePrompt(
                Content.assemble("The first plan of ", user_text(opened.account_name)),
                "Period", lambda period: create_plan(self.services, account_id, period)[1],
                initial=first_period(today()), hint="e.g. FY2027")
        else:
            plan_id = document.plan.id
            prompt = LinePrompt(
                f"Start the next period's plan from {document.plan.period} (carried over)",
                "Period", lambda period: start_next_period(self.services, plan_id, period),
                initial=next_period(document.plan.period), hint="e.g. FY2028")
        change = await self.app.push_screen_wait(prompt)
        if change is not None:
            self.plan_id = None  # the new plan is the latest
            self.changed(change)

    def changed(self, change: Change | None) -> None:
        """Remember a saved step for `u` and reload every section (None: nothing saved)."""
        if change is None:
            return
        self.app.remember(change)  # type: ignore[attr-defined]
        self.load()


__all__ = ["PlanScreen"]
