"""The empty ledger workbook (模板下载): every sheet laid out as in the export (:mod:`app.workbook.layout`:
header row, drop-downs for every code column, ID columns formatted as text, print setup), a 说明 sheet,
and the code lists too long for an inline drop-down on a hidden sheet."""

from __future__ import annotations

from pathlib import Path

from app.core import codes
from app.core.dates import FORMATS_HINT
from app.workbook.layout import TEXT_FORMAT, CodeSheet, prepare_sheet
from app.workbook.reader import save_workbook
from app.workbook.recognise import synonyms_for
from app.workbook.schema import CODES_SHEET, HELP_SHEET, SHEETS, Column, Kind, Ref, Sheet

TEXT_ROWS = 1000  # rows whose ID cells are formatted as text (the column is too)

_KIND_TEXT = {
    Kind.TEXT: "文字",
    Kind.DATE: "日期",
    Kind.YES_NO: "是/否",
    Kind.CODE: "选填下拉值",
    Kind.CODES: "下拉值，可多选",
    Kind.ID: "身份证号（文本）",
    Kind.INT: "整数",
    Kind.REFERENCE: "引用",
}


def _synonym_notes(sheet: Sheet, col: Column) -> list[str]:
    """The accepted other spellings of a column and of its values (app.core.codes, one table)."""
    notes = []
    others = synonyms_for(sheet, col.header)
    if others:
        notes.append("也可写作：" + "、".join(others))
    if col.codes is not None:
        values = codes.VALUE_SYNONYMS.get(col.codes.name, {})
        if values:
            notes.append("也接受：" + "、".join(f"{k}（{v}）" for k, v in values.items()))
    return notes


def write_template(path: Path) -> None:
    """Write the empty ledger workbook to ``path``."""
    from openpyxl.styles import Alignment, Font

    from app.core.excel import new_workbook

    wb = new_workbook()
    help_ws = wb.active
    help_ws.title = HELP_SHEET
    lists_ws = wb.create_sheet(CODES_SHEET)
    codes_sheet = CodeSheet()
    for sheet in SHEETS:
        ws = wb.create_sheet(sheet.name)
        prepare_sheet(ws, sheet, codes_sheet)
        for i, col in enumerate(sheet.columns, start=1):
            if col.kind is Kind.ID or col.ref is Ref.PERSON:
                # The column is text; the first rows' cells are too (a copy-paste of a row keeps them).
                for r in range(2, TEXT_ROWS + 2):
                    ws.cell(row=r, column=i).number_format = TEXT_FORMAT
    if codes_sheet.lists:
        codes_sheet.write(lists_ws)
    else:
        wb.remove(lists_ws)

    help_ws.column_dimensions["A"].width = 16
    help_ws.column_dimensions["B"].width = 22
    help_ws.column_dimensions["C"].width = 8
    help_ws.column_dimensions["D"].width = 16
    help_ws.column_dimensions["E"].width = 70
    title = help_ws.cell(row=1, column=1, value="台账工作簿填写说明")
    title.font = Font(bold=True, size=14)
    general = (
        "1. 工作表名和列名须与本模板一致；列的顺序可以调整；不认识的列会被忽略。",
        "2. 除“人员”表外，各表都可以不填；空行会被跳过。",
        f"3. 日期可填 Excel 日期，或 {FORMATS_HINT}。",
        "4. 身份证号列已设为文本格式，请勿改成数字格式，否则后几位会丢失；15位旧号码会自动转为18位。",
        "5. 带下拉的列只能填下拉中的值；是/否 列可填 是/否（也可填 Y/N、1/0、√）。",
        "6. 导入时先检查全部数据，有任何问题都不会写入，并列出每个问题所在的表、行和列。",
        "7. 再次导入同一人（身份证号相同）会更新该人的信息，历史记录按日期等关键字段匹配，不会重复。",
        "8. 常见的其他列名和取值写法也能识别（见下表各列的“也可写作”“也接受”）；标题行、两行表头、序号列、"
        "性别/年龄/出生日期列（按身份证号核对，不导入）都不影响导入。"
        "失业人员管理台帐、就业困难人员管理台帐、新就业人员实名制明细表、求职人员登记台帐可直接导入。",
    )
    row = 3
    for line in general:
        help_ws.cell(row=row, column=1, value=line)
        row += 1
    row += 1
    for c, text in enumerate(("工作表", "列", "必填", "类型", "说明 / 可选值"), start=1):
        help_ws.cell(row=row, column=c, value=text).font = Font(bold=True)
    row += 1
    for sheet in SHEETS:
        help_ws.cell(row=row, column=1, value=sheet.name).font = Font(bold=True)
        help_ws.cell(row=row, column=5, value=sheet.description)
        row += 1
        for col in sheet.columns:
            kind = _KIND_TEXT[col.kind]
            if col.ref is not None and col.ref.sheet != sheet.name:
                kind = f"引用“{col.ref.sheet}”表"
            notes = [col.note] if col.note else []
            if col.codes is not None and col.kind is not Kind.YES_NO:
                notes.append("可选：" + col.codes.allowed_text())
            notes.extend(_synonym_notes(sheet, col))
            help_ws.cell(row=row, column=2, value=col.header)
            help_ws.cell(row=row, column=3, value="是" if col.required else "")
            help_ws.cell(row=row, column=4, value=kind)
            cell = help_ws.cell(row=row, column=5, value="；".join(notes))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            row += 1
    save_workbook(wb, Path(path))
