"""The main window: the pages that exist, navigation, title, shortcuts, the page registry."""

from __future__ import annotations

import pytest

from app.core.errors import UserError
from db.connection import current_path
from ui import pages
from ui.main_window import APP_TITLE, MainWindow
from ui.pages import PAGES, PageLoadError, PageSpec, as_page, find_page
from ui.pages.base import Page, PageSignals
from ui.pages.register import RegisterPage


@pytest.fixture
def window(qtbot, small_ledger):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


# The nine pages of PRODUCT.md's interface map and the 操作日志 (issue 15), written out here (not derived
# from ui.pages.PAGES).
NINE_PAGES = [
    ("home", "工作台"),
    ("register", "劳动力台账"),
    ("casework", "重点人员帮扶"),
    ("services", "服务记录"),
    ("jobs", "岗位与匹配"),
    ("assessment", "自评"),
    ("documents", "申报与报表"),
    ("station", "站点信息"),
    ("audit", "操作日志"),
    ("settings", "设置与备份"),
]


def test_registry_follows_the_interface_map():
    assert [(p.slug, p.title) for p in PAGES] == NINE_PAGES


def test_find_page_by_slug_or_title():
    assert find_page("register") is find_page("劳动力台账")
    assert find_page("nothing") is None


def test_a_registered_page_loads_its_class():
    assert PageSpec("r", "劳动力台账", "ui.pages.register:RegisterPage").load() is RegisterPage


def test_a_missing_module_is_an_error_not_an_omission():
    with pytest.raises(PageLoadError, match="does_not_exist"):
        PageSpec("x", "无", "ui.pages.does_not_exist:Page").load()


def test_a_missing_class_is_an_error():
    with pytest.raises(PageLoadError, match="NoSuchPage"):
        PageSpec("y", "无类", "ui.pages.register:NoSuchPage").load()


def test_a_class_that_is_not_a_page_is_an_error():
    with pytest.raises(PageLoadError, match=r"lacks .*window_signals"):
        PageSpec("z", "非页面", "ui.dialogs.station_staff:StaffDialog").load()


def test_a_module_that_raises_on_import_is_an_error(monkeypatch):
    def broken(name, *args, **kwargs):
        raise ImportError("cannot import name 'Gone' from 'app.jobs'")

    monkeypatch.setattr(pages.importlib, "import_module", broken)
    with pytest.raises(PageLoadError, match="Gone") as caught:
        PageSpec("b", "坏", "ui.pages.broken_page:BrokenPage").load()
    assert isinstance(caught.value.__cause__, ImportError)


@pytest.mark.parametrize(("slug", "title"), NINE_PAGES)
def test_every_page_implements_the_page_protocol(qtbot, small_ledger, slug, title):
    spec = find_page(slug)
    assert spec is not None and spec.title == title
    widget = spec.load()()
    qtbot.addWidget(widget)
    page = as_page(widget)
    assert isinstance(page, Page)
    assert isinstance(page.REFRESHES_ON_SHOW, bool)
    assert isinstance(page.window_signals(), PageSignals)


def test_window_lists_all_nine_pages(window):
    assert window.page_slugs() == [slug for slug, _title in NINE_PAGES]
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [t for _s, t in NINE_PAGES]


def test_a_broken_page_stays_listed_and_opening_it_is_a_bug_report(monkeypatch, qtbot, small_ledger):
    import ui.errors

    reports: list[str] = []
    monkeypatch.setattr(ui.errors, "_bug_report", lambda _parent, report, _log: reports.append(report))
    monkeypatch.setattr(pages, "PAGES", (*pages.PAGES, PageSpec("ghost", "幽灵", "ui.pages.ghost:Ghost")))
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.page_slugs()[-1] == "ghost"
    w.nav.setCurrentRow(len(w.page_slugs()) - 1)
    assert len(reports) == 1 and "ui.pages.ghost" in reports[0]
    assert w.page("ghost") is None


def test_window_opens_on_the_first_page_of_the_interface_map(window):
    """工作台 comes first in PRODUCT.md's interface map: the day starts on the to-do list."""
    assert window.page_slugs()[0] == "home"
    assert window.nav.currentRow() == 0
    assert window.current_page() is window.page("home")


