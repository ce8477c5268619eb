"""登记就业 and its consequences: every change offered as a check box, undoable until 保存, applied in
one transaction."""

from __future__ import annotations

import datetime as dt

from app.core.idcard import make_id
from app.register import ledger, start_work
from db.models import Employment, Household, Recognition, Registration, ZeroFamily
from ui.dialogs.consequences import ConsequencesDialog

TODAY = dt.date(2024, 5, 15)


def _case() -> int:
    pid = ledger.save_person(
        {
            "id_number": make_id("440106", dt.date(1985, 1, 1), 1),
            "name": "张三",
            "employment_status": "未就业",
            "survey_date": "2024-03-01",
            "household_code": "H7",
            "relation": "户主",
        }
    ).id
    ledger.add_registration(pid, "2024-01-10")
    ledger.add_recognition(pid, "2024-02-01", "零就业家庭")
    ZeroFamily.create(household=Household.get(Household.code == "H7"), recognized_on=dt.date(2024, 4, 20))
    return pid


def test_all_consequences_offered_and_applied(qtbot, db) -> None:
    pid = _case()
    dlg = ConsequencesDialog(pid, today=TODAY)
    qtbot.addWidget(dlg)
    dlg.started_on.setText("2024-05-10")
    dlg.employer.setText("甲公司")
    texts = [box.text() for box in dlg.checks.values()]
    assert texts == [
        "新增就业记录：2024-05-10 单位就业，甲公司",
        "注销失业登记，注销日期 2024-05-10，原因：被用人单位录用",
        "取消就业困难认定，取消日期 2024-05-10，原因：(五) 实现就业创业",
        "更新人员就业状态：未就业 → 单位就业，就业单位：甲公司",
        "零就业家庭（户 H7）清零，清零日期 2024-05-10",
    ]
    assert all(box.isChecked() for box in dlg.checks.values())
    assert Employment.select().count() == 0  # nothing written before 保存
    assert dlg.save()
    assert Employment.get().employer == "甲公司"
    assert Registration.get().cancel_reason == "被用人单位录用"
    assert Recognition.get().cancel_reason == "(五) 实现就业创业"
    assert ZeroFamily.get().cleared_on == dt.date(2024, 5, 10)


def test_unticked_change_is_not_made(qtbot, db) -> None:
    pid = _case()
    dlg = ConsequencesDialog(pid, today=TODAY)
    qtbot.addWidget(dlg)
    dlg.checks[start_work.CANCEL_REGISTRATION].setChecked(False)
    dlg.checks[start_work.CLEAR_ZERO_FAMILY].setChecked(False)
    dlg.checks[start_work.CLEAR_ZERO_FAMILY].setChecked(True)  # undone, then redone
    dlg.form.setCurrentIndex(dlg.form.findData("灵活就业"))  # the proposal is rebuilt; choices kept
    assert not dlg.checks[start_work.CANCEL_REGISTRATION].isChecked()
    assert dlg.save()
    assert Registration.get().cancelled_on is None
    assert Recognition.get().cancelled_on == TODAY
    assert ZeroFamily.get().cleared_on == TODAY


def test_bad_date_blocks_saving(qtbot, db) -> None:
    pid = _case()
    dlg = ConsequencesDialog(pid, today=TODAY)
    qtbot.addWidget(dlg)
    dlg.started_on.setText("2024-05-16")
    assert "晚于今天" in dlg.field_errors["started_on"].text()  # beside the field
    assert not dlg.save_button.isEnabled() and not dlg.save()
    assert Employment.select().count() == 0
    dlg.started_on.setText("1984-12-31")
    assert dlg.field_errors["started_on"].text() == "就业日期 1984-12-31 早于张三的出生日期 1985-01-01"
    assert not dlg.save_button.isEnabled()
    dlg.started_on.setText("2024-05-10")
    assert dlg.field_errors["started_on"].text() == "" and dlg.save_button.isEnabled()


def test_failure_rolls_back_everything(qtbot, db) -> None:
    pid = _case()
    dlg = ConsequencesDialog(pid, today=TODAY)
    qtbot.addWidget(dlg)
    ZeroFamily.update(cleared_on=dt.date(2024, 5, 1)).execute()  # changed behind the dialog's back
    assert not dlg.save()
    assert dlg.general_error.text() == "未保存：该零就业家庭已于 2024-05-01 清零"
    assert Employment.select().count() == 0
    assert Registration.get().cancelled_on is None and Recognition.get().cancelled_on is None


def test_ready_made_proposal(qtbot, db) -> None:
    pid = _case()
    proposal = start_work.propose(pid, "2024-05-10", "公益性岗位", today=TODAY)
    dlg = ConsequencesDialog(pid, proposal=proposal, today=TODAY)
    qtbot.addWidget(dlg)
    assert not dlg.inputs.isVisibleTo(dlg)
    assert dlg.checks[start_work.CANCEL_REGISTRATION].text().endswith("公益性岗位安置")
