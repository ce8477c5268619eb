"""End-to-end journeys of a station worker across several pages of the main window.

Each test drives ``ui.main_window.MainWindow`` on its own temp data file, the way a person would use
the pages one after another; file dialogs and message boxes are replaced (never a blocking exec()).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.core.idcard import make_id, mask_id
from app.register import ledger, start_work
from db.connection import close_database, current_path, open_database
from db.models import Person, Registration
from ui import dialogs, errors
from ui.dialogs.first_run import FirstRunDialog
from ui.main_window import MainWindow

NEW_ID = make_id("440106", dt.date(1988, 4, 12), 35)


class Boxes:
    """Every message the window would have shown, and the answers to its questions."""

    def __init__(self) -> None:
        self.infos: list[str] = []
        self.warnings: list[str] = []
        self.bugs: list[str] = []
        self.confirms: list[str] = []
        self.confirm_answer = True
        self.open_path: Path | None = None
        self.save_path: Path | None = None


@pytest.fixture
def boxes(monkeypatch) -> Boxes:
    b = Boxes()
    monkeypatch.setattr(dialogs, "inform", lambda parent, title, text: b.infos.append(text))

    def confirm(parent, title, text, yes="确定", no="取消") -> bool:
        b.confirms.append(text)
        return b.confirm_answer

    monkeypatch.setattr(dialogs, "confirm", confirm)
    monkeypatch.setattr(dialogs, "ask_open_file", lambda *a, **k: b.open_path)
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *a, **k: b.save_path)
    monkeypatch.setattr(errors, "_message_box", lambda parent, title, text: b.warnings.append(text))
    monkeypatch.setattr(errors, "_bug_report", lambda parent, report, log_file: b.bugs.append(report))
    return b


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    """Each journey's own data folder (the log, the remembered file); no data file left open after."""
    close_database()
    folder = tmp_path / "home"
    monkeypatch.setenv("STATIONDESK_HOME", str(folder))
    yield folder
    close_database()


def _click(qtbot, button) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _window(qtbot) -> MainWindow:
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def _shortcut(qtbot, window: MainWindow, key: Qt.Key) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)


def _register_names(page) -> list[str]:
    model = page.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


# ------------------------------------------------------------------------------ 1. new station


def test_new_station_from_scratch(qtbot, home, boxes) -> None:
    first = FirstRunDialog()
    qtbot.addWidget(first)
    _click(qtbot, first.new_button)
    first.name_edit.setText("幸福村就业服务点")
    with qtbot.waitSignal(first.accepted, timeout=5000):
        _click(qtbot, first.create_button)
    path = first.chosen_path()
    assert path is not None
    open_database(path)
    window = _window(qtbot)
    assert window.windowTitle().startswith("幸福村就业服务点")

    station = window.select_page("station")
    station.editors["name"].set_text("幸福村就业服务站")
    station.editors["district"].set_text("从化区")
    station.editors["phone"].set_text("020-87654321")
    with qtbot.waitSignal(station.profile_saved, timeout=5000):
        _click(qtbot, station.save_button)
    assert window.windowTitle().startswith("幸福村就业服务站 — ")

    _click(qtbot, station.add_staff_button)
    staff = station.staff_dialog
    staff.editors["name"].set_text("李明")
    staff.editors["nature"].set_text("专职")
    with qtbot.waitSignal(staff.accepted, timeout=5000):
        _click(qtbot, staff.save_button)
    assert station.staff_model.rowCount() == 1

    register = window.select_page("register")
    _shortcut(qtbot, window, Qt.Key.Key_N)
    form = register.current_form
    assert form is not None and form.isVisible() and form.person_id is None
    bad = NEW_ID[:17] + ("0" if NEW_ID[17] != "0" else "1")
    form.set_value("id_number", bad)
    form.set_value("name", "陈小明")
    form.set_value("phone", "13712345678")
    form.set_value("employment_status", "未就业")
    form.set_value("survey_date", "2026-03-01")
    assert "校验位" in form.error_text("id_number")
    assert not form.save()
    assert "校验位" in form.error_text("id_number")
    assert Person.select().count() == 0
    form.set_value("id_number", NEW_ID)
    assert form.error_text("id_number") == ""
    assert form.save()
    form.close()
    assert Person.select().count() == 1
    assert _register_names(register) == ["陈小明"]
    assert register.model.index(0, 1).data() == mask_id(NEW_ID)  # masked in the list
    for query in ("陈小明", NEW_ID[6:14], "13712345678"[-4:]):
        register.filter_edit.setText(query)
        assert _register_names(register) == ["陈小明"], query
    register.filter_edit.setText("不存在的人")
    assert _register_names(register) == []
    assert boxes.warnings == [] and boxes.bugs == []


