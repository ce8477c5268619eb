"""``python -m app`` / ``stationdesk``: the window, or a sub-command (see :mod:`app.cli`)."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path


def _run_gui(db_path: Path | None) -> int:
    # Imported lazily: app/ never imports Qt; only opening the window needs ui/.
    from ui.app import run_gui

    return int(run_gui(db_path))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["__xlsx_rows__"]:  # a process reading one large sheet for an import
        from app.workbook.xlsxstream import reader_main

        return reader_main(args[1:])
    from app.cli.main import main as cli_main
    from app.cli.main import setup_logging
    from app.core.paths import user_data_dir
    from app.core.privacy import private_dir, restrict_new_files

    restrict_new_files()
    with contextlib.suppress(OSError):  # reported when the log or the data file is written
        private_dir(user_data_dir())

    try:
        setup_logging()
    except OSError as exc:  # an unwritable data folder must not stop the program
        print(f"警告：无法写入日志文件（{exc}）", file=sys.stderr)
    return cli_main(sys.argv[1:] if argv is None else argv, open_window=_run_gui)


if __name__ == "__main__":
    sys.exit(main())
