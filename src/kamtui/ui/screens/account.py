"""The account workspace: one account's header and tabs (profile, contacts, actions,
interactions, whitespace, team). Opened with enter on Today or the portfolio, or from
the command palette.

Each tab is an AccountPanel (kamtui.ui.widgets) that reads and shows its own rows. A
panel is built and read when its tab is first shown: building all eight at once made
opening an account take twice as long. The keys that change records (`a` add, `e`
edit, `d` delete, `x` done) go to the open tab's panel; the footer shows only the ones
that tab takes. After a saved change the header and the open tab read again, and every
other tab when it is next shown, since the health in the header depends on all of them."""

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static, TabbedContent, TabPane, Tabs

from kamtui.clock import today
from kamtui.domain import Account
from kamtui.domain.enums import label
from kamtui.errors import KamError
from kamtui.store.changes import Change
from kamtui.store.health import Health, account_health
from kamtui.store.repos import Services
from kamtui.ui.screens.plan import PlanScreen
from kamtui.ui.text import SEPARATOR, day, money, user_text
from kamtui.ui.widgets.account_panel import AccountPanel
from kamtui.ui.widgets.actions_panel import ActionsPanel
from kamtui.ui.widgets.contacts_panel import ContactsPanel
from kamtui.ui.widgets.escalation_panel import EscalationPanel
from kamtui.ui.widgets.interactions_panel import InteractionsPanel
from kamtui.ui.widgets.keys_footer import KeysFooter
from kamtui.ui.widgets.profile_panel import ProfilePanel
from kamtui.ui.widgets.reviews_panel import ReviewsPanel
from kamtui.ui.widgets.team_panel import TeamPanel
from kamtui.ui.widgets.whitespace_panel import WhitespacePanel

# The tabs in order: (pane id, title, panel class).
TABS: tuple[tuple[str, str, type[AccountPanel]], ...] = (
    ("profile", "Profile", ProfilePanel),
    ("contacts", "Contacts", ContactsPanel),
    ("actions", "Actions", ActionsPanel),
    ("interactions", "Interactions", InteractionsPanel),
    ("whitespace", "Whitespace", WhitespacePanel),
    ("team", "Team", TeamPanel),
    ("escalation", "Escalation", EscalationPanel),
    ("reviews", "Reviews", ReviewsPanel),
)
# Keys that go to the open tab's panel: action name -> the panel method.
PANEL_KEYS = {"add": "add", "edit": "edit", "delete": "delete", "done": "done"}


@dataclass(frozen=True)
class _Loaded:
    account: Account
    health: Health


