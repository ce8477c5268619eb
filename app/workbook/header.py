"""Finding the table in a sheet: the header row below title rows, two-row grouped headers joined.

A station's own ledger (REAL_LEDGERS.md) starts with a title merged across the columns
(“XX社区失业人员管理台帐”), sometimes a line with the station's name and date, then the header; a group
heading may be merged over its columns with their own headers in the row below (安置情况 over
再就业时间 / 现就业单位 …). This module reads only the first rows of a sheet and says where the table is:
the header row(s), each column's header and group, and the first data row. It keeps no copy of the rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.core.errors import UserError
from app.core.textnorm import clean

# How far down a header row is looked for (title lines above it are few).
SCAN_ROWS = 30

Row = tuple[int, Sequence[object]]


@dataclass(frozen=True)
class HeaderCell:
    """One column of the table: its 0-based index, its header and the group heading over it."""

    index: int
    header: str
    group: str = ""

    @property
    def label(self) -> str:
        """“安置情况/再就业时间”, or the header alone."""
        return f"{self.group}/{self.header}" if self.group else self.header


@dataclass(frozen=True)
class Layout:
    header_row: int  # Excel row number of the (first) header row
    last_header_row: int  # the second header row of a grouped header, else header_row
    cells: tuple[HeaderCell, ...]
    skipped: tuple[HeaderCell, ...]  # 序号 and the like: read past, never imported


def header_text(value: object) -> str:
    """A header cell as compared: cleaned, without spaces, line breaks or a trailing “*” / “：”."""
    if value is None:
        return ""
    text = clean(str(value)).replace(" ", "").replace("\n", "").replace("\r", "")
    return text.strip("*：:")


def parse_range(ref: str) -> tuple[int, int, int, int] | None:
    """(first row, first 0-based column, last row, last column) of “B3:F3”; None if not a range."""
    if ":" not in ref:
        return None
    try:
        (r1, c1), (r2, c2) = (_cell(p) for p in ref.split(":", 1))
    except ValueError:
        return None
    return r1, c1, r2, c2


def _cell(ref: str) -> tuple[int, int]:
    letters = ref.rstrip("0123456789").upper()
    if not letters or not letters.isalpha() or len(letters) == len(ref):
        raise ValueError(ref)
    column = 0
    for ch in letters:
        column = column * 26 + ord(ch) - 64
    return int(ref[len(letters) :]), column - 1


def _texts(values: Sequence[object]) -> list[str]:
    return [header_text(v) if isinstance(v, str) else "" for v in values]


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _non_blank(values: Sequence[object]) -> int:
    return sum(1 for v in values if v is not None and not (isinstance(v, str) and not v.strip()))


def find_layout(
    sheet: str,
    rows: Sequence[Row],
    merged: Sequence[str],
    is_known: Callable[[str], bool],
    is_skipped: Callable[[str], bool],
) -> Layout:
    """The table of ``sheet`` from its first rows ((row number, values), blank rows left out or not).

    The header is the row, among the first ``SCAN_ROWS``, with the most headers ``is_known`` accepts
    (at least one); failing that, the first row of three or more text cells that spans at least half
    the widest row. Raises UserError naming the sheet when there is none.
    """
    head = [(n, v) for n, v in rows[:SCAN_ROWS] if _non_blank(v)]
    if not head:
        raise UserError(f"工作表“{sheet}”是空的，找不到表头行")
    best, best_score = -1, 0
    for i, (_n, values) in enumerate(head):
        score = sum(1 for t in _texts(values) if t and is_known(t))
        if score > best_score:
            best, best_score = i, score
    if best < 0:
        widest = max(_non_blank(v) for _n, v in head)
        for i, (_n, values) in enumerate(head):
            # Words, not numbers (a reader may have given the first row as text).
            texts = [t for t in _texts(values) if t and not _numeric(t)]
            if len(texts) >= 3 and len(texts) == _non_blank(values) and 2 * len(texts) >= widest:
                best = i
                break
    if best < 0:
        raise UserError(
            f"工作表“{sheet}”中找不到表头行（前 {SCAN_ROWS} 行里没有一行像列名，如 姓名、身份证号）；"
            "请确认表头在标题下方的一行内"
        )
    number, top = head[best]
    sub: Sequence[object] | None = None
    above = head[best - 1] if best > 0 else None
    if above is not None and above[0] == number - 1:
        # The best row may be the second row of a grouped header whose other headers Excel's merged
        # cells repeat (the reader fills a merged cell into each row it covers).
        groups = _groups(above[0], above[1], merged)
        known = sum(1 for t in _texts(above[1]) if t and is_known(t))
        if known >= 2 and _is_sub_header(above[1], top, groups, is_known):
            number, top, sub = above[0], above[1], top
    if sub is None:
        groups = _groups(number, top, merged)
        below = head[best + 1] if best + 1 < len(head) else None
        if below is not None and below[0] == number + 1 and _is_sub_header(top, below[1], groups, is_known):
            sub = below[1]
    cells: list[HeaderCell] = []
    skipped: list[HeaderCell] = []
    top_texts = _texts(top)
    sub_texts = _texts(sub) if sub is not None else []
    width = max(len(top_texts), len(sub_texts))
    last_heading = ""
    for index in range(width):
        upper = top_texts[index] if index < len(top_texts) else ""
        lower = sub_texts[index] if index < len(sub_texts) else ""
        if lower and lower != upper:
            # Under a merged group heading, under an unmerged one, or right of it (no merge info).
            heading = groups.get(index) or upper or last_heading
            cell = HeaderCell(index, lower, heading)
        elif upper:
            cell = HeaderCell(index, upper)
        else:
            continue
        if upper:
            last_heading = upper
        (skipped if is_skipped(cell.header) else cells).append(cell)
    return Layout(number, number + 1 if sub is not None else number, tuple(cells), tuple(skipped))


def _groups(row: int, values: Sequence[object], merged: Sequence[str]) -> dict[int, str]:
    """Column index -> the text of a range merged across columns in the header row (a group heading)."""
    out: dict[int, str] = {}
    for ref in merged:
        box = parse_range(ref)
        if box is None:
            continue
        r1, c1, _r2, c2 = box
        if r1 != row or c2 <= c1 or c1 >= len(values):
            continue
        text = header_text(values[c1]) if isinstance(values[c1], str) else ""
        if text:
            for c in range(c1, c2 + 1):
                out[c] = text
    return out


def _is_sub_header(
    top: Sequence[object], below: Sequence[object], groups: dict[int, str], is_known: Callable[[str], bool]
) -> bool:
    """Whether the row under the header is the second row of a grouped header."""
    texts = _texts(below)
    if any(v is not None and not isinstance(v, str) for v in below):
        return False  # a number or a date: a data row
    present = [i for i, t in enumerate(texts) if t]
    if not present:
        return False
    if groups and any(i in groups for i in present):
        return True
    top_texts = _texts(top)

    # No merge information (CSV): the group heading's blank neighbours carry the sub-headers.
    def above(i: int) -> str:
        return top_texts[i] if i < len(top_texts) else ""

    # Each sub-header sits under a blank cell, under the same text, or under a group heading whose
    # right neighbour is blank and has a sub-header too.
    spill = [
        i for i in present if not above(i) or above(i) == texts[i] or (i + 1 in present and not above(i + 1))
    ]
    known = sum(1 for i in present if is_known(texts[i]))
    return len(spill) == len(present) and known >= 2
