"""The one place user text becomes something Textual shows (never parsed as markup),
and the small formatters for money, percentages and dates used across the screens."""

from dataclasses import dataclass
from datetime import date

from rich.console import JustifyMethod
from rich.style import Style as RichStyle
from rich.text import Text
from textual.content import Content
from textual.fuzzy import Matcher
from textual.style import Style

from kamtui.domain.enums import label
from kamtui.domain.words import CONTROLS, one_line, plural

NOTHING = "—"  # shown for a missing value
SEPARATOR = " · "

__all__ = [
    "NOTHING", "SEPARATOR", "ThemeStyles", "cell", "day", "highlight_match", "label", "money",
    "one_line", "percent", "plural", "user_text",
]


def user_text(value: object, style: str = "") -> Content:
    """User text for Static, Label, notifications and palette hits: shown verbatim.
    `[/]` or `[@click=app.quit]x[/]` in a name stays text, never markup."""
    text = "" if value is None else str(value).translate(CONTROLS)
    return Content.styled(text, style) if style else Content(text)


def cell(value: object, *, style: str | RichStyle = "", justify: JustifyMethod = "left",
         max_width: int | None = None) -> Text:
    """A DataTable cell. DataTable parses str cells as markup and cannot measure Content,
    so every cell, user text or not, is a rich Text made from the plain string."""
    text = Text(one_line(value), style=style, justify=justify, no_wrap=True, end="")
    if max_width is not None and text.cell_len > max_width:
        text.truncate(max_width, overflow="ellipsis")
    return text


def highlight_match(matcher: Matcher, candidate: str) -> Content:
    """`candidate` with the letters the palette matched in bold. Textual's
    `Matcher.highlight` parses the candidate as markup, so it must not see user text."""
    candidate = candidate.translate(CONTROLS)
    content = Content(candidate)
    score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    if not score:
        return content
    style: Style = matcher.match_style
    for offset in offsets:
        if not candidate[offset].isspace():
            content = content.stylize(style, offset, offset + 1)
    return content


def money(amount: float | None) -> str:
    """A compact amount, three significant figures, no currency: 950, 45.2k, 1.23M, 12.3B."""
    if amount is None:
        return NOTHING
    sign = "-" if amount < 0 else ""
    value = abs(amount)
    if value < 999.5:
        return f"{sign}{value:.0f}"
    for suffix, unit in (("k", 1e3), ("M", 1e6), ("B", 1e9)):
        scaled = value / unit
        digits = 2 if scaled < 9.995 else 1 if scaled < 99.95 else 0
        shown = f"{scaled:.{digits}f}"
        if float(shown) < 1000 or suffix == "B":  # 999,999 is 1.00M, not 1000k
            break
    return f"{sign}{shown}{suffix}"


def percent(value: float | None, decimals: int = 1) -> str:
    """12.3%; a missing value is a dash."""
    if value is None:
        return NOTHING
    return f"{value:.{decimals}f}%"


def day(value: date | None) -> str:
    """An ISO date (sorts and reads the same everywhere); a missing date is a dash."""
    return NOTHING if value is None else value.isoformat()


@dataclass(frozen=True)
class ThemeStyles:
    """Rich styles for table cells taken from the current theme, so the rows follow it."""

    error: RichStyle
    warning: RichStyle
    success: RichStyle
    accent: RichStyle
    muted: RichStyle
    strong: RichStyle

    @classmethod
    def from_theme(cls, variables: dict[str, str]) -> "ThemeStyles":
        def colour(name: str, fallback: str) -> RichStyle:
            try:
                return RichStyle(color=variables.get(name) or fallback)
            except Exception:  # a theme colour rich cannot parse
                return RichStyle(color=fallback)

        return cls(error=colour("error", "red"), warning=colour("warning", "yellow"),
                   success=colour("success", "green"), accent=colour("text-accent", "cyan"),
                   muted=RichStyle(dim=True), strong=RichStyle(bold=True))