def test_register_page_shown_first_when_there_is_no_home(monkeypatch, qtbot, small_ledger):
    monkeypatch.setattr(pages, "PAGES", tuple(p for p in pages.PAGES if p.slug != "home"))
    w = MainWindow()
    qtbot.addWidget(w)
    assert isinstance(w.current_page(), RegisterPage)


def test_pages_are_created_lazily_and_navigation_switches(window):
    slugs = window.page_slugs()
    first = slugs[window.nav.currentRow()]
    others = [s for s in slugs if s != first]
    assert all(window.page(s) is None for s in others)
    # Switch between the register page and the station page (written alongside this window).
    targets = [s for s in ("register", "station") if s in slugs and s != first] or others[:1]
    for slug in targets:
        window.nav.setCurrentRow(slugs.index(slug))
        assert window.page(slug) is not None
        assert window.stack.currentWidget() is window.page(slug)
    window.nav.setCurrentRow(slugs.index(first))
    assert window.stack.currentWidget() is window.page(first)


def test_select_page_by_chinese_title(window):
    page = window.select_page("劳动力台账")
    assert isinstance(page, RegisterPage)
    assert window.nav.currentItem().text() == "劳动力台账"


def test_unknown_page_is_a_user_error(window):
    with pytest.raises(UserError, match="没有页面"):
        window.select_page("不存在")


def test_title_has_the_station_name_and_status_bar_the_file(window):
    assert window.windowTitle() == f"幸福社区就业服务站 — {APP_TITLE}"
    assert str(current_path()) in window.path_label.text()


def test_title_without_a_station_profile(qtbot, db):
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.windowTitle() == APP_TITLE


def test_ctrl_n_opens_a_new_person_form(window):
    page = window.select_page("register")
    window.new_record()
    assert page.current_form is not None
    assert page.current_form.person_id is None
    page.current_form.reject()


def test_ctrl_f_focuses_the_filter(qtbot, window):
    page = window.select_page("register")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    from PySide6.QtCore import Qt

    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(page.filter_edit.hasFocus)


def test_menus(window):
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["文件(&F)", "帮助(&H)"]
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions() if not a.isSeparator()]
    assert texts == [
        "导入台账…",
        "导出台账…",
        "下载空白模板…",
        "新建站点或打开演示站点…",
        "打开数据文件…",
        "切换账号…",
        "新建汇总库…",
        "打开汇总库…",
        "退出",
    ]


def test_reload_pages_after_an_import(window, small_ledger):
    from app.register import ledger

    page = window.select_page("register")
    assert page.model.rowCount() == 6
    ledger.delete_person(small_ledger.sun)
    window.reload_pages()
    assert page.model.rowCount() == 5


def test_open_data_file_switches_files_and_remembers(monkeypatch, qtbot, window, tmp_path):
    import ui.app
    import ui.errors
    from db.connection import close_database, current_path, open_database
    from ui import dialogs

    home = tmp_path / "home2"
    home.mkdir()
    monkeypatch.setattr(ui.app, "default_db_path", lambda: home / "station.sqlite")
    first = current_path()
    other = tmp_path / "另一个站点.sqlite"
    open_database(other)
    close_database()
    open_database(first)
    monkeypatch.setattr(dialogs, "ask_open_file", lambda *a, **k: other)
    window.open_data_file()
    assert current_path() == other
    assert "另一个站点.sqlite" in window.path_label.text()
    assert ui.app.remembered_data_file() == other.resolve()

    bad = tmp_path / "坏.sqlite"
    bad.write_bytes(b"this is not a database")
    messages: list[str] = []
    monkeypatch.setattr(ui.errors, "_message_box", lambda _p, _t, text: messages.append(text))
    monkeypatch.setattr(dialogs, "ask_open_file", lambda *a, **k: bad)
    window.open_data_file()
    assert messages and current_path() == other  # the file in use stays open
    assert ui.app.remembered_data_file() == other.resolve()


# ---------------------------------------------------------------------------- run_gui


@pytest.fixture
def no_loop(monkeypatch):
    """run_gui without an event loop or a global exception hook; records the windows shown."""
    from PySide6.QtWidgets import QApplication

    import ui.errors
    import ui.main_window

    shown: list[MainWindow] = []
    monkeypatch.setattr(QApplication, "exec", lambda *_a: 0)
    monkeypatch.setattr(ui.errors, "install_excepthook", lambda **_k: None)
    original_show = ui.main_window.MainWindow.show_fitted

    def show(self):
        shown.append(self)
        original_show(self)

    monkeypatch.setattr(ui.main_window.MainWindow, "show_fitted", show)
    yield shown
    for w in shown:
        w.close()
        w.deleteLater()


