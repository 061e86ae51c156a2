"""Bad input everywhere: hostile text (empty, 100k characters, control characters, NUL,
right-to-left, emoji, markup-like) in every text field of every input model and in the
command line's free-text arguments. Nothing crashes; a refusal is one plain sentence and
changes nothing; accepted text reads back verbatim."""

import shutil
import typing
from collections import Counter
from datetime import date
from enum import Enum
from pathlib import Path

import pytest
from helpers import Kam
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability.hostile import FIXED, HOSTILE

from kamtui.demo import build_demo
from kamtui.domain import TABLES, ActionItem, Contact
from kamtui.domain.base import Row
from kamtui.errors import KamError
from kamtui.store import Store, open_store
from kamtui.store.people import resolve_id
from kamtui.store.repos import Services
from kamtui.store.services import Repo

TODAY = date(2026, 11, 22)
# Derandomized: CI runs the same examples every time, so a failure is reproducible and
# never a coin toss. Drop derandomize to search afresh (a random run found lone
# surrogates; test_validation.py pins that case).
CHECKS = settings(max_examples=25, deadline=None, database=None, derandomize=True,
                  suppress_health_check=[HealthCheck.function_scoped_fixture,
                                         HealthCheck.too_slow])
TRIED: Counter[str] = Counter()  # inputs tried per field, for the report (-s prints it)


def _repo_for(services: Services, table: type[Row]) -> Repo:
    found = [repo for repo in vars(services).values()
             if isinstance(repo, Repo) and repo.table is table]
    return found[0] if found else Repo(services.store, table)


def _text_fields(schema: type) -> list[str]:
    names = []
    for name, info in schema.model_fields.items():
        ann = info.annotation
        kinds = typing.get_args(ann) or (ann,)
        if str in kinds and not any(isinstance(k, type) and issubclass(k, Enum)
                                    for k in kinds):
            names.append(name)
    return names


