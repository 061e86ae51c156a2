"""What every form and prompt shares: a framed dialog, an error line that shows the
store's one-sentence refusals, and saving off the event loop so the form stays open
(and the typing kept) when the input is refused."""

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.exc import SQLAlchemyError
from textual import on
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from kamtui.errors import KamError

T = TypeVar("T")
R = TypeVar("R")
# A save still running after this long is waiting for another kamtui's write lock (the
# store waits up to BUSY_TIMEOUT_MS for it): say so rather than look frozen.
WAITING_AFTER_S = 1.0


class Dialog(ModalScreen[T]):
    """A framed modal. Escape cancels (dismisses with None)."""

    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > .dialog {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    Dialog .dialog-title { text-style: bold; color: $text-accent; margin: 0 0 1 0; }
    Dialog .field-label { color: $text-muted; margin: 1 0 0 0; }
    Dialog .hint { color: $text-muted; height: auto; }
    Dialog .error { color: $text-error; height: auto; display: none; }
    Dialog .error.-shown { display: block; }
    Dialog .buttons { height: auto; align-horizontal: right; margin: 1 0 0 0; }
    Dialog .buttons Button { margin: 0 0 0 2; min-width: 10; }
    Dialog .form {
        layout: grid; grid-size: 2; grid-columns: 20 1fr; grid-rows: auto; height: auto;
    }
    Dialog .form > Label { color: $text-muted; padding: 0 1 0 0; }
    /* A grid row of height auto gives a TextArea one line unless it insists. */
    Dialog .form > TextArea { height: 3; min-height: 3; }
    Dialog .form > .hint { column-span: 2; padding: 0 0 0 20; }
    Dialog .form Input:focus, Dialog .form Select:focus > SelectCurrent,
    Dialog TextArea:focus { background: $boost; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        """Every form's Cancel button, as escape."""
        self.dismiss(None)

    def show_error(self, message: str | None) -> None:
        """Show (or, with None, clear) the refusal under the fields."""
        for error in self.query(".error").results(Static):
            error.update(message or "")
            error.set_class(bool(message), "-shown")

    async def attempt(self, work: Callable[..., R], *args: Any, **kwargs: Any) -> R | None:
        """Run a store call in a thread; on a refusal, show it and return None. While it
        waits for the store (another session saving), the error line says so."""
        task = asyncio.ensure_future(asyncio.to_thread(work, *args, **kwargs))
        try:
            done, _ = await asyncio.wait({task}, timeout=WAITING_AFTER_S)
            if not done:
                self.show_error("Waiting for the store: another kamtui session is busy "
                                "saving; what you typed is kept.")
            result = await task
        except KamError as err:  # StoreBusy too, when the wait runs out: the form stays
            self.show_error(str(err))
            return None
        except SQLAlchemyError as err:  # locked or damaged store: say so, keep the form
            self.show_error(f"The store could not save this ({err.__class__.__name__}); "
                            "what you typed is kept: try again, and if it persists, run "
                            "'kamtui info'.")
            return None
        self.show_error(None)
        return result


def error_line() -> Static:
    """The refusal line of a dialog (plain text: the sentence may quote user text)."""
    return Static("", classes="error", markup=False)
