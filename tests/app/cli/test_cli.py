"""The command line: discovery, exit codes 0/1/2 and Chinese messages, in-process and as a real process."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main as cli
from app.cli.main import build_parser, command_modules, main, translate_usage_error
from db.connection import SCHEMA_VERSION, close_database

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "home"
    monkeypatch.setenv("STATIONDESK_HOME", str(home))
    yield home
    close_database()


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "demo.sqlite"
    code, _out, _err = run(capsys, "--db", path, "demo", "--persons", 50)
    assert code == 0
    return path


# ---------------------------------------------------------------------------- parser


def test_sub_commands_are_discovered() -> None:
    names = {m.__name__.rsplit(".", 1)[1] for m in command_modules()}
    assert {"demo", "ledger_io", "backup", "screenshot"} <= names
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert {"demo", "import", "export", "template", "backup", "restore", "screenshot"} <= set(sub.choices)


def test_help_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert out.startswith("用法：") and "显示此帮助并退出" in out and "子命令" in out


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("the following arguments are required: FILE", "缺少必需的参数：FILE"),
        ("unrecognized arguments: --x", "无法识别的参数：--x"),
        ("argument --persons: expected one argument", "参数 --persons：需要一个参数值"),
        ("argument --n: invalid int value: 'x'", "参数 --n：应为整数，现为 'x'"),
        ("something new", "something new"),
    ],
)
def test_usage_errors_are_translated(english: str, chinese: str) -> None:
    assert translate_usage_error(english) == chinese


def test_unknown_sub_command_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "--db", tmp_path / "a.sqlite", "frobnicate")
    assert code == 2
    assert "用法错误" in err and "无效的选择" in err and "frobnicate" in err


def test_missing_argument_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "import")
    assert code == 2
    assert "用法：" in err and "缺少必需的参数" in err


def test_bad_option_value_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "--db", tmp_path / "a.sqlite", "demo", "--persons", "很多")
    assert code == 2
    assert "人数应为整数" in err
    code, _, err = run(capsys, "--db", tmp_path / "a.sqlite", "demo", "--persons", "0")
    assert code == 2
    assert "人数应在" in err
    assert not (tmp_path / "a.sqlite").exists()


def test_no_command_opens_the_window(tmp_path: Path) -> None:
    seen: list[Path | None] = []
    assert main([], open_window=lambda p: seen.append(p) or 0) == 0
    assert main(["--db", str(tmp_path / "x.sqlite")], open_window=lambda p: seen.append(p) or 7) == 7
    assert seen == [None, tmp_path / "x.sqlite"]


def test_no_command_without_a_window_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys)
    assert code == 2 and "请指定子命令" in err


# ---------------------------------------------------------------------------- demo


def test_demo_prints_the_counts(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "--db", tmp_path / "d.sqlite", "demo", "--persons", 60, "--seed", 4)
    assert code == 0
    assert "已生成演示数据" in out and "人员：60" in out and "服务记录：240" in out


def test_demo_refuses_a_file_with_persons(capsys: pytest.CaptureFixture[str], demo_db: Path) -> None:
    code, _out, err = run(capsys, "--db", demo_db, "demo", "--persons", 50)
    assert code == 1
    assert err.startswith("错误：") and "已有数据" in err and "Traceback" not in err


def test_user_error_opening_the_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "notes.sqlite"
    bad.write_text("这不是数据库", encoding="utf-8")
    code, _, err = run(capsys, "--db", bad, "demo")
    assert code == 1
    assert "错误：" in err and "不是本程序的数据文件" in err


def test_internal_error_goes_to_the_log(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _home: Path
) -> None:
    import app.cli.commands.demo as demo_cmd

    def boom(**kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(demo_cmd, "generate_demo", boom)
    code, _, err = run(capsys, "--db", tmp_path / "d.sqlite", "demo")
    assert code == 1
    assert "程序内部错误，详情已写入日志" in err and "Traceback" not in err
    log = (_home / "stationdesk.log").read_text(encoding="utf-8")
    assert "RuntimeError: simulated bug" in log and "Traceback" in log


# ---------------------------------------------------------------------------- workbook


def test_export_template_and_import_round_trip(
    capsys: pytest.CaptureFixture[str], demo_db: Path, tmp_path: Path
) -> None:
    ledger = tmp_path / "ledger.xlsx"
    code, out, _ = run(capsys, "--db", demo_db, "export", ledger, "--full-ids")
    assert code == 0 and ledger.exists() and "人员：50 行" in out
    code, out, _ = run(capsys, "--db", demo_db, "export", tmp_path / "masked.xlsx", "--mask-ids")
    assert code == 0 and "脱敏" in out
    code, out, _ = run(capsys, "--db", tmp_path / "template-check.sqlite", "template", tmp_path / "t.xlsx")
    assert code == 0 and (tmp_path / "t.xlsx").exists()
    code, out, err = run(capsys, "--db", tmp_path / "fresh.sqlite", "import", ledger)
    assert code == 0, err
    assert "导入完成" in out and "人员：新增 50" in out


def test_import_of_a_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "--db", tmp_path / "d.sqlite", "import", tmp_path / "nowhere.xlsx")
    assert code == 1
    assert err.startswith("错误：") and "Traceback" not in err


def test_import_of_a_bad_workbook_lists_every_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "人员"
    ws.append(["身份证号", "姓名", "就业状态", "调查日期"])
    ws.append(["110105194912310021", "张三", "未就业", "2024-05-01"])  # check digit wrong
    ws.append(["11010519491231002X", "李四", "打工", "2024-05-01"])  # status not in the list
    source = tmp_path / "bad.xlsx"
    wb.save(source)
    report = tmp_path / "errors.xlsx"
    code, _, err = run(capsys, "--db", tmp_path / "d.sqlite", "import", source, "--report", report)
    assert code == 1
    assert "未导入任何数据" in err
    assert "人员 表 第2行 身份证号 [110105194912310021]：" in err
    assert "人员 表 第3行 就业状态 [打工]：" in err
    assert report.exists() and "错误报告已保存" in err
    con = sqlite3.connect(tmp_path / "d.sqlite")
    assert con.execute("SELECT count(*) FROM person").fetchone()[0] == 0
    con.close()


# ---------------------------------------------------------------------------- backup / restore


def test_backup_and_restore(capsys: pytest.CaptureFixture[str], demo_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.sqlite"
    code, out, _ = run(capsys, "--db", demo_db, "backup", copy)
    assert code == 0 and "备份完成" in out
    code, out, _ = run(capsys, "--db", demo_db, "restore", copy)
    assert code == 0 and "恢复前的数据已另存为" in out
    assert list(tmp_path.glob("demo.replaced-*.sqlite"))


def test_restore_of_a_corrupt_file(capsys: pytest.CaptureFixture[str], demo_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.sqlite"
    assert run(capsys, "--db", demo_db, "backup", copy)[0] == 0
    data = bytearray(copy.read_bytes())
    data[4096:12288] = b"\x5a" * 8192
    copy.write_bytes(bytes(data))
    code, _, err = run(capsys, "--db", demo_db, "restore", copy)
    assert code == 1
    assert "错误：" in err and "已损坏" in err
    assert not list(tmp_path.glob("demo.replaced-*"))


def test_restore_of_a_newer_file(capsys: pytest.CaptureFixture[str], demo_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.sqlite"
    assert run(capsys, "--db", demo_db, "backup", copy)[0] == 0
    con = sqlite3.connect(copy)
    con.execute(f"PRAGMA user_version={SCHEMA_VERSION + 3}")
    con.close()
    code, _, err = run(capsys, "--db", demo_db, "restore", copy)
    assert code == 1
    assert "更新版本" in err and "请先升级程序" in err


def test_restore_of_a_non_database_file(
    capsys: pytest.CaptureFixture[str], demo_db: Path, tmp_path: Path
) -> None:
    text = tmp_path / "readme.txt"
    text.write_text("hello", encoding="utf-8")
    code, _, err = run(capsys, "--db", demo_db, "restore", text)
    assert code == 1
    assert "不是数据库文件" in err


def test_restore_of_a_missing_file(capsys: pytest.CaptureFixture[str], demo_db: Path, tmp_path: Path) -> None:
    code, _, err = run(capsys, "--db", demo_db, "restore", tmp_path / "none.sqlite")
    assert code == 1
    assert "找不到文件" in err


def test_screenshot_size_is_checked(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "--db", tmp_path / "d.sqlite", "screenshot", "--page", "home", "--out",
                       tmp_path / "a.png", "--width", "10")  # fmt: skip
    assert code == 2 and "像素" in err


# ---------------------------------------------------------------------------- a real process


def _process(tmp_path: Path, *argv: object) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), STATIONDESK_HOME=str(tmp_path / "home"),
               PYTHONIOENCODING="utf-8", QT_QPA_PLATFORM="offscreen")  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "app", *map(str, argv)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def test_module_entry_point_runs_demo(tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite"
    done = _process(tmp_path, "--db", db, "demo", "--persons", 50)
    assert done.returncode == 0, done.stderr
    assert "人员：50" in done.stdout
    assert (tmp_path / "home" / "stationdesk.log").exists()
    again = _process(tmp_path, "--db", db, "demo", "--persons", 50)
    assert again.returncode == 1 and "错误：" in again.stderr and "Traceback" not in again.stderr
    usage = _process(tmp_path, "--db", db, "nosuch")
    assert usage.returncode == 2 and "用法错误" in usage.stderr


def test_cli_module_has_no_qt() -> None:
    # app/ must not import Qt: loading the command line and every command leaves PySide6 unloaded.
    code = (
        "import sys, app.cli.main; app.cli.main.build_parser(); "
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_setup_logging_is_idempotent(tmp_path: Path) -> None:
    import logging

    path = tmp_path / "log" / "x.log"
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        assert cli.setup_logging(path) == path
        assert cli.setup_logging(path) == path
        ours = [h for h in root.handlers if h.get_name() in ("stationdesk-file", "stationdesk-console")]
        assert len(ours) == 2
        logging.getLogger("stationdesk.test").info("你好")
        assert "你好" in path.read_text(encoding="utf-8")
    finally:
        for h in list(root.handlers):
            if h not in before:
                root.removeHandler(h)
                h.close()
        cli._configured = None


# ---------------------------------------------------------------------------- a reader that goes away


def _env(tmp_path: Path) -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(ROOT), STATIONDESK_HOME=str(tmp_path / "home"),
                PYTHONIOENCODING="utf-8", QT_QPA_PLATFORM="offscreen")  # fmt: skip


@pytest.fixture
def scored_db(tmp_path: Path) -> Path:
    db = tmp_path / "pipe.sqlite"
    done = _process(tmp_path, "--db", db, "demo", "--persons", 50)
    assert done.returncode == 0, done.stderr
    return db


def _no_internal_error(tmp_path: Path, stderr: str) -> None:
    assert stderr == ""
    log = tmp_path / "home" / "stationdesk.log"
    text = log.read_text(encoding="utf-8") if log.exists() else ""
    assert "Traceback" not in text and "internal error" not in text


SCORE = ("score", "--standard", "guangzhou-full-employment-2024")


def test_a_reader_that_closed_the_pipe_before_any_output_ends_quietly_with_141(
    tmp_path: Path, scored_db: Path
) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "--db", str(scored_db), *SCORE],
        cwd=tmp_path,
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the program (still starting) writes a byte
    err = proc.stderr.read().decode("utf-8")
    proc.stderr.close()
    assert proc.wait(timeout=120) == cli.EXIT_CLOSED_STDOUT
    _no_internal_error(tmp_path, err)


def test_piping_into_head_prints_the_first_lines_and_no_error(tmp_path: Path, scored_db: Path) -> None:
    # `head -1` exits after one line; the program ends with 0 (all written before head left) or 141.
    script = (
        '"$0" -m app --db "$1" score --standard guangzhou-full-employment-2024 | head -1; '
        'echo "rc=${PIPESTATUS[0]}"'
    )
    done = subprocess.run(["bash", "-c", script, sys.executable, str(scored_db)], cwd=tmp_path,
                          env=_env(tmp_path), capture_output=True, text=True, encoding="utf-8", timeout=120,
                          check=False)  # fmt: skip
    lines = done.stdout.splitlines()
    assert lines[0].startswith("广州市充分就业社区")
    assert lines[1] in ("rc=0", "rc=141")
    _no_internal_error(tmp_path, done.stderr)


def test_a_closed_stdout_is_not_an_internal_error(tmp_path: Path, scored_db: Path) -> None:
    script = 'exec "$0" -m app --db "$1" score --standard guangzhou-full-employment-2024 --json >&-'
    done = subprocess.run(["bash", "-c", script, sys.executable, str(scored_db)], cwd=tmp_path,
                          env=_env(tmp_path), capture_output=True, text=True, encoding="utf-8", timeout=120,
                          check=False)  # fmt: skip
    assert done.returncode in (0, cli.EXIT_CLOSED_STDOUT)
    _no_internal_error(tmp_path, done.stderr)


def test_a_broken_pipe_inside_a_command_is_reported_as_a_closed_stdout(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def boom(args: object) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    closed: list[bool] = []
    monkeypatch.setattr(cli, "stdout_closed", lambda: closed.append(True) or cli.EXIT_CLOSED_STDOUT)
    parser = build_parser()
    monkeypatch.setattr(cli, "build_parser", lambda: parser)
    sub = next(a for a in parser._actions if a.dest == "command")
    sub.choices["standards"].set_defaults(func=boom)
    code, _out, err = run(capsys, "standards")
    assert code == cli.EXIT_CLOSED_STDOUT and closed == [True]
    assert "程序内部错误" not in err


def test_an_unrelated_os_error_is_still_an_internal_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], _home: Path
) -> None:
    def boom(args: object) -> int:
        raise PermissionError(13, "Permission denied")

    parser = build_parser()
    monkeypatch.setattr(cli, "build_parser", lambda: parser)
    sub = next(a for a in parser._actions if a.dest == "command")
    sub.choices["standards"].set_defaults(func=boom)
    code, _out, err = run(capsys, "standards")
    assert code == 1 and "程序内部错误" in err
