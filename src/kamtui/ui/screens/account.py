"""The account workspace: one account's header and tabs (profile, contacts, actions,
interactions, whitespace, team). Opened with enter on Today or the portfolio, or from
the command palette."""

import asyncio
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

from kamtui.clock import today
from kamtui.domain import Account, AccountCreate, ContactCreate
from kamtui.domain.dates import relative_ago, relative_day
from kamtui.domain.enums import ActionStatus, Attitude, label
from kamtui.errors import KamError
from kamtui.store import actions as lifecycle
from kamtui.store.account_view import (
    AccountAction,
    AccountInteraction,
    account_actions,
    account_interactions,
)
from kamtui.store.changes import Change
from kamtui.store.health import Health, account_health
from kamtui.store.repos import Services
from kamtui.store.xray import FindingKind, OrgNode, Xray, org_chart
from kamtui.ui.screens.action_form import AccountChoice, ActionForm
from kamtui.ui.screens.record_form import RecordForm
from kamtui.ui.text import NOTHING, SEPARATOR, ThemeStyles, cell, day, money, user_text
from kamtui.ui.widgets.account_tabs import TeamPanel, WhitespacePanel

# The customer profile of step 2, in the order a KAM reads it.
PROFILE_FIELDS = ("objectives", "needs", "pains", "loves", "pet_peeves", "worries",
                  "decision_process", "why_us", "handoff_notes", "notes")
# What `c` asks about a new contact (who they report to is set elsewhere).
CONTACT_FIELDS = ("name", "title", "email", "phone", "buying_role", "attitude", "strength",
                  "cadence_days", "last_contacted")


@dataclass(frozen=True)
class _Loaded:
    account: Account
    health: Health
    chart: list[tuple[int, OrgNode]]  # contacts in org-chart order, with their depth
    actions: list[AccountAction]
    interactions: list[AccountInteraction]


