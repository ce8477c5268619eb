"""The shared field parsers every form and service uses."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core import codes, fields
from app.core.errors import FieldErrors, ValidationError


def test_code_accepts_listed_values_and_lists_them_when_refusing() -> None:
    parse = fields.code(codes.HUKOU)
    assert parse(" 本市户籍 ") == "本市户籍"
    assert parse("") == ""
    with pytest.raises(ValidationError) as exc:
        parse("外省户籍")
    assert exc.value.message == "户籍类型“外省户籍”不在可选值内，可选：本市户籍、外市户籍"


def test_required_code_and_default() -> None:
    with pytest.raises(ValidationError, match=r"^就业状态不能为空$"):
        fields.code(codes.EMPLOYMENT_STATUS, required=True)("")
    with pytest.raises(ValidationError, match="可选：社区、村"):
        fields.code(codes.STATION_KIND, required=True, list_when_empty=True)(None)
    assert fields.code(codes.VACANCY_STATUS, default="招聘中")("") == "招聘中"


def test_text_lengths_at_the_boundary() -> None:
    assert fields.optional_text("地址", 3)("一二三") == "一二三"
    with pytest.raises(ValidationError, match="不能超过3个字，现为4个字"):
        fields.optional_text("地址", 3)("一二三四")
    with pytest.raises(ValidationError, match=r"^名称不能为空$"):
        fields.required_text("名称")("  ")


def test_yes_no_and_dates() -> None:
    assert fields.yes_no("就业意愿")("是") is True
    assert fields.yes_no("就业意愿")("") is None
    with pytest.raises(ValidationError, match="应填 是 或 否"):
        fields.yes_no("就业意愿")("也许")
    assert fields.required_date("调查日期")("2024/5/1") == dt.date(2024, 5, 1)
    with pytest.raises(ValidationError, match=r"^调查日期不能为空$"):
        fields.required_date("调查日期")("")


def test_validate_fields_reports_every_bad_field_and_names_it() -> None:
    table = {"a": ("甲", fields.required_text("甲")), "b": ("乙", fields.code(codes.HUKOU))}
    with pytest.raises(FieldErrors) as exc:
        fields.validate_fields(table, ("a",), {"b": "错"})
    assert set(exc.value.errors) == {"a", "b"}
    with pytest.raises(ValidationError) as one:
        fields.validate_field(table, "b", "错")
    assert one.value.field == "b"
    assert fields.validate_fields(table, ("a",), {"a": "值"}) == {"a": "值"}


INSURANCE = fields.code_set(codes.INSURANCE, alone=(codes.INSURANCE_NONE,))


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("", ""),
        (None, ""),
        ("失业", "失业"),
        ("工伤；职工养老,居民医保", "职工养老、居民医疗、工伤"),  # list order, aliases, any separator
        ("失业保险、失业", "失业"),  # once each
        ("未参保", "未参保"),
        (
            "职工养老、城乡居民养老、职工医疗、居民医疗、失业、工伤、生育",
            "职工养老、城乡居民养老、职工医疗、居民医疗、失业、工伤、生育",
        ),
    ],
)
def test_code_set_is_one_canonical_text_per_set(value: object, stored: str) -> None:
    assert INSURANCE(value) == stored


def test_code_set_refuses_unknown_values_naming_them() -> None:
    with pytest.raises(ValidationError, match="参保情况“商业险、大病”不在可选值内，可选：职工养老"):
        INSURANCE("失业、商业险、大病")


def test_code_set_value_that_stands_alone() -> None:
    with pytest.raises(ValidationError, match="参保情况填了“未参保”时不能再填其他项"):
        INSURANCE("未参保、失业")
    assert INSURANCE("无、未参保") == "未参保"  # an alias of the same value is no combination
