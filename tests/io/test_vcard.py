"""vCards: the export parses back with vobject and reads back through read_vcards into the
same name, title, email, phone and account; a phone-style export (3.0 and 4.0) and an old
phone's 2.1 file read into exact rows; bad files are refused in one sentence."""

import io
import sqlite3
from datetime import date
from pathlib import Path

import pytest
import vobject

from kamtui.demo import build_demo
from kamtui.errors import InvalidInput, KamError
from kamtui.io.rows import SourceRow
from kamtui.io.vcard import read_vcards, split_name, write_vcards
from kamtui.store import Store, open_store
from kamtui.store.repos import Services

FIXTURES = Path(__file__).parent.parent / "fixtures" / "vcard"
FIELDS = ("name", "title", "email", "phone", "account")

PHONE_EXPORT_ROWS = [
    SourceRow(1, {"name": "Élodie Moreau", "title": "Directrice des achats, emballages et "
                  "matières premières — Europe du Sud", "account": "Lumera Foods",
                  "email": "e.moreau@lumera.example", "phone": "+33 1 55 55 40 10"}),
    SourceRow(2, {"name": "Matteo Rossi", "title": "Head of Network Operations",
                  "account": "Meridian Freight Partners",
                  "email": "matteo.rossi@meridian.example", "phone": "+31 6 5555 0101"}),
    SourceRow(3, {"name": "Jan van der Berg", "title": "VP Engineering",
                  "account": "Korvane Robotics", "email": "jan.vanderberg@korvane.example",
                  "phone": "+46-555-555-0142 ext. 12"}),
    SourceRow(4, {"name": "Sean Walsh", "email": "sean.walsh@mail.example",
                  "phone": "+353 1 555 0177"}),
    SourceRow(5, {"name": "Lucía García Núñez", "title": "Directora de Operaciones",
                  "account": "Voltaris Energy", "email": "lucia.garcia@voltaris.example",
                  "phone": "+34 91 555 0199"}),
    SourceRow(6, {"name": "E. Moreau", "account": "Lumera Foods",
                  "email": "e.moreau@lumera.example"}),
    SourceRow(7, {"phone": "+44 7700 900123"}),
]
PHONE_EXPORT_NOTICES = [
    "Card 1 (Élodie Moreau): kamtui keeps one email and one phone, so 1 more email "
    "address and 1 more phone number were not imported.",
    "Card 3 (Jan van der Berg): kamtui keeps one email and one phone, so 1 more email "
    "address and 1 more phone number were not imported.",
    "Card 8 is a contact group, not a person; it was left out.",
]


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = open_store(tmp_path_factory.mktemp("demo") / "kamtui.db", create=True)
    build_demo(store, date(2026, 11, 22))
    yield store
    store.close()


def export(store: Store, account_id: str | None = None) -> tuple[str, int]:
    out = io.StringIO(newline="")
    count = write_vcards(store, out, account_id)
    return out.getvalue(), count


def stored_contacts(store: Store, account_id: str | None = None) -> list[dict[str, str]]:
    """The live contacts of live accounts in plain SQL, in the export's order."""
    with sqlite3.connect(store.path) as db:
        db.row_factory = sqlite3.Row
        rows = db.execute(
            "SELECT c.id, c.name, c.title, c.email, c.phone, a.name AS account, a.id AS aid "
            "FROM contact c JOIN account a ON a.id = c.account_id WHERE c.deleted_at IS NULL "
            "AND a.deleted_at IS NULL ORDER BY a.name, c.name, c.id").fetchall()
    return [dict(row) for row in rows if account_id in (None, row["aid"])]


def read_text(tmp_path: Path, text: str | bytes, name: str = "cards.vcf") -> list[SourceRow]:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return read_vcards(path).rows


def test_the_export_parses_with_vobject_and_reads_back_the_same(
        portfolio: Store, tmp_path: Path) -> None:
    text, count = export(portfolio)
    people = stored_contacts(portfolio)
    assert count == len(people) > 100
    cards = list(vobject.readComponents(text))
    assert len(cards) == count
    for card, person in zip(cards, people, strict=True):
        assert card.version.value == "3.0"
        assert card.uid.value == person["id"]
        assert card.fn.value == person["name"]
        assert card.org.value == [person["account"]]
        assert card.email.value == person["email"]
        assert card.email.params["TYPE"] == ["WORK"]
        assert card.tel.value == person["phone"]
        assert card.tel.params["TYPE"] == ["WORK"]
        assert card.n.value.family and card.n.value.family in person["name"]
        assert "note" not in card.contents
    assert all(line.endswith("\r") for line in text.split("\n")[:-1])
    path = tmp_path / "all.vcf"
    path.write_text(text, encoding="utf-8", newline="")
    read = read_vcards(path)
    assert read.problems == {} and read.notices == []
    assert read.rows == [SourceRow(n, {k: person[k] for k in FIELDS if person[k]})
                         for n, person in enumerate(people, start=1)]