class AccountScreen(Screen[None]):
    """Everything about one account. Escape goes back to where it was opened from."""

    DEFAULT_CSS = """
    AccountScreen #account-header { height: auto; padding: 0 1; margin: 1 0; }
    AccountScreen TabbedContent { height: 1fr; }
    AccountScreen TabPane { height: 1fr; padding: 0; }
    AccountScreen #profile { padding: 0 1; height: 1fr; }
    AccountScreen .profile-label { color: $text-accent; text-style: bold; margin: 1 0 0 0; }
    AccountScreen DataTable { height: 1fr; }
    AccountScreen #xray {
        height: auto; max-height: 10; padding: 0 1; border-top: solid $primary;
    }
    """
    BINDINGS = [
        Binding("question_mark", "app.toggle_help", "Keys", key_display="?",
                id="account.help"),
        Binding("escape,backspace", "back", "Back", id="account.back"),
        Binding("x", "done", "Done", id="account.done",
                tooltip="Mark the selected action done (Actions tab)"),
        Binding("e", "edit", "Edit", id="account.edit",
                tooltip="Edit the selected action (Actions tab)"),
        Binding("a", "add", "Add action", id="account.add"),
        Binding("E", "edit_profile", "Edit profile", id="account.profile",
                tooltip="Edit the customer profile (objectives, needs, pains, ...)"),
        Binding("c", "add_contact", "Add contact", id="account.contact"),
        Binding("u", "app.undo", "Undo", id="account.undo"),
        Binding("r", "reload", "Refresh", show=False, id="account.reload"),
    ]

    def __init__(self, services: Services, account_id: str) -> None:
        super().__init__()
        self.services = services
        self.account_id = account_id
        self.loaded: _Loaded | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="account-header")
        with TabbedContent(id="tabs"):
            with TabPane("Profile", id="tab-profile"):
                yield VerticalScroll(id="profile")
            with TabPane("Contacts", id="tab-contacts"):
                yield DataTable(id="contacts", cursor_type="row", zebra_stripes=True)
                yield Static(id="xray")
            with TabPane("Actions", id="tab-actions"):
                yield DataTable(id="actions", cursor_type="row", zebra_stripes=True)
            with TabPane("Interactions", id="tab-interactions"):
                yield DataTable(id="interactions", cursor_type="row", zebra_stripes=True)
            with TabPane("Whitespace", id="tab-whitespace"):
                yield WhitespacePanel(self.services, self.account_id, id="whitespace")
            with TabPane("Team", id="tab-team"):
                yield TeamPanel(self.services, self.account_id, id="team")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

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
        self._show()
        await self.query_one(WhitespacePanel).reload()
        await self.query_one(TeamPanel).reload()

    def _read(self) -> _Loaded:
        store = self.services.store
        return _Loaded(self.services.accounts.get(self.account_id),
                       account_health(store, self.account_id, today()),
                       [step for root in org_chart(store, self.account_id)
                        for step in root.walk()],
                       account_actions(store, self.account_id),
                       account_interactions(store, self.account_id))

    def _show(self) -> None:
        assert self.loaded is not None
        got, now = self.loaded, today()
        styles = ThemeStyles.from_theme(self.app.theme_variables)
        self.query_one("#account-header", Static).update(_header(got.account, got.health))
        self.query_one("#xray", Static).update(_xray(got.health.xray))
        profile = self.query_one("#profile", VerticalScroll)
        profile.remove_children()
        profile.mount_all(_profile(got.account))

        contacts = self.query_one("#contacts", DataTable)
        contacts.clear(columns=True)
        for heading in ("Name (org chart)", "Title", "Buying role", "Attitude", "Strength",
                        "Cadence", "Last contacted"):
            contacts.add_column(cell(heading))
        stale = {i for f in got.health.xray.findings if f.kind == FindingKind.stale_contact
                 for i in f.contact_ids} if got.health.xray else set()
        for depth, node in got.chart:
            person = node.contact
            # The org chart as indentation: who reports to whom reads down the column.
            branch = "  " * (depth - 1) + "└ " if depth else ""
            contacts.add_row(
                cell(branch + person.name, max_width=30),
                cell(person.title or NOTHING, max_width=28),
                cell(label(person.buying_role)),
                cell(label(person.attitude),
                     style=styles.error if person.attitude == Attitude.detractor else ""),
                cell(f"{person.strength}/5"),
                cell(f"{person.cadence_days} days" if person.cadence_days else NOTHING),
                cell(relative_ago(person.last_contacted, now) if person.last_contacted
                     else "never", style=styles.warning if person.id in stale else ""),
                key=person.id)

        actions = self.query_one("#actions", DataTable)
        selected = _selected(actions)
        actions.clear(columns=True)
        for heading in ("When", "What", "Owner", "Status"):
            actions.add_column(cell(heading))
        for item in got.actions:
            open_ = item.status in (ActionStatus.open, ActionStatus.waiting)
            overdue = open_ and item.deadline is not None and item.deadline < now
            when = relative_day(item.deadline, now) if item.deadline and open_ else day(
                item.deadline)
            actions.add_row(cell(when, style=styles.error if overdue else ""),
                            cell(item.title, max_width=60,
                                 style="" if open_ else styles.muted),
                            cell(item.owner, max_width=24), cell(label(item.status)),
                            key=item.id)
        if selected is not None and selected in {a.id for a in got.actions}:
            actions.move_cursor(row=actions.get_row_index(selected), animate=False)

        log = self.query_one("#interactions", DataTable)
        log.clear(columns=True)
        for heading in ("Date", "Kind", "Who", "Summary"):
            log.add_column(cell(heading))
        for entry in got.interactions:
            log.add_row(cell(day(entry.occurred_on)), cell(label(entry.kind)),
                        cell(entry.contacts or NOTHING, max_width=30),
                        cell(entry.summary, max_width=70), key=entry.id)

    # -- actions tab ------------------------------------------------------------------
    def _action_id(self) -> str | None:
        if self.query_one(TabbedContent).active != "tab-actions":
            self.notify("Open the Actions tab (it lists this account's action items).",
                        severity="warning")
            return None
        chosen = _selected(self.query_one("#actions", DataTable))
        if chosen is None:
            self.notify("This account has no action items yet; a adds one.",
                        severity="warning")
        return chosen

    async def action_done(self) -> None:
        if (chosen := self._action_id()) is None:
            return
        try:
            change, _ = await asyncio.to_thread(lifecycle.complete_action, self.services,
                                                chosen, today())
        except KamError as err:
            self.notify(str(err), severity="warning", markup=False)
            return
        self._changed(change)

    @work(group="account-form")
    async def action_edit(self) -> None:
        if (chosen := self._action_id()) is None:
            return
        action = await asyncio.to_thread(self.services.actions.get, chosen)
        self._changed(await self.app.push_screen_wait(ActionForm(
            self.services, today(), action=action, account=self._choice())))

    @work(group="account-form")
    async def action_add(self) -> None:
        self._changed(await self.app.push_screen_wait(
            ActionForm(self.services, today(), account=self._choice())))

    @work(group="account-form")
    async def action_edit_profile(self) -> None:
        try:
            account = await asyncio.to_thread(self.services.accounts.get, self.account_id)
        except KamError as err:
            self.notify(str(err), severity="warning", markup=False)
            return
        self._changed(await self.app.push_screen_wait(RecordForm(
            self.services, "accounts", AccountCreate, PROFILE_FIELDS,
            heading=f"Profile of {account.name}", today=today(), record=account)))

    @work(group="account-form")
    async def action_add_contact(self) -> None:
        self._changed(await self.app.push_screen_wait(RecordForm(
            self.services, "contacts", ContactCreate, CONTACT_FIELDS, heading="New contact",
            today=today(), fixed={"account_id": self.account_id})))

    def _choice(self) -> AccountChoice | None:
        if self.loaded is None:
            return None
        return AccountChoice(self.loaded.account.id, self.loaded.account.name)

    def _changed(self, change: Change | None) -> None:
        if change is None:
            return
        self.app.remember(change)  # type: ignore[attr-defined]
        self.load()

    @on(TabbedContent.TabActivated)
    def _tab_shown(self) -> None:
        self.refresh_bindings()


