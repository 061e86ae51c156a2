"""Settings live in the store: defaults, saving one, refusing unknown names and bad values."""

import pytest
from sqlalchemy import text

from kamtui.errors import InvalidInput
from kamtui.store import Store, open_store
from kamtui.store.settings import NAMES, Settings, load_settings, save_setting


def _stored(store: Store) -> dict[str, str]:
    with store.read() as session:
        rows = session.execute(text("SELECT key, value FROM store_meta WHERE key LIKE "
                                    "'setting.%'")).all()
    return dict(rows)


def test_a_new_store_has_the_defaults(store: Store) -> None:
    settings = load_settings(store)
    assert settings == Settings()
    assert (settings.renewal_horizon_days, settings.upcoming_days, settings.review_ahead_days,
            settings.plan_stale_days) == (90, 7, 7, 180)
    assert _stored(store) == {}


def test_a_saved_setting_is_kept_in_the_store(store: Store) -> None:
    settings = save_setting(store, "upcoming_days", "14")
    assert settings.upcoming_days == 14 and settings.renewal_horizon_days == 90
    assert _stored(store) == {"setting.upcoming_days": "14"}
    save_setting(store, "upcoming_days", "10")  # saved again: replaced, not added
    assert _stored(store) == {"setting.upcoming_days": "10"}
    reopened = open_store(store.path)
    try:
        assert load_settings(reopened).upcoming_days == 10
    finally:
        reopened.close()


def test_names_are_forgiving_about_case_dashes_and_spaces(store: Store) -> None:
    assert save_setting(store, " Renewal-Horizon-Days ", " 120 ").renewal_horizon_days == 120
    assert _stored(store) == {"setting.renewal_horizon_days": "120"}


@pytest.mark.parametrize("name, value", [("review_ahead_days", "0"), ("review_ahead_days", "90"),
                                         ("plan_stale_days", "7"), ("plan_stale_days", "1000"),
                                         ("renewal_horizon_days", "730"), ("upcoming_days", "1")])
def test_the_ends_of_each_range_are_allowed(store: Store, name: str, value: str) -> None:
    assert getattr(save_setting(store, name, value), name) == int(value)


def test_an_unknown_name_is_refused_with_the_valid_names(store: Store) -> None:
    with pytest.raises(InvalidInput) as err:
        save_setting(store, "horizon", "30")
    assert len(err.value.messages) == 1
    sentence = str(err.value)
    assert sentence.startswith("'horizon' is not a setting;")
    assert all(name in sentence for name in NAMES)
    assert _stored(store) == {}


@pytest.mark.parametrize("name, value", [
    ("upcoming_days", "0"), ("upcoming_days", "61"), ("upcoming_days", "soon"),
    ("upcoming_days", ""), ("upcoming_days", "7.5"), ("upcoming_days", "1_0"),
    ("review_ahead_days", "-1"), ("plan_stale_days", "6"), ("renewal_horizon_days", "731"),
])
def test_a_bad_value_is_refused_and_changes_nothing(store: Store, name: str, value: str) -> None:
    save_setting(store, "upcoming_days", "9")
    with pytest.raises(InvalidInput) as err:
        save_setting(store, name, value)
    assert len(err.value.messages) == 1
    low, high = {"upcoming_days": (1, 60), "review_ahead_days": (0, 90),
                 "plan_stale_days": (7, 1000), "renewal_horizon_days": (1, 730)}[name]
    assert str(err.value) == (f"{name} must be a whole number from {low} to {high}, "
                              f"not '{value}'.")
    assert _stored(store) == {"setting.upcoming_days": "9"}


def test_a_stored_value_gone_bad_falls_back_to_its_default(store: Store) -> None:
    save_setting(store, "plan_stale_days", "365")
    with store.transaction() as session:  # as if edited by hand or by another version
        session.execute(text("INSERT INTO store_meta (key, value) VALUES "
                             "('setting.upcoming_days', 'lots'), "
                             "('setting.review_ahead_days', '500'), "
                             "('setting.retired_one', '3')"))
    settings = load_settings(store)
    assert settings.upcoming_days == 7 and settings.review_ahead_days == 7
    assert settings.plan_stale_days == 365
