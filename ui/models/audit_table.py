"""The 操作日志 list: audit entries newest first, ID numbers masked, read in growing slices ("显示更多")
because ``app.accounts.audit.entries`` reads with a limit. Also the person look-up of the page's filter and
the field changes linked to an import entry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.accounts import audit
from app.accounts.audit import Entry, Filter
from app.register import search
from ui import theme
from ui.models.table_base import Column, TableModel

STEP = 500  # entries read at a time


def _at(e: Entry) -> str:
    return e.at.replace("T", " ")


def _kind_colour(e: Entry) -> str | None:
    if e.kind in ("delete", "login_failed"):
        return theme.ERROR
    if e.kind in ("export", "print", "restore"):
        return theme.PENDING
    return None


COLUMNS: tuple[Column[Entry], ...] = (
    Column("时间", _at, key=lambda e: e.id, sample="2026-12-06 14:52:19"),
    Column("操作人", lambda e: e.operator or "（未设账号）", sample="王站长王站长"),
    Column("操作", lambda e: e.kind_text, foreground=_kind_colour, sample="导出（含完整"),
    Column("表", lambda e: e.table_text, sample="就业困难认定"),
    Column("记录", lambda e: e.key_masked, sample="110101********123X 2026-01-01"),
    Column("内容", lambda e: e.change_text, sample="employment_status：未就业 → 单位就业"),
)


class AuditTableModel(TableModel[Entry]):
    """Entries matching a filter, newest first; ``more()`` reads the next slice."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(COLUMNS, row_id=lambda e: e.id, parent=parent)
        self.filter = Filter()
        self.limit = STEP
        self._total = 0

    def load(self, flt: Filter | None = None) -> None:
        """Read the first slice for ``flt`` (None: the current filter again)."""
        if flt is not None:
            self.filter = flt
            self.limit = STEP
        self._total = audit.count(self.filter)
        self.set_rows(audit.entries(self.filter, limit=self.limit))

    def show_nothing(self) -> None:
        """No rows (a person filter that matched nobody)."""
        self._total = 0
        self.set_rows([])

    def more(self) -> None:
        self.limit += STEP
        self.load()

    def total(self) -> int:
        return self._total

    def has_more(self) -> bool:
        return self.rowCount() < self._total


def linked_entries(entry: Entry) -> list[Entry]:
    """The entries recorded under ``entry`` (an import's updates and deletes of existing records), oldest
    first."""
    return audit.children(entry.id)


def last_change_text(person_id: int) -> str:
    """The person form's “最后修改：王站长，2026-12-06 14:52” ("" before any recorded change)."""
    entry = audit.last_change(person_id)
    if entry is None:
        return ""
    when = entry.at.replace("T", " ")[:16]
    return f"最后修改：{entry.operator}，{when}" if entry.operator else f"最后修改：{when}"


@dataclass(frozen=True)
class PersonChoice:
    id: int
    text: str  # “张三 110101********123X”


def find_persons(text: str, limit: int = 50) -> list[PersonChoice]:
    """Persons matching ``text`` with the one matcher of the person picker (:mod:`app.register.search`:
    name, pinyin initials, ID fragment, phone, 户编号), at most ``limit``, IDs masked; people who left
    the register too (their history is in the log)."""
    hits = search.load_people().find(text, limit)
    return [PersonChoice(h.id, h.label) for h in hits]