def test_run_gui_opens_the_given_file(qtbot, no_loop, tmp_path):
    from PySide6.QtWidgets import QApplication

    from ui.app import APP_NAME, run_gui

    path = _station_file(tmp_path / "given.sqlite")
    assert run_gui(path) == 0
    assert path.exists()
    assert len(no_loop) == 1
    assert QApplication.applicationName() == APP_NAME


def _station_file(path):
    """An existing station file (a missing ``--db`` is refused, not created)."""
    from db.connection import close_database, open_database

    open_database(path)
    close_database()
    return path


def test_run_gui_with_a_missing_explicit_file_refuses_it_and_offers_first_run(
    monkeypatch, qtbot, no_loop, tmp_path
):
    import ui.app
    import ui.errors

    messages = []
    monkeypatch.setattr(ui.errors, "_message_box", lambda _p, _t, text: messages.append(text))
    monkeypatch.setattr(ui.app, "_first_run", lambda: None)
    typo = tmp_path / "typo" / "statoin.sqlite"
    assert ui.app.run_gui(typo) == 0
    assert messages and "找不到数据文件" in messages[0]
    assert not typo.parent.exists()
    assert no_loop == []


def test_run_gui_first_run_when_no_default_file(monkeypatch, qtbot, no_loop, tmp_path):
    import ui.app

    chosen = tmp_path / "chosen.sqlite"
    monkeypatch.setattr(ui.app, "default_db_path", lambda: tmp_path / "missing" / "station.sqlite")
    monkeypatch.setattr(ui.app, "_first_run", lambda: chosen)
    assert ui.app.run_gui(None) == 0
    assert chosen.exists()
    assert not (tmp_path / "missing").exists()
    assert len(no_loop) == 1


def test_run_gui_first_run_cancelled(monkeypatch, qtbot, no_loop, tmp_path):
    import ui.app

    monkeypatch.setattr(ui.app, "default_db_path", lambda: tmp_path / "missing.sqlite")
    monkeypatch.setattr(ui.app, "_first_run", lambda: None)
    assert ui.app.run_gui(None) == 0
    assert no_loop == []


def test_run_gui_bad_file_shows_the_message_then_offers_first_run(monkeypatch, qtbot, no_loop, tmp_path):
    import ui.app
    import ui.errors

    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not a database")
    messages = []
    monkeypatch.setattr(ui.errors, "_message_box", lambda _p, _t, text: messages.append(text))
    good = tmp_path / "good.sqlite"
    monkeypatch.setattr(ui.app, "_first_run", lambda: good)
    assert ui.app.run_gui(bad) == 0
    assert messages and "不是本程序的数据文件" in messages[0]
    assert good.exists()
    assert len(no_loop) == 1


def test_run_gui_remembers_the_file_chosen_at_first_run(monkeypatch, qtbot, no_loop, tmp_path):
    """A station created (or an existing file opened) outside the default place opens directly next time
    instead of the first-run dialog saying there is no data file."""
    import ui.app

    home = tmp_path / "home"
    home.mkdir()  # the data folder (it holds the log)
    monkeypatch.setattr(ui.app, "default_db_path", lambda: home / "station.sqlite")
    chosen = tmp_path / "elsewhere" / "我的站点.sqlite"
    chosen.parent.mkdir()
    monkeypatch.setattr(ui.app, "_first_run", lambda: chosen)
    assert ui.app.run_gui(None) == 0
    assert ui.app.remembered_data_file() == chosen.resolve()

    def no_first_run():
        raise AssertionError("the first-run dialog was shown again")

    monkeypatch.setattr(ui.app, "_first_run", no_first_run)
    assert ui.app.run_gui(None) == 0
    assert len(no_loop) == 2
    assert ui.app.startup_path() == chosen.resolve()


def test_default_file_wins_over_the_remembered_one(monkeypatch, tmp_path):
    import ui.app

    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setattr(ui.app, "default_db_path", lambda: home / "station.sqlite")
    other = tmp_path / "other.sqlite"
    other.write_bytes(b"")
    ui.app.remember_data_file(other)
    assert ui.app.startup_path() == other.resolve()
    (home / "station.sqlite").write_bytes(b"")
    assert ui.app.startup_path() == home / "station.sqlite"


