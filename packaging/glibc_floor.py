"""The oldest glibc a bundle can run on: the highest ``GLIBC_x.y`` symbol version any ELF file in it needs.

    python packaging/glibc_floor.py dist/stationdesk          -> 2.36
    python packaging/glibc_floor.py dist/stationdesk --top 5  -> also the files that need the most

Reads the needed symbol versions with ``objdump -T`` (binutils); only the standard library otherwise.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

_VERSION = re.compile(r"\bGLIBC_(\d+)\.(\d+)(?:\.(\d+))?\b")
_ELF_MAGIC = b"\x7fELF"


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(4) == _ELF_MAGIC
    except OSError:
        return False


def needed_versions(objdump_text: str) -> set[tuple[int, ...]]:
    """The GLIBC_ versions of the undefined (needed) dynamic symbols in ``objdump -T`` output."""
    found: set[tuple[int, ...]] = set()
    for line in objdump_text.splitlines():
        if "*UND*" not in line:
            continue
        for m in _VERSION.finditer(line):
            found.add(tuple(int(g) for g in m.groups() if g is not None))
    return found


def file_floor(path: Path) -> tuple[int, ...] | None:
    out = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True, check=False).stdout
    versions = needed_versions(out)
    return max(versions) if versions else None


def bundle_floor(folder: Path) -> list[tuple[tuple[int, ...], Path]]:
    """(highest needed GLIBC version, file) for every ELF file under ``folder``, highest first."""
    rows = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink() and is_elf(path):
            floor = file_floor(path)
            if floor is not None:
                rows.append((floor, path))
    rows.sort(key=lambda r: r[0], reverse=True)
    return rows


def fmt(version: tuple[int, ...]) -> str:
    return ".".join(str(v) for v in version)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--top", type=int, default=0, help="list the N files that need the newest glibc")
    args = parser.parse_args(argv)
    rows = bundle_floor(args.folder)
    if not rows:
        print(f"no ELF file with GLIBC_ symbol versions under {args.folder}", file=sys.stderr)
        return 1
    print(fmt(rows[0][0]))
    for version, path in rows[: args.top]:
        print(f"  {fmt(version)}\t{path.relative_to(args.folder)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