def test_one_accounts_contacts_and_nothing_private(services: Services, tmp_path: Path) -> None:
    account = services.accounts.create({"name": "Marlow & Finch; Home, Ltd 🎉"})
    other = services.accounts.create({"name": "Other"})
    services.contacts.create({"account_id": other.id, "name": "Not Exported"})
    person = services.contacts.create({
        "account_id": account.id, "name": "Zoë O'Brien, Jr.",
        "title": "Head of Supply Chain, EMEA; North \\ South, and a title long enough to fold",
        "email": "zoe@marlow.example", "phone": "+44 20 5555 0100",
        "buying_role": "champion", "attitude": "detractor", "notes": "SECRET-READ"})
    gone = services.contacts.create({"account_id": account.id, "name": "Left Company"})
    services.contacts.delete(gone.id)
    text, count = export(services.store, account.id)
    assert count == 1
    for word in ("SECRET-READ", "champion", "detractor", "Not Exported", "Left Company"):
        assert word not in text
    card = vobject.readOne(text)
    assert (card.n.value.given, card.n.value.family) == ("Zoë", "O'Brien, Jr.")
    assert card.title.value == person.title
    assert card.org.value == [account.name]
    assert read_text(tmp_path, text) == [SourceRow(1, {
        "name": person.name, "title": person.title, "email": person.email,
        "phone": person.phone, "account": account.name})]


def test_the_phone_export_fixture_reads_into_exact_rows() -> None:
    read = read_vcards(FIXTURES / "phone_export.vcf")
    assert read.rows == PHONE_EXPORT_ROWS
    assert read.problems == {7: "has no name (FN or N)."}
    assert read.notices == PHONE_EXPORT_NOTICES


def test_an_old_phones_quoted_printable_cards_read() -> None:
    read = read_vcards(FIXTURES / "old_phone.vcf")
    assert read.rows == [
        SourceRow(1, {"name": "Jürgen Schäfer",
                      "title": "Werksleiter, Stuttgart-Zuffenhausen und Leipzig",
                      "account": "Brennholt Automotive",
                      "email": "juergen.schaefer@brennholt.example",
                      "phone": "+49 711 555 0123"}),
        SourceRow(2, {"name": "Anja Müller", "phone": "+49 160 5555 0456"})]
    assert read.notices == ["Card 1 (Jürgen Schäfer): kamtui keeps one email and one phone, "
                            "so 1 more phone number was not imported."]


def test_a_bom_bare_line_feeds_and_windows_1252_read_the_same(tmp_path: Path) -> None:
    raw = (FIXTURES / "phone_export.vcf").read_bytes()
    assert read_text(tmp_path, b"\xef\xbb\xbf" + raw) == PHONE_EXPORT_ROWS
    assert read_text(tmp_path, raw.replace(b"\r\n", b"\n")) == PHONE_EXPORT_ROWS
    assert read_text(tmp_path, raw.decode().encode("utf-16")) == PHONE_EXPORT_ROWS
    path = tmp_path / "latin.vcf"
    path.write_bytes("BEGIN:VCARD\nVERSION:3.0\nFN:Anja Müller\nEND:VCARD\n".encode("cp1252"))
    read = read_vcards(path)
    assert read.rows == [SourceRow(1, {"name": "Anja Müller"})]
    assert read.notices == ["latin.vcf is not UTF-8; it was read as Windows-1252 (Western "
                            "European), so check accented letters."]


