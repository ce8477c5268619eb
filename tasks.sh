#!/usr/bin/env bash
# 就业服务站工作台 — set up and run.
#   ./tasks.sh demo    set everything up, create a demo station, open the window on it
#   ./tasks.sh test    set everything up, run lint, type checks and the whole test suite
#   ./tasks.sh bench   scale benchmarks at 10k/50k/200k persons (--sizes 50000 to pick; long)
#   ./tasks.sh setup   only set up (.venv with the app and its dev tools, system packages)
#   ./tasks.sh package        build dist/stationdesk/ (PyInstaller folder), its .tar.gz and the .deb
#   ./tasks.sh package-check  build, then install the .deb on a bare Debian root and run it there (root)
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
VENV=.venv

# Libraries Qt needs on a fresh Debian machine (offscreen and X11), a CJK font for the window and
# screenshots, and poppler for the PDF checks.
SYS_PKGS="libegl1 libgl1 libfontconfig1 libglib2.0-0 libxkbcommon0 libdbus-1-3 fonts-wqy-microhei
poppler-utils poppler-data xvfb xauth libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1
libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xinerama0"

system_packages() {
  command -v dpkg-query >/dev/null 2>&1 || return 0
  local missing=()
  for p in $SYS_PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "安装系统依赖: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

python_env() {
  if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV"
  fi
  local stamp="$VENV/.installed-$(cat pyproject.toml setup.py | sha1sum | cut -c1-12)"
  if [ ! -f "$stamp" ]; then
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e ".[dev]"
    touch "$stamp"
  fi
}

setup() { system_packages; python_env; }

cmd=${1:-demo}
shift || true
case "$cmd" in
  setup) setup ;;
  demo)
    setup
    DB=${STATIONDESK_DEMO_DB:-$("$VENV/bin/python" -c 'from app.core.paths import user_data_dir; print(user_data_dir() / "demo.sqlite")')}
    if [ ! -f "$DB" ]; then
      "$VENV/bin/python" -m app --db "$DB" demo --persons 2000
    fi
    exec "$VENV/bin/python" -m app --db "$DB" "$@"
    ;;
  test)
    setup
    export QT_QPA_PLATFORM=offscreen
    "$VENV/bin/ruff" check .
    "$VENV/bin/ruff" format --check .
    "$VENV/bin/mypy"
    "$VENV/bin/lint-imports"
    "$VENV/bin/python" -m pytest "$@"
    if [ $# -eq 0 ]; then
      # The import's tests again with every .xlsx sheet read row by row (app/workbook/xlsxstream.py), as
      # a sheet too large for calamine's grid is: the two readers give the same rows.
      STATIONDESK_STREAM_ALL=1 "$VENV/bin/python" -m pytest -q -p no:randomly \
        tests/app/workbook tests/faults/test_hostile_workbooks.py
    fi
    ;;
  bench)
    setup
    export QT_QPA_PLATFORM=offscreen STATIONDESK_BENCH=1
    "$VENV/bin/python" -m pytest tests/benchmarks -p no:randomly -s "$@"
    ;;
  package)
    # From a clean checkout: PyInstaller folder dist/stationdesk/, dist/stationdesk_<version>_linux_amd64.tar.gz
    # and dist/stationdesk_<version>_amd64.deb (packaging/README.md).
    setup
    "$VENV/bin/python" -m pip install -q "pyinstaller>=6.10,<7"
    rm -rf build/pyinstaller build/deb dist/stationdesk dist/stationdesk_*
    "$VENV/bin/pyinstaller" packaging/stationdesk.spec --noconfirm --clean --log-level WARN \
      --distpath dist --workpath build/pyinstaller
    version=$("$VENV/bin/python" -c 'import app; print(app.__version__)')
    tar -C dist -czf "dist/stationdesk_${version}_linux_amd64.tar.gz" stationdesk
    packaging/build_deb.sh
    ;;
  package-check)
    setup
    packaging/package_check.sh "$@"
    ;;
  *) echo "用法: ./tasks.sh demo|test|bench|setup|package|package-check" >&2; exit 2 ;;
esac