def test_demo_and_vanished_files_are_not_reopened(monkeypatch, tmp_path):
    import ui.app

    home = tmp_path / "home"
    monkeypatch.setattr(ui.app, "default_db_path", lambda: home / "station.sqlite")
    assert ui.app.startup_path() is None  # nothing remembered yet
    home.mkdir()
    demo = home / ui.app.DEMO_FILE
    demo.write_bytes(b"")
    ui.app.remember_data_file(demo)
    assert ui.app.startup_path() is None  # after the demo, the first-run choices come again
    gone = tmp_path / "gone.sqlite"
    gone.write_bytes(b"")
    ui.app.remember_data_file(gone)
    gone.unlink()
    assert ui.app.startup_path() is None


def test_run_gui_with_an_explicit_file_does_not_remember_it(monkeypatch, qtbot, no_loop, tmp_path):
    import ui.app

    monkeypatch.setattr(ui.app, "default_db_path", lambda: tmp_path / "home" / "station.sqlite")
    (tmp_path / "home").mkdir()
    assert ui.app.run_gui(_station_file(tmp_path / "given.sqlite")) == 0
    assert ui.app.remembered_data_file() is None


def test_cjk_font_is_found():
    from ui.app import cjk_font_files, load_cjk_font

    assert cjk_font_files(), "no CJK font: Chinese would render as boxes"
    assert load_cjk_font() is not None


def test_restore_on_settings_page_reloads_every_open_page(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """SettingsPage.database_replaced is wired to reload_pages: no page shows data of the old file."""
    from ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.select_page("register")
    settings = window.select_page("settings")
    reloaded: list[str] = []
    register = window.page("register")
    assert register is not None
    register.reload = lambda: reloaded.append("register")  # type: ignore[method-assign]
    settings.database_replaced.emit()  # type: ignore[attr-defined]
    assert reloaded == ["register"]


def test_new_station_from_the_menu_opens_it_and_cancel_keeps_the_current_file(
    window, monkeypatch, tmp_path
) -> None:
    """文件 → 新建站点或打开演示站点…: the first-run choices once the window is open."""
    from db.connection import current_path
    from db.models import Person, StationProfile
    from ui.dialogs.first_run import FirstRunDialog

    before = current_path()
    people = Person.select().count()
    assert people > 0
    monkeypatch.setattr(FirstRunDialog, "exec", lambda self: 0)  # the worker cancels
    window.switch_station()
    assert current_path() == before
    assert Person.select().count() == people

    target = tmp_path / "新站点.sqlite"

    def create(self) -> int:
        self.name_edit.setText("新村就业服务点")
        self.path_edit.setText(str(target))
        self.create_new()
        return self.result()

    monkeypatch.setattr(FirstRunDialog, "exec", create)
    window.switch_station()
    assert current_path() == target
    assert Person.select().count() == 0
    assert StationProfile.get_by_id(1).name == "新村就业服务点"
    assert "新村就业服务点" in window.windowTitle()


def test_demo_station_says_so_in_the_title(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """Nobody mistakes the demo's fictitious people for a real station's."""
    import datetime as dt

    from app.demo.generator import generate_demo

    generate_demo(persons=50, seed=1, today=dt.date(2026, 11, 22))
    w = MainWindow()
    qtbot.addWidget(w)
    assert "（演示数据，人员均为虚构）" in w.windowTitle()


def test_a_real_station_title_has_no_demo_mark(window) -> None:
    assert "演示数据" not in window.windowTitle()
    assert window.windowTitle().startswith("幸福社区就业服务站")


def test_import_reloads_the_pages_once_and_only_when_something_was_imported(window, monkeypatch) -> None:
    from ui.dialogs.import_dialog import ImportDialog

    calls: list[int] = []
    monkeypatch.setattr(window, "reload_pages", lambda: calls.append(1))
    monkeypatch.setattr(ImportDialog, "exec", lambda self: 0)  # cancelled
    window.import_ledger()
    assert calls == []
    monkeypatch.setattr(ImportDialog, "exec", lambda self: (self.imported.emit(object()), 1)[1])
    window.import_ledger()
    assert calls == [1]
