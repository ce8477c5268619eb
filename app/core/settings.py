"""Station settings: typed get/set over the ``Setting`` key/value table.

Values are stored as text (``"55"``, ``"1"``), so SQL readers such as the indicators can read them
too. :func:`get_setting` converts the stored text to the type of ``default``; :func:`set_setting`
validates the known keys and writes in a transaction.
"""

from __future__ import annotations

from typing import Any, TypeVar, overload

from app.core.codes import RETIRE_BASE_FEMALE
from app.core.errors import ValidationError
from db.models import Setting, database

# Known keys.
FEMALE_RETIRE_BASE = "female_retire_base"  # "50" or "55": women's retirement base for the station
MASK_IDS_DEFAULT = "mask_ids_default"  # "1"/"0": mask ID numbers in exports by default
DEMO_STATION = "demo_station"  # "1": the file was made by the demo generator (fictitious people)

DEFAULTS: dict[str, Any] = {
    FEMALE_RETIRE_BASE: 50,
    MASK_IDS_DEFAULT: True,
}
LABELS: dict[str, str] = {
    FEMALE_RETIRE_BASE: "女性退休年龄基数",
    MASK_IDS_DEFAULT: "导出时默认隐藏身份证号中间位",
}

_TRUE = frozenset({"1", "true", "yes", "是"})
_FALSE = frozenset({"0", "false", "no", "否", ""})

T = TypeVar("T")


@overload
def get_setting(key: str) -> str | None: ...
@overload
def get_setting(key: str, default: T) -> T: ...
def get_setting(key: str, default: Any = None) -> Any:
    """The setting ``key`` converted to the type of ``default`` (bool, int or str); ``default`` when
    it is unset or the stored text cannot be read as that type."""
    row = Setting.get_or_none(Setting.key == key)
    if row is None:
        return default
    raw = str(row.value).strip()
    if isinstance(default, bool):
        low = raw.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        return default
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError:
            return default
    return raw


def set_setting(key: str, value: object) -> None:
    """Store ``value`` (bool -> "1"/"0"; None removes the key). Known keys are validated."""
    if key == FEMALE_RETIRE_BASE and value is not None:
        value = _retire_base(value)
    if value is None:
        with database.atomic():
            Setting.delete().where(Setting.key == key).execute()
        return
    text = ("1" if value else "0") if isinstance(value, bool) else str(value)
    with database.atomic():
        Setting.insert(key=key, value=text).on_conflict_replace().execute()


def female_retire_base() -> int:
    value = get_setting(FEMALE_RETIRE_BASE, int(DEFAULTS[FEMALE_RETIRE_BASE]))
    return value if value in RETIRE_BASE_FEMALE else int(DEFAULTS[FEMALE_RETIRE_BASE])


def mask_ids_default() -> bool:
    return bool(get_setting(MASK_IDS_DEFAULT, bool(DEFAULTS[MASK_IDS_DEFAULT])))


def _retire_base(value: object) -> int:
    text = str(value).strip()
    allowed = "、".join(str(v) for v in RETIRE_BASE_FEMALE)
    try:
        number = int(text)
    except ValueError:
        raise ValidationError(
            f"女性退休年龄基数只能是 {allowed}，现为“{text}”", field=FEMALE_RETIRE_BASE
        ) from None
    if number not in RETIRE_BASE_FEMALE:
        raise ValidationError(f"女性退休年龄基数只能是 {allowed}，现为“{text}”", field=FEMALE_RETIRE_BASE)
    return number


# Plain SQL reads of a setting for the counting code (no model instance).


def setting(key: str) -> str | None:
    rows = list(database.execute_sql('SELECT value FROM setting WHERE "key" = ?', (key,)).fetchall())
    return str(rows[0][0]) if rows else None


def station_female_retire_base() -> int:
    """Setting ``female_retire_base`` ("50"/"55"); 50 when unset or unreadable."""
    value = (setting("female_retire_base") or "").strip()
    return 55 if value == "55" else 50
