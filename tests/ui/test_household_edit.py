"""The household view adds, moves and removes members; 零就业家庭 and 高校毕业生 entered in the window,
checked as typed."""

from __future__ import annotations

import datetime as dt

from app.core.idcard import make_id
from db.models import Graduate, Person, ZeroFamily
from ui.dialogs.graduate import GraduateDialog
from ui.dialogs.household_edit import AddMemberDialog, MoveMemberDialog, ZeroFamilyDialog
from ui.forms import common
from ui.forms.person_form import PersonForm
from ui.household import HouseholdDialog


def _household(small_ledger) -> int:
    return Person.get_by_id(small_ledger.zhang).household_id


def test_add_member_without_retyping_the_household(qtbot, small_ledger):
    Person.update(address="幸福路 1 号", grid="一网格").where(Person.id == small_ledger.zhang).execute()
    view = HouseholdDialog(_household(small_ledger))
    qtbot.addWidget(view)
    dialog = view.add_member()
    assert isinstance(dialog, AddMemberDialog)
    dialog.id_edit.setText("123")
    assert "身份证" in dialog.errors["id_number"].text()
    dialog.id_edit.setText(make_id("110101", dt.date(2010, 6, 1), 88))
    assert dialog.errors["id_number"].text() == ""
    dialog.name_edit.setText("张小宝")
    dialog.relation.setCurrentIndex(dialog.relation.findData("户主"))
    assert "已有户主张三" in dialog.errors["relation"].text()
    dialog.relation.setCurrentIndex(dialog.relation.findData("子女"))
    assert dialog.errors["relation"].text() == ""
    dialog.status.setCurrentIndex(dialog.status.findData("在校学生"))
    assert dialog.submit()
    assert view.members.rowCount() == 3
    child = Person.get(Person.name == "张小宝")
    assert (child.household_id, child.address, child.grid) == (
        _household(small_ledger),
        "幸福路 1 号",
        "一网格",
    )


def test_move_and_remove_a_member(qtbot, small_ledger, monkeypatch):
    view = HouseholdDialog(_household(small_ledger))
    qtbot.addWidget(view)
    view.members_view.selectRow(1)  # 户主 张三 first, then 李四
    assert view.selected_member() == small_ledger.li
    dialog = view.move_selected()
    assert isinstance(dialog, MoveMemberDialog)
    dialog.code_edit.setText("H777")
    assert "将新立一户" in dialog.target_hint.text()
    dialog.relation.setCurrentIndex(dialog.relation.findData("户主"))
    assert dialog.submit()
    assert Person.get_by_id(small_ledger.li).household.code == "H777"
    assert view.members.rowCount() == 1
    monkeypatch.setattr(common, "confirm", lambda *_a: True)
    view.members_view.selectRow(0)
    assert view.remove_selected()
    assert Person.get_by_id(small_ledger.zhang).household_id is None


def test_zero_family_entered_and_cleared_from_a_members_work(qtbot, small_ledger):
    from app.register import ledger

    view = HouseholdDialog(_household(small_ledger))
    qtbot.addWidget(view)
    dialog = view.add_zero()
    assert isinstance(dialog, ZeroFamilyDialog)
    dialog.recognized.setText("2026-13-01")
    assert dialog.errors["recognized_on"].text() != ""
    dialog.recognized.setText("2026-01-05")
    assert dialog.errors["recognized_on"].text() == ""
    assert dialog.submit()
    assert view.zero.text(0, 2) == "未清零"
    ledger.add_employment(small_ledger.li, "2026-02-01", "单位就业", employer="某厂")
    view.reload()
    assert view.zero.text(0, 2) == "已清零（成员 2026-02-01 就业）"
    assert ZeroFamily.select().count() == 2  # with 周八's household


def test_graduate_entered_in_the_person_form(qtbot, small_ledger):
    form = PersonForm(small_ledger.li)
    qtbot.addWidget(form)
    titles = [form.tabs.tabText(i) for i in range(form.tabs.count())]
    assert "高校毕业生" in titles
    tab = form.graduate_tab
    assert tab is not None
    dialog = tab.add()
    assert isinstance(dialog, GraduateDialog)
    dialog.year.setText("20")
    assert "四位年份" in dialog.errors["grad_year"].text()
    dialog.year.setText("2005")
    dialog.destination.setCurrentIndex(dialog.destination.findData("就业"))
    assert not dialog.submit()
    assert "去向落实日期" in dialog.errors["placed_on"].text()
    dialog.placed.setText("2005-09-01")
    with qtbot.waitSignal(form.saved):
        assert dialog.submit()
    assert tab.model.rowCount() == 1
    assert Graduate.get(Graduate.person == small_ledger.li).destination == "就业"
