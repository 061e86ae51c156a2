"""Setting and clearing one account's whitespace for one product (created when there is
no cell, edited when there is, brought back when it was cleared), each undone with undo;
and refusals that change nothing."""

from dataclasses import dataclass

import pytest

from kamtui.domain import WhitespaceCell
from kamtui.domain.enums import WhitespaceState
from kamtui.errors import InvalidInput, NotFound, StoreError
from kamtui.store.changes import undo
from kamtui.store.repos import Services
from kamtui.store.whitespace import clear_whitespace, set_whitespace
from kamtui.store.whitespace_view import account_whitespace


@dataclass
class Grid:
    acme: str
    other: str
    edi: str


@pytest.fixture
def grid(services: Services) -> Grid:
    acme, other = (services.accounts.create({"name": n}).id for n in ("Acme", "Other"))
    edi = services.products.create({"name": "EDI Gateway"}).id
    return Grid(acme, other, edi)


def cell_of(services: Services, account: str, product: str) -> tuple | None:
    """(state, value, notes) of the account's live cell for the product; None: unknown."""
    row = next(r for r in account_whitespace(services.store, account)
               if r.product_id == product)
    return None if row.state is None else (row.state, row.value, row.notes)


def cells(services: Services) -> int:
    """Every cell row, live or cleared."""
    return len(services.whitespace.list(include_deleted=True))


def test_set_creates_then_edits_and_undo_takes_each_back(services: Services,
                                                         grid: Grid) -> None:
    made = set_whitespace(services, grid.acme, grid.edi, state="in_play", value=45_000,
                          notes="pilot in Q1")
    assert made.description == "Set 'EDI Gateway' at Acme to in play, worth 45,000."
    assert cell_of(services, grid.acme, grid.edi) == (WhitespaceState.in_play, 45_000,
                                                      "pilot in Q1")
    assert cell_of(services, grid.other, grid.edi) is None  # Other's cell is untouched
    assert cells(services) == 1

    edited = set_whitespace(services, grid.acme, grid.edi, state=WhitespaceState.has,
                            value=None, notes="")
    assert edited.description == "Set 'EDI Gateway' at Acme to has."
    assert cells(services) == 1  # the same cell, edited: not a second one
    assert cell_of(services, grid.acme, grid.edi) == (WhitespaceState.has, None, "")

    undo(services.store, edited)
    assert cell_of(services, grid.acme, grid.edi) == (WhitespaceState.in_play, 45_000,
                                                      "pilot in Q1")
    undo(services.store, made)
    assert cell_of(services, grid.acme, grid.edi) is None


def test_clear_then_set_again_reuses_the_cell(services: Services, grid: Grid) -> None:
    set_whitespace(services, grid.acme, grid.edi, state="open", value=10_000)
    (first,) = services.whitespace.list()
    cleared = clear_whitespace(services, grid.acme, grid.edi)
    assert cleared.description == "Cleared 'EDI Gateway' at Acme back to unknown."
    assert cell_of(services, grid.acme, grid.edi) is None
    # The store holds one cell per account and product: setting it again revives the row.
    again = set_whitespace(services, grid.acme, grid.edi, state="not_relevant")
    (revived,) = services.whitespace.list()
    assert revived.id == first.id and revived.value is None
    assert cells(services) == 1
    undo(services.store, again)
    assert cell_of(services, grid.acme, grid.edi) is None
    undo(services.store, cleared)
    assert cell_of(services, grid.acme, grid.edi) == (WhitespaceState.open, 10_000, "")
    with pytest.raises(StoreError, match="already undone"):
        undo(services.store, cleared)


def test_refusals_change_nothing(services: Services, grid: Grid) -> None:
    with pytest.raises(InvalidInput) as err:
        set_whitespace(services, grid.acme, grid.edi, state="open", value=-5)
    assert err.value.messages == ["Value must be at least 0 (got -5)."]
    with pytest.raises(InvalidInput, match="State"):
        set_whitespace(services, grid.acme, grid.edi, state="maybe")
    with pytest.raises(InvalidInput) as err:
        clear_whitespace(services, grid.acme, grid.edi)
    assert err.value.messages == ["'EDI Gateway' is already unknown at Acme: there is "
                                  "nothing to clear."]
    with pytest.raises(NotFound, match="product"):
        set_whitespace(services, grid.acme, "no-such-product", state="open")
    services.accounts.delete(grid.other)
    with pytest.raises(NotFound, match="account"):
        set_whitespace(services, grid.other, grid.edi, state="open")
    assert cells(services) == 0
    assert services.whitespace.count(WhitespaceCell.account_id == grid.acme) == 0
