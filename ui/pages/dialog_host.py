"""Pages that open record dialogs without blocking, reload when one closes, then delete it."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog


class DialogHost:
    """Mixin for a page (a QWidget with ``reload()``) that opens dialogs window-modally.

    ``current_dialog`` is the open one (tests drive it). The ``finished`` signal goes to a bound
    method, not a lambda: PySide6 6.11 crashes when a lambda slot is connected to ``finished`` of a
    dialog deleted on close, so the dialog is deleted here instead, after the page has reloaded.
    """

    current_dialog: QDialog | None = None

    def reload(self) -> None:  # provided by the page
        raise NotImplementedError

    def open_dialog(self, dialog: QDialog) -> QDialog:
        dialog.finished.connect(self._dialog_finished)
        self.current_dialog = dialog
        dialog.open()
        return dialog

    def _dialog_finished(self, _result: int = 0) -> None:
        dialog, self.current_dialog = self.current_dialog, None
        self.reload()
        if dialog is not None:
            dialog.deleteLater()
