"""Contacts as vCards, with the `vobject` library: writing the live contacts as vCard 3.0
for a phone or address book, and reading a .vcf file (vCard 2.1, 3.0 or 4.0, as phones
export them) into rows for the contacts import (kamtui.io.rows.SourceRow, one per card).

What leaves kamtui is what a business card holds: name, organisation (the account), title,
work email and phone, and the contact's id as UID. Notes, buying roles and attitudes are
the KAM's own reading of a person and never go into a vCard."""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import vobject
from vobject.base import ContentLine, ParseError, textLineToContentLine
from vobject.vcard import Name

from kamtui import __version__
from kamtui.errors import InvalidInput, KamError
from kamtui.io.input_files import read_input
from kamtui.io.rows import SourceRow
from kamtui.store.engine import Store
from kamtui.store.table_export import export_rows

PRODID = f"-//kamtui//kamtui {__version__}//EN"
# Words that belong to the family name that follows them: "Anna de Vries", "Jan van der Berg".
PARTICLES = {"al", "bin", "da", "dal", "de", "del", "della", "der", "di", "dos", "du", "el",
             "la", "le", "st", "st.", "ten", "ter", "van", "von", "zu"}
MAX_LISTED = 10  # broken cards named one by one before the rest are counted
PLURAL = {"email address": "email addresses", "phone number": "phone numbers"}
_NOT_PEOPLE = {"group", "org", "location"}
_QP = re.compile("quoted-printable", re.IGNORECASE)


def split_name(name: str) -> tuple[str, str]:
    """(given, family) of a full name: "Anna de Vries" -> ("Anna", "de Vries"),
    "Doe, Jane" -> ("Jane", "Doe"), "John Smith, Jr." -> ("John", "Smith, Jr."); a
    single word is a given name."""
    head, comma, tail = name.partition(",")
    if comma and len(head.split()) == 1 and tail.strip():
        return " ".join(tail.split()), head.strip()
    words = head.split()
    if len(words) < 2:
        return " ".join(name.split()), ""
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    return " ".join(words[:start]), " ".join(words[start:]) + comma + tail.rstrip()


def write_vcards(store: Store, out: TextIO, account_id: str | None = None) -> int:
    """Write the live contacts of live accounts (of one account, or all) as vCard 3.0 to
    `out`, one card after another as they are read, and return how many. Lines end in
    CRLF, as the vCard RFCs want: open a file with newline=""."""
    count = 0
    for row in export_rows(store, "contacts", account_id):
        out.write(to_vcard(row).serialize())
        count += 1
    return count


def to_vcard(contact: dict[str, Any]) -> vobject.base.Component:
    """A vCard 3.0 of a contact row (name, account, title, email, phone, id)."""
    card = vobject.vCard()
    card.add("version").value = "3.0"
    card.add("prodid").value = PRODID
    card.add("uid").value = contact["id"]
    card.add("fn").value = contact["name"]
    given, family = split_name(contact["name"])
    card.add("n").value = Name(family=family, given=given)
    card.add("org").value = [contact["account"]]
    for key, prop in (("title", "title"), ("email", "email"), ("phone", "tel")):
        value = (contact.get(key) or "").strip()
        if value:
            line = card.add(prop)
            line.value = value
            if prop != "title":
                line.type_param = "WORK"
    return card


@dataclass(frozen=True)
class VcardFile:
    """What a .vcf file holds. `rows` has one SourceRow per card that is a person (number
    = the card's place in the file, 1..n) with values name, title, email, phone and
    account; `problems` says, by card number, why a row cannot be imported as it is;
    `notices` are things the user should know (cards left out, details not kept)."""

    path: Path
    rows: list[SourceRow] = field(default_factory=list)
    problems: dict[int, str] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)


# One card as read: property name (upper case) -> its lines, each with the line number.
Card = dict[str, list[ContentLine]]