def _selected(table: DataTable) -> str | None:
    if table.row_count == 0:
        return None
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


def _header(account: Account, health: Health) -> Content:
    """Name; tier, status, revenue, renewal, health; and why the health is what it is."""
    renewal = f"renewal {day(account.renewal_date)}" if account.renewal_date else "no renewal"
    style = "$text-error" if health.score < 50 else "$text-warning" if health.score < 75 else ""
    facts = Content(SEPARATOR).join([
        Content(f"{label(account.tier)} account"), Content(label(account.status)),
        Content(f"revenue {money(account.annual_revenue)}"), Content(renewal),
        Content.assemble("health ", (f"{health.score}/100", f"bold {style}".strip()))])
    lost = health.lost()
    why = (Content.styled("  " + SEPARATOR.join(f.line for f in lost), "dim") if lost
           else Content.styled("  nothing takes points off", "dim"))
    return Content.assemble(user_text(account.name, "bold"), "\n", facts, "\n", why)


def _xray(xray: Xray | None) -> Content:
    """The relationship X-ray under the contacts: roles covered and missing, then each
    finding as a sentence (they may quote names: user text, never markup)."""
    if xray is None:
        return Content("")
    covered = ", ".join(label(r) for r in xray.roles_covered) or NOTHING
    missing = ", ".join(label(r) for r in xray.roles_missing) or "none"
    lines = [Content.assemble(("Relationship X-ray  ", "bold $text-accent"),
                              f"roles covered: {covered}", SEPARATOR,
                              (f"missing: {missing}", "$text-warning" if xray.roles_missing
                               else ""))]
    lines += [Content.assemble(("• ", "$text-warning"), user_text(f.sentence))
              for f in xray.findings]
    if not xray.findings:
        lines.append(Content.styled("No warnings: the relationship is well covered.", "dim"))
    return Content("\n").join(lines)


def _profile(account: Account) -> list[Static]:
    widgets: list[Static] = []
    for name in PROFILE_FIELDS:
        title = Account.model_fields[name].title or name
        value = getattr(account, name)
        widgets.append(Static(title, classes="profile-label", markup=False))
        widgets.append(Static(user_text(value) if value else Content.styled(NOTHING, "dim")))
    return widgets