@pytest.mark.parametrize(("card", "values"), [
    # 4.0: the lowest PREF wins among equals; a tel: URI loses its scheme.
    ("VERSION:4.0\nFN:A\nEMAIL;TYPE=home:h@x.example\nEMAIL;PREF=1:p@x.example\n"
     "TEL;VALUE=uri;TYPE=home:tel:+1-555-555-0000\n"
     "TEL;VALUE=uri;TYPE=cell:tel:+1-555-555-5555\n",
     {"name": "A", "email": "p@x.example", "phone": "+1-555-555-5555"}),
    # 3.0: a work address beats a preferred private one; comma lists of types count.
    ("VERSION:3.0\nFN:B\nEMAIL;TYPE=INTERNET,PREF:me@home.example\n"
     "EMAIL;TYPE=INTERNET,WORK:b@work.example\nTEL;TYPE=WORK,FAX:+1 1\nTEL:+1 2\n",
     {"name": "B", "email": "b@work.example", "phone": "+1 2"}),
    # No FN: the name is put together from N; ORG's first part is the account.
    ("VERSION:3.0\nN:Doe;Jane;Q.;Dr.;PhD\nORG:Acme\\, Inc.;Sales\nTITLE:CFO\\, EMEA\n",
     {"name": "Dr. Jane Q. Doe PhD", "account": "Acme, Inc.", "title": "CFO, EMEA"}),
    # 2.1 from an old phone: quoted-printable in small letters, a soft line break.
    ("VERSION:2.1\nFN;encoding=quoted-printable;charset=utf-8:J=C3=BCrgen=\n M=C3=BCller\n"
     "TEL;HOME:+49 1\nTEL;CELL:+49 2\n", {"name": "Jürgen Müller", "phone": "+49 2"}),
    # Unescaped commas (common, if not allowed) are kept, not cut off.
    ("VERSION:3.0\nFN:Smith, John\nTITLE:Head of Sales, Nordics\n",
     {"name": "Smith, John", "title": "Head of Sales, Nordics"}),
])
def test_which_details_a_card_gives(tmp_path: Path, card: str, values: dict) -> None:
    assert read_text(tmp_path, f"BEGIN:VCARD\n{card}END:VCARD\n") == [SourceRow(1, values)]


@pytest.mark.parametrize(("content", "sentence"), [
    ("name,email\nAnna,anna@x.example\n",
     "{path} is not a vCard file: it does not begin with BEGIN:VCARD."),
    ("", "{path} holds no vCards (no BEGIN:VCARD ... END:VCARD)."),
    ("BEGIN:VCARD\nFN:A\nEND:VCARD\nBEGIN:VCARD\nFN:B\n",
     "Card 2 (from line 4) of {path} never ends: there is no END:VCARD after it."),
    ("BEGIN:VCARD\nFN:A\nEND:VCARD\nstray text\n",
     "{path} is not a vCard file: line 4 lies outside any card (after card 1)."),
])
def test_files_that_are_not_vcards_are_refused(tmp_path: Path, content: str,
                                               sentence: str) -> None:
    path = tmp_path / "in.vcf"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(KamError) as caught:
        read_vcards(path)
    assert str(caught.value) == sentence.format(path=path)


def test_broken_cards_are_named_by_number(tmp_path: Path) -> None:
    path = tmp_path / "in.vcf"
    path.write_text("BEGIN:VCARD\nFN:A\nEND:VCARD\n\nBEGIN:VCARD\nFN:B\nthis is broken\n"
                    "END:VCARD\nBEGIN:VCARD\nFN;ENCODING=QUOTED-PRINTABLE;CHARSET=NOPE:x=41\n"
                    "END:VCARD\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        read_vcards(path)
    assert caught.value.messages == [
        "Card 2 is broken: line 7 ('this is broken') is not a vCard property.",
        "Card 3 is broken: line 10 ('FN;ENCODING=QUOTED-PRINTABLE;CHARSET=NOP') cannot be "
        "decoded."]


def test_a_missing_file_and_a_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(KamError, match=r"^There is no file at .*nope\.vcf; give the path of "
                                       r"a vCard file \(\.vcf\)\.$"):
        read_vcards(tmp_path / "nope.vcf")
    with pytest.raises(KamError, match=r"is a folder, not a vCard file \(\.vcf\)\.$"):
        read_vcards(tmp_path)


@pytest.mark.parametrize(("name", "parts"), [
    ("Anna de Vries", ("Anna", "de Vries")), ("Jan van der Berg", ("Jan", "van der Berg")),
    ("Doe, Jane", ("Jane", "Doe")), ("John Smith, Jr.", ("John", "Smith, Jr.")),
    ("Cher", ("Cher", "")), ("Mary Ann  Evans", ("Mary Ann", "Evans")),
])
def test_names_split_into_given_and_family(name: str, parts: tuple[str, str]) -> None:
    assert split_name(name) == parts