def read_vcards(path: Path) -> VcardFile:
    """Read a vCard file (UTF-8 with or without BOM, UTF-16, else Windows-1252 with a
    notice). Refuses (KamError, one sentence each) a missing file, a folder, a file that
    is not vCards, and broken cards (named by number); changes nothing."""
    path = Path(path).expanduser()
    text, notices = _text_of(path)
    result, broken = VcardFile(path, notices=notices), []
    for number, lines in _cards(path, text):
        try:
            card = _parse(number, lines)
        except KamError as err:
            broken.append(str(err))
            continue
        _add_card(result, number, card)
    if broken:
        more = len(broken) - MAX_LISTED
        raise InvalidInput(broken[:MAX_LISTED] + ([f"{more} more cards are broken too."]
                                                  if more > 0 else []))
    return result


def _text_of(path: Path) -> tuple[str, list[str]]:
    data = read_input(path, "a vCard file (.vcf)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # some Windows tools write UTF-16
        return data.decode("utf-16", errors="replace"), []
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), [
            f"{path.name} is not UTF-8; it was read as Windows-1252 (Western European), "
            f"so check accented letters."]


def _cards(path: Path, text: str) -> Iterator[tuple[int, list[tuple[int, str]]]]:
    """(card number, [(line number, line)]) of each card; lines outside cards must be
    blank. A card in a card (a 2.1 AGENT) stays inside its card."""
    number, depth, card = 0, 0, []
    for n, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        word = line.strip().upper()
        if depth == 0:
            if not word:
                continue
            if word != "BEGIN:VCARD":
                where = "it does not begin with BEGIN:VCARD" if number == 0 else (
                    f"line {n} lies outside any card (after card {number})")
                raise KamError(f"{path} is not a vCard file: {where}.")
            number, card = number + 1, []
        card.append((n, line))
        depth += word == "BEGIN:VCARD"
        depth -= word == "END:VCARD"
        if depth == 0:
            yield number, card
    if number == 0:
        raise KamError(f"{path} holds no vCards (no BEGIN:VCARD ... END:VCARD).")
    if depth > 0:
        raise KamError(f"Card {number} (from line {card[0][0]}) of {path} never ends: "
                       f"there is no END:VCARD after it.")


def _parse(number: int, lines: list[tuple[int, str]]) -> Card:
    """The card's properties, read by vobject's line parser (parameters, quoted-printable
    and charsets). Values keep their backslash escapes (see _text): vobject's own vCard
    reading keeps only the text before the first unescaped comma of a title or name."""
    logical: list[tuple[int, str]] = []
    for n, line in lines:
        previous = logical[-1][1] if logical else ""
        if previous.endswith("=") and "QUOTED-PRINTABLE" in previous.split(":")[0].upper():
            logical[-1] = (logical[-1][0], previous[:-1] + line)  # a 2.1 soft line break
        elif line[:1] in (" ", "\t") and logical:
            logical[-1] = (logical[-1][0], previous + line[1:])  # a folded line
        elif line.strip():
            logical.append((n, line))
    card: Card = {}
    depth = 0
    for n, line in logical:
        try:
            # vobject decodes quoted-printable only when the word is in capitals.
            head, colon, value = line.partition(":")
            prop = textLineToContentLine(_QP.sub("QUOTED-PRINTABLE", head) + colon + value, n)
        except Exception as err:  # noqa: BLE001 - a ParseError, or a bad charset or encoding
            shown = line.strip()[:40]
            why = ("is not a vCard property" if isinstance(err, ParseError)
                   else "cannot be decoded")
            raise KamError(f"Card {number} is broken: line {n} ({shown!r}) {why}.") from None
        word = f"{prop.name}:{str(prop.value).strip().upper()}"
        depth += word == "BEGIN:VCARD"
        depth -= word == "END:VCARD"
        if depth == 1 and prop.name not in ("BEGIN", "END"):
            card.setdefault(prop.name, []).append(prop)
    return card


