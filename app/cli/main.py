"""The command line: ``python -m app [--db FILE] COMMAND ...`` (PRODUCT.md, "Command line").

Sub-commands are discovered in :mod:`app.cli_commands`. Exit status: 0 done; 1 a :class:`UserError`
(its Chinese message on stderr after “错误：”, no traceback) or an internal error (traceback to the log
file, a one-line pointer to it on stderr); 2 bad usage (Chinese argparse messages).
"""

from __future__ import annotations

import argparse
import errno
import importlib
import logging
import os
import pkgutil
import re
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from app import __version__
from app.cli import commands as cli_commands
from app.core.errors import UserError, translate_error
from app.core.paths import log_path

log = logging.getLogger("stationdesk")

PROG = "python -m app"


def program_name(argv0: str | None = None) -> str:
    """The program as it was started, for the usage line: ``stationdesk`` (the installed command, the
    bundle, the .deb), ``stationdesk-cli`` (Windows console program), ``python -m app`` (a checkout)."""
    argv0 = sys.argv[0] if argv0 is None else argv0
    name = os.path.basename(argv0)
    if not name or name in ("__main__.py", "-c", "-m") or name.endswith((".py", ".pyc")):
        return PROG
    stem, ext = os.path.splitext(name)
    return stem if ext.lower() == ".exe" else name


# Exit status when the reader of stdout went away (``... | head``): 128 + SIGPIPE, as a shell reports a
# command that SIGPIPE ended.
EXIT_CLOSED_STDOUT = 141