class AccountScreen(Screen[None]):
    """Everything about one account. Escape goes back to where it was opened from."""

    DEFAULT_CSS = """
    AccountScreen #account-header { height: auto; padding: 0 1; margin: 1 0; }
    AccountScreen TabbedContent { height: 1fr; }
    AccountScreen TabPane { height: 1fr; padding: 0; }
    """
    BINDINGS = [
        Binding("question_mark", "app.toggle_help", "Keys", key_display="?",
                id="account.help"),
        Binding("escape,backspace", "back", "Back", id="account.back"),
        Binding("a", "add", "Add", id="account.add",
                tooltip="Add to the open tab: a contact, an action, an interaction ..."),
        Binding("e", "edit", "Edit", id="account.edit",
                tooltip="Edit the selected row of the open tab (on Profile: the profile)"),
        Binding("d", "delete", "Delete", id="account.delete",
                tooltip="Delete the selected row of the open tab (u undoes it)"),
        Binding("x", "done", "Done", id="account.done",
                tooltip="Mark the selected action done (Actions tab)"),
        # What a key the open tab does not take says instead (found after the above).
        *(Binding(key, f"not_here('{key}')", show=False, id=f"account.not-{key}")
          for key in "aedx"),
        Binding("right_square_bracket", "next_tab(1)", "Next tab", key_display="]",
                id="account.next-tab"),
        Binding("left_square_bracket", "next_tab(-1)", "Previous tab",
                show=False, key_display="[", id="account.previous-tab"),
        Binding("E", "edit_profile", "Edit profile", show=False, id="account.profile",
                tooltip="Edit the customer profile (objectives, needs, pains, ...)"),
        Binding("c", "add_contact", "Add contact", show=False, id="account.contact"),
        Binding("p", "open_plan", "Plan", id="account.plan",
                tooltip="Open this account's key account plan (the blueprint)"),
        Binding("b", "export_brief", "Brief", id="account.brief",
                tooltip="Write the meeting brief as Markdown to ~/kamtui-exports"),
        Binding("P", "export_plan", "Export plan", show=False, id="account.export-plan",
                tooltip="Write the customer version of the plan as Markdown to "
                        "~/kamtui-exports"),
        Binding("u", "app.undo", "Undo", id="account.undo"),
        Binding("r", "reload", "Refresh", show=False, id="account.reload"),
        Binding("j", "cursor(1)", "Down", show=False, id="account.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="account.up"),
    ]

    def __init__(self, services: Services, account_id: str, *, tab: str | None = None) -> None:
        super().__init__()
        self.services = services
        self.account_id = account_id
        self.first_tab = tab
        self.loaded: _Loaded | None = None
        self._reading = 0  # counts load()s: a panel read before the last one is stale
        self._read_in: dict[str, int] = {}  # panel name -> the load() it was read in
        self._panels_lock = asyncio.Lock()  # one panel built or read at a time

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="account-header")
        names = [name for name, _, _ in TABS]
        first = self.first_tab if self.first_tab in names else names[0]
        with TabbedContent(id="tabs", initial=f"tab-{first}"):
            for name, title, _ in TABS:
                with TabPane(title, id=f"tab-{name}"):
                    if name == first:  # the others when first shown
                        yield self._new_panel(name)
        yield KeysFooter()

    def _new_panel(self, name: str) -> AccountPanel:
        panel = _panel_class(name)(self.services, self.account_id, id=f"panel-{name}")
        if isinstance(panel, ActionsPanel) and self.loaded is not None:
            panel.account_name = self.loaded.account.name
        return panel

    def on_mount(self) -> None:
        self.load()

    @on(TabbedContent.TabActivated)
    def _tab_shown(self) -> None:
        self.refresh_bindings()
        if self.loaded is not None:  # else load() reads the first tab
            self._open_tab(self._pane())

    @work(group="account-tab")
    async def _open_tab(self, name: str, *, focus: bool = False) -> None:
        panel = await self.open_panel(name)
        if focus and self._pane() == name:
            panel.focus_content()

    async def open_panel(self, name: str | None = None) -> AccountPanel:
        """The panel of tab `name` (default: the open one), built and read if it was not
        yet, or read again if the account changed since it was read."""
        name = name or self._pane()
        async with self._panels_lock:
            panel = self._panel(name)
            if panel is None:
                panel = self._new_panel(name)
                await self.query_one(f"#tab-{name}", TabPane).mount(panel)
            reading = self._reading
            if self._read_in.get(name) != reading:
                await panel.reload()
                self._read_in[name] = reading
        return panel

    def _panel(self, name: str) -> AccountPanel | None:
        found = self.query(f"#panel-{name}")
        return found.first(AccountPanel) if found else None

    def on_screen_resume(self) -> None:
        if self.loaded is not None:
            self.load()

    def action_back(self) -> None:
        self.dismiss()

    def action_reload(self) -> None:
        self.load()

    @work(exclusive=True, group="account")
    async def load(self) -> None:
        try:
            self.loaded = await asyncio.to_thread(self._read)
        except (KamError, SQLAlchemyError) as err:
            self.notify(f"Could not read the account: {err}", severity="error",
                        markup=False)
            return
        if not self.is_current:  # closed (escape) while it was reading
            return
        self.query_one("#account-header", Static).update(
            _header(self.loaded.account, self.loaded.health))
        for actions in self.query(ActionsPanel):
            actions.account_name = self.loaded.account.name
        self._reading += 1  # every panel read before is stale: read each when shown
        await self.open_panel()

    def _read(self) -> _Loaded:
        return _Loaded(self.services.accounts.get(self.account_id),
                       account_health(self.services.store, self.account_id, today()))

    # -- keys for the open tab ------------------------------------------------------
    @property
    def panel(self) -> AccountPanel:
        """The open tab's panel, once built (`open_panel` waits for it)."""
        return self.query_one(f"#panel-{self._pane()}", AccountPanel)

    def _pane(self) -> str:
        return self.query_one(TabbedContent).active.removeprefix("tab-")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in PANEL_KEYS:  # asked before the open tab's panel may be built
            return action in _panel_class(self._pane()).CAN
        return True

    def action_not_here(self, key: str) -> None:
        title = dict((name, title) for name, title, _ in TABS)[self._pane()]
        if key == "x":
            self.notify("Open the Actions tab to mark an action done.", severity="warning")
            return
        doing = {"a": "add", "e": "edit", "d": "delete"}[key]
        self.notify(f"There is nothing to {doing} on the {title} tab.", severity="warning")

    def action_next_tab(self, step: int) -> None:
        names = [name for name, _, _ in TABS]
        here = names.index(self._pane())
        self.show_tab(names[(here + step) % len(names)])

    def action_cursor(self, step: int) -> None:
        """j and k move in the focused table, as on Today."""
        table = self.focused
        if isinstance(table, DataTable):
            table.action_cursor_down() if step > 0 else table.action_cursor_up()

    def show_tab(self, name: str) -> None:
        """Open tab `name` and give its panel the keyboard (once built, if it is not)."""
        tabs = self.query_one(TabbedContent)
        tabs.active = f"tab-{name}"
        if (panel := self._panel(name)) is not None:
            panel.focus_content()
        else:  # off the hidden tab now: the focus left there would switch back to it
            tabs.query_one(Tabs).focus()
        self._open_tab(name, focus=True)

    @work(group="account-form")
    async def action_add(self) -> None:
        await self._in_panel("add")

    @work(group="account-form")
    async def action_edit(self) -> None:
        await self._in_panel("edit")

    @work(group="account-form")
    async def action_delete(self) -> None:
        await self._in_panel("delete")

    @work(group="account-form")
    async def action_done(self) -> None:
        await self._in_panel("done")

    @work(group="account-form")
    async def action_edit_profile(self) -> None:
        await self._in_panel("edit_profile", "profile")

    @work(group="account-form")
    async def action_add_contact(self) -> None:
        await self._in_panel("add", "contacts")

    async def _in_panel(self, step: str, tab: str | None = None) -> None:
        """Run a step of the open tab's panel (or tab `tab`'s, built if need be)."""
        panel = await self.open_panel(tab)
        self.changed(await getattr(panel, step)())

    async def action_open_plan(self) -> None:
        await self.app.push_screen(PlanScreen(self.services, self.account_id))

    # -- documents to share ---------------------------------------------------------
    @work(group="account-export")
    async def action_export_brief(self) -> None:
        from kamtui.io.document_files import export_brief
        await self._export("the meeting brief", export_brief, self.services, self.account_id)

    @work(group="account-export")
    async def action_export_plan(self) -> None:
        from kamtui.io.document_files import export_plan
        await self._export("the customer version of the plan", export_plan, self.services,
                           self.account_id, "customer")

    async def _export(self, what: str, step: Callable[..., Path], *args: object) -> None:
        try:
            path = await asyncio.to_thread(step, *args)
        except KamError as err:
            self.notify(str(err), severity="error", markup=False)
            return
        self.notify(f"Wrote {what} to {path}.", markup=False)

    def changed(self, change: Change | None) -> None:
        """Remember a saved step for `u` and reload every tab (None: nothing was saved)."""
        if change is None:
            return
        self.app.remember(change)  # type: ignore[attr-defined]
        self.load()


def _panel_class(name: str) -> type[AccountPanel]:
    return next(panel for pane, _, panel in TABS if pane == name)


def _header(account: Account, health: Health) -> Content:
    """Name; tier, status, revenue, renewal, health; and why the health is what it is."""
    renewal = f"renewal {day(account.renewal_date)}" if account.renewal_date else "no renewal"
    style = "$text-error" if health.score < 50 else "$text-warning" if health.score < 75 else ""
    facts = Content(SEPARATOR).join([
        Content(f"{label(account.tier)} account"), Content(label(account.status)),
        Content(f"revenue {money(account.annual_revenue)}"), Content(renewal),
        Content.assemble("health ", (f"{health.score}/100", f"bold {style}".strip()))])
    lost = health.lost()
    why = (user_text("  " + SEPARATOR.join(f.line for f in lost), "dim") if lost
           else Content.styled("  nothing takes points off", "dim"))
    return Content.assemble(user_text(account.name, "bold"), "\n", facts, "\n", why)


__all__ = ["AccountScreen"]
