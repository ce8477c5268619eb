"""The hub window: stations × the month's figures with late stations marked, stations × assessment items
with the items most often lost, a station's package opened with its PDFs; import, register, export.

Everything it shows comes from :mod:`app.hub` (the same functions as ``python -m app hub``).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.hub import export, importing, reports, store
from app.upward.format import read_package
from ui import dialogs
from ui.errors import guard
from ui.hub.dialogs import AddStationDialog, PackageDialog
from ui.hub.models import HubTableModel
from ui.models.station_table import Row
from ui.widgets.tables import setup_table
from ui.workers import run_with_progress

# The month table's columns besides code, name and state: the five EP1 counts, then every other column.
_FIRST = ("ep1.new_employment", "ep1.new_employment_ytd", "ep1.natural_attrition_ytd", "ep1.reemployed_ytd",
          "ep1.difficulty_employed_ytd", "registered_unemployed.total")  # fmt: skip


def _table(model: HubTableModel) -> QTableView:
    return setup_table(QTableView(), model, sortable=True, stretch_last=False)


def _fit_columns(view: QTableView, widest: int = 200) -> None:
    """Columns as wide as their header and contents (headers are long Chinese labels), at most ``widest``."""
    view.resizeColumnsToContents()
    for col in range(view.model().columnCount()):
        if view.columnWidth(col) > widest:
            view.setColumnWidth(col, widest)


def _import_in_worker(paths: list[Path], progress: Any = None) -> list[importing.Imported]:
    from db.hub_models import hub_database

    try:
        return importing.import_packages(paths, progress=progress)
    finally:
        hub_database.close()  # this worker thread's connection


class HubWindow(QMainWindow):
    """One open hub."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ident = store.identity()
        self.setWindowTitle(f"汇总库 — {self.ident.name}（{self.ident.level_text}）")
        self.resize(1280, 720)

        self.header = QLabel()
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.month_box = QComboBox()
        self.month_box.setMinimumWidth(110)
        self.import_button = QPushButton("导入上报包…")
        self.add_button = QPushButton("登记站点…")
        self.xlsx_button = QPushButton("导出上级报表…")
        self.package_button = QPushButton("生成本级上报包…")
        self.open_button = QPushButton("查看上报包")
        bar = QHBoxLayout()
        bar.addWidget(QLabel("月份："))
        bar.addWidget(self.month_box)
        bar.addStretch(1)
        for b in (
            self.open_button,
            self.import_button,
            self.add_button,
            self.xlsx_button,
            self.package_button,
        ):
            bar.addWidget(b)

        self.month_model = HubTableModel(self)
        self.month_view = _table(self.month_model)
        self.summary = QLabel()
        month_tab = QWidget()
        lay = QVBoxLayout(month_tab)
        lay.addWidget(self.summary)
        lay.addWidget(self.month_view, 1)

        self.standard_box = QComboBox()
        self.item_model = HubTableModel(self)
        self.item_view = _table(self.item_model)
        from ui.charts import BarChart

        self.lost_chart = BarChart("失分最多的项目（失分站点数）", "站点数", horizontal=True)
        self.lost_chart.setMinimumWidth(320)
        self.lost_chart.plot.getAxis("left").setWidth(150)  # room for the item names
        split = QSplitter()
        split.addWidget(self.item_view)
        split.addWidget(self.lost_chart)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        item_tab = QWidget()
        lay2 = QVBoxLayout(item_tab)
        row2 = QHBoxLayout()
        row2.addWidget(QLabel("评估标准与报告期："))
        row2.addWidget(self.standard_box, 1)
        lay2.addLayout(row2)
        lay2.addWidget(split, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(month_tab, "月度报送")
        self.tabs.addTab(item_tab, "自评汇总")
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.addWidget(self.header)
        outer.addLayout(bar)
        outer.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.month_box.currentIndexChanged.connect(lambda _i: self.reload_month())
        self.standard_box.currentIndexChanged.connect(lambda _i: self.reload_items())
        self.import_button.clicked.connect(lambda _c=False: self.import_files())
        self.add_button.clicked.connect(lambda _c=False: self.add_station())
        self.xlsx_button.clicked.connect(lambda _c=False: self.export_xlsx())
        self.package_button.clicked.connect(lambda _c=False: self.export_package())
        self.open_button.clicked.connect(lambda _c=False: self.open_selected_package())
        self.month_view.doubleClicked.connect(lambda _i: self.open_selected_package())
        self.reload()

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        with guard(self):
            self.header.setText(
                f"{self.ident.level_text}汇总库：{self.ident.name}（{self.ident.code}）　"
                f"已登记 {len(store.list_stations())} 个站点　本库密钥指纹：{store.hub_fingerprint()}"
            )
            self._fill_months()
            self._fill_standards()
            self.reload_month()
            self.reload_items()

    def _fill_months(self) -> None:
        current = self.month_box.currentText()
        last = dt.date.today().replace(day=1) - dt.timedelta(days=1)
        months = sorted(set(reports.months_received()) | {f"{last:%Y-%m}"}, reverse=True)
        self.month_box.blockSignals(True)
        self.month_box.clear()
        self.month_box.addItems(months)
        if current in months:
            self.month_box.setCurrentText(current)
        self.month_box.blockSignals(False)

    def _fill_standards(self) -> None:
        self.standard_box.blockSignals(True)
        self.standard_box.clear()
        for standard, start, end in reports.assessments_received():
            self.standard_box.addItem(f"{standard}　{start} 至 {end}", (standard, start, end))
        self.standard_box.blockSignals(False)

    def month(self) -> str:
        return self.month_box.currentText()

    def reload_month(self) -> None:
        if not self.month():
            return
        with guard(self):
            report = reports.month_report(self.month())
            columns = reports.month_columns()
            order = [c for p in _FIRST for c in columns if c[0] == p] + [
                c for c in columns if c[0] not in _FIRST
            ]
            headers = ["统计用区划代码", "站点", "报送情况", *[label for _p, label, _t in order]]
            rows = []
            for s in report.stations:
                vals = [s["values"].get(p) if s["values"] else None for p, _l, _t in order]
                late = s["state"] in ("逾期报送", "逾期未报")
                rows.append(
                    Row(
                        (s["code"], s["name"], s["state"], *["" if v is None else str(v) for v in vals]),
                        (s["code"], s["name"], s["state"], *vals),
                        {"code": s["code"], "late": late},
                        ("", "", "", *[f"{t}·{label}" for _p, label, t in order]),
                    )
                )
            totals = [report.totals.get(p, 0) for p, _l, _t in order]
            # The total row has no sort keys: it stays last whichever column is sorted.
            texts = ("合计", "", "", *[str(v) for v in totals])
            rows.append(Row(texts, (None,) * len(texts), {"total": True}))
            tips = ("", "", "", *[f"{t}·{label}" for _p, label, t in order])
            self.month_model.set_table(headers, rows, numeric_from=3, header_tips=tips)
            _fit_columns(self.month_view)
            states = [s["state"] for s in report.stations]
            n_late = sum(1 for x in states if x in ("逾期报送", "逾期未报"))
            missing = sum(1 for s in report.stations if not s["values"])
            self.summary.setText(
                f"{self.month()}：{len(states)} 个站点，已报 {len(states) - missing}，未报 {missing}，"
                f"逾期 {n_late}（红色）。合计按各站点数字相加。"
            )

    def reload_items(self) -> None:
        data = self.standard_box.currentData()
        if not data:
            self.item_model.set_table(["说明"], [Row(("尚未收到自评结果上报包",), ("",))])
            self.lost_chart.set_data([], [])
            return
        from ui.charts import Series

        with guard(self):
            standard, start, end = data
            report = reports.assessment_report(standard, start, end)
            headers = ["统计用区划代码", "站点", "总分", *[f"{i['id']} {i['title']}" for i in report.items]]
            rows = []
            for s in report.stations:
                pts = [s["items"].get(i["id"], {}).get("points") for i in report.items]
                rows.append(
                    Row(
                        (s["code"], s["name"], str(s["total"]), *["" if p is None else str(p) for p in pts]),
                        (s["code"], s["name"], s["total"], *pts),
                        {"code": s["code"], "late": s["passed"] is False},
                    )
                )
            totals = []
            for i in report.items:
                tot = report.totals[i["id"]]
                text = (
                    f"{tot['rate']}（{tot['rate_fraction']}）" if tot["denominator"] else f"达标 {tot['met']}"
                )
                totals.append(text)
            rows.append(Row(("合计", "", "", *totals), (None,) * (3 + len(totals)), {"total": True}))
            self.item_model.set_table(headers, rows, numeric_from=2)
            _fit_columns(self.item_view)
            lost = list(reversed(report.most_lost(8)))
            self.lost_chart.set_data(
                [f"{i} {title[:10]}" for i, title, _n, _p in lost],
                [Series("失分站点数", [n for _i, _t, n, _p in lost])],
            )

    # ------------------------------------------------------------------ actions

    def selected_code(self) -> str | None:
        rows = self.month_view.selectionModel().selectedRows()
        if not rows:
            return None
        payload = self.month_model.payload(rows[0].row())
        return payload.get("code") if isinstance(payload, dict) else None

    def open_selected_package(self) -> PackageDialog | None:
        code = self.selected_code()
        if code is None:
            dialogs.inform(self, "查看上报包", "请先在表格中选中一个站点。")
            return None
        row = importing.current_package(code, "month", self.month())
        if row is None:
            dialogs.inform(self, "查看上报包", f"站点 {code} 尚未报送 {self.month()} 的月度统计。")
            return None
        with guard(self):
            package = read_package(bytes(row.content), row.file_name)
            dialog = PackageDialog(json.loads(row.manifest), package.pdfs(), self)
            dialog.show()
            return dialog
        return None

    def import_files(self, paths: list[Path] | None = None) -> list[importing.Imported] | None:
        if paths is None:
            names, _ = QFileDialog.getOpenFileNames(self, "导入上报包", str(Path.home()), "上报包 (*.sdpkg)")
            paths = [Path(n) for n in names]
        if not paths:
            return None
        with guard(self):
            results = run_with_progress(self, "正在导入上报包", _import_in_worker, paths)
            dialogs.inform(self, "导入上报包", "\n".join(r.text() for r in results[:20]))
            self.reload()
            return list(results)
        return None

    def add_station(self, values: tuple[str, str, str] | None = None) -> bool:
        if values is None:
            dialog = AddStationDialog(self)
            if dialog.exec() != AddStationDialog.DialogCode.Accepted:
                return False
            values = dialog.values()
        with guard(self):
            store.add_station(*values)
            self.reload()
            return True
        return False

    def export_xlsx(self, path: Path | None = None) -> Path | None:
        from app.hub.xlsx import write_month_xlsx

        if path is None:
            path = dialogs.ask_save_file(
                self,
                "导出上级报表",
                Path.home() / f"{self.ident.name}-{self.month()}-月度统计.xlsx",
                "Excel (*.xlsx)",
            )
        if path is None:
            return None
        with guard(self):
            out = write_month_xlsx(reports.month_report(self.month()), path, self.ident.name)
            dialogs.inform(self, "导出上级报表", f"已导出：{out}")
            return out
        return None

    def export_package(self, folder: Path | None = None) -> Path | None:
        if folder is None:
            name = QFileDialog.getExistingDirectory(self, "本级上报包保存到", str(Path.home()))
            folder = Path(name) if name else None
        if folder is None:
            return None
        with guard(self):
            path, missing = export.build_hub_package(folder, self.month())
            note = f"\n注意：{len(missing)} 个站点尚未报送，未计入。" if missing else ""
            dialogs.inform(self, "生成本级上报包", f"已写出：{path}{note}")
            return path
        return None

    def closeEvent(self, event: Any) -> None:
        store.close()
        super().closeEvent(event)


def open_hub_window(
    parent: QWidget | None, target: str | Path, *, create: dict[str, str] | None = None
) -> HubWindow:
    """Open (or, with ``create`` = level/code/name, make) the hub at ``target`` in its window."""
    if create is not None:
        store.init_hub(target, level=create["level"], code=create["code"], name=create["name"])
    else:
        store.open_existing(target)
    window = HubWindow(parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    return window


__all__ = ["HubWindow", "UserError", "open_hub_window"]
