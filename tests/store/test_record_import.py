"""Importing accounts, contacts and actions from rows read off a file: what the plan says,
what lands in the store, duplicates updated instead of twinned, all-or-nothing writes."""

from datetime import date
from pathlib import Path

import pytest
from helpers import dump
from sqlalchemy import select

from kamtui.domain import Account, ActionItem, Contact
from kamtui.domain.enums import AccountStatus, ActionStatus, OwnerKind, Priority, Tier
from kamtui.errors import InvalidInput, NotFound
from kamtui.io.crm_values import DateOrder
from kamtui.io.rows import SourceRow
from kamtui.store import Store
from kamtui.store.backup import list_backups
from kamtui.store.record_import import apply_import, plan_import
from kamtui.store.repos import Services


def rows(*values: dict[str, str], first: int = 2) -> list[SourceRow]:
    return [SourceRow(first + n, v) for n, v in enumerate(values)]


def accounts(store: Store) -> dict[str, Account]:
    with store.read() as session:
        return {a.name: a for a in session.exec(select(Account)).scalars()}


def contacts(store: Store) -> dict[str, Contact]:
    with store.read() as session:
        return {c.name: c for c in session.exec(select(Contact)).scalars()}


def actions(store: Store) -> list[ActionItem]:
    with store.read() as session:
        return sorted(session.exec(select(ActionItem)).scalars(),
                      key=lambda a: (a.title, a.deadline or date.min))


def test_accounts_add_update_unchanged_and_refused(store: Store, services: Services) -> None:
    services.accounts.create({"name": "Lumera Foods", "industry": "Food",
                              "annual_revenue": 900})
    services.accounts.create({"name": "Brix", "region": "EU"})
    plan = plan_import(store, "accounts", rows(
        {"name": "Lumera Foods", "industry": "Food & Beverage", "annual_revenue": "1.234,5"},
        {"name": "brix", "region": "EU"},
        {"name": "Orbit Labs", "tier": "Key Account", "status": "At Risk",
         "renewal_date": "2027-03-31", "margin_pct": "12%", "strategic_importance": "4"},
        {"name": "Acme", "annual_revenue": "n/a"},
        {"name": "Zed", "strategic_importance": "7"},
        {"name": "Yak", "growth_potential": "2.5"},
    ), columns={"annual_revenue": "Annual Revenue"})
    assert plan.report() == [
        "Would add 1 account, update 1, leave 1 unchanged; 3 rows refused:",
        "  row 5, Annual Revenue: 'n/a' is not a number.",
        "  row 6, Strategic importance: must be at most 5 (got 7).",
        "  row 7, Growth potential: '2.5' is not a whole number.",
        "Updates:",
        "  row 2: Lumera Foods — industry 'Food' → 'Food & Beverage'; annual revenue 900 → "
        "1234.5",
    ]
    assert [r.row for r in plan.refused] == [5, 6, 7]
    assert accounts(store)["Lumera Foods"].industry == "Food"  # a plan writes nothing

    result = apply_import(store, plan, skip_bad_rows=True)
    assert (result.added, result.updated, result.unchanged, result.skipped) == (1, 1, 1, 3)
    stored = accounts(store)
    assert sorted(stored) == ["Brix", "Lumera Foods", "Orbit Labs"]
    assert (stored["Lumera Foods"].industry, stored["Lumera Foods"].annual_revenue) == \
        ("Food & Beverage", 1234.5)
    orbit = stored["Orbit Labs"]
    assert (orbit.tier, orbit.status, orbit.renewal_date, orbit.margin_pct,
            orbit.strategic_importance) == (Tier.key, AccountStatus.at_risk,
                                            date(2027, 3, 31), 12.0, 4)
    assert result.backup is not None and result.backup.exists()
    assert result.backup in list_backups(store.path)


def test_imported_row_is_stored_as_the_app_stores_one(store: Store,
                                                      services: Services) -> None:
    made = services.accounts.create({"name": "By hand", "tier": "key", "margin_pct": 5,
                                     "renewal_date": date(2027, 1, 2), "status": "at_risk"})
    apply_import(store, plan_import(store, "accounts", rows(
        {"name": "Imported", "tier": "key", "margin_pct": "5", "renewal_date": "2027-01-02",
         "status": "at risk"})))
    with store.read() as session:
        table = Account.__table__
        got = {r["name"]: dict(r) for r in session.execute(select(table)).mappings()}
    skip = {"id", "name", "created_at", "updated_at"}
    assert {k: v for k, v in got["Imported"].items() if k not in skip} == \
        {k: v for k, v in got["By hand"].items() if k not in skip}
    assert services.accounts.get(got["Imported"]["id"]).renewal_date == made.renewal_date


