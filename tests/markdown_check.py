"""Reading Markdown back as a renderer sees it (markdown-it, CommonMark with GitHub tables
and strikethrough), so the document tests can check what a reader of the file will see."""

from markdown_it import MarkdownIt
from markdown_it.token import Token

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def tokens(text: str) -> list[Token]:
    return MD.parse(text)


def shown(inline: Token) -> str:
    """The text an inline token renders to: line breaks as they show, markup dropped."""
    parts = []
    for child in inline.children or []:
        if child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
    return "".join(parts)


def headings(text: str) -> list[tuple[int, str]]:
    found = tokens(text)
    return [(int(t.tag[1]), shown(found[n + 1])) for n, t in enumerate(found)
            if t.type == "heading_open"]


def section(text: str, title: str) -> list[Token]:
    """The tokens between the heading `title` and the next heading of any level."""
    found = tokens(text)
    start = next(n for n, t in enumerate(found)
                 if t.type == "heading_open" and shown(found[n + 1]) == title)
    end = next((n for n, t in enumerate(found) if n > start + 2 and t.type == "heading_open"),
               len(found))
    return found[start + 3:end]


def paragraphs(part: list[Token]) -> list[str]:
    return [shown(part[n + 1]) for n, t in enumerate(part) if t.type == "paragraph_open"]


def items(part: list[Token]) -> list[str]:
    """The text of each list item (its first paragraph)."""
    return [shown(part[n + 2]) for n, t in enumerate(part) if t.type == "list_item_open"]


def rows(part: list[Token]) -> list[list[str]]:
    """Every table row, header first, as the cells' shown text."""
    found: list[list[str]] = []
    for n, t in enumerate(part):
        if t.type == "tr_open":
            found.append([])
        elif t.type in ("th_open", "td_open"):
            found[-1].append(shown(part[n + 1]))
    return found


def kinds(text: str) -> set[str]:
    """Every token type in the document, inline ones included."""
    found = set()
    for t in tokens(text):
        found.add(t.type)
        found.update(c.type for c in t.children or [])
    return found
