"""Hostile text shared by the reliability tests: what a careless paste, a terminal escape
or a deliberate attack might put in a field, as fixed cases and as a hypothesis strategy."""

from hypothesis import strategies as st

MARKUP = ["[bold]", "[/]", "[/", "[@click=app.quit]x[/]", "[link=http://x]y[/link]"]
FIXED = [
    "", " ", "x" * 100_000, "[/]" * 33_334,  # empty and huge (100k characters)
    "\x00", "a\x00b", "\x1b[31mred\x1b[0m", "bell\x07", "\r\n\t", "\x7f\x85\x9b",
    "\u202eevil\u202c", "مرحبا بالعالم", "שלום", "😀👩‍👩‍👧‍👦🇩🇪",
    *MARKUP, "[b]x[/b] [red]y", "$x ${y} %s {0}", "'; DROP TABLE account; --",
]
# Characters a terminal or a parser might trip on, mixed with plain ones.
ODD = st.sampled_from(list("[]/@=\\$%{}'\"<>;") + ["\x00", "\x1b", "\x07", "\r", "\n", "\t",
                      "\u202e", "\u200f", "\u0645", "\u05d0", "😀", "\ufeff", "\x9b", "é"])
HOSTILE = st.one_of(
    st.sampled_from(FIXED),
    st.lists(st.one_of(ODD, st.sampled_from(MARKUP), st.characters()), max_size=30)
    .map("".join),
)
