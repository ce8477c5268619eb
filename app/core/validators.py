"""Field rules shared by the forms, the importer and the command line."""

from __future__ import annotations

import re

from app.core.errors import ValidationError
from app.core.textnorm import clean, clean_token

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-\d{7,8}$")
_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


# The most an Excel cell holds: a longer text could not be exported whole (openpyxl and Excel cut it), so
# it never enters the data file.
MAX_TEXT = 32_767


def text(value: object) -> str:
    """A cell or field as cleaned text ('' for None); longer than an Excel cell holds is refused."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = str(value)
    if len(s) > MAX_TEXT:
        raise ValidationError(
            f"内容长 {len(s):,} 个字符，超过 Excel 单元格的上限 {MAX_TEXT:,} 个字符，请缩短后再保存或导入"
        )
    return clean(s)


def token(value: object) -> str:
    """A value with a fixed syntax (phone, code) with every full-width ASCII character folded."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_token(str(value))


def name(value: object, label: str = "姓名") -> str:
    v = text(value)
    if not v:
        raise ValidationError(f"{label}不能为空")
    if not 2 <= len(v) <= 30:
        raise ValidationError(f"{label}应为2至30个字，现为{len(v)}个字")
    return v


def phone(value: object, label: str = "联系电话") -> str:
    """11-digit mobile 1[3-9]xxxxxxxxx or landline 0xx(x)-xxxxxxx(x); '' is allowed."""
    v = token(value).replace(" ", "")
    if not v:
        return ""
    if _MOBILE.match(v) or _LANDLINE.match(v):
        return v
    raise ValidationError(f"{label} {v} 格式不对：手机为11位（1开头），座机如 020-12345678")


_PHONE_CORE = r"(?:1[3-9]\d{9}|0\d{2,3}-\d{7,8})"
_EXTENSION = r"(?:\s*(?:转|分机|-)\s*\d{1,6})?"
_CONTACT_PHONE = re.compile(
    rf"^{_PHONE_CORE}{_EXTENSION}(?:\s*[、/,，;；]\s*{_PHONE_CORE}{_EXTENSION})*"
    r"(?:\s*[（(][^()（）]{1,20}[)）])?$"
)


def contact_phone(value: object, label: str = "联系电话") -> str:
    """An employer's or a vacancy's contact number: a mobile or landline number as for a person, which
    may carry an extension (转8), further numbers (、 or /) and a short note in brackets (微信同号)."""
    v = token(value).strip()
    if not v:
        return ""
    if _CONTACT_PHONE.match(v):
        return v
    raise ValidationError(
        f"{label} {v} 格式不对：手机为11位（1开头），座机如 020-12345678，"
        "可带分机（转8）、多个号码用“、”分隔、括号内备注"
    )


def credit_code_check(first17: str) -> str:
    total = sum(_CREDIT_CHARS.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_CHARS[(31 - total % 31) % 31]


def credit_code(value: object) -> str:
    """统一社会信用代码 (GB 32100-2015): 18 characters with a check character; '' is allowed."""
    v = token(value).upper().replace(" ", "")
    if not v:
        return ""
    if len(v) != 18:
        raise ValidationError(f"统一社会信用代码应为18位，现为{len(v)}位")
    if any(c not in _CREDIT_CHARS for c in v):
        raise ValidationError("统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V）")
    expected = credit_code_check(v[:17])
    if v[17] != expected:
        raise ValidationError(f"统一社会信用代码校验位错误（末位应为 {expected}），请核对")
    return v


def positive_int(value: object, label: str, minimum: int = 1) -> int:
    v = text(value)
    try:
        n = int(v)
    except ValueError:
        raise ValidationError(f"{label}应为整数，现为“{v}”") from None
    if n < minimum:
        raise ValidationError(f"{label}不能小于{minimum}")
    return n


def optional_int(value: object, label: str, minimum: int = 0) -> int | None:
    if text(value) == "":
        return None
    return positive_int(value, label, minimum)
