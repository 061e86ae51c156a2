"""The whitespace of one account: every live product by name, with the account's live cell
or none (unknown), on a hand-made catalogue and on the sample portfolio."""

from datetime import date

import pytest

from kamtui.demo import build_demo
from kamtui.domain.enums import WhitespaceState
from kamtui.errors import NotFound
from kamtui.store import Store
from kamtui.store.repos import Services
from kamtui.store.whitespace_view import account_whitespace


def test_every_live_product_with_this_accounts_cell(services: Services) -> None:
    acme, other = (services.accounts.create({"name": n}).id for n in ("Acme", "Other"))
    edi, api, ghost, training = (
        services.products.create({"name": name, "line": line}).id
        for name, line in (("EDI", "Integration"), ("api pack", ""), ("Ghost", ""),
                           ("[/] Training", "Services")))
    cell = services.whitespace.create
    cell({"account_id": acme, "product_id": edi, "state": "has", "value": 1200})
    cell({"account_id": acme, "product_id": ghost, "state": "has", "value": 5})
    services.products.delete(ghost)
    cell({"account_id": other, "product_id": api, "state": "in_play", "value": 9})
    services.whitespace.delete(cell({"account_id": acme, "product_id": training,
                                     "state": "in_play"}).id)
    rows = account_whitespace(services.store, acme)
    # By name whatever the case; the deleted product is gone; Other's cell is not Acme's;
    # a deleted cell leaves the product unknown; the name is kept verbatim.
    assert [(r.product, r.line, r.state, r.value) for r in rows] == [
        ("[/] Training", "Services", None, None),
        ("api pack", "", None, None),
        ("EDI", "Integration", WhitespaceState.has, 1200)]
    assert rows[0].cell_id is None and rows[2].cell_id is not None
    assert [r.product for r in account_whitespace(services.store, acme, limit=2)] == [
        "[/] Training", "api pack"]


def test_a_deleted_cell_gives_way_to_its_successor(services: Services) -> None:
    acme = services.accounts.create({"name": "Acme"}).id
    edi = services.products.create({"name": "EDI"}).id
    services.whitespace.delete(services.whitespace.create(
        {"account_id": acme, "product_id": edi, "state": "open"}).id)
    newer = services.whitespace.create({"account_id": acme, "product_id": edi,
                                        "state": "in_play", "value": 10}).id
    (row,) = account_whitespace(services.store, acme)
    assert (row.cell_id, row.state, row.value) == (newer, WhitespaceState.in_play, 10)


def test_a_missing_or_deleted_account_is_not_found(services: Services) -> None:
    gone = services.accounts.create({"name": "Gone"}).id
    services.accounts.delete(gone)
    for account_id in (gone, "no-such-id"):
        with pytest.raises(NotFound):
            account_whitespace(services.store, account_id)


def test_sample_portfolio(store: Store, services: Services) -> None:
    build_demo(store, date(2026, 11, 22))
    products = sorted((p.name for p in services.products.list()), key=str.casefold)
    for account in services.accounts.list():
        rows = account_whitespace(store, account.id)
        assert [r.product for r in rows] == products
        if account.tier == "standard":  # the sample gives standard accounts no whitespace
            assert {r.state for r in rows} == {None}
        else:
            assert None not in {r.state for r in rows}
            assert next(r for r in rows if r.product == "FlowPlan Core").state == "has"
            assert all((r.value is None) == (r.state == "not_relevant") for r in rows)
