"""Bad input gets one readable sentence per bad field, and nothing is stored."""

import pytest
from helpers import Kam

from kamtui.errors import InvalidInput
from kamtui.store.repos import Services


def messages(call, *args) -> list[str]:  # noqa: ANN001
    with pytest.raises(InvalidInput) as caught:
        call(*args)
    return caught.value.messages


def test_account_fields_each_get_a_sentence(services: Services) -> None:
    found = messages(services.accounts.create, {
        "name": "   ", "tier": "gold", "annual_revenue": "lots",
        "strategic_importance": 7, "growth_potential": 0, "renewal_date": "31/12/2026",
        "margin_pct": 250,
    })
    assert found == [
        "Name must not be empty.",
        "Tier must be one of: key, major, standard (got 'gold').",
        "Annual revenue must be a number (got 'lots').",
        "Margin (%) must be at most 100 (got 250).",
        "Strategic importance must be at most 5 (got 7).",
        "Growth potential must be at least 1 (got 0).",
        "Renewal date must be a date like 2026-12-01 (got '31/12/2026').",
    ]
    assert services.accounts.count() == 0


def test_missing_required_field(services: Services) -> None:
    assert messages(services.accounts.create, {}) == ["Name is required."]


def test_unknown_field_is_named(services: Services) -> None:
    assert messages(services.accounts.create, {"name": "A", "colour": "red"}) == [
        "'colour' is not a field of an account."]


def test_contact_rules(services: Services) -> None:
    acme = services.accounts.create({"name": "Acme"})
    other = services.accounts.create({"name": "Globex"})
    boss = services.contacts.create({"account_id": other.id, "name": "Hank"})
    assert messages(services.contacts.create, {
        "account_id": acme.id, "name": "Ann", "email": "ann-at-acme", "buying_role": "king",
        "strength": 9, "cadence_days": 0}) == [
        "Email must look like name@example.com.",
        "Buying role must be one of: decision maker, economic buyer, influencer, champion, "
        "user, gatekeeper, blocker (got 'king').",
        "Relationship strength must be at most 5 (got 9).",
        "Contact cadence (days) must be at least 1 (got 0).",
    ]
    assert messages(services.contacts.create, {
        "account_id": acme.id, "name": "Ann", "reports_to_id": boss.id}) == [
        "Reports to: that person works at another account."]
    assert services.contacts.count() == 1


def test_reporting_loops_are_refused_and_nothing_changes(services: Services) -> None:
    acme = services.accounts.create({"name": "Acme"})
    ceo = services.contacts.create({"account_id": acme.id, "name": "Ceo"})
    vp = services.contacts.create({"account_id": acme.id, "name": "Vp", "reports_to_id": ceo.id})
    assert messages(services.contacts.update, ceo.id, {"reports_to_id": vp.id}) == [
        "Reports to: that would make a reporting loop in the org chart."]
    assert messages(services.contacts.update, ceo.id, {"reports_to_id": ceo.id}) == [
        "Reports to: a contact cannot report to themselves."]
    assert services.contacts.get(ceo.id).reports_to_id is None


def test_action_item_owner_and_recurrence_rules(services: Services) -> None:
    acme = services.accounts.create({"name": "Acme"})
    globex = services.accounts.create({"name": "Globex"})
    stranger = services.contacts.create({"account_id": globex.id, "name": "Hank"})
    base = {"account_id": acme.id, "title": "Send the proposal"}
    assert messages(services.actions.create, {**base, "owner_kind": "team"}) == [
        "An owner on our team needs a team member chosen."]
    assert messages(services.actions.create, {**base, "recurrence_every": 2}) == [
        "A repeating action needs both how often and the unit (days, weeks or months)."]
    assert messages(services.actions.create, {
        **base, "recurrence_every": 2, "recurrence_unit": "weeks"}) == [
        "A repeating action needs a deadline to count from."]
    assert messages(services.actions.create, {
        **base, "owner_kind": "customer", "owner_contact_id": stranger.id}) == [
        "Owner: that contact works at another account."]
    assert messages(services.actions.create, {**base, "account_id": "no-such-id"}) == [
        "Account: there is no such account (it may have been deleted)."]
    assert services.actions.count() == 0


def test_a_bad_update_changes_nothing(services: Services) -> None:
    acme = services.accounts.create({"name": "Acme", "annual_revenue": 10})
    messages(services.accounts.update, acme.id, {"annual_revenue": -5, "name": "New"})
    again = services.accounts.get(acme.id)
    assert (again.name, again.annual_revenue) == ("Acme", 10)


def test_text_is_kept_verbatim(services: Services) -> None:
    odd = "[bold]Ünïcødé[/] \u202eRTL 🚀 [@click=app.quit]x[/]"
    acme = services.accounts.create({"name": odd, "notes": "  two  spaces\n\nkept  "})
    again = services.accounts.get(acme.id)
    assert again.name == odd and again.notes == "  two  spaces\n\nkept  "


def test_won_and_lost_opportunities_have_certain_probability(services: Services) -> None:
    acme = services.accounts.create({"name": "Acme"})
    won = services.opportunities.create({"account_id": acme.id, "title": "Fleet deal",
                                         "stage": "won", "probability": 40})
    lost = services.opportunities.create({"account_id": acme.id, "title": "Spare parts",
                                          "stage": "lost", "probability": 40})
    assert (won.probability, lost.probability) == (100, 0)


def test_text_that_is_not_utf8_is_refused_in_one_sentence(services: Services,
                                                           kam: Kam) -> None:
    """Bytes that were not UTF-8 reach Python as lone surrogates (surrogateescape):
    SQLite cannot store them, so they are refused before they reach it."""
    with pytest.raises(InvalidInput) as refused:
        services.accounts.create({"name": "Acme \udcff"})
    assert refused.value.messages == [
        "Name: holds characters that are not text (a broken encoding?); type it again."]
    assert services.accounts.list() == []
    code, out, err = kam("add", "Call \udcff", "--account", "Acme", "--due", "today")
    assert code == 2 and out == "" and err.count("\n") == 1 and "not UTF-8" in err
