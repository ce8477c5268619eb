"""Text normalisation of every cell and form field."""

from __future__ import annotations

import pytest

from app.core.textnorm import (
    BLANK_CHARS,
    INVISIBLE,
    INVISIBLE_CHARS,
    WHITESPACE_CHARS,
    clean,
    clean_token,
    fold_width,
    is_blank,
)


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


# ---------------------------------------------------------------------------- blank text


def test_whitespace_chars_are_exactly_what_strip_removes() -> None:
    every = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())
    assert sorted(WHITESPACE_CHARS) == sorted(every)


def test_invisible_chars_are_exactly_what_clean_removes() -> None:
    removed = [c for c in map(chr, range(0x110000)) if INVISIBLE.fullmatch(c)]
    assert sorted(INVISIBLE_CHARS) == removed
    assert all(clean(c) == "" for c in INVISIBLE_CHARS)


@pytest.mark.parametrize("ch", list(BLANK_CHARS))
def test_every_blank_char_alone_is_blank_as_clean_says(ch: str) -> None:
    assert is_blank(ch) and is_blank(ch * 3) and clean(ch * 3) == ""
    assert not is_blank(f"{ch}a{ch}") and clean(f"{ch}a{ch}") != ""


@pytest.mark.parametrize(
    ("text", "blank"),
    [
        (None, True),
        ("", True),
        ("   ", True),
        ("\u3000\u3000", True),  # full-width spaces
        ("\u200b\ufeff\u00a0", True),  # zero-width space, byte-order mark, no-break space
        ("\t\r\n", True),
        ("x", False),
        ("\u3001", False),  # 、 is punctuation, not a space
        ("\u00ad", False),  # soft hyphen: clean keeps it
        ("０", False),
    ],
)
def test_is_blank_agrees_with_clean(text: str | None, blank: bool) -> None:
    assert is_blank(text) is blank
    if text is not None:
        assert (clean(text) == "") is blank


@pytest.mark.parametrize(
    "char, folded, alnum_only",
    [
        ("\uff00", "\uff00", "\uff00"),  # below the block: kept
        ("\uff01", "!", "\uff01"),  # first of the block; punctuation folded only when asked
        ("\uff10", "0", "0"),
        ("\uff19", "9", "9"),
        ("\uff21", "A", "A"),
        ("\uff3a", "Z", "Z"),
        ("\uff41", "a", "a"),
        ("\uff5a", "z", "z"),
        ("\uff5e", "~", "\uff5e"),  # last of the block
        ("\uff5f", "\uff5f", "\uff5f"),  # past it: kept
        ("\u3000", " ", " "),
    ],
)
def test_fold_width_at_the_edges_of_the_block(char: str, folded: str, alnum_only: str) -> None:
    assert fold_width(f"张{char}三") == f"张{folded}三"
    assert fold_width(f"张{char}三", punctuation=False) == f"张{alnum_only}三"
