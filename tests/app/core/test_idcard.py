"""ID numbers (GB 11643): every rule at its boundary, each refusal with its Chinese message."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.errors import ValidationError
from app.core.idcard import (
    EXCEL_NUMBER_MESSAGE,
    check_char,
    convert_15_to_18,
    info_of_checked,
    is_valid_id,
    make_id,
    mask_id,
    normalize_id,
    parse_id,
)

# The worked example of GB 11643-1999 (born 1949-12-31, female, check character X).
STANDARD_EXAMPLE = "11010519491231002X"


def _message(value: object) -> str:
    with pytest.raises(ValidationError) as info:
        normalize_id(value)
    return info.value.message


def test_standard_example_is_valid() -> None:
    assert check_char(STANDARD_EXAMPLE[:17]) == "X"
    info = parse_id(STANDARD_EXAMPLE)
    assert info.number == STANDARD_EXAMPLE
    assert info.birth_date == dt.date(1949, 12, 31)
    assert info.male is False
    assert info.gender == "女"


def test_valid_numeric_check_character() -> None:
    number = make_id("440106", dt.date(1985, 7, 15), 351)
    assert number[17].isdigit() or number[17] == "X"
    assert normalize_id(number) == number
    assert is_valid_id(number)


def test_bad_check_character_names_the_expected_one() -> None:
    wrong = STANDARD_EXAMPLE[:17] + "1"
    msg = _message(wrong)
    assert msg == "身份证号校验位错误（末位应为 X），请核对号码"
    assert not is_valid_id(wrong)


def test_bad_digit_check_character() -> None:
    good = make_id("110101", dt.date(1990, 1, 1), 123)
    expected = good[17]
    other = "0" if expected != "0" else "1"
    assert _message(good[:17] + other) == f"身份证号校验位错误（末位应为 {expected}），请核对号码"


def test_birth_date_that_does_not_exist() -> None:
    first17 = "110101" + "19900230" + "123"
    msg = _message(first17 + check_char(first17))
    assert msg == "身份证号中的出生日期 19900230 不存在"


def test_birth_date_in_the_future() -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    first17 = f"110101{tomorrow:%Y%m%d}123"
    msg = _message(first17 + check_char(first17))
    assert msg == f"身份证号中的出生日期 {tomorrow:%Y%m%d} 不合理"


def test_birth_date_today_is_accepted() -> None:
    number = make_id("110101", dt.date.today(), 1)
    assert parse_id(number).birth_date == dt.date.today()


def test_birth_year_before_1900_refused() -> None:
    number = make_id("110101", dt.date(1899, 12, 31), 1)
    assert _message(number) == "身份证号中的出生日期 18991231 不合理"
    assert is_valid_id(make_id("110101", dt.date(1900, 1, 1), 1))


@pytest.mark.parametrize("region", ["000000", "990101", "100101", "290101"])
def test_region_code_invalid(region: str) -> None:
    number = make_id(region, dt.date(1990, 1, 1), 123)
    assert _message(number) == f"身份证号前6位地区码 {region} 无效"


@pytest.mark.parametrize("value", [110105194912310020, 1.10105194912310e17, 11010519491231002])
def test_numeric_cell_refused_as_excel_number(value: object) -> None:
    assert _message(value) == EXCEL_NUMBER_MESSAGE


@pytest.mark.parametrize(
    "value", ["1.10101E+17", "1.10101e17", "1.10105E+17", " 1.1E+17 ", "１.１０１０１Ｅ＋１７"]
)
def test_scientific_text_refused_as_excel_number(value: str) -> None:
    assert _message(value) == EXCEL_NUMBER_MESSAGE


def test_excel_message_says_what_happened() -> None:
    assert "Excel" in EXCEL_NUMBER_MESSAGE
    assert "文本格式" in EXCEL_NUMBER_MESSAGE


def test_fifteen_digit_conversion_known_pair() -> None:
    assert convert_15_to_18("110105491231002") == STANDARD_EXAMPLE
    assert normalize_id("110105491231002") == STANDARD_EXAMPLE


def test_fifteen_digit_conversion_inserts_19_and_computes_check() -> None:
    number15 = "440106850715351"
    out = normalize_id(number15)
    assert out[:17] == "44010619850715351"
    assert out[17] == check_char(out[:17])
    assert parse_id(number15).birth_date == dt.date(1985, 7, 15)
    assert parse_id(number15).male is True


def test_fifteen_digit_with_letter_refused() -> None:
    with pytest.raises(ValidationError) as info:
        convert_15_to_18("11010549123100X")
    assert info.value.message == "15位身份证号应全部为数字"


def test_full_width_digits_and_lowercase_x_folded() -> None:
    full = "".join(chr(ord(c) + 0xFEE0) for c in STANDARD_EXAMPLE[:17]) + "ｘ"
    assert normalize_id(full) == STANDARD_EXAMPLE
    assert normalize_id(STANDARD_EXAMPLE.lower()) == STANDARD_EXAMPLE
    assert normalize_id(f"  {STANDARD_EXAMPLE[:6]} {STANDARD_EXAMPLE[6:]}\u3000") == STANDARD_EXAMPLE


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, "身份证号不能为空"),
        ("", "身份证号不能为空"),
        ("   ", "身份证号不能为空"),
        (True, "身份证号格式不对"),
        ("11010519491231002", "身份证号应为18位，现为17位"),
        ("11010519491231002X1", "身份证号应为18位，现为19位"),
        ("1101051949123100XX", "身份证号只能由数字和末位的 X 组成"),
        ("11010519491231002Y", "身份证号只能由数字和末位的 X 组成"),
    ],
)
def test_malformed_values(value: object, message: str) -> None:
    assert _message(value) == message


@pytest.mark.parametrize(
    ("sequence", "male"), [(0, False), (1, True), (2, False), (123, True), (998, False), (999, True)]
)
def test_gender_from_seventeenth_digit(sequence: int, male: bool) -> None:
    number = make_id("110101", dt.date(1990, 6, 15), sequence)
    assert int(number[16]) % 2 == (1 if male else 0)
    info = parse_id(number)
    assert info.male is male
    assert info.gender == ("男" if male else "女")


def test_mask_id_format() -> None:
    number = make_id("110101", dt.date(1990, 1, 1), 123)
    masked = mask_id(number)
    assert masked == "110101********123" + number[17]
    assert mask_id(STANDARD_EXAMPLE) == "110105********002X"
    assert len(masked) == 18


def test_mask_id_empty_and_odd_lengths() -> None:
    assert mask_id(None) == ""
    assert mask_id("") == ""
    assert mask_id("12345") == "123**"


def test_make_id_round_trips() -> None:
    for region, birth, seq in [
        ("110101", dt.date(1964, 12, 1), 7),
        ("440106", dt.date(2000, 2, 29), 40),
        ("650102", dt.date(1975, 3, 31), 999),
    ]:
        number = make_id(region, birth, seq)
        info = parse_id(number)
        assert info.number == number
        assert info.birth_date == birth
        assert info.male is (seq % 2 == 1)


@pytest.mark.parametrize(
    "born, seq",
    [
        (dt.date(1900, 1, 1), 1),
        (dt.date(1999, 12, 31), 2),
        (dt.date(2000, 2, 29), 17),
        (dt.date(1985, 7, 4), 998),
    ],
)
def test_info_of_a_checked_number_is_what_parse_id_gives(born: dt.date, seq: int) -> None:
    number = make_id("440106", born, seq)
    assert info_of_checked(number) == parse_id(number)
    assert info_of_checked(number).gender == ("男" if seq % 2 else "女")
