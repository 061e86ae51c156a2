"""The base of every section of the plan blueprint screen (DOMAIN step 4). A section is
an AccountPanel (read in a thread, show, `a`/`e`/`d` keys returning a Change) that also
knows which plan it belongs to. The plan screen sends the keys to the section that has
the keyboard focus and, after a saved change, reloads every section (the completeness
figure and the objectives' progress depend on more than one)."""

from typing import Any

from kamtui.store.repos import Services
from kamtui.ui.widgets.account_panel import AccountPanel


class PlanSection(AccountPanel):
    """One section of one account plan. `TITLE` is its heading in the document."""

    TITLE = "Section"

    def __init__(self, services: Services, account_id: str, plan_id: str,
                 **kwargs: Any) -> None:  # noqa: ANN401
        super().__init__(services, account_id, **kwargs)
        self.plan_id = plan_id


__all__ = ["PlanSection"]