# ------------------------------------------------------------------------------ 2. import then work


def _demo_workbook(tmp_path: Path, persons: int = 300) -> tuple[Path, int]:
    """A ledger workbook exported from a small demo station (its own data file, closed afterwards)."""
    from app import workbook
    from app.demo.generator import generate_demo

    close_database()
    open_database(tmp_path / "demo.sqlite")
    generate_demo(persons=persons, seed=7)
    count = Person.select().count()
    dest = tmp_path / "演示台账.xlsx"
    workbook.export_workbook(dest)
    close_database()
    return dest, count


def _drive_import(monkeypatch, qtbot, seen: list) -> None:
    """ImportDialog.exec() replaced: choose the file (patched dialog), import, close."""
    from ui.dialogs import import_dialog

    def fake_exec(dialog) -> int:
        seen.append(dialog)
        _click(qtbot, dialog.choose_button)
        _click(qtbot, dialog.import_button)
        return 1

    monkeypatch.setattr(import_dialog.ImportDialog, "exec", fake_exec)


def _tile_values(home_page) -> list[str]:
    return [t.value.text() for t in home_page.tiles]


def test_import_then_work_without_restarting(qtbot, tmp_path, boxes, monkeypatch) -> None:
    from app import casework

    source, count = _demo_workbook(tmp_path)
    open_database(tmp_path / "station.sqlite")
    window = _window(qtbot)
    home_page = window.select_page("home")
    empty_tiles = _tile_values(home_page)
    register = window.select_page("register")
    case = window.select_page("casework")
    assert register.model.rowCount() == 0 and case.model.rowCount() == 0

    seen: list = []
    _drive_import(monkeypatch, qtbot, seen)
    boxes.open_path = source
    window.import_action.trigger()
    assert seen and seen[0].summary is not None, boxes.warnings
    assert Person.select().count() == count

    # Without restarting: the register, the case list and the home page show the imported people.
    assert register.model.total() == count
    assert register.count_label.text() == f"共 {count} 人"
    for group, button in case.group_buttons.items():
        members = casework.group_members(group, case.today)
        assert button.text() == f"{group} {len(members)}"
    difficulty = casework.group_members(casework.DIFFICULTY, case.today)
    assert difficulty, "the demo has difficulty persons"
    assert case.model.rowCount() == len(difficulty)
    window.select_page("home")
    assert _tile_values(home_page) != empty_tiles
    assert home_page.model.rowCount() > 0
    assert boxes.warnings == [] and boxes.bugs == []


def test_bad_workbook_imports_nothing(qtbot, tmp_path, boxes, monkeypatch) -> None:
    import openpyxl

    from ui.dialogs.import_dialog import PAGE_PROBLEMS

    open_database(tmp_path / "station.sqlite")
    ledger.save_person(
        {"id_number": NEW_ID, "name": "陈小明", "employment_status": "未就业", "survey_date": "2026-03-01"}
    )
    window = _window(qtbot)
    home_page = window.select_page("home")
    tiles = _tile_values(home_page)
    register = window.select_page("register")
    bad = tmp_path / "有错.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "人员"
    ws.append(["身份证号", "姓名", "就业状态", "调查日期"])
    ws.append([make_id("110101", dt.date(1990, 3, 7), 11), "张三", "未就业", "2024-03-01"])  # fine
    ws.append([make_id("110101", dt.date(1991, 1, 1), 5), "王五", "打工", "2024-03-01"])  # status
    wb.save(bad)

    seen: list = []
    _drive_import(monkeypatch, qtbot, seen)
    boxes.open_path = bad
    window.import_action.trigger()
    dialog = seen[0]
    assert dialog.stack.currentIndex() == PAGE_PROBLEMS
    assert dialog.problem_model.rowCount() == 1
    assert Person.select().count() == 1
    assert register.model.total() == 1 and _register_names(register) == ["陈小明"]
    window.select_page("home")
    assert _tile_values(home_page) == tiles


