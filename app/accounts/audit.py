"""Reading and checking the audit trail, and the entries that are not a row change (an import's summary,
a restore, an export or print with full ID numbers, account changes, log-ins).

Row changes are recorded by :mod:`db.audit`'s triggers in the same transaction as the change; the
functions here that write (``record``, ``bulk``) are called inside the caller's transaction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from app.core.idcard import mask_id
from db import audit as db_audit
from db.models import database

KINDS: dict[str, str] = {
    "create": "新增",
    "update": "修改",
    "delete": "删除",
    "import": "导入",
    "restore": "恢复",
    "export": "导出（含完整身份证号）",
    "print": "打印（含完整身份证号）",
    "login": "登录",
    "login_failed": "登录失败",
    "account": "账号",
    "demo": "生成演示数据",
    "encrypt": "加密数据文件",
    "decrypt": "取消加密",
    "recovery": "用恢复码登录",
}

TABLES: dict[str, str] = {
    "person": "人员",
    "household": "家庭",
    "registration": "失业登记",
    "recognition": "就业困难认定",
    "employment": "就业记录",
    "graduate": "高校毕业生",
    "service_plan": "服务计划",
    "service": "服务记录",
    "referral": "推荐记录",
    "training_referral": "培训推荐",
    "job_seeking": "求职登记",
    "zero_family": "零就业家庭",
    "employer": "用人单位",
    "vacancy": "岗位",
    "complaint": "投诉",
    "staff": "工作人员",
    "event": "活动",
    "station_profile": "站点信息",
    "star_rating": "星级评定",
    "setting": "设置",
    "assessment": "自评",
    "assessment_answer": "自评答案",
    "evidence": "自评佐证",
}


def record(kind: str, *, key: str = "", person_id: int | None = None, detail: str = "",
           table: str = "", parent: int | None = None, operator: str | None = None) -> int:  # fmt: skip
    """Append an explicit entry in the caller's transaction (under ``operator``, default the logged-in
    one); its id."""
    return db_audit.append(
        database.connection(), kind, table=table, key=key, person_id=person_id, detail=detail, parent=parent,
        operator=operator,
    )  # fmt: skip


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@contextlib.contextmanager
def bulk(kind: str, *, detail: str) -> Iterator[int]:
    """Inside the caller's transaction: one entry for a bulk change (an import), and every update or
    delete made in the block recorded and linked to it; created rows are counted in ``detail``, not
    listed one by one. Yields the entry's id."""
    entry = record(kind, detail=detail)
    with db_audit.mode(db_audit.BULK, parent=entry):
        yield entry


@contextlib.contextmanager
def creations_in_bulk() -> Iterator[None]:
    """Inside :func:`bulk`: rows inserted in the block are counted in the bulk entry's detail, as a bulk
    change's creations always are, and their per-row triggers (which would record nothing for them) are
    suspended for speed; a read-only operator is still refused first. Updates and deletes do not belong in
    this block: they must stay recorded row by row."""
    if db_audit.SESSION.mode != db_audit.BULK:
        raise RuntimeError("creations_in_bulk is only for the inserts of a bulk change")
    with db_audit.row_triggers_suspended(database.connection(), database.execute_sql):
        yield


@contextlib.contextmanager
def silent(kind: str, *, detail: str) -> Iterator[int]:
    """Inside the caller's transaction: one entry, and nothing recorded row by row (demo generation): the
    per-row triggers are suspended for the block (a read-only operator is still refused first)."""
    entry = record(kind, detail=detail)
    with (
        db_audit.mode(db_audit.SILENT, parent=entry),
        db_audit.row_triggers_suspended(database.connection(), database.execute_sql),
    ):
        yield entry