def test_second_import_of_the_same_file_changes_nothing(store: Store) -> None:
    source = rows({"name": "Lumera Foods", "industry": "Food", "annual_revenue": "$1,200"},
                  {"name": "Brix", "tier": "major", "notes": "Long-standing"})
    apply_import(store, plan_import(store, "accounts", source))
    before = dump(store)
    again = plan_import(store, "accounts", source)
    assert again.report() == ["Would add 0 accounts, update 0, leave 2 unchanged."]
    result = apply_import(store, again)
    assert (result.added, result.updated, result.backup) == (0, 0, None)
    assert dump(store) == before


def test_a_repeated_row_merges_into_the_first(store: Store) -> None:
    plan = plan_import(store, "accounts", rows(
        {"name": "Lumera Foods", "industry": "Food", "region": "EU"},
        {"name": "Brix"},
        {"name": "LUMERA FOODS ", "industry": "Food & Beverage"},
    ))
    assert plan.report() == [
        "Would add 2 accounts, update 0, leave 0 unchanged.",
        "Rows that repeat an earlier account (merged into it, later values win):",
        "  row 4 repeats row 2",
    ]
    apply_import(store, plan)
    lumera = accounts(store)["Lumera Foods"]  # the first spelling of the name stays
    assert (lumera.industry, lumera.region) == ("Food & Beverage", "EU")


def test_empty_cells_never_blank_a_stored_value(store: Store, services: Services) -> None:
    services.accounts.create({"name": "Brix", "industry": "Retail", "annual_revenue": 50})
    plan = plan_import(store, "accounts", rows({"name": "Brix", "region": "EU"}))
    apply_import(store, plan)
    brix = accounts(store)["Brix"]
    assert (brix.industry, brix.annual_revenue, brix.region) == ("Retail", 50, "EU")


def test_unknown_field_and_empty_name_are_refused(store: Store) -> None:
    plan = plan_import(store, "accounts", rows({"name": "Zed", "colour": "blue"},
                                               {"industry": "Food"}),
                       columns={"name": "Account Name"})
    assert plan.refusal_lines() == [
        "row 2, colour: kamtui has no account field called 'colour'.",
        "row 3, Account Name: is empty; an account needs a name.",
    ]


def test_a_bad_row_writes_nothing_unless_skipped(store: Store, services: Services) -> None:
    services.accounts.create({"name": "Brix", "industry": "Retail"})
    before = dump(store)
    source = rows({"name": "Brix", "industry": "Food"}, {"name": "New one"},
                  {"name": "Bad", "annual_revenue": "-5"})
    plan = plan_import(store, "accounts", source)
    with pytest.raises(InvalidInput) as err:
        apply_import(store, plan)
    assert err.value.messages == [
        "Nothing was imported: 1 row was refused; fix them, or skip them (--skip-bad-rows).",
        "row 4, Annual revenue: must be at least 0 (got -5).",
    ]
    assert dump(store) == before
    assert list_backups(store.path) == []
    apply_import(store, plan, skip_bad_rows=True)
    assert sorted(accounts(store)) == ["Brix", "New one"]
    assert accounts(store)["Brix"].industry == "Food"


def test_a_twin_added_meanwhile_becomes_an_update(store: Store, services: Services) -> None:
    plan = plan_import(store, "accounts", rows({"name": "Brix", "industry": "Food"}))
    assert len(plan.adds) == 1
    services.accounts.create({"name": "BRIX", "industry": "Retail"})  # another session
    result = apply_import(store, plan)
    assert (result.added, result.updated) == (0, 1)
    assert [(a.name, a.industry) for a in accounts(store).values()] == [("BRIX", "Food")]
    # the stored spelling of a name stays


def test_ambiguous_date_column_is_refused_or_read_as_told(store: Store) -> None:
    source = rows({"name": "A", "renewal_date": "03/04/2027"},
                  {"name": "B", "renewal_date": "05/06/2027"}, {"name": "C"})
    plan = plan_import(store, "accounts", source, columns={"renewal_date": "Renewal"})
    assert plan.refused_rows == [2, 3]
    assert plan.report()[:2] == [
        "Would add 1 account, update 0, leave 0 unchanged; 2 rows refused:",
        "  Renewal uses dates like 03/04/2027 that read either day-first or month-first; "
        "say which with --dayfirst or --monthfirst.",
    ]
    assert len(plan.report()) == 2  # the column is named once, not once per row
    apply_import(store, plan_import(store, "accounts", source, date_order=DateOrder.dayfirst))
    assert accounts(store)["A"].renewal_date == date(2027, 4, 3)


