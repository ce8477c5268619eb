"""Field rules: names, phones, credit codes, integers."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.core import validators
from app.core.errors import ValidationError
from app.core.validators import credit_code, credit_code_check, name, optional_int, phone, positive_int, text

# The example in GB 32100-2015.
STANDARD_CREDIT_CODE = "91350100M000100Y43"


def _msg(func: Callable[..., object], *args: object) -> str:
    with pytest.raises(ValidationError) as info:
        func(*args)
    return info.value.message


def test_text() -> None:
    assert text(None) == ""
    assert text(" 张三 ") == "张三"
    assert text(5.0) == "5"
    assert text(5.5) == "5.5"
    assert text(12) == "12"


# ---------------------------------------------------------------- name


def test_name_length_boundaries() -> None:
    assert name("张三") == "张三"
    assert name("名" * 30) == "名" * 30
    assert _msg(name, "张") == "姓名应为2至30个字，现为1个字"
    assert _msg(name, "名" * 31) == "姓名应为2至30个字，现为31个字"


def test_name_empty_and_label() -> None:
    assert _msg(name, "") == "姓名不能为空"
    assert _msg(name, None) == "姓名不能为空"
    assert _msg(name, "   ") == "姓名不能为空"
    assert _msg(name, "张", "联系人") == "联系人应为2至30个字，现为1个字"


def test_name_is_trimmed_before_counting() -> None:
    assert name("  张三  ") == "张三"
    assert _msg(name, " 张 ") == "姓名应为2至30个字，现为1个字"


# ---------------------------------------------------------------- phone


@pytest.mark.parametrize(
    ("raw", "out"),
    [
        ("13812345678", "13812345678"),
        ("19912345678", "19912345678"),
        ("138 1234 5678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        (13812345678, "13812345678"),
        (13812345678.0, "13812345678"),
        ("020-12345678", "020-12345678"),
        ("0755-1234567", "0755-1234567"),
        ("0771-12345678", "0771-12345678"),
        ("", ""),
        (None, ""),
    ],
)
def test_phone_accepted(raw: object, out: str) -> None:
    assert phone(raw) == out


@pytest.mark.parametrize(
    "raw",
    [
        "12812345678",
        "1381234567",
        "138123456789",
        "020-123456",
        "020-123456789",
        "02012345678x",
        "20-12345678",
        "电话",
    ],
)
def test_phone_refused(raw: str) -> None:
    shown = raw.replace(" ", "")
    assert _msg(phone, raw) == f"联系电话 {shown} 格式不对：手机为11位（1开头），座机如 020-12345678"


def test_phone_label() -> None:
    assert _msg(phone, "123", "单位电话").startswith("单位电话 123 格式不对")


# ---------------------------------------------------------------- credit code


def test_credit_code_standard_example() -> None:
    assert credit_code_check(STANDARD_CREDIT_CODE[:17]) == "3"
    assert credit_code(STANDARD_CREDIT_CODE) == STANDARD_CREDIT_CODE


def test_credit_code_constructed() -> None:
    first17 = "91440101MA5CXXXX0"
    code = first17 + credit_code_check(first17)
    assert credit_code(code) == code
    assert credit_code(code.lower()) == code
    assert credit_code(f" {code} ") == code


def test_credit_code_check_char_can_be_zero_and_letter() -> None:
    # Search a few bodies for a check character 0 and a letter; both must validate.
    found_zero = found_letter = False
    for n in range(200):
        first17 = f"9144010100000{n:04d}"
        check = credit_code_check(first17)
        found_zero |= check == "0"
        found_letter |= check.isalpha()
        assert credit_code(first17 + check) == first17 + check
    assert found_zero and found_letter


def test_credit_code_bad_check_char() -> None:
    bad = STANDARD_CREDIT_CODE[:17] + "4"
    assert _msg(credit_code, bad) == "统一社会信用代码校验位错误（末位应为 3），请核对"


def test_credit_code_length_and_chars() -> None:
    assert _msg(credit_code, STANDARD_CREDIT_CODE[:17]) == "统一社会信用代码应为18位，现为17位"
    assert _msg(credit_code, STANDARD_CREDIT_CODE + "0") == "统一社会信用代码应为18位，现为19位"
    assert (
        _msg(credit_code, "91350100I000100Y43") == "统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V）"
    )
    assert credit_code("") == ""
    assert credit_code(None) == ""


# ---------------------------------------------------------------- integers


def test_positive_int() -> None:
    assert positive_int("3", "招聘人数") == 3
    assert positive_int(1, "招聘人数") == 1
    assert positive_int(2.0, "招聘人数") == 2
    assert _msg(positive_int, "0", "招聘人数") == "招聘人数不能小于1"
    assert _msg(positive_int, "-1", "招聘人数") == "招聘人数不能小于1"
    assert _msg(positive_int, "三", "招聘人数") == "招聘人数应为整数，现为“三”"
    assert _msg(positive_int, 2.5, "招聘人数") == "招聘人数应为整数，现为“2.5”"
    assert _msg(positive_int, "", "招聘人数") == "招聘人数应为整数，现为“”"
    assert positive_int("0", "参与人数", 0) == 0


def test_optional_int() -> None:
    assert optional_int("", "参与人数") is None
    assert optional_int(None, "参与人数") is None
    assert optional_int("0", "参与人数") == 0
    assert optional_int("12", "参与人数") == 12
    assert _msg(optional_int, "-1", "参与人数") == "参与人数不能小于0"


@pytest.mark.parametrize(
    "value",
    [
        "13912345678",
        "020-12345678",
        "0769-12345678转8",
        "020-12345678 转 123",
        "13912345678、020-12345678",
        "13912345678/13812345678",
        "13912345678（微信同号）",
    ],
)
def test_contact_phone_of_an_employer_accepts_extensions_lists_and_notes(value: str) -> None:
    # A number field: full-width brackets fold to half-width like the digits.
    assert validators.contact_phone(value) == value.replace("（", "(").replace("）", ")")


@pytest.mark.parametrize("value", ["12345", "abc", "13912345678转", "微信：abc", "020-123"])
def test_contact_phone_still_refuses_what_is_not_a_number(value: str) -> None:
    with pytest.raises(ValidationError, match="格式不对"):
        validators.contact_phone(value)


def test_contact_phone_empty_is_allowed() -> None:
    assert validators.contact_phone("") == ""
    assert validators.contact_phone(None) == ""
