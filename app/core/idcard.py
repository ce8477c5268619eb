"""Resident ID numbers (居民身份证号码), GB 11643-1999.

18 characters: 6-digit administrative region, 8-digit birth date, 3-digit sequence (odd = male),
and an ISO 7064 MOD 11-2 check character (0-9 or X). First-generation 15-digit numbers (2-digit year,
no check character) are converted to 18 digits.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from app.core.errors import ValidationError
from app.core.textnorm import clean_token

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
# Valid first two digits (province-level codes of GB/T 2260).
_PROVINCES = frozenset(
    {
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
        "65", "71", "81", "82", "83", "91",
    }
)  # fmt: skip


def is_province_code(prefix: str) -> bool:
    """Whether ``prefix`` (two digits) is a province-level code of GB/T 2260."""
    return prefix in _PROVINCES


_SCI_RE = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")


def check_char(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character of the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


@dataclass(frozen=True)
class IdInfo:
    number: str
    birth_date: dt.date
    male: bool

    @property
    def gender(self) -> str:
        return "男" if self.male else "女"


EXCEL_NUMBER_MESSAGE = "身份证号被 Excel 存成了数字，后几位已丢失；请把该列设为文本格式后重新录入"


def normalize_id(value: object) -> str:
    """Clean a raw ID value and validate it; the canonical 18-character number.

    Raises ValidationError with a Chinese message saying exactly what is wrong.
    """
    if value is None:
        raise ValidationError("身份证号不能为空")
    if isinstance(value, bool):
        raise ValidationError("身份证号格式不对")
    if isinstance(value, int | float):
        raise ValidationError(EXCEL_NUMBER_MESSAGE)
    text = clean_token(str(value)).replace(" ", "").upper()
    if not text:
        raise ValidationError("身份证号不能为空")
    if _SCI_RE.match(text):
        raise ValidationError(EXCEL_NUMBER_MESSAGE)
    if len(text) == 15 and text.isdigit():
        text = convert_15_to_18(text)
    if len(text) != 18:
        raise ValidationError(f"身份证号应为18位，现为{len(text)}位")
    if not (text[:17].isdigit() and (text[17].isdigit() or text[17] == "X")):
        raise ValidationError("身份证号只能由数字和末位的 X 组成")
    if text[:2] not in _PROVINCES:
        raise ValidationError(f"身份证号前6位地区码 {text[:6]} 无效")
    _birth(text[6:14])
    expected = check_char(text[:17])
    if text[17] != expected:
        raise ValidationError(f"身份证号校验位错误（末位应为 {expected}），请核对号码")
    return text


def _birth(yyyymmdd: str) -> dt.date:
    try:
        born = dt.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        raise ValidationError(f"身份证号中的出生日期 {yyyymmdd} 不存在") from None
    if born.year < 1900 or born > dt.date.today():
        raise ValidationError(f"身份证号中的出生日期 {yyyymmdd} 不合理")
    return born


def convert_15_to_18(number15: str) -> str:
    """First-generation 15-digit number -> 18 digits (insert 19 before the year, add the check)."""
    if len(number15) != 15 or not number15.isdigit():
        raise ValidationError("15位身份证号应全部为数字")
    first17 = number15[:6] + "19" + number15[6:]
    return first17 + check_char(first17)


def parse_id(value: object) -> IdInfo:
    number = normalize_id(value)
    return IdInfo(number=number, birth_date=_birth(number[6:14]), male=int(number[16]) % 2 == 1)


def info_of_checked(number: str) -> IdInfo:
    """:func:`parse_id` of a number :func:`normalize_id` has already given (not checked again: a bulk
    import checks each number once and needs its birth date and gender for every row)."""
    born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    return IdInfo(number=number, birth_date=born, male=int(number[16]) % 2 == 1)


def is_valid_id(value: object) -> bool:
    try:
        normalize_id(value)
    except ValidationError:
        return False
    return True


def mask_id(number: str | None) -> str:
    """``110101********123X``: region kept, birth date and sequence hidden but the last four."""
    if not number:
        return ""
    if len(number) != 18:
        return number[:3] + "*" * max(0, len(number) - 3)
    return number[:6] + "********" + number[14:]


def make_id(region: str, birth: dt.date, sequence: int) -> str:
    """Build a valid number (demo data and tests). ``sequence`` 0..999; odd = male."""
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_char(first17)
