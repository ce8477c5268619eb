"""The 劳动力台账 page: filter as you type, chips, sort, open, new, delete."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from app.register.listing import (
    CHIP_DIFFICULTY,
    CHIP_REGISTERED,
    CHIP_TRAINING,
    CHIP_WORKING_AGE,
    COLUMN_TITLES,
)
from db.models import Person
from ui.forms import common
from ui.forms.person_form import PersonForm
from ui.models import person_table
from ui.models.person_table import PERSON_ID_ROLE, PersonTableModel
from ui.pages.register import RegisterPage

COL = {title: i for i, title in enumerate(COLUMN_TITLES)}


@pytest.fixture
def page(qtbot, small_ledger):
    p = RegisterPage()
    qtbot.addWidget(p)
    p.resize(1200, 700)
    p.show()
    qtbot.waitExposed(p)
    return p


def names(page: RegisterPage) -> list[str]:
    m = page.model
    return [m.data(m.index(r, COL["姓名"])) for r in range(m.rowCount())]


def test_person_table_model_passes_qtmodeltester(qtmodeltester, fifty_persons):
    model = PersonTableModel()
    model.load()
    assert model.rowCount() == 50
    qtmodeltester.check(model)
    model.set_filter("测试1")
    assert model.rowCount() == 10  # 测试10..测试19
    qtmodeltester.check(model)
    model.sort(COL["年龄"], Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_model_role_and_headers(fifty_persons):
    model = PersonTableModel()
    model.load()
    assert model.headerData(0, Qt.Orientation.Horizontal) == "姓名"
    assert model.data(model.index(0, 0), PERSON_ID_ROLE) == fifty_persons[0]
    assert "*" in model.data(model.index(0, COL["身份证号"]))


def test_model_reads_the_rows_around_the_one_shown(fifty_persons, monkeypatch):
    monkeypatch.setattr(person_table, "PREFETCH_BEFORE", 2)
    monkeypatch.setattr(person_table, "PREFETCH_AFTER", 5)
    model = PersonTableModel()
    model.load()
    register = model.register
    assert register is not None and not any(register.has_row(pid) for pid in fifty_persons)
    assert model.data(model.index(10, COL["年龄"]), Qt.ItemDataRole.TextAlignmentRole) is not None
    assert model.data(model.index(10, 0), Qt.ItemDataRole.ToolTipRole) is None
    assert not any(register.has_row(pid) for pid in fifty_persons)  # only the text needs the row
    assert model.data(model.index(10, 0)) == "测试10"
    read = [r for r in range(model.rowCount()) if register.has_row(model.person_id(r))]
    assert read == list(range(8, 15))


def test_lists_everyone_with_count(page):
    assert len(names(page)) == 6
    assert page.count_label.text() == "共 6 人"


def test_list_shows_masked_ids(page, small_ledger):
    m = page.model
    shown = {m.data(m.index(r, COL["身份证号"])) for r in range(m.rowCount())}
    assert small_ledger.id_number("zhang") not in shown
    assert all("********" in s for s in shown)


def test_typing_a_name_filters(page):
    page.filter_edit.setText("张三")
    assert names(page) == ["张三"]
    assert page.count_label.text() == "共 1 人（台账共 6 人）"


def test_typing_an_id_fragment_filters(qtbot, page):
    page.filter_edit.setFocus()
    qtbot.keyClicks(page.filter_edit, "19900120")
    assert names(page) == ["王五"]


def test_typing_a_phone_filters(qtbot, page):
    qtbot.keyClicks(page.filter_edit, "1380000")
    assert names(page) == ["张三"]


def test_typing_a_household_code_filters(qtbot, page):
    qtbot.keyClicks(page.filter_edit, "h001")
    assert names(page) == ["张三", "李四"]


def test_clearing_the_filter_shows_all_again(qtbot, page):
    qtbot.keyClicks(page.filter_edit, "139")
    assert names(page) == ["王五"]
    page.filter_edit.clear()
    assert len(names(page)) == 6


def test_chip_buttons_show_counts(qtbot, page):
    assert page.chip_buttons[CHIP_REGISTERED].text() == "登记失业 1"
    # 劳动年龄内 reads the whole register: counted just after the list is painted
    qtbot.waitUntil(lambda: page.chip_buttons[CHIP_WORKING_AGE].text() == "劳动年龄内 5")


def test_working_age_chip_pressed_before_it_is_counted(qtbot, small_ledger):
    page = RegisterPage()  # never shown: nothing counted after a paint
    qtbot.addWidget(page)
    assert page.chip_buttons[CHIP_WORKING_AGE].text() == "劳动年龄内"
    page.chip_buttons[CHIP_WORKING_AGE].click()
    assert page.model.rowCount() == 5
    assert page.chip_buttons[CHIP_WORKING_AGE].text() == "劳动年龄内 5"


def test_chips_filter_and_combine(qtbot, page):
    qtbot.mouseClick(page.chip_buttons[CHIP_REGISTERED], Qt.MouseButton.LeftButton)
    assert names(page) == ["张三"]
    qtbot.mouseClick(page.chip_buttons[CHIP_TRAINING], Qt.MouseButton.LeftButton)
    assert names(page) == ["张三"]
    qtbot.mouseClick(page.chip_buttons[CHIP_DIFFICULTY], Qt.MouseButton.LeftButton)
    assert names(page) == []
    qtbot.mouseClick(page.chip_buttons[CHIP_REGISTERED], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.chip_buttons[CHIP_TRAINING], Qt.MouseButton.LeftButton)
    assert names(page) == ["王五"]


def test_chip_and_text_combine(page):
    page.chip_buttons[CHIP_WORKING_AGE].setChecked(True)
    page.filter_edit.setText("孙")
    assert names(page) == []
    page.chip_buttons[CHIP_WORKING_AGE].setChecked(False)
    assert names(page) == ["孙七"]


def test_sort_by_clicking_a_column(qtbot, page):
    header = page.view.horizontalHeader()
    x = header.sectionViewportPosition(COL["年龄"]) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    m = page.model
    ages = [int(m.data(m.index(r, COL["年龄"]))) for r in range(m.rowCount())]
    assert ages in (sorted(ages), sorted(ages, reverse=True))
    page.view.sortByColumn(COL["年龄"], Qt.SortOrder.DescendingOrder)
    ages = [int(m.data(m.index(r, COL["年龄"]))) for r in range(m.rowCount())]
    assert ages == sorted(ages, reverse=True)
    assert names(page)[0] == "孙七"


def test_sort_keeps_the_filter(page):
    page.filter_edit.setText("000000")  # both phone numbers, no ID number
    page.view.sortByColumn(COL["联系电话"], Qt.SortOrder.DescendingOrder)
    assert names(page) == ["王五", "张三"]


def test_sort_keeps_the_selected_person(page, small_ledger):
    page.select_person(small_ledger.wang)
    page.view.sortByColumn(COL["年龄"], Qt.SortOrder.DescendingOrder)
    assert page.selected_person_ids() == [small_ledger.wang]


def test_double_click_opens_the_form(qtbot, page, small_ledger):
    page.filter_edit.setText("王五")
    rect = page.view.visualRect(page.model.index(0, 0))
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    form = page.current_form
    assert isinstance(form, PersonForm)
    assert form.person_id == small_ledger.wang
    assert form.isVisible()
    assert form.value("name") == "王五"
    assert form.value("id_number") == small_ledger.id_number("wang")  # full number in the own form
    form.reject()


def test_enter_opens_the_form(qtbot, page, small_ledger):
    page.select_person(small_ledger.li)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert page.current_form is not None
    assert page.current_form.person_id == small_ledger.li
    page.current_form.reject()


def test_open_button_needs_one_selected(qtbot, page, small_ledger):
    page.view.clearSelection()
    assert not page.open_button.isEnabled()
    page.select_person(small_ledger.zhao)
    assert page.open_button.isEnabled()
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert page.current_form.person_id == small_ledger.zhao
    page.current_form.reject()


def test_new_person_appears_after_save(qtbot, page):
    form = page.new_record()
    assert form.person_id is None
    form.set_value("id_number", _valid_id())
    form.set_value("name", "钱九")
    form.set_value("employment_status", "未就业")
    assert form.save()
    assert "钱九" in names(page)
    assert page.count_label.text() == "共 7 人"
    assert page.selected_person_ids() == [form.person_id]
    form.reject()


def _valid_id() -> str:
    import datetime as dt

    from app.core.idcard import make_id

    return make_id("110101", dt.date(1995, 1, 1), 77)


def test_delete_asks_and_deletes(monkeypatch, page, small_ledger):
    asked = []
    monkeypatch.setattr(common, "confirm", lambda _p, _t, text: asked.append(text) or True)
    page.select_person(small_ledger.zhao)
    assert page.delete_selected()
    assert "赵六" in asked[0]
    assert Person.get_or_none(Person.id == small_ledger.zhao) is None
    assert "赵六" not in names(page)
    assert page.chip_buttons["高校毕业生"].text() == "高校毕业生 0"


def test_delete_cancelled_keeps_the_person(monkeypatch, page, small_ledger):
    monkeypatch.setattr(common, "confirm", lambda *_a: False)
    page.select_person(small_ledger.zhao)
    assert not page.delete_selected()
    assert Person.get_or_none(Person.id == small_ledger.zhao) is not None
    assert "赵六" in names(page)


def test_reload_keeps_filter_and_chips(page):
    page.filter_edit.setText("张")
    page.chip_buttons[CHIP_REGISTERED].setChecked(True)
    page.reload()
    assert names(page) == ["张三"]


def test_focus_filter(qtbot, page):
    page.activateWindow()
    page.filter_edit.setText("abc")
    page.focus_filter()
    qtbot.waitUntil(page.filter_edit.hasFocus)
    assert page.filter_edit.selectedText() == "abc"


def test_empty_register_page(qtbot, db):
    p = RegisterPage()
    qtbot.addWidget(p)
    assert p.model.rowCount() == 0
    assert p.count_label.text() == "共 0 人"
    assert not p.delete_selected()


def test_search_keys_are_built_after_the_list_is_painted(qtbot, small_ledger):
    """Opening the list does not pay for the search keys: they are built once the list is on screen."""
    p = RegisterPage()
    qtbot.addWidget(p)
    assert p.model.register is not None and p.model.register._keys is None  # created, not shown
    p.show()
    qtbot.waitUntil(lambda: p.model.register._keys is not None)
    p.reload()  # a reload of the visible page builds them again, after it
    assert p.model.register._keys is None
    qtbot.waitUntil(lambda: p.model.register._keys is not None)
    p.filter_edit.setText("张")
    assert 0 < p.model.rowCount() < 6


def test_search_works_before_the_keys_are_warmed(qtbot, small_ledger):
    p = RegisterPage()
    qtbot.addWidget(p)
    p.filter_edit.setText("张")  # never shown: the filter builds the keys itself
    assert 0 < p.model.rowCount() < 6


def test_enter_or_down_in_the_search_box_moves_into_the_list(qtbot, small_ledger):
    page = RegisterPage()
    qtbot.addWidget(page)
    page.show()
    page.focus_filter()
    qtbot.keyClicks(page.filter_edit, "zs")  # 张三 by pinyin initials
    assert page.model.rowCount() == 1
    qtbot.keyClick(page.filter_edit, Qt.Key.Key_Return)
    assert page.selected_person_ids() == [small_ledger.zhang]
    assert page.focusWidget() is page.view
    page.focus_filter()
    qtbot.keyClicks(page.filter_edit, "1380000")
    qtbot.keyClick(page.filter_edit, Qt.Key.Key_Down)
    assert page.selected_person_ids() == [small_ledger.zhang]


def test_search_ignores_spaces_in_a_phone_number(qtbot, small_ledger):
    page = RegisterPage()
    qtbot.addWidget(page)
    page.filter_edit.setText("139 0000 0003")
    assert page.model.rowCount() == 1
    assert page.model.person_id(0) == small_ledger.wang
