"""The Profile tab of the account workspace: the customer-understanding fields of DOMAIN
step 2, in the order a KAM reads them; `e` edits them."""

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from kamtui.clock import today
from kamtui.domain import Account, AccountCreate
from kamtui.store.changes import Change
from kamtui.ui.screens.record_form import RecordForm
from kamtui.ui.text import NOTHING, user_text
from kamtui.ui.widgets.account_panel import AccountPanel

# The customer profile of step 2, in the order a KAM reads it.
PROFILE_FIELDS = ("objectives", "needs", "pains", "loves", "pet_peeves", "worries",
                  "decision_process", "why_us", "handoff_notes", "notes")


class ProfilePanel(AccountPanel):
    CAN: ClassVar[frozenset[str]] = frozenset({"edit"})
    WHAT = "the profile"

    DEFAULT_CSS = """
    ProfilePanel #profile { padding: 0 1; height: 1fr; }
    ProfilePanel .profile-label { color: $text-accent; text-style: bold; margin: 1 0 0 0; }
    """

    def compose(self) -> ComposeResult:
        yield VerticalScroll(id="profile")

    def read(self) -> Account:
        return self.services.accounts.get(self.account_id)

    def show(self, data: Account) -> None:
        profile = self.query_one("#profile", VerticalScroll)
        profile.remove_children()
        profile.mount_all(_profile(data))

    async def edit(self) -> Change | None:
        account = await self.attempt(self.services.accounts.get, self.account_id)
        if account is None:
            return None
        return await self.app.push_screen_wait(RecordForm(
            self.services, "accounts", AccountCreate, PROFILE_FIELDS,
            heading=f"Profile of {account.name}", today=today(), record=account))


def _profile(account: Account) -> list[Static]:
    widgets: list[Static] = []
    for name in PROFILE_FIELDS:
        title = Account.model_fields[name].title or name
        value = getattr(account, name)
        widgets.append(Static(title, classes="profile-label", markup=False))
        widgets.append(Static(user_text(value) if value else Content.styled(NOTHING, "dim")))
    return widgets


__all__ = ["PROFILE_FIELDS", "ProfilePanel"]
