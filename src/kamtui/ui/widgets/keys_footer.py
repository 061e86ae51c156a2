"""The footer of the keys a screen takes: Textual's Footer, rebuilt only when what it shows
changed. Textual's own rebuilds every key (a widget each) whenever the screen says its
bindings may have changed: each focus change, tab shown or `refresh_bindings()`. Opening an
account did that a dozen times, about a fifth of the CPU it took."""

from typing import Any

from textual.widgets import Footer


class KeysFooter(Footer):
    """A Footer that keeps its keys while the screen's shown bindings stay the same."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # noqa: ANN401
        super().__init__(*args, **kwargs)
        self._showing: tuple[Any, ...] | None = None

    async def recompose(self) -> None:
        showing = self._what_it_shows()
        if showing is not None and showing == self._showing:
            return
        self._showing = showing
        await super().recompose()

    def _what_it_shows(self) -> tuple[Any, ...] | None:
        """Everything of the screen's bindings that Footer.compose puts on screen."""
        if not self._bindings_ready or not self.is_attached:
            return None
        app, active = self.app, self.screen.active_bindings
        keys = tuple((b.key, app.get_key_display(b), b.description, b.action, b.group,
                      enabled, tooltip)
                     for _, b, enabled, tooltip in active.values() if b.show)
        palette = active.get(app.COMMAND_PALETTE_BINDING)
        return (keys, self.show_command_palette and app.ENABLE_COMMAND_PALETTE,
                palette and (palette.binding.key, palette.enabled, palette.tooltip,
                             palette.binding.description))


__all__ = ["KeysFooter"]
