"""Leaving by status in the window (person form → 登记离开), deletion into the 回收站 and back."""

from __future__ import annotations

import datetime as dt

from app.register import recycle
from db.models import Person, Registration
from ui.dialogs.person_exit import ExitDialog
from ui.dialogs.recycle_bin import BinModel, RecycleBinDialog
from ui.forms import common
from ui.forms.person_form import PersonForm
from ui.pages.register import RegisterPage

TODAY = dt.date.today()


def test_exit_dialog_checks_the_date_as_typed(qtbot, small_ledger):
    dialog = ExitDialog(small_ledger.zhang)
    qtbot.addWidget(dialog)
    dialog.date_edit.setText("2026-02-30")
    assert "2026-02-30" in dialog.errors["exit_date"].text()
    assert not dialog.submit()
    dialog.date_edit.setText((TODAY + dt.timedelta(days=1)).isoformat())
    assert not dialog.submit()
    assert "晚于今天" in dialog.errors["exit_date"].text()
    assert Person.get_by_id(small_ledger.zhang).exit_status == ""


def test_moving_away_from_the_person_form(qtbot, small_ledger):
    form = PersonForm(small_ledger.zhang)
    qtbot.addWidget(form)
    assert form.exit_label.text() == "在册"
    dialog = form.open_exit()
    assert isinstance(dialog, ExitDialog)
    dialog.reason.setCurrentIndex(dialog.reason.findData("迁出"))
    dialog.date_edit.setText(TODAY.isoformat())
    with qtbot.waitSignal(form.saved):
        assert dialog.submit()
    assert form.exit_label.text().startswith(f"已迁出（{TODAY.isoformat()}）")
    assert form.return_button.isVisibleTo(form) and not form.exit_button.isVisibleTo(form)
    assert Person.get_by_id(small_ledger.zhang).exit_status == "迁出"


def test_back_in_the_register(qtbot, small_ledger, monkeypatch):
    from app.register import ledger

    ledger.set_exit(small_ledger.li, "其他", TODAY, TODAY)
    form = PersonForm(small_ledger.li)
    qtbot.addWidget(form)
    monkeypatch.setattr(common, "confirm", lambda *_a: True)
    assert form.clear_exit()
    assert form.exit_label.text() == "在册"


def test_delete_names_what_goes_along_and_the_recycle_bin_restores(qtbot, small_ledger, monkeypatch):
    page = RegisterPage()
    qtbot.addWidget(page)
    asked: list[str] = []
    monkeypatch.setattr(common, "confirm", lambda _p, _t, text: asked.append(text) or True)
    page.select_person(small_ledger.zhang)
    assert page.delete_selected()
    assert "失业登记 1 条" in asked[0] and "回收站" in asked[0]
    assert Person.get_or_none(Person.id == small_ledger.zhang) is None
    dialog = page.open_recycle_bin()
    assert isinstance(dialog, RecycleBinDialog)
    assert dialog.model.rowCount() == 1
    dialog.view.selectRow(0)
    with qtbot.waitSignal(dialog.restored):
        pid = dialog.restore_selected()
    assert pid is not None and Person.get_by_id(pid).name == "张三"
    assert Registration.select().where(Registration.person == pid).count() == 1
    assert page.selected_person_ids() == [pid]
    assert dialog.status.text().startswith("已恢复")
    dialog.close()


def test_purge_asks_first(qtbot, small_ledger, monkeypatch):
    recycle.discard([small_ledger.zhao])
    dialog = RecycleBinDialog()
    qtbot.addWidget(dialog)
    dialog.view.selectRow(0)
    monkeypatch.setattr(common, "confirm", lambda *_a: False)
    assert not dialog.purge_selected()
    monkeypatch.setattr(common, "confirm", lambda *_a: True)
    assert dialog.purge_selected()
    assert dialog.status.text() == "回收站是空的"


def test_bin_model(qtmodeltester, small_ledger):
    recycle.discard([small_ledger.zhao, small_ledger.sun])
    model = BinModel()
    model.set_rows(recycle.entries())
    qtmodeltester.check(model)


def test_exit_dialog_names_what_is_still_open(qtbot, small_ledger):
    dialog = ExitDialog(small_ledger.zhang)  # an open 失业登记
    qtbot.addWidget(dialog)
    assert dialog.open_note.isVisibleTo(dialog)
    assert "失业登记仍未注销" in dialog.open_note.text()
    plain = ExitDialog(small_ledger.li)
    qtbot.addWidget(plain)
    assert not plain.open_note.isVisibleTo(plain)
