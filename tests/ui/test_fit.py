"""Every top-level window and dialog fits a 1366×768 laptop with a taskbar (1366×728, issue 14).

The test run's offscreen screen is 1366×728 (tests/conftest.py). Each window is opened as the program
opens it and must lie inside the screen, with every visible button inside the window (buttons in a
scroll area count when they can be scrolled to).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QApplication, QWidget

from app import casework
from app.jobs import referrals
from app.jobs import vacancies as jobs
from app.register import ledger
from db.models import Household, Recognition, Registration
from ui.widgets import screen

SCREEN = QRect(0, 0, 1366, 728)


def _in_scroll_area(widget: QWidget, top: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def assert_fits(window: QWidget) -> None:
    """``window`` (shown) inside the screen; each of its visible buttons inside it."""
    QApplication.processEvents()
    frame = window.frameGeometry()
    name = window.windowTitle() or type(window).__name__
    assert frame.width() <= SCREEN.width() and frame.height() <= SCREEN.height(), (name, frame)
    assert window.minimumSizeHint().height() <= SCREEN.height() - screen.FRAME.height(), name
    inside = window.rect()
    outside = []
    for button in window.findChildren(QAbstractButton):
        if not button.isVisibleTo(window) or _in_scroll_area(button, window):
            continue
        rect = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
        if not inside.contains(rect):
            outside.append((button.text(), rect))
    assert not outside, (name, inside, outside)


def test_the_test_screen_is_a_small_laptop(qapp):
    primary = QGuiApplication.primaryScreen()
    assert primary is not None
    assert primary.availableGeometry() == SCREEN


def test_main_window_opens_maximised_on_a_small_screen_and_every_page_fits(qtbot, small_ledger):
    from ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.show_fitted()
    assert window.isMaximized()
    for slug in window.page_slugs():
        window.select_page(slug)
        assert_fits(window)
    window.close()


def test_main_window_remembers_its_geometry(qtbot, small_ledger):
    from ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.show_fitted()
    window.showNormal()
    window.setGeometry(100, 80, 1000, 600)
    QApplication.processEvents()
    window.close()

    again = MainWindow()
    qtbot.addWidget(again)
    again.show_fitted()
    QApplication.processEvents()
    assert not again.isMaximized()
    assert (again.width(), again.height()) == (1000, 600)
    again.close()
    ini = Path(screen.window_settings().fileName())
    assert ini.is_file() and ini.stat().st_mode & 0o077 == 0


def _vacancy() -> int:
    employer = jobs.save_employer({"name": "良口镇绿源民宿", "kind": "民宿"}).id
    return jobs.save_vacancy(
        {
            "code": "G2026-0001",
            "employer_id": employer,
            "title": "保洁员",
            "kind": "全日制",
            "headcount": 2,
            "collected_on": dt.date.today().isoformat(),
        }
    ).id


def _dialogs(ledger_ids) -> dict[str, Callable[[], QWidget]]:
    from ui.dialogs.accounts import AccountDialog, PasswordDialog
    from ui.dialogs.bug_report import BugReportDialog
    from ui.dialogs.consequences import ConsequencesDialog
    from ui.dialogs.export_dialog import ExportDialog
    from ui.dialogs.first_run import FirstRunDialog
    from ui.dialogs.graduate import GraduateDialog
    from ui.dialogs.household_edit import AddMemberDialog, MoveMemberDialog, ZeroFamilyDialog
    from ui.dialogs.import_dialog import ImportDialog
    from ui.dialogs.jobs_employer import EmployerForm
    from ui.dialogs.jobs_outcome import OutcomeDialog
    from ui.dialogs.jobs_referral import ReferralDialog
    from ui.dialogs.jobs_vacancy import VacancyForm
    from ui.dialogs.login import LoginDialog
    from ui.dialogs.manual import ManualDialog
    from ui.dialogs.person_exit import ExitDialog
    from ui.dialogs.plan_editor import PlanEditorDialog
    from ui.dialogs.recycle_bin import RecycleBinDialog
    from ui.dialogs.service_entry import ServiceEntryDialog
    from ui.dialogs.station_staff import StaffDialog
    from ui.forms import history
    from ui.forms.job_seeking import JobSeekingDialog
    from ui.forms.person_form import PersonForm
    from ui.household import HouseholdDialog

    zhang = ledger_ids.zhang
    vacancy = _vacancy()
    referral = referrals.refer([zhang], vacancy, dt.date.today())[0].id
    registration = Registration.get(Registration.person == zhang).id
    employment = ledger.add_employment(zhang, "2025-07-01", "单位就业", details={"monthly_income": "3000"})
    return {
        "新增人员": lambda: PersonForm(None),
        "人员信息": lambda: PersonForm(zhang),
        "家庭情况": lambda: HouseholdDialog(Household.get(Household.code == "H001").id),
        "记录服务": lambda: ServiceEntryDialog(),
        "批量录入": lambda: ServiceEntryDialog([zhang, ledger_ids.li]),
        "帮扶计划": lambda: PlanEditorDialog(zhang),
        "新增岗位": lambda: VacancyForm(None),
        "用人单位": lambda: EmployerForm(None),
        "推荐": lambda: ReferralDialog(vacancy, [zhang], ["张三"]),
        "推荐结果": lambda: OutcomeDialog(referral),
        "导入台账": lambda: ImportDialog(),
        "导出台账": lambda: ExportDialog(),
        "首次使用": lambda: FirstRunDialog(),
        "工作人员": lambda: StaffDialog(),
        "程序错误": lambda: BugReportDialog("Traceback …\n" * 80),
        "就业后果": lambda: ConsequencesDialog(zhang),
        "失业登记": lambda: history.AddRegistrationDialog(zhang),
        "注销登记": lambda: history.CancelRegistrationDialog(registration),
        "就业困难认定": lambda: history.AddRecognitionDialog(zhang),
        "就业记录": lambda: history.AddEmploymentDialog(zhang),
        "修改失业登记": lambda: history.AddRegistrationDialog(
            zhang, record=Registration.get_by_id(registration)
        ),
        "修改就业困难认定": lambda: history.AddRecognitionDialog(
            ledger_ids.wang, record=Recognition.get(Recognition.person == ledger_ids.wang)
        ),
        "修改就业记录": lambda: history.AddEmploymentDialog(zhang, record=employment),
        "求职登记": lambda: JobSeekingDialog(zhang),
        "登记离开": lambda: ExitDialog(zhang),
        "回收站": lambda: RecycleBinDialog(),
        "添加成员": lambda: AddMemberDialog(Household.get(Household.code == "H001").id),
        "迁到其他户": lambda: MoveMemberDialog(zhang),
        "零就业家庭": lambda: ZeroFamilyDialog(Household.get(Household.code == "H003").id),
        "高校毕业生": lambda: GraduateDialog(ledger_ids.zhao),
        "使用说明": lambda: ManualDialog(),
        "登录": lambda: LoginDialog(),
        "新增账号": lambda: AccountDialog(),
        "修改密码": lambda: PasswordDialog("站长"),
    }


DIALOG_NAMES = [
    "新增人员",
    "人员信息",
    "家庭情况",
    "记录服务",
    "批量录入",
    "帮扶计划",
    "新增岗位",
    "用人单位",
    "推荐",
    "推荐结果",
    "导入台账",
    "导出台账",
    "首次使用",
    "工作人员",
    "程序错误",
    "就业后果",
    "失业登记",
    "注销登记",
    "就业困难认定",
    "就业记录",
    "修改失业登记",
    "修改就业困难认定",
    "修改就业记录",
    "求职登记",
    "登记离开",
    "回收站",
    "添加成员",
    "迁到其他户",
    "零就业家庭",
    "高校毕业生",
    "使用说明",
    "登录",
    "新增账号",
    "修改密码",
]


@pytest.mark.parametrize("name", DIALOG_NAMES)
def test_dialog_fits_the_small_screen(qtbot, small_ledger, name):
    casework.remember_defaults("跟踪回访", "电话", "")
    dialog = _dialogs(small_ledger)[name]()
    qtbot.addWidget(dialog)
    dialog.show()
    assert_fits(dialog)
    dialog.hide()