# argparse's English messages and their Chinese renderings (regex -> replacement).
_MESSAGES: tuple[tuple[str, str], ...] = (
    (r"the following arguments are required: (.*)", r"缺少必需的参数：\1"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
    (r"invalid choice: (.*?) \(choose from (.*)\)", r"无效的选择：\1（可选：\2）"),
    (r"invalid int value: (.*)", r"应为整数，现为 \1"),
    (r"invalid float value: (.*)", r"应为数字，现为 \1"),
    (r"invalid (\w+) value: (.*)", r"取值无效：\2"),
    (r"expected one argument", r"需要一个参数值"),
    (r"expected at least one argument", r"至少需要一个参数值"),
    (r"ignored explicit argument (.*)", r"多余的参数值 \1"),
    (r"ambiguous option: (.*?) could match (.*)", r"选项 \1 不明确，可能是：\2"),
    (r"not allowed with argument (.*)", r"不能与参数 \1 同时使用"),
    (r"one of the arguments (.*) is required", r"必须提供参数 \1 之一"),
)
_ARGUMENT = re.compile(r"^argument (.*?): (.*)$", re.S)


def translate_usage_error(message: str) -> str:
    """argparse's English error text in Chinese (unknown texts are kept as they are)."""
    prefix = ""
    m = _ARGUMENT.match(message)
    if m:
        prefix, message = f"参数 {m.group(1)}：", m.group(2)
    for pattern, repl in _MESSAGES:
        new, n = re.subn(pattern, repl, message)
        if n:
            message = new
            break
    return prefix + message


class ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """ArgumentParser with Chinese headings, help option and error messages (exit status 2)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示此帮助并退出")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"用法错误：{translate_usage_error(message)}\n")


def command_modules() -> list[Any]:
    """Every module of app.cli_commands that defines ``register``, in name order."""
    found = []
    for info in sorted(pkgutil.iter_modules(cli_commands.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{cli_commands.__name__}.{info.name}")
        if callable(getattr(module, "register", None)):
            found.append(module)
    return found


def build_parser() -> ChineseArgumentParser:
    prog = program_name()
    parser = ChineseArgumentParser(
        prog=prog,
        description="就业服务站工作台：不带子命令时打开窗口；子命令在命令行完成工作（无需显示器）。",
        epilog=f"示例：{prog} --db 演示.sqlite demo --persons 2000",
    )
    parser.add_argument(
        "--version", action="version", version=f"{prog} {__version__}", help="显示版本号并退出"
    )
    parser.add_argument(
        "--db",
        metavar="FILE",
        default=None,
        help="数据文件（默认：用户数据文件夹中的 station.sqlite，首次使用时创建）",
    )
    parser.add_argument(
        "--user",
        metavar="NAME",
        default=None,
        help="账号名（数据文件设置了账号时必需；密码在提示时输入，或由环境变量 STATIONDESK_PASSWORD 提供）",
    )
    sub = parser.add_subparsers(
        title="子命令", dest="command", metavar="COMMAND", parser_class=ChineseArgumentParser
    )
    for module in command_modules():
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None, open_window: Callable[[Path | None], int] | None = None) -> int:
    """Run the command line; returns the exit status. ``open_window`` is used when no command is given."""
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:  # usage error (2) or --help (0)
        return int(exc.code or 0) if not isinstance(exc.code, str) else 2
    func = getattr(args, "func", None)
    try:
        if func is None:
            if open_window is None:
                parser.print_usage(sys.stderr)
                print(f"用法错误：请指定子命令（不带子命令时由 {parser.prog} 打开窗口）", file=sys.stderr)
                return 2
            return int(open_window(Path(args.db) if args.db else None))
        status = int(func(args))
        # Flush inside the handlers: a reader that went away must be noticed here, not at exit.
        if sys.stdout is not None:
            sys.stdout.flush()
        return status
    except UserError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return stdout_closed()
    except (OSError, ValueError) as exc:
        if _is_closed_stdout(exc):
            return stdout_closed()
        return _other_error(exc)
    except Exception as exc:
        return _other_error(exc)


def _other_error(exc: BaseException) -> int:
    """A full disk, a locked or damaged data file met outside a translating block: its Chinese message;
    anything else is a bug (traceback to the log, a pointer on stderr)."""
    user = translate_error(exc, _open_data_file())
    if user is not None:
        log.info("user error: %r", exc)
        print(f"错误：{user.message}", file=sys.stderr)
        return 1
    where = record_internal_error()
    print(f"程序内部错误，详情已写入日志：{where}", file=sys.stderr)
    return 1


def _open_data_file() -> str | None:
    from app.storage.datafile import current_path

    path = current_path()
    return str(path) if path is not None else None


def _is_closed_stdout(exc: BaseException) -> bool:
    """Whether ``exc`` comes from writing to a stdout that is gone (closed object, EPIPE, closed fd)."""
    stream = sys.stdout
    if stream is None:  # print() to a missing stdout writes nothing: the error came from elsewhere
        return False
    if isinstance(exc, ValueError):  # "I/O operation on closed file"
        return bool(getattr(stream, "closed", False))
    if isinstance(exc, OSError) and exc.errno in (errno.EPIPE, errno.EBADF):
        try:
            os.fstat(stream.fileno())
        except (AttributeError, OSError, ValueError):
            return True
        return exc.errno == errno.EPIPE
    return False


def stdout_closed() -> int:
    """The reader of stdout went away (``score ... | head -3``): stop quietly, like other command-line
    tools. Whatever is still buffered is dropped (stdout is pointed at the null device, so the flush at
    interpreter exit cannot fail again); exit status 141 (128 + SIGPIPE)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, sys.stdout.fileno())
        finally:
            os.close(devnull)
    except (AttributeError, OSError, ValueError):
        # No usable stdout at all: replace the object so the exit-time flush has nothing to do.
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    return EXIT_CLOSED_STDOUT


# ---------------------------------------------------------------------------- logging

_configured: Path | None = None


def setup_logging(path: Path | None = None) -> Path:
    """Log to a rotating file in the user data folder (and warnings to stderr). Idempotent."""
    global _configured
    from logging.handlers import RotatingFileHandler

    path = path or log_path()
    if _configured == path:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.set_name("stationdesk-file")
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.WARNING)
    console.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    console.set_name("stationdesk-console")
    for old in list(root.handlers):
        if old.get_name() in ("stationdesk-file", "stationdesk-console"):
            root.removeHandler(old)
            old.close()
    root.addHandler(handler)
    root.addHandler(console)
    _configured = path
    return path


def record_internal_error() -> Path:
    """Write the current exception's traceback to the log file; the file's path."""
    path = log_path()
    if _configured == path:
        # Only the file handler gets the traceback (the console shows the one-line pointer).
        file_handlers = [h for h in logging.getLogger().handlers if h.get_name() == "stationdesk-file"]
        record = log.makeRecord(log.name, logging.ERROR, __file__, 0, "internal error", (), sys.exc_info())
        for h in file_handlers:
            h.handle(record)
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write("internal error\n" + traceback.format_exc())
    except OSError:
        traceback.print_exc()
    return path
