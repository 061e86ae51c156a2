"""A RecordForm that saves through a store step of the caller's choosing instead of a
plain create or edit: setting a whitespace cell (which creates or edits it), putting a
team member on an account (which refuses a second assignment). The fields, parsing and
refusals are RecordForm's; only the save differs."""

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from kamtui.store.changes import Change
from kamtui.store.repos import Services
from kamtui.ui.screens.record_form import RecordForm


class StepForm(RecordForm):
    """`save(values)` runs in a thread with the parsed field values (and `fixed`) and
    returns the saved Change; a KamError it raises stays shown in the form."""

    def __init__(self, services: Services, repo_name: str, model: type[BaseModel],
                 fields: Sequence[str], *, save: Callable[[dict[str, Any]], Change],
                 **kwargs: Any) -> None:  # noqa: ANN401 - RecordForm's keywords
        super().__init__(services, repo_name, model, fields, **kwargs)
        self.save_step = save

    def _save(self, texts: Mapping[str, Any]) -> Change:
        return self.save_step(self.values(texts))


__all__ = ["StepForm"]
