"""Qt's own texts are Chinese: standard buttons, the text boxes' context menu, the file dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLineEdit

from ui.translation import install_qt_chinese, translation_dirs


def test_the_catalogue_ships_with_pyside6():
    assert any((folder / "qtbase_zh_CN.qm").is_file() for folder in translation_dirs())


def test_installing_twice_is_harmless(qapp):
    assert install_qt_chinese(qapp)
    assert install_qt_chinese(qapp)


def test_standard_buttons_are_chinese(qtbot):
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok
        | QDialogButtonBox.StandardButton.Cancel
        | QDialogButtonBox.StandardButton.Save
    )
    qtbot.addWidget(box)
    texts = {b.text() for b in box.buttons()}
    assert {"确定", "取消", "保存"} <= texts


def test_text_box_context_menu_is_chinese(qtbot):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    texts = [a.text().split("\t")[0] for a in menu.actions() if a.text()]
    assert "复制(&C)" in texts and "粘贴(&P)" in texts and "全选" in texts
    assert not any("Copy" in t or "Paste" in t for t in texts)
    menu.deleteLater()


def test_qt_file_dialog_is_chinese(qtbot):
    dialog = QFileDialog(None, "打开数据文件")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    labels = {w.text() for w in dialog.findChildren(type(dialog.findChild(QDialogButtonBox).buttons()[0]))}
    assert "取消" in labels
    assert not {"Cancel", "Open"} & labels
