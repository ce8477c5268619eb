"""Text normalisation of every cell and form field."""

from __future__ import annotations

import pytest

from app.core.textnorm import clean, clean_token, fold_width


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("０１２３４５６７８９", "0123456789"),
        ("ＡＢＣｘｙｚ", "ABCxyz"),
        ("（五）", "(五)"),
        ("！～", "!~"),
        ("２０２４－０５－０１", "2024-05-01"),
        ("a\u3000b", "a b"),
    ],
)
def test_fold_width(raw: str, folded: str) -> None:
    assert fold_width(raw) == folded


def test_cjk_and_cjk_punctuation_untouched() -> None:
    text = "张三、李四。《台账》「一」"
    assert fold_width(text) == text
    # Compatibility ideographs that NFKC would fold are kept.
    assert fold_width("\uf900") == "\uf900"
    # Characters just outside the full-width block are kept.
    assert fold_width("\uff00\uff5f") == "\uff00\uff5f"


def test_clean_trims_and_folds() -> None:
    assert clean("  张三 ") == "张三"
    assert clean("\u3000１３８１２３４５６７８\u3000") == "13812345678"
    assert clean("\t\n") == ""
    assert clean("") == ""


def test_clean_composes_decomposed_text() -> None:
    assert clean("e\u0301") == "\u00e9"


def test_clean_keeps_chinese_punctuation() -> None:
    """Only digits, letters and spaces fold in free text: 帮扶措施 keeps its ；，（）."""
    assert clean("措施：一是岗位推荐；二是培训（技能）") == "措施：一是岗位推荐；二是培训（技能）"
    assert clean("ＡＢ１２") == "AB12"


def test_clean_token_folds_all_fullwidth_ascii() -> None:
    assert clean_token(" ０２０－１２３４５６７８ ") == "020-12345678"
    assert clean_token("２０２４／５／１") == "2024/5/1"