def _one_sentence(message: str) -> None:
    assert message and "Traceback" not in message
    assert message.rstrip().endswith((".", "?")), message[-200:]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample portfolio, built once; each test works on its own copy."""
    path = tmp_path_factory.mktemp("demo") / "kamtui.db"
    built = open_store(path, create=True)
    build_demo(built, TODAY)
    built.close()
    return path


@pytest.fixture
def store(tmp_path: Path, demo_file: Path) -> Store:
    copy = tmp_path / "store" / "kamtui.db"
    copy.parent.mkdir(mode=0o700)
    shutil.copy(demo_file, copy)
    opened = open_store(copy)
    yield opened
    opened.close()


@pytest.fixture
def demo_services(services: Services) -> Services:
    return services


@pytest.mark.parametrize("table", list(TABLES), ids=lambda t: t.__tablename__)
def test_every_text_field_of_every_model(demo_services: Services, table: type[Row]) -> None:
    repo = _repo_for(demo_services, table)
    schema = TABLES[table]
    fields = _text_fields(schema)
    assert fields or table.__tablename__ == "interaction_contact"
    rows = repo.list(limit=1)
    if not rows:
        pytest.skip(f"the demo has no {table.__tablename__} to start from")
    base = {name: getattr(rows[0], name) for name in schema.model_fields}

    @settings(CHECKS, max_examples=12)
    @given(text=HOSTILE)
    def check(text: str) -> None:
        for name in fields:
            TRIED[f"{table.__tablename__}.{name}"] += 1
            before = repo.count()
            try:
                row = repo.create({**base, name: text})
            except KamError as err:
                _one_sentence(str(err))
                assert repo.count() == before  # a refusal changes nothing
                continue
            stored = getattr(repo.get(row.id), name)
            # A required name is trimmed (domain.base.Name); an owner id that does not
            # apply to the owner kind is cleared; every other text is verbatim.
            cleared = stored is None and (name.endswith("_id") or not text.strip())
            assert stored in (text, text.strip()) or cleared, (name, text[:80])
            repo.delete(row.id)

    check()


@CHECKS
@given(title=HOSTILE, due=HOSTILE, notes=HOSTILE)
def test_add_command(kam: Kam, demo_services: Services, title: str, due: str,
                     notes: str) -> None:
    TRIED["add TITLE"] += 1
    TRIED["add --due"] += 1
    TRIED["add --notes"] += 1
    before = demo_services.actions.count()
    account = demo_services.accounts.list(limit=1)[0].name
    code, out, err = kam("add", title, "--account", account, "--due", due, "--notes", notes)
    assert code in (0, 2)
    if code == 2:
        _one_sentence(err.splitlines()[-1])
        assert demo_services.actions.count() == before
        return
    prefix = out.split()[1].rstrip(":")
    stored = demo_services.actions.get(resolve_id(demo_services.store, ActionItem, prefix))
    assert (stored.title, stored.notes) == (title.strip(), notes)
    assert "\x1b" not in out and "\x00" not in out  # controls never reach the terminal


@CHECKS
@given(account=HOSTILE)
def test_add_to_a_hostile_account_name(kam: Kam, demo_services: Services,
                                       account: str) -> None:
    TRIED["add --account"] += 1
    code, _out, err = kam("add", "Call back", "--account", account, "--due", "fri")
    assert code in (0, 2)
    if code == 2:
        _one_sentence(err.splitlines()[-1])


@CHECKS
@given(note=HOSTILE)
def test_touch_note(kam: Kam, demo_services: Services, note: str) -> None:
    TRIED["touch --note"] += 1
    contact = demo_services.contacts.list(limit=1)[0]
    before = demo_services.interactions.count()
    ids = {i.id for i in demo_services.interactions.list(limit=100_000)}
    code, _out, err = kam("touch", contact.id, "--note", note)
    assert code in (0, 2)
    if code == 2:
        _one_sentence(err.splitlines()[-1])
        assert demo_services.interactions.count() == before
        return
    assert demo_services.interactions.count() == before + 1
    [newest] = [i for i in demo_services.interactions.list(limit=100_000) if i.id not in ids]
    assert newest.summary == (note.strip() or f"Touchpoint with {contact.name}")


@CHECKS
@given(name=st.one_of(HOSTILE, st.sampled_from(["upcoming_days", "plan_stale_days"])),
       value=HOSTILE)
def test_settings(kam: Kam, demo_services: Services, name: str, value: str) -> None:
    TRIED["settings NAME"] += 1
    TRIED["settings VALUE"] += 1
    code, out, err = kam("settings", name, value)
    assert code in (0, 2)
    if code == 2:
        _one_sentence(err.splitlines()[-1])
    else:
        assert f"{name} = " in out


@CHECKS
@given(account=HOSTILE, command=st.sampled_from(["plan", "brief"]))
def test_documents_for_any_account(kam: Kam, demo_services: Services, account: str,
                                   command: str) -> None:
    TRIED[f"{command} ACCOUNT"] += 1
    code, _out, err = kam(command, account)
    assert code in (0, 2)
    if code == 2:
        _one_sentence(err.splitlines()[-1])


@pytest.mark.parametrize("tier", FIXED, ids=range(len(FIXED)))
def test_accounts_tier(kam: Kam, demo_services: Services, tier: str) -> None:
    TRIED["accounts --tier"] += 1
    code, out, err = kam("accounts", "--tier", tier)
    assert code == 2 and out == "" and "invalid choice" in err


@CHECKS
@given(name=HOSTILE)
def test_documents_for_a_hostile_account(kam: Kam, demo_services: Services,
                                         name: str) -> None:
    """An account whose name is hostile text still gets its plan and brief."""
    TRIED["plan/brief of a hostile account"] += 1
    try:
        account = demo_services.accounts.create({"name": name})
    except KamError as err:
        _one_sentence(str(err))
        return
    code, out, err = kam("brief", account.id)
    assert code == 0, err
    assert "\x1b" not in out and "\x00" not in out
    code, out, err = kam("plan", account.id)  # it has no plan: refused, in one sentence
    assert code == 2 and "has no key account plan yet." in err
    assert "\x1b" not in err and "\x00" not in err


def test_contact_name_in_touch(kam: Kam, demo_services: Services) -> None:
    """`touch NAME` with a name that is markup finds the contact by that name."""
    account = demo_services.accounts.list(limit=1)[0]
    contact = demo_services.contacts.create({"account_id": account.id,
                                             "name": "[@click=app.quit]x[/]"})
    code, _out, err = kam("touch", "[@click=app.quit]x[/]", "--note", "[/]")
    assert code == 0, err
    assert demo_services.store and resolve_id(demo_services.store, Contact, contact.id)


def teardown_module() -> None:
    print("\ninputs tried per field:", dict(sorted(TRIED.items())))
