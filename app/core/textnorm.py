"""Text normalisation applied to every cell and form field.

LEDGER_FORMAT.md: cells are trimmed; full-width digits, letters and spaces are folded to half-width.
Chinese text keeps its full-width punctuation (，。；：（）), so general text folds only those; values
with a fixed syntax (dates, ID numbers, phone numbers, codes such as “（五）”) fold every full-width
ASCII character with :func:`clean_token`.
"""

from __future__ import annotations

import re
import unicodedata

# Invisible characters that change how a text looks or sorts without being seen: zero-width spaces and
# joiners, the word joiner, the byte-order mark, and the bidirectional controls (an “override” can make
# a name read backwards). They are removed from every cell and form field.
INVISIBLE_CHARS = (
    "".join(
        chr(c)
        for lo, hi in ((0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x2069), (0x61C, 0x61C))
        for c in range(lo, hi + 1)
    )
    + "\ufeff"
)
INVISIBLE = re.compile(f"[{INVISIBLE_CHARS}]")
# What ``str.strip()`` removes (every character with ``str.isspace()``: ASCII blanks, U+00A0, U+3000 …).
WHITESPACE_CHARS = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000"
)
# A text made only of these is empty once cleaned (``clean(text) == ""``): what SQL's
# ``trim(column, BLANK_CHARS) = ''`` tests, so that a count in SQL agrees with :func:`is_blank`.
BLANK_CHARS = WHITESPACE_CHARS + INVISIBLE_CHARS


def strip_invisible(text: str) -> str:
    return INVISIBLE.sub("", text)


def is_blank(text: str | None) -> bool:
    """True when ``text`` is empty once cleaned: None, "", or only whitespace (full-width spaces too)
    and invisible characters."""
    return not text or not text.strip(BLANK_CHARS)


def _is_fullwidth_alnum(code: int) -> bool:
    return 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A


# str.translate tables of fold_width: every full-width ASCII character, or only digits and Latin letters;
# the ideographic space in both.
_FOLD_ALL = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_FOLD_ALNUM = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if _is_fullwidth_alnum(code)} | {
    0x3000: 0x20
}


def fold_width(text: str, *, punctuation: bool = True) -> str:
    """Fold full-width characters of the ASCII block (U+FF01..U+FF5E) and U+3000 to half-width.

    With ``punctuation=False`` only digits, Latin letters and the ideographic space are folded.
    CJK characters are untouched (NFKC would also fold some CJK compatibility forms).
    """
    if text.isascii():
        return text
    return text.translate(_FOLD_ALL if punctuation else _FOLD_ALNUM)


def clean(text: str) -> str:
    """Trim and fold digits, letters and spaces: what every free-text cell goes through."""
    return fold_width(unicodedata.normalize("NFC", strip_invisible(text)), punctuation=False).strip()


def clean_token(text: str) -> str:
    """Trim and fold every full-width ASCII character: dates, ID and phone numbers, codes."""
    return fold_width(unicodedata.normalize("NFC", strip_invisible(text))).strip()
