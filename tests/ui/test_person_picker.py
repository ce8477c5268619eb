"""The person picker: type-ahead with the one matcher, keyboard into the list, namesakes told apart."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.core.idcard import make_id
from app.register import ledger
from db.models import Service
from ui.dialogs.service_entry import ServiceEntryDialog
from ui.widgets.person_picker import PersonHitModel, PersonPicker

TODAY = dt.date(2026, 5, 15)


def _add(key: int, name: str, **extra: object) -> int:
    values = {
        "id_number": make_id("440106", dt.date(1980 + key, 1, 1), key),
        "name": name,
        "employment_status": "未就业",
        "survey_date": "2026-03-01",
        **extra,
    }
    return ledger.save_person(values).id


@pytest.fixture
def people(db) -> dict[str, int]:
    return {
        "zw1": _add(1, "张伟", household_code="H001", relation="户主", phone="13826000001"),
        "zw2": _add(2, "张伟", household_code="H002", relation="子女"),
        "h1": _add(3, "黄丽"),
        "h2": _add(4, "黄志强"),
        "h3": _add(5, "黄河"),
    }


def test_model(qtmodeltester, people):
    from app.register import search

    model = PersonHitModel()
    model.set_rows(search.find_people("张"))
    qtmodeltester.check(model)


def test_typing_a_surname_lists_every_match(qtbot, people):
    picker = PersonPicker()
    qtbot.addWidget(picker)
    picker.edit.setText("黄")
    assert {h.id for h in picker.hits()} == {people["h1"], people["h2"], people["h3"]}
    assert picker.selected_id() is None
    assert "找到 3 人" in picker.hint.text()


def test_namesakes_show_masked_id_and_household(qtbot, people):
    picker = PersonPicker()
    qtbot.addWidget(picker)
    picker.edit.setText("zw")
    texts = [(picker.model.text(r, "身份证号"), picker.model.text(r, "户编号")) for r in range(2)]
    assert {t[1] for t in texts} == {"H001", "H002"}
    assert all("*" in t[0] for t in texts)


def test_down_moves_into_the_list_and_enter_chooses(qtbot, people):
    picker = PersonPicker()
    qtbot.addWidget(picker)
    picker.show()
    picker.edit.setFocus()
    picker.edit.setText("黄")
    qtbot.keyClick(picker.edit, Qt.Key.Key_Down)
    assert picker.focusWidget() is picker.view
    qtbot.keyClick(picker.view, Qt.Key.Key_Down)
    with qtbot.waitSignal(picker.chosen) as chosen:
        qtbot.keyClick(picker.view, Qt.Key.Key_Return)
    assert chosen.args == [picker.hits()[1].id]


def test_phone_with_dashes_finds_the_one_person(qtbot, people):
    picker = PersonPicker()
    qtbot.addWidget(picker)
    assert picker.search("138 2600") == 1
    assert picker.selected_id() == people["zw1"]


def test_nothing_found_says_so(qtbot, people):
    picker = PersonPicker()
    qtbot.addWidget(picker)
    assert picker.search("不存在的人") == 0
    assert "没有匹配的人员" in picker.hint.text()


def test_service_recorded_by_typing_initials(qtbot, people):
    dlg = ServiceEntryDialog(None, today=TODAY)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.person_edit.setFocus()
    qtbot.keyClicks(dlg.person_edit, "zw")
    assert len(dlg.picker.hits()) == 2
    assert not dlg.save()  # two namesakes, none chosen
    assert "请按 ↓ 在列表中选择" in dlg.errors["person"].text()
    qtbot.keyClick(dlg.person_edit, Qt.Key.Key_Down)
    dlg.picker.select_person(people["zw2"])
    qtbot.keyClick(dlg.picker.view, Qt.Key.Key_Return)
    assert dlg.focusWidget() is dlg.served_on
    assert dlg.save()
    assert Service.get().person_id == people["zw2"]


def test_service_for_one_of_three_by_surname(qtbot, people):
    dlg = ServiceEntryDialog(None, today=TODAY)
    qtbot.addWidget(dlg)
    dlg.person_edit.setText("黄志")
    assert dlg.picker.selected_id() == people["h2"]
    assert dlg.save()
    assert Service.get().person_id == people["h2"]
