"""Text normalisation applied to every cell and form field."""

from __future__ import annotations

import unicodedata


def fold_width(text: str) -> str:
    """Fold full-width digits, Latin letters, punctuation and the ideographic space to half-width.

    CJK characters are untouched (NFKC would also fold some CJK compatibility forms, so only the
    full-width ASCII block U+FF01..U+FF5E and U+3000 are mapped).
    """
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        elif code == 0x3000:
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def clean(text: str) -> str:
    """Trim and fold: what every text cell goes through."""
    return fold_width(unicodedata.normalize("NFC", text)).strip()
