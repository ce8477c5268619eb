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
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\ufeff]")


def strip_invisible(text: str) -> str:
    return INVISIBLE.sub("", text)


def _is_fullwidth_alnum(code: int) -> bool:
    return 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A


def fold_width(text: str, *, punctuation: bool = True) -> str:
    """Fold full-width characters of the ASCII block (U+FF01..U+FF5E) and U+3000 to half-width.

    With ``punctuation=False`` only digits, Latin letters and the ideographic space are folded.
    CJK characters are untouched (NFKC would also fold some CJK compatibility forms).
    """
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E and (punctuation or _is_fullwidth_alnum(code)):
            out.append(chr(code - 0xFEE0))
        elif code == 0x3000:
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def clean(text: str) -> str:
    """Trim and fold digits, letters and spaces: what every free-text cell goes through."""
    return fold_width(unicodedata.normalize("NFC", strip_invisible(text)), punctuation=False).strip()


def clean_token(text: str) -> str:
    """Trim and fold every full-width ASCII character: dates, ID and phone numbers, codes."""
    return fold_width(unicodedata.normalize("NFC", strip_invisible(text))).strip()
