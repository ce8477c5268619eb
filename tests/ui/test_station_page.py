"""站点信息 page: profile form, staff add/edit/delete, star ratings and exit warnings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMainWindow

from app.core.idcard import make_id, mask_id
from app.station import profile as station
from db.models import Staff, StarRating, StationProfile
from ui import dialogs, errors
from ui.dialogs.station_staff import StaffDialog
from ui.models.staff_table import StaffTableModel
from ui.models.station_ratings import StarRatingModel
from ui.pages.station import StationPage

STAFF_ID = make_id("310110", dt.date(1985, 6, 1), 123)


@pytest.fixture
def boxes(monkeypatch) -> dict[str, list]:
    seen: dict[str, list] = {"warn": [], "bug": [], "confirm": []}
    monkeypatch.setattr(errors, "_message_box", lambda p, t, text: seen["warn"].append(text))
    monkeypatch.setattr(errors, "_bug_report", lambda p, r, f: seen["bug"].append(r))

    def confirm(parent, title, text, yes="确定", no="取消") -> bool:
        seen["confirm"].append(text)
        return True

    monkeypatch.setattr(dialogs, "confirm", confirm)
    return seen


@pytest.fixture
def page(qtbot, db, boxes) -> StationPage:
    p = StationPage()
    qtbot.addWidget(p)
    return p


def _select(view, row: int) -> None:
    index = view.model().index(row, 0)
    view.selectionModel().select(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )


def _fill_profile(page: StationPage, **values: str) -> None:
    for field, text in values.items():
        page.editors[field].set_text(text)


def test_save_profile(qtbot, page, boxes) -> None:
    _fill_profile(
        page,
        name="幸福社区就业服务站",
        kind="村",
        district="杨浦区",
        phone="021-65551234",
        opened_on="2021/3/1",
        area_m2="120.5",
        working_age_population="3200",
        facilities="电话、网络",
    )
    assert page.is_dirty()
    with qtbot.waitSignal(page.profile_saved, timeout=5000):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    p = StationProfile.get_by_id(1)
    assert (p.name, p.kind, p.district, p.phone) == ("幸福社区就业服务站", "村", "杨浦区", "021-65551234")
    assert p.opened_on == dt.date(2021, 3, 1) and p.area_m2 == Decimal("120.5")
    assert p.working_age_population == 3200 and p.facilities == "电话、网络"
    assert page.profile_status.text().startswith("已保存")
    assert not page.is_dirty()
    # The form shows the normalised values after saving.
    assert page.editors["opened_on"].text() == "2021-03-01"
    assert boxes["warn"] == [] and boxes["bug"] == []


def test_bad_area_refused_with_message_beside_field(qtbot, page) -> None:
    station.save_profile({"name": "幸福社区", "kind": "社区", "area_m2": "100"})
    page.reload()
    _fill_profile(page, area_m2="一百", name="新名字")
    editor = page.editors["area_m2"]
    # Validated as you type ...
    assert editor.error.isVisibleTo(page) and "场地面积应为数字" in editor.error.text()
    fired: list[bool] = []
    page.profile_saved.connect(lambda: fired.append(True))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    # ... and refused on save, with the database untouched.
    assert fired == []
    assert "场地面积应为数字（平方米），现为“一百”" in editor.error.text()
    assert "1 处需要修改" in page.profile_status.text()
    p = StationProfile.get_by_id(1)
    assert (p.name, p.area_m2) == ("幸福社区", Decimal(100))
    # Fixing the field clears the message.
    editor.set_text("100.5")
    assert not editor.error.isVisibleTo(page)


def test_empty_name_refused(qtbot, page) -> None:
    _fill_profile(page, name="")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.editors["name"].error.text() == "站点名称不能为空"


def test_revert_discards_edits(qtbot, page) -> None:
    station.save_profile({"name": "幸福社区", "kind": "社区"})
    page.reload()
    assert not page.revert_button.isEnabled()
    _fill_profile(page, name="改了")
    assert page.revert_button.isEnabled()
    qtbot.mouseClick(page.revert_button, Qt.MouseButton.LeftButton)
    assert page.editors["name"].text() == "幸福社区"


def _add_staff(qtbot, page: StationPage, **values: str) -> StaffDialog:
    qtbot.mouseClick(page.add_staff_button, Qt.MouseButton.LeftButton)
    dialog = page.staff_dialog
    assert dialog is not None and dialog.isVisible()
    for field, text in values.items():
        dialog.editors[field].set_text(text)
    return dialog


def test_staff_add_edit_delete(qtbot, page, boxes, qtmodeltester) -> None:
    dialog = _add_staff(
        qtbot,
        page,
        name="李明",
        id_number=STAFF_ID,
        nature="专职",
        education="大学本科",
        started_service_on="2019-09-01",
        certificates="职业指导师",
    )
    assert "年（截至今天）" in dialog.years_label.text()
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    model = page.staff_model
    assert model.rowCount() == 1
    assert model.index(0, 0).data() == "李明"
    assert model.index(0, 1).data() == mask_id(STAFF_ID)  # masked in the list
    assert model.index(0, 5).data().endswith("年")
    qtmodeltester.check(model)
    assert "共 1 人，其中专职 1 人" in page.staff_count.text()

    # Edit: the dialog opens with the full values; change the nature.
    _select(page.staff_view, 0)
    qtbot.mouseClick(page.edit_staff_button, Qt.MouseButton.LeftButton)
    edit = page.staff_dialog
    assert edit is not None and edit.staff_id == Staff.get().id
    assert edit.editors["id_number"].text() == STAFF_ID
    edit.editors["nature"].set_text("兼职")
    with qtbot.waitSignal(edit.accepted, timeout=5000):
        qtbot.mouseClick(edit.save_button, Qt.MouseButton.LeftButton)
    assert Staff.get().nature == "兼职"
    assert page.staff_model.index(0, 2).data() == "兼职"

    # Delete after confirmation.
    _select(page.staff_view, 0)
    qtbot.mouseClick(page.delete_staff_button, Qt.MouseButton.LeftButton)
    assert "李明" in boxes["confirm"][-1]
    assert Staff.select().count() == 0
    assert page.staff_model.rowCount() == 0


def test_staff_dialog_shows_errors_beside_fields(qtbot, page) -> None:
    bad = STAFF_ID[:-1] + ("0" if STAFF_ID[-1] != "0" else "1")
    dialog = _add_staff(qtbot, page, name="李", id_number=bad, started_service_on="2019-13-01")
    assert "校验位" in dialog.editors["id_number"].error.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "2至30个字" in dialog.editors["name"].error.text()
    assert "不存在" in dialog.editors["started_service_on"].error.text()
    assert dialog.years_label.text() == "填写起始日期后自动计算"
    assert Staff.select().count() == 0
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_staff_duplicate_name_beside_field(qtbot, page) -> None:
    station.save_staff({"name": "王芳", "nature": "专职"})
    dialog = _add_staff(qtbot, page, name="王芳", nature="兼职")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "已有名为“王芳”" in dialog.editors["name"].error.text()


def test_staffing_notes_shown(qtbot, page) -> None:
    assert "专职工作人员应至少 2 名，现有 0 名" in page.staffing_label.text()
    station.save_staff({"name": "老手甲", "nature": "专职", "started_service_on": "2015-01-01"})
    station.save_staff({"name": "老手乙", "nature": "专职", "started_service_on": "2016-01-01"})
    page.reload()
    assert page.staffing_label.text() == ""


def test_staff_edit_buttons_follow_selection(qtbot, page) -> None:
    station.save_staff({"name": "王芳", "nature": "专职"})
    page.reload()
    assert not page.edit_staff_button.isEnabled()
    _select(page.staff_view, 0)
    assert page.edit_staff_button.isEnabled() and page.delete_staff_button.isEnabled()


def test_star_ratings_and_exit_warning(qtbot, page, qtmodeltester) -> None:
    assert not page.exit_label.isVisibleTo(page)
    page.rating_year.setValue(2022)
    page.rating_stars.setCurrentIndex(page.rating_stars.findData(2))
    qtbot.mouseClick(page.save_rating_button, Qt.MouseButton.LeftButton)
    assert "如2023年度仍为二星" in page.exit_label.text()
    page.rating_year.setValue(2023)
    qtbot.mouseClick(page.save_rating_button, Qt.MouseButton.LeftButton)
    assert page.exit_label.isVisibleTo(page)
    assert "2022年度、2023年度连续两年考核为二星" in page.exit_label.text()
    model = page.rating_model
    assert model.rowCount() == 2 and model.index(0, 0).data() == "2023年度"
    assert model.index(0, 1).data() == "二星（不达标）"
    qtmodeltester.check(model)
    # Replace 2023 with 三星: the warning goes away.
    page.rating_stars.setCurrentIndex(page.rating_stars.findData(3))
    qtbot.mouseClick(page.save_rating_button, Qt.MouseButton.LeftButton)
    assert StarRating.get(StarRating.year == 2023).stars == 3
    assert not page.exit_label.isVisibleTo(page)


def test_one_star_year_warns_and_rating_can_be_deleted(qtbot, page, boxes) -> None:
    page.rating_year.setValue(2021)
    page.rating_stars.setCurrentIndex(page.rating_stars.findData(1))
    qtbot.mouseClick(page.save_rating_button, Qt.MouseButton.LeftButton)
    assert "2021年度考核为一星" in page.exit_label.text()
    _select(page.rating_view, 0)
    assert page.rating_year.value() == 2021  # selection loads the record into the editor
    qtbot.mouseClick(page.delete_rating_button, Qt.MouseButton.LeftButton)
    assert "2021" in boxes["confirm"][-1]
    assert StarRating.select().count() == 0
    assert not page.exit_label.isVisibleTo(page)


def test_exit_rules_always_shown(page) -> None:
    texts = " ".join(label.text() for label in page.findChildren(type(page.exit_label)))
    assert "连续三个月以上停止运作" in texts


def test_models_standalone(qtbot, db, qtmodeltester) -> None:
    station.save_staff({"name": "李明", "nature": "专职", "started_service_on": "2020-01-01"})
    station.save_staff({"name": "张红", "nature": "兼职"})
    staff = StaffTableModel(today=dt.date(2024, 1, 1))
    staff.reload()
    qtmodeltester.check(staff)
    assert staff.index(0, 5).data() == "4 年"
    staff.sort(5, Qt.SortOrder.AscendingOrder)
    assert staff.index(1, 0).data() == "张红"  # unknown years sort last
    station.set_star_rating(2022, 4)
    ratings = StarRatingModel()
    ratings.reload()
    qtmodeltester.check(ratings)


def test_render_to_png(qtbot, db, boxes, tmp_path: Path) -> None:
    station.save_profile({"name": "幸福社区就业服务站", "kind": "社区", "district": "杨浦区"})
    station.save_staff(
        {"name": "李明", "nature": "专职", "id_number": STAFF_ID, "started_service_on": "2019-09-01"}
    )
    station.set_star_rating(2023, 2)
    window = QMainWindow()
    qtbot.addWidget(window)
    page = StationPage()
    window.setCentralWidget(page)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    out = tmp_path / "station.png"
    assert window.grab().save(str(out))
    assert out.stat().st_size > 10_000
    assert page.staff_model.rowCount() == 1 and page.exit_label.isVisible()


def test_staff_name_hint_is_a_person_not_a_station(qtbot, db):
    from ui.dialogs.station_staff import StaffDialog

    dialog = StaffDialog()
    qtbot.addWidget(dialog)
    hint = dialog.editors["name"].widget.placeholderText()
    assert "服务站" not in hint and hint.startswith("如 ")