def _add_card(result: VcardFile, number: int, card: Card) -> None:
    kind = _first(card, "KIND") or _first(card, "X-ADDRESSBOOKSERVER-KIND")
    if kind.lower() in _NOT_PEOPLE:
        what = {"org": "an organisation", "group": "a contact group"}.get(
            kind.lower(), f"a {kind.lower()}")
        result.notices.append(f"Card {number} is {what}, not a person; it was left out.")
        return
    name = _first(card, "FN") or _assembled(card)
    org = next((part for line in card.get("ORG", [])
                if (part := " ".join(_parts(str(line.value))[0].split()))), "")
    emails = _ranked(card, "EMAIL", lambda types: ("work" not in types,))
    phones = _ranked(card, "TEL", lambda types: ("work" not in types, "cell" not in types),
                     leave_out={"fax", "pager"})
    values = {"name": name, "title": _first(card, "TITLE"), "account": org,
              "email": emails[0] if emails else "", "phone": _phone(phones[0]) if phones else ""}
    result.rows.append(SourceRow(number, {k: v for k, v in values.items() if v}))
    if not name:
        result.problems[number] = "has no name (FN or N)."
    left = [(len(found) - 1, what) for found, what in
            ((emails, "email address"), (phones, "phone number")) if len(found) > 1]
    if left:
        words = " and ".join(f"{n} more {what if n == 1 else PLURAL[what]}" for n, what in left)
        verb = "was" if left == [(1, left[0][1])] else "were"
        result.notices.append(f"Card {number} ({name or 'no name'}): kamtui keeps one email "
                              f"and one phone, so {words} {verb} not imported.")


def _text(raw: str) -> str:
    r"""A value without its escapes (\, \; \: \\ and \n for a new line)."""
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), raw,
                  flags=re.DOTALL)


def _parts(raw: str) -> list[str]:
    """The parts of a structured value (N, ORG), split at unescaped semicolons."""
    parts, current = [], ""
    for token in re.findall(r"\\.|.", raw, flags=re.DOTALL):
        if token == ";":
            parts, current = [*parts, current], ""
        else:
            current += token
    return [_text(part) for part in [*parts, current]]


def _first(card: Card, name: str) -> str:
    for line in card.get(name, []):
        value = " ".join(_text(str(line.value)).split())
        if value:
            return value
    return ""


def _assembled(card: Card) -> str:
    """A name from N (family; given; additional; prefix; suffix) when FN is missing."""
    for line in card.get("N", []):
        parts = (_parts(str(line.value)) + [""] * 5)[:5]
        family, given, additional, prefix, suffix = (p.replace(",", " ") for p in parts)
        text = " ".join(" ".join([prefix, given, additional, family, suffix]).split())
        if text:
            return text
    return ""


def _types(line: ContentLine) -> set[str]:
    """TYPE values (3.0/4.0, comma lists included) and bare 2.1 parameters, lowercased."""
    found = {word.strip().lower() for value in line.params.get("TYPE", [])
             for word in value.split(",")}
    return found | {word.lower() for word in line.singletonparams}


def _preference(line: ContentLine) -> int:
    """Lower is preferred: PREF=1..100 (4.0), TYPE=pref (3.0) or a bare PREF (2.1)."""
    for value in line.params.get("PREF", []):
        if value.strip().isdigit():
            return int(value)
    return 1 if "pref" in _types(line) else 101


def _ranked(card: Card, name: str, rank: Callable[[set[str]], tuple[bool, ...]],
            leave_out: set[str] = frozenset()) -> list[str]:
    """The values of property `name`, best first: by `rank` (work first), then the
    card's own preference, then their order in the file."""
    found = [(line, value) for line in card.get(name, [])
             if (value := " ".join(_text(str(line.value)).split()))
             and not _types(line) & leave_out]
    found.sort(key=lambda pair: (*rank(_types(pair[0])), _preference(pair[0])))
    return [value for _line, value in found]  # sort is stable: file order breaks ties


def _phone(value: str) -> str:
    """A number as written: '+1-555-555-5555 ext. 12' from 4.0's
    'tel:+1-555-555-5555;ext=12'."""
    if value[:4].lower() != "tel:":
        return value
    number, _, params = value[4:].partition(";")
    ext = next((p.split("=", 1)[1] for p in params.split(";")
                if p.lower().startswith("ext=")), "")
    return f"{number} ext. {ext}" if ext else number


__all__ = ["VcardFile", "read_vcards", "split_name", "to_vcard", "write_vcards"]
