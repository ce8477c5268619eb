"""app.settings: typed get/set over the Setting table."""

from __future__ import annotations

import pytest

from app.core import settings
from app.core.errors import ValidationError
from db.models import Setting


def test_unset_returns_default(db) -> None:
    assert settings.get_setting("nothing") is None
    assert settings.get_setting("nothing", 7) == 7
    assert settings.get_setting("nothing", True) is True


def test_values_are_stored_as_text_and_read_typed(db) -> None:
    settings.set_setting("count", 12)
    settings.set_setting("flag", False)
    settings.set_setting("label", "甲")
    assert Setting.get_by_id("count").value == "12"
    assert Setting.get_by_id("flag").value == "0"
    assert settings.get_setting("count", 0) == 12
    assert settings.get_setting("flag", True) is False
    assert settings.get_setting("label", "") == "甲"


def test_set_replaces_and_none_removes(db) -> None:
    settings.set_setting("label", "甲")
    settings.set_setting("label", "乙")
    assert Setting.select().where(Setting.key == "label").count() == 1
    assert settings.get_setting("label") == "乙"
    settings.set_setting("label", None)
    assert settings.get_setting("label") is None


def test_unreadable_values_fall_back_to_default(db) -> None:
    Setting.create(key="count", value="abc")
    Setting.create(key="flag", value="maybe")
    assert settings.get_setting("count", 3) == 3
    assert settings.get_setting("flag", True) is True


@pytest.mark.parametrize("value", [50, 55, "55", " 50 "])
def test_female_retire_base_accepts_50_and_55(db, value) -> None:
    settings.set_setting(settings.FEMALE_RETIRE_BASE, value)
    assert settings.female_retire_base() == int(str(value).strip())


@pytest.mark.parametrize("value", [49, 51, 54, 56, 60, "五十", ""])
def test_female_retire_base_refuses_other_values(db, value) -> None:
    with pytest.raises(ValidationError, match="女性退休年龄基数只能是 50、55"):
        settings.set_setting(settings.FEMALE_RETIRE_BASE, value)
    assert Setting.get_or_none(Setting.key == settings.FEMALE_RETIRE_BASE) is None


def test_female_retire_base_default_and_unreadable(db) -> None:
    assert settings.female_retire_base() == 50
    Setting.create(key=settings.FEMALE_RETIRE_BASE, value="60")
    assert settings.female_retire_base() == 50


def test_register_reads_the_same_setting(db) -> None:
    from app.register.listing import station_female_base

    settings.set_setting(settings.FEMALE_RETIRE_BASE, 55)
    assert station_female_base() == 55


def test_mask_ids_default(db) -> None:
    assert settings.mask_ids_default() is True
    settings.set_setting(settings.MASK_IDS_DEFAULT, False)
    assert settings.mask_ids_default() is False