def test_contacts_match_by_email_or_name_within_the_account(store: Store,
                                                            services: Services) -> None:
    lumera = services.accounts.create({"name": "Lumera Foods"})
    brix = services.accounts.create({"name": "Brix"})
    services.contacts.create({"account_id": lumera.id, "name": "Ana Ruiz",
                              "email": "ana@lumera.com"})
    services.contacts.create({"account_id": brix.id, "name": "Bo Chen"})
    plan = plan_import(store, "contacts", rows(
        {"name": "Ana Ruiz-Ortega", "email": "ANA@lumera.com", "title": "CFO"},
        {"first_name": "Bo", "last_name": "Chen", "account": "brix", "phone": "+44 1"},
        {"first_name": "Bo", "last_name": "Chen", "account": "Lumera Foods"},
        {"name": "Cy", "account": "Nowhere Inc"},
        {"name": "Di"},
    ))
    assert plan.report() == [
        "Would add 1 contact, update 2, leave 0 unchanged; 2 rows refused:",
        "  row 5, Account: no account named 'Nowhere Inc' (import accounts first, or add it).",
        "  row 6, Account: is empty, and a contact must belong to an account.",
        "Updates:",
        "  row 2: Ana Ruiz-Ortega — name 'Ana Ruiz' → 'Ana Ruiz-Ortega'; title (empty) → "
        "'CFO'",
        "  row 3: Bo Chen — phone (empty) → '+44 1'",
    ]
    apply_import(store, plan, skip_bad_rows=True)
    with store.read() as session:
        people = sorted((c.name, c.account_id == lumera.id, c.title, c.phone)
                        for c in session.exec(select(Contact)).scalars())
    assert people == [("Ana Ruiz-Ortega", True, "CFO", ""), ("Bo Chen", False, "", "+44 1"),
                      ("Bo Chen", True, "", "")]  # one name, two accounts: two people


def test_contacts_report_to_someone_in_the_same_file(store: Store, services: Services) -> None:
    services.accounts.create({"name": "Lumera Foods"})
    plan = plan_import(store, "contacts", rows(
        {"name": "Ana Ruiz", "account": "Lumera Foods", "reports_to": "bo@lumera.com"},
        {"name": "Bo Chen", "account": "Lumera Foods", "email": "bo@lumera.com",
         "reports_to": "Cy Dunn"},
        {"name": "Cy Dunn", "account": "Lumera Foods", "reports_to": "Nobody Here"},
    ))
    assert plan.warnings == ["row 4: Cy Dunn reports to 'Nobody Here', who is not a "
                             "contact at Lumera Foods; reports to left empty."]
    apply_import(store, plan)
    people = contacts(store)
    assert people["Ana Ruiz"].reports_to_id == people["Bo Chen"].id
    assert people["Bo Chen"].reports_to_id == people["Cy Dunn"].id
    assert people["Cy Dunn"].reports_to_id is None
    again = plan_import(store, "contacts", plan.source)
    assert (len(again.adds), len(again.updates), len(again.unchanged)) == (0, 0, 3)


def test_a_reporting_loop_is_a_warning(store: Store, services: Services) -> None:
    services.accounts.create({"name": "Brix"})
    plan = plan_import(store, "contacts", rows(
        {"name": "Ann", "account": "Brix", "reports_to": "Ben"},
        {"name": "Ben", "account": "Brix", "reports_to": "Ann"},
    ))
    assert plan.warnings == ["row 3: Ben reporting to 'Ann' would make a loop in the org "
                             "chart; reports to left empty."]
    apply_import(store, plan)
    people = contacts(store)
    assert (people["Ann"].reports_to_id, people["Ben"].reports_to_id) == \
        (people["Ben"].id, None)


def test_vcard_rows_go_to_the_default_account(store: Store, services: Services) -> None:
    brix = services.accounts.create({"name": "Brix"})
    lumera = services.accounts.create({"name": "Lumera Foods"})
    services.contacts.create({"account_id": lumera.id, "name": "Ana",
                              "email": "ana@lumera.com"})
    cards = rows({"name": "Eve Stone", "email": "eve@brix.com", "title": "Buyer"},
                 {"name": "Ana", "email": "ana@lumera.com", "phone": "555"}, first=1)
    plan = plan_import(store, "contacts", cards, default_account="brix")
    apply_import(store, plan)
    people = contacts(store)
    assert (people["Eve Stone"].account_id, people["Eve Stone"].title) == (brix.id, "Buyer")
    # a contact known by email stays at its account
    assert (people["Ana"].account_id, people["Ana"].phone) == (lumera.id, "555")
    with pytest.raises(NotFound):
        plan_import(store, "contacts", cards, default_account="Nowhere")