# ---------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class Entry:
    id: int
    at: str
    operator: str
    kind: str
    table: str
    key: str
    person_id: int | None
    field: str
    old: str | None
    new: str | None
    detail: str
    parent_id: int | None

    @property
    def kind_text(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def table_text(self) -> str:
        return TABLES.get(self.table, self.table)

    @property
    def key_masked(self) -> str:
        """The natural key with any ID number in it masked (the log shows no full IDs)."""
        return " ".join(_mask_word(w) for w in self.key.split(" "))

    @property
    def change_text(self) -> str:
        if self.kind != "update":
            return self.detail
        old, new = self.old, self.new
        if self.field == "id_number":
            old, new = _mask_word(old or ""), _mask_word(new or "")
        before = old if old not in (None, "") else "（空）"
        after = new if new not in (None, "") else "（空）"
        return f"{self.field}：{before} → {after}"


def _mask_word(word: str) -> str:
    if len(word) in (15, 18) and word[:6].isdigit():
        return mask_id(word)
    return word


@dataclass(frozen=True)
class Filter:
    start: dt.date | None = None
    end: dt.date | None = None
    operator: str = ""
    person_id: int | None = None
    kind: str = ""


def _where(flt: Filter) -> tuple[str, list[object]]:
    parts: list[str] = []
    params: list[object] = []
    if flt.start is not None:
        parts.append("at >= ?")
        params.append(flt.start.isoformat())
    if flt.end is not None:
        parts.append("at < ?")
        params.append((flt.end + dt.timedelta(days=1)).isoformat())
    if flt.operator:
        parts.append("operator = ?")
        params.append(flt.operator)
    if flt.person_id is not None:
        parts.append("person_id = ?")
        params.append(flt.person_id)
    if flt.kind:
        parts.append("kind = ?")
        params.append(flt.kind)
    return (" WHERE " + " AND ".join(parts)) if parts else "", params


_SELECT = (
    'SELECT id, at, operator, kind, table_name, record_key, person_id, field, old, "new", detail, parent_id '
    "FROM audit_entry"
)


def entries(flt: Filter | None = None, limit: int | None = None) -> list[Entry]:
    """Entries matching ``flt``, newest first."""
    where, params = _where(flt or Filter())
    sql = _SELECT + where + " ORDER BY id DESC" + (f" LIMIT {int(limit)}" if limit else "")
    return [Entry(*row) for row in database.execute_sql(sql, params).fetchall()]


def count(flt: Filter | None = None) -> int:
    where, params = _where(flt or Filter())
    return int(database.execute_sql("SELECT count(*) FROM audit_entry" + where, params).fetchone()[0])


def children(entry_id: int) -> list[Entry]:
    """The entries linked to ``entry_id`` (an import's field changes and its result), oldest first."""
    rows = database.execute_sql(_SELECT + " WHERE parent_id = ? ORDER BY id", (entry_id,)).fetchall()
    return [Entry(*row) for row in rows]


def last_change(person_id: int) -> Entry | None:
    """The newest entry about ``person_id`` (the person form's “最后修改”)."""
    rows = entries(Filter(person_id=person_id), limit=1)
    return rows[0] if rows else None


def verify() -> int | None:
    """The id of the first broken entry of the hash chain, or None when the chain holds."""
    return db_audit.verify_chain(database.connection())


def operators() -> list[str]:
    rows = database.execute_sql("SELECT DISTINCT operator FROM audit_entry WHERE operator != '' ORDER BY 1")
    return [r[0] for r in rows.fetchall()]


def release_full_ids(kind: str, what: str, *, own_form: bool = False) -> None:
    """Before an export ("export") or a print ("print") that carries full ID numbers: refuse it unless the
    operator may release full IDs (a person's own form may always be printed), and record it."""
    from app.accounts.session import Permission, require

    if not own_form:
        require(Permission.FULL_IDS)
    with database.atomic():
        record(kind, detail=what)


COLUMNS = ("编号", "时间", "操作人", "操作", "表", "记录", "字段", "内容", "关联")


def export_xlsx(path: Path, rows: list[Entry]) -> int:
    """Write ``rows`` to an Excel workbook (IDs masked, text never a formula); the row count. Written to a
    temporary name and renamed."""
    from openpyxl.cell import WriteOnlyCell

    from app.core.excel import new_workbook, save_workbook

    wb = new_workbook(write_only=True)
    ws = wb.create_sheet("操作日志")
    ws.append(list(COLUMNS))
    for e in rows:
        values = [e.id, e.at, e.operator, e.kind_text, e.table_text, e.key_masked, e.field, e.change_text,
                  e.parent_id]  # fmt: skip
        cells = []
        for v in values:
            cell = WriteOnlyCell(ws, value=v)
            if isinstance(v, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            cells.append(cell)
        ws.append(cells)
    save_workbook(wb, Path(path))  # the one atomic workbook save (temporary name, fsync, rename)
    return len(rows)
