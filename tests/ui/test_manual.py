"""帮助 → 使用说明 (F1): the Chinese manual covers the pages, the yearly self-assessment, importing,
printing and backup."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ui.dialogs.manual import ManualDialog


def test_manual_covers_the_topics(qtbot):
    dialog = ManualDialog()
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    for topic in ("第一次使用", "各页面", "每年的自评", "导入台账", "打印", "备份", "回收站", "拼音首字母"):
        assert topic in text


def test_f1_opens_the_manual(qtbot, small_ledger):
    from ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    assert window.manual_action.shortcut().toString() == "F1"
    assert window.manual_action.text() == "使用说明"
    window.manual_action.trigger()
    assert isinstance(window.manual_dialog, ManualDialog)
    assert window.manual_dialog.isVisible()
    window.manual_dialog.close()
    assert window.manual_action.shortcutContext() == Qt.ShortcutContext.WindowShortcut
    window.close()