def test_actions_owner_and_duplicates(store: Store, services: Services) -> None:
    brix = services.accounts.create({"name": "Brix"})
    services.team.create({"name": "Dana Lee"})
    ben = services.contacts.create({"account_id": brix.id, "name": "Ben Ode"})
    services.actions.create({"account_id": brix.id, "title": "Send QBR deck",
                             "deadline": date(2026, 12, 1)})
    plan = plan_import(store, "actions", rows(
        {"title": "send qbr deck", "account": "Brix", "deadline": "2026-12-01",
         "owner": "Dana Lee", "priority": "Urgent"},
        {"title": "Send QBR deck", "account": "Brix", "deadline": "2027-03-01"},
        {"title": "Call Ben", "account": "Brix", "owner": "ben ode", "status": "Completed"},
        {"title": "Fix invoice", "account": "Brix", "owner": "me"},
        {"title": "Ghost", "account": "Brix", "owner": "Casper"},
    ))
    assert plan.report() == [
        "Would add 4 actions, update 1, leave 0 unchanged.",
        "Updates:",
        "  row 2: Send QBR deck (Brix) — owner 'me' → 'Dana Lee'; priority 'medium' → "
        "'high'",
        "Owner 'Casper' (row 6) is neither on your team nor a contact at the account: "
        "kept as yours (or as owned before); add them to your team to hand such actions "
        "over.",
    ]
    apply_import(store, plan)
    got = {(a.title, a.deadline): a for a in actions(store)}
    assert sorted(got) == sorted([("Send QBR deck", date(2026, 12, 1)),
                                  ("Send QBR deck", date(2027, 3, 1)),
                                  ("Call Ben", None), ("Fix invoice", None),
                                  ("Ghost", None)])
    assert got[("Ghost", None)].owner_kind == OwnerKind.me
    updated = got[("Send QBR deck", date(2026, 12, 1))]
    assert (updated.owner_kind, updated.priority) == (OwnerKind.team, Priority.high)
    call = got[("Call Ben", None)]
    assert (call.owner_kind, call.owner_contact_id, call.status) == \
        (OwnerKind.customer, ben.id, ActionStatus.done)
    assert call.completed_at is not None
    assert got[("Fix invoice", None)].owner_kind == OwnerKind.me
    again = plan_import(store, "actions", plan.source)
    assert (len(again.adds), len(again.updates)) == (0, 0)


def test_progress_is_reported(store: Store) -> None:
    seen: list[tuple[int, int]] = []
    plan_import(store, "accounts", [SourceRow(n + 2, {"name": f"A{n}"}) for n in range(2500)],
                progress=lambda done, total: seen.append((done, total)))
    assert seen == [(0, 2500), (1000, 2500), (2000, 2500), (2500, 2500)]


def test_backup_is_taken_before_writing(store: Store, tmp_path: Path) -> None:
    result = apply_import(store, plan_import(store, "accounts", rows({"name": "Brix"})))
    assert result.backup is not None
    assert result.backup.name.endswith("-import.db")
    assert result.backup.stat().st_mode & 0o777 == 0o600
    assert result.report()[-1] == (f"A copy of the store from before the import is at "
                                   f"{result.backup}.")


def test_a_contact_known_by_email_moves_to_the_account_the_file_names(
        store: Store, services: Services) -> None:
    lumera = services.accounts.create({"name": "Lumera Foods"})
    brix = services.accounts.create({"name": "Brix"})
    boss = services.contacts.create({"account_id": lumera.id, "name": "Bo"})
    services.contacts.create({"account_id": lumera.id, "name": "Ana", "email": "ana@x.com",
                              "reports_to_id": boss.id})
    plan = plan_import(store, "contacts", rows(
        {"name": "Ana", "email": "ana@x.com", "account": "Brix", "strength": "4",
         "cadence_days": "30", "last_contacted": "2026-11-02", "buying_role": "Budget Holder"}))
    assert plan.report() == [
        "Would add 0 contacts, update 1, leave 0 unchanged.",
        "Updates:",
        "  row 2: Ana — account 'Lumera Foods' → 'Brix'; buying role 'user' → 'economic "
        "buyer'; relationship strength 2 → 4; reports to 'Bo' → (empty); contact cadence "
        "(days) (empty) → 30; last contacted (empty) → 2026-11-02",
        "row 2: Ana moved to Brix; reports to 'Bo' at the old account cleared.",
    ]
    apply_import(store, plan)
    ana = contacts(store)["Ana"]
    assert (ana.account_id, ana.reports_to_id, ana.strength, ana.cadence_days) == \
        (brix.id, None, 4, 30)


def test_a_change_meanwhile_that_makes_work_still_takes_a_backup(
        store: Store, services: Services) -> None:
    services.accounts.create({"name": "Brix", "industry": "Food"})
    plan = plan_import(store, "accounts", rows({"name": "Brix", "industry": "Food"}))
    assert not plan.writes
    brix = accounts(store)["Brix"]
    services.accounts.update(brix.id, {"industry": "Retail"})  # another session
    result = apply_import(store, plan)
    assert (result.updated, accounts(store)["Brix"].industry) == (1, "Food")
    assert result.backup is not None and result.backup.exists()