# ------------------------------------------------------------------------------ 3. a day's work


def _difficulty_person(n: int, name: str) -> int:
    pid = ledger.save_person(
        {
            "id_number": make_id("440106", dt.date(1975, 6, 1), n),
            "name": name,
            "phone": f"1390000{n:04d}",
            "employment_status": "未就业",
            "survey_date": dt.date.today().isoformat(),
            "family_situation": "一般",
            "skills": "无",
            "social_security": "城乡居民社保",
        }
    ).id
    ledger.add_recognition(pid, (dt.date.today() - dt.timedelta(days=400)).isoformat(), "大龄")
    return pid


def _tiles(home_page) -> dict[str, str]:
    return {t.label.text(): t.value.text() for t in home_page.tiles}


def _todo_texts(home_page) -> list[str]:
    return [home_page.model.item(r).text for r in range(home_page.model.rowCount())]


def test_a_days_work_from_the_home_page(qtbot, tmp_path, boxes) -> None:
    from app.workbench import reminders
    from db.models import Service
    from ui.dialogs.service_entry import ServiceEntryDialog

    open_database(tmp_path / "station.sqlite")
    a = _difficulty_person(1, "张三")
    b = _difficulty_person(2, "李四")
    c = _difficulty_person(3, "王五")
    window = _window(qtbot)
    case = window.select_page("casework")  # open before the work: it must follow it
    home_page = window.select_page("home")
    before = _tiles(home_page)
    assert before["本月已联系就业困难人员"] == "0"
    home_page.rule_combo.setCurrentIndex(home_page.rule_combo.findData(reminders.MONTHLY_CONTACT))
    assert sorted(_todo_texts(home_page)) == sorted(
        f"就业困难人员 {n} 本月尚未联系" for n in ("张三", "李四", "王五")
    )
    row = next(r for r in range(home_page.model.rowCount()) if home_page.model.item(r).person_id == a)
    rect = home_page.view.visualRect(home_page.model.index(row, 1))
    qtbot.mouseClick(home_page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dlg = home_page.current_dialog
    assert isinstance(dlg, ServiceEntryDialog) and dlg.person_ids == [a]
    with qtbot.waitSignal(dlg.finished, timeout=5000):
        assert dlg.save()
    assert "就业困难人员 张三 本月尚未联系" not in _todo_texts(home_page)
    assert len(_todo_texts(home_page)) == 2
    after = _tiles(home_page)
    assert after["本月已联系就业困难人员"] == "1" and after["本月服务人次"] == "1"

    # 重点人员帮扶: the monthly round walks the two left, keyboard only.
    window.select_page("casework")
    assert case.isVisible()
    today = dt.date.today().isoformat()
    assert (
        case.model.data(case.model.index(case.model.row_of_person(a), 4)) == today
    )  # followed the home page
    _click(qtbot, case.round_button)
    round_dlg = case.current_dialog
    assert isinstance(round_dlg, ServiceEntryDialog) and sorted(round_dlg.person_ids) == sorted([b, c])
    round_dlg.activateWindow()
    qtbot.waitUntil(round_dlg.isActiveWindow)
    with qtbot.waitSignal(round_dlg.finished, timeout=5000):
        qtbot.keyClick(round_dlg.focusWidget() or round_dlg, Qt.Key.Key_Return)
        qtbot.keyClick(round_dlg.focusWidget() or round_dlg, Qt.Key.Key_Return)
    assert sorted(s.person_id for s in Service.select()) == sorted([a, b, c])
    for pid in (a, b, c):
        assert case.model.data(case.model.index(case.model.row_of_person(pid), 4)) == today
    window.select_page("home")
    assert not [t for t in _todo_texts(home_page) if t.endswith("本月尚未联系")]
    assert _tiles(home_page)["本月已联系就业困难人员"] == "3"
    assert boxes.warnings == [] and boxes.bugs == []


# ------------------------------------------------------------------------------ 4. hiring


def test_hiring_from_the_jobs_page(qtbot, tmp_path, boxes) -> None:
    from app.jobs import referrals
    from app.register.listing import CHIP_REGISTERED
    from db.models import Referral
    from tests.ui.test_jobs_page import build_jobs_ledger
    from ui.pages.jobs import TAB_MATCHING, TAB_REFERRALS, VIEW_VACANCY

    open_database(tmp_path / "station.sqlite")
    jl = build_jobs_ledger()
    window = _window(qtbot)
    home_page = window.select_page("home")
    assert _tiles(home_page)["登记失业人员"] == "1" and _tiles(home_page)["本月实现就业"] == "0"
    register = window.select_page("register")
    chip = register.chip_buttons[CHIP_REGISTERED]
    assert chip.text() == f"{CHIP_REGISTERED} 1"

    jobs_page = window.select_page("jobs")
    jobs_page.show_tab(TAB_MATCHING, VIEW_VACANCY)
    assert jobs_page.matching.select_pick_vacancy(jl.cleaner)
    m = jobs_page.matching.people_match_model
    for pid in (jl.zhang, jl.li):
        index = m.index(m.row_of_id(pid), 0)
        assert m.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert jobs_page.matching.refer_people_button.text() == "推荐所选人员（2）…"
    _click(qtbot, jobs_page.matching.refer_people_button)
    referral_dialog = jobs_page.current_dialog
    with qtbot.waitSignal(referral_dialog.finished, timeout=5000):
        _click(qtbot, referral_dialog.ok_button)
    assert sorted(r.person_id for r in Referral.select()) == sorted([jl.zhang, jl.li])

    jobs_page.show_tab(TAB_REFERRALS)
    zhang_referral = Referral.get(Referral.person == jl.zhang).id
    assert jobs_page.referrals.select_referral(zhang_referral)
    _click(qtbot, jobs_page.referrals.outcome_button)
    outcome = jobs_page.current_dialog
    outcome.set_outcome(referrals.HIRED)
    outcome.follow_edit.set_date(dt.date.today())
    assert outcome.save()
    consequences = jobs_page.current_dialog
    assert consequences is not outcome and start_work.CANCEL_REGISTRATION in consequences.checks
    with qtbot.waitSignal(consequences.finished, timeout=5000):
        _click(qtbot, consequences.save_button)
    assert Registration.get(Registration.person == jl.zhang).cancelled_on == dt.date.today()

    # 劳动力台账 (opened before the hire) counts the registration as cancelled, and so does the form.
    window.select_page("register")
    assert chip.text() == f"{CHIP_REGISTERED} 0"
    assert register.select_person(jl.zhang)
    _click(qtbot, register.open_button)
    form = register.current_form
    assert form.person_id == jl.zhang
    reg_model = form.registration_tab.model
    assert reg_model.index(0, 1).data() == dt.date.today().isoformat()
    assert reg_model.index(0, 2).data() == "被用人单位录用"
    assert form.value("employment_status") == "单位就业"
    form.close()

    window.select_page("home")
    assert _tiles(home_page)["登记失业人员"] == "0" and _tiles(home_page)["本月实现就业"] == "1"
    assert boxes.warnings == [] and boxes.bugs == []


# ------------------------------------------------------------------------------ 5. self-assessment to paper


def test_self_assessment_to_paper(qtbot, tmp_path, boxes) -> None:
    import shutil
    import subprocess

    from app.assessment import assessments
    from db.models import StationProfile

    GZ = "guangzhou-full-employment-2024"
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    open_database(tmp_path / "station.sqlite")
    StationProfile.create(id=1, name="幸福社区就业服务站")
    _difficulty_person(1, "张三")
    window = _window(qtbot)
    documents = window.select_page("documents")  # open before the assessment exists

    page = window.select_page("assessment")
    page.select_standard(GZ)
    page.select_item("2.1")
    page.detail.checkboxes["window"].setChecked(True)
    page.detail.note_edit.setPlainText("服务窗口在一楼大厅")
    _click(qtbot, page.detail.save_button)
    assessment_id = page.assessment_id
    assert assessment_id is not None
    _click(qtbot, page.finalize_button)
    assert page.finalized and "已定稿" in page.state_label.text()
    assert assessments.answers(assessment_id)["2.1"].checked == frozenset({"window"})

    window.select_page("documents")
    documents.select_document("score-sheet")
    std = documents.fields["standard"]
    std.combo.setCurrentIndex(std.combo.findData(GZ))
    combo = documents.fields["assessment"].combo
    assert combo.findData(assessment_id) > 0, "the saved assessment is offered"
    combo.setCurrentIndex(combo.findData(assessment_id))
    _click(qtbot, documents.preview_button)
    assert documents.preview.page_count() >= 1
    boxes.save_path = tmp_path / "out" / "自评打分表"
    boxes.save_path.parent.mkdir()
    _click(qtbot, documents.save_pdf_button)
    saved = boxes.save_path.with_name("自评打分表.pdf")
    assert saved.is_file()
    text = subprocess.run(["pdftotext", str(saved), "-"], capture_output=True, check=True, text=True).stdout
    assert "幸福社区就业服务站" in text
    assert "备注：服务窗口在一楼大" in text  # the answer given on 自评 (the cell wraps)
    assert boxes.warnings == [] and boxes.bugs == []


# ------------------------------------------------------------------------------ 6. backup and restore


def test_backup_and_restore_while_pages_are_open(qtbot, tmp_path, boxes) -> None:
    data = tmp_path / "station.sqlite"
    open_database(data)
    ledger.save_person(
        {"id_number": NEW_ID, "name": "陈小明", "employment_status": "未就业", "survey_date": "2026-03-01"}
    )
    window = _window(qtbot)
    register = window.select_page("register")
    case = window.select_page("casework")
    settings_page = window.select_page("settings")

    boxes.save_path = tmp_path / "备份" / "站点备份.sqlite"
    _click(qtbot, settings_page.backup_button)
    assert boxes.save_path.is_file(), boxes.warnings
    assert "已备份并校验完好" in boxes.infos[-1]

    window.select_page("register")
    _shortcut(qtbot, window, Qt.Key.Key_N)
    form = register.current_form
    form.set_value("id_number", make_id("440106", dt.date(1990, 2, 2), 47))
    form.set_value("name", "后加人")
    form.set_value("employment_status", "未就业")
    form.set_value("survey_date", "2026-03-02")
    assert form.save()
    form.close()
    ledger.add_recognition(Person.get(Person.name == "后加人").id, "2026-03-02", "大龄")
    window.select_page("casework")
    assert case.model.rowCount() == 1  # the new difficulty person is on the case list
    assert sorted(_register_names(register)) == ["后加人", "陈小明"]

    window.select_page("settings")
    boxes.open_path = boxes.save_path
    _click(qtbot, settings_page.restore_button)
    assert "已从备份恢复数据" in boxes.infos[-1], boxes.warnings
    kept = [p for p in data.parent.iterdir() if "replaced" in p.name and p.suffix == ".sqlite"]
    assert len(kept) == 1, list(data.parent.iterdir())
    assert current_path() == data
    assert [p.name for p in Person.select()] == ["陈小明"]

    # Without restarting: every page shows the restored data.
    window.select_page("register")
    assert _register_names(register) == ["陈小明"]
    assert register.count_label.text() == "共 1 人"
    window.select_page("casework")
    assert case.model.rowCount() == 0
    # The kept copy holds what was replaced.
    close_database()
    open_database(kept[0])
    assert sorted(p.name for p in Person.select()) == ["后加人", "陈小明"]
    assert boxes.warnings == [] and boxes.bugs == []


# ------------------------------------------------------------------------------ 7. another data file


def _station_file(path: Path, name: str, person: str, seq: int) -> None:
    from app.jobs import vacancies as jobs
    from db.models import StationProfile

    close_database()
    open_database(path)
    StationProfile.create(id=1, name=name)
    pid = _difficulty_person(seq, person)
    from app import casework

    casework.add_service(
        {"person_id": pid, "served_on": dt.date.today(), "kind": "跟踪回访", "content": f"联系{person}"},
        dt.date.today(),
    )
    employer = jobs.save_employer({"name": f"{person}所在公司", "kind": "其他"}).id
    jobs.save_vacancy(
        {
            "code": f"G-{seq}",
            "employer_id": employer,
            "title": f"{person}岗位",
            "kind": "全日制",
            "headcount": 1,
            "collected_on": dt.date.today().isoformat(),
        }
    )
    from db.models import Staff

    Staff.create(name=f"{person}站长", nature="专职")
    close_database()


def test_open_another_data_file_while_pages_are_open(qtbot, tmp_path, boxes) -> None:
    first, second = tmp_path / "甲.sqlite", tmp_path / "乙.sqlite"
    _station_file(first, "甲社区就业服务站", "张甲", 1)
    _station_file(second, "乙社区就业服务站", "李乙", 2)
    open_database(first)
    window = _window(qtbot)
    for slug in window.page_slugs():
        window.select_page(slug)
    window.select_page("register")
    assert window.windowTitle().startswith("甲社区就业服务站")

    boxes.open_path = second
    window.open_action.trigger()
    assert current_path() == second
    assert window.windowTitle().startswith("乙社区就业服务站")
    assert "乙.sqlite" in window.path_label.text()

    register = window.select_page("register")
    assert _register_names(register) == ["李乙"]
    case = window.select_page("casework")
    assert [case.model.data(case.model.index(r, 0)) for r in range(case.model.rowCount())] == ["李乙"]
    services = window.select_page("services")
    assert services.model.rowCount() == 1
    assert "李乙" in [services.model.index(0, c).data() for c in range(services.model.columnCount())]
    jobs_page = window.select_page("jobs")
    from ui.pages.jobs import TAB_VACANCIES

    jobs_page.show_tab(TAB_VACANCIES)
    vac = jobs_page.vacancies.vacancy_model
    assert [vac.text(r, "岗位名称") for r in range(vac.rowCount())] == ["李乙岗位"]
    station = window.select_page("station")
    assert station.editors["name"].text() == "乙社区就业服务站"
    assert station.staff_model.index(0, 0).data() == "李乙站长"
    settings_page = window.select_page("settings")
    assert settings_page.path_label.text() == str(second)
    home_page = window.select_page("home")
    assert any("李乙" in t for t in _todo_texts(home_page)) or _tiles(home_page)["就业困难人员"] == "1"
    assert not any("张甲" in t for t in _todo_texts(home_page))
    assert boxes.warnings == [] and boxes.bugs == []


# ------------------------------------------------------------------ the fix: pages follow the data


def _count_reloads(monkeypatch, page) -> list[int]:
    calls: list[int] = []
    original = page.reload

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(page, "reload", counting)
    return calls


def test_a_page_shown_again_rereads_only_when_the_data_changed(qtbot, tmp_path, boxes, monkeypatch) -> None:
    open_database(tmp_path / "station.sqlite")
    window = _window(qtbot)
    register = window.select_page("register")
    calls = _count_reloads(monkeypatch, register)
    window.select_page("casework")
    window.select_page("register")
    assert calls == []  # nothing changed: no re-read
    window.select_page("casework")
    ledger.save_person(
        {"id_number": NEW_ID, "name": "陈小明", "employment_status": "未就业", "survey_date": "2026-03-01"}
    )
    window.select_page("register")
    assert calls == [1] and _register_names(register) == ["陈小明"]
    window.select_page("casework")
    window.select_page("register")
    assert calls == [1]


def test_a_commit_from_another_thread_is_seen(qtbot, tmp_path, boxes, monkeypatch) -> None:
    import threading

    from db.models import database

    open_database(tmp_path / "station.sqlite")
    window = _window(qtbot)
    register = window.select_page("register")
    window.select_page("station")

    def write() -> None:  # a worker thread has its own connection (as the import and restore have)
        ledger.save_person(
            {
                "id_number": NEW_ID,
                "name": "陈小明",
                "employment_status": "未就业",
                "survey_date": "2026-03-01",
            }
        )
        database.close()

    worker = threading.Thread(target=write)
    worker.start()
    worker.join()
    window.select_page("register")
    assert _register_names(register) == ["陈小明"]


def test_pages_that_refresh_themselves_are_not_reloaded_twice(qtbot, tmp_path, boxes, monkeypatch) -> None:
    from ui.pages.assessment import AssessmentPage
    from ui.pages.home import HomePage

    assert HomePage.REFRESHES_ON_SHOW and AssessmentPage.REFRESHES_ON_SHOW
    open_database(tmp_path / "station.sqlite")
    window = _window(qtbot)
    home_page = window.select_page("home")
    calls = _count_reloads(monkeypatch, home_page)
    window.select_page("register")
    ledger.save_person(
        {"id_number": NEW_ID, "name": "陈小明", "employment_status": "未就业", "survey_date": "2026-03-01"}
    )
    window.select_page("home")
    assert calls == [1]  # its own showEvent, not the window as well


def test_data_stamp_without_an_open_file() -> None:
    from ui.main_window import data_stamp

    close_database()
    assert data_stamp() is None


# ---------------------------------------------------------------------- 9. a household by hand


def _station(tmp_path: Path) -> None:
    from db.models import StationProfile

    open_database(tmp_path / "station.sqlite")
    StationProfile.create(id=1, name="石门村就业服务站", kind="村")


def test_a_household_of_three_entered_by_hand(qtbot, tmp_path, boxes) -> None:
    from ui.dialogs.household_edit import AddMemberDialog
    from ui.forms.person_form import PersonForm
    from ui.household import HouseholdDialog

    _station(tmp_path)
    window = _window(qtbot)
    register = window.select_page("register")
    form = register.new_record()
    assert isinstance(form, PersonForm)
    for name, value in (
        ("id_number", make_id("440106", dt.date(1970, 3, 1), 11)),
        ("name", "王大山"),
        ("household_code", "H900"),
        ("relation", "户主"),
        ("address", "石门村 12 号"),
        ("grid", "第二网格"),
        ("employment_status", "灵活就业"),
    ):
        form.set_value(name, value)
    assert form.save()
    household = form.open_household()
    assert isinstance(household, HouseholdDialog)
    for key, name, born, relation, status in (
        (12, "李秀兰", dt.date(1972, 8, 9), "配偶", "未就业"),
        (13, "王小明", dt.date(1998, 1, 20), "子女", "灵活就业"),
    ):
        add = household.add_member()
        assert isinstance(add, AddMemberDialog)
        assert "石门村 12 号" in add.shared_note.text()  # shared, not retyped
        add.id_edit.setText(make_id("440106", born, key))
        add.name_edit.setText(name)
        add.relation.setCurrentIndex(add.relation.findData(relation))
        add.status.setCurrentIndex(add.status.findData(status))
        assert add.submit(), [e.text() for e in add.errors.values()]
    assert household.members.rowCount() == 3
    household.reject()
    form.reject()
    register.reload()
    register.filter_edit.setText("H900")
    assert sorted(_register_names(register)) == sorted(["王大山", "李秀兰", "王小明"])
    members = list(Person.select().where(Person.name.in_(["李秀兰", "王小明"])))
    assert {(p.address, p.grid) for p in members} == {("石门村 12 号", "第二网格")}
    assert boxes.warnings == [] and boxes.bugs == []


# ------------------------------------------------------------------------------ 10. someone moves away


def test_a_person_moved_away(qtbot, tmp_path, boxes) -> None:
    from ui.dialogs.person_exit import ExitDialog

    _station(tmp_path)
    pid = _difficulty_person(1, "张三")
    _difficulty_person(2, "李四")
    window = _window(qtbot)
    home_page = window.select_page("home")
    assert any(t.startswith("就业困难人员 张三") for t in _todo_texts(home_page))
    register = window.select_page("register")
    register.filter_edit.setText("zs")  # pinyin initials
    qtbot.keyClick(register.filter_edit, Qt.Key.Key_Return)
    assert register.selected_person_ids() == [pid]
    form = register.open_selected()
    exit_dialog = form.open_exit()
    assert isinstance(exit_dialog, ExitDialog)
    exit_dialog.reason.setCurrentIndex(exit_dialog.reason.findData("迁出"))
    exit_dialog.date_edit.setText(dt.date.today().isoformat())
    assert exit_dialog.submit()
    assert form.exit_label.text().startswith("已迁出")
    form.reject()
    assert Person.get_by_id(pid).exit_status == "迁出"  # kept, not deleted
    assert "已迁出" in register.model.data(register.model.index(0, register.model.columnCount() - 1))
    window.select_page("home")
    assert not any("张三" in t for t in _todo_texts(home_page))
    assert any("李四" in t for t in _todo_texts(home_page))
    assert boxes.warnings == [] and boxes.bugs == []


# ---------------------------------------------------------------------- 11. a zero-employment family cleared


def test_a_zero_employment_family_cleared(qtbot, tmp_path, boxes) -> None:
    from ui.dialogs.consequences import ConsequencesDialog
    from ui.forms.history import AddEmploymentDialog

    _station(tmp_path)
    head = ledger.save_person(
        {
            "id_number": make_id("440106", dt.date(1975, 6, 1), 21),
            "name": "赵铁柱",
            "household_code": "H501",
            "relation": "户主",
            "employment_status": "未就业",
            "survey_date": dt.date.today().isoformat(),
        }
    ).id
    window = _window(qtbot)
    register = window.select_page("register")
    register.select_person(head)
    form = register.open_selected()
    household = form.open_household()
    zero = household.add_zero()
    zero.recognized.setText((dt.date.today() - dt.timedelta(days=60)).isoformat())
    assert zero.submit()
    assert household.zero.text(0, 2) == "未清零"
    household.reject()

    form.tabs.setCurrentWidget(form.employment_tab)
    add = form.employment_tab.add()
    assert isinstance(add, AddEmploymentDialog)
    add.form_combo.setCurrentIndex(add.form_combo.findData("单位就业"))
    add.employer.setText("石门食品厂")
    add.submit()  # with consequences: the 登记就业 dialog opens
    consequences = add.consequences_dialog
    assert isinstance(consequences, ConsequencesDialog)
    assert consequences.save()
    household = form.open_household()
    assert household.zero.text(0, 2).startswith("已清零")
    household.reject()
    form.reject()
    home_page = window.select_page("home")
    assert not any("赵铁柱" in t for t in _todo_texts(home_page))
    assert boxes.warnings == [] and boxes.bugs == []


# ------------------------------------------------------------------------------ 12. a service by typing "zw"


def test_a_service_recorded_by_typing_zw(qtbot, tmp_path, boxes) -> None:
    from db.models import Service
    from ui.dialogs.service_entry import ServiceEntryDialog

    _station(tmp_path)
    for n, name in ((31, "张伟"), (32, "赵文"), (33, "李四")):
        ledger.save_person(
            {
                "id_number": make_id("440106", dt.date(1980, 1, 1), n),
                "name": name,
                "household_code": f"H{n}",
                "employment_status": "未就业",
                "survey_date": dt.date.today().isoformat(),
            }
        )
    window = _window(qtbot)
    services = window.select_page("services")
    dialog = services.new_record()
    assert isinstance(dialog, ServiceEntryDialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.person_edit.setFocus()
    qtbot.keyClicks(dialog.person_edit, "zw")
    hits = [h.name for h in dialog.picker.hits()]
    assert sorted(hits) == ["张伟", "赵文"]  # both read zw: the masked ID and 户编号 tell them apart
    qtbot.keyClick(dialog.person_edit, Qt.Key.Key_Down)
    row = hits.index("赵文")
    for _ in range(row):
        qtbot.keyClick(dialog.picker.view, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.picker.view, Qt.Key.Key_Return)
    assert dialog.focusWidget() is dialog.served_on
    dialog.content.setText("电话回访")
    with qtbot.waitSignal(dialog.finished, timeout=5000):
        qtbot.keyClick(dialog.content, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert Service.get().person.name == "赵文"
    assert boxes.warnings == [] and boxes.bugs == []
