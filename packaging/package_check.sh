#!/usr/bin/env bash
# ./tasks.sh package-check [SUITE]: prove the .deb on a bare Debian (default bookworm).
#  1. ./tasks.sh package (skip with STATIONDESK_SKIP_BUILD=1 when dist/ is fresh);
#  2. the wheel installed with `pip install --user` finds its standards (importlib.resources);
#  3. a minimal Debian root made with debootstrap (minbase: no Python, no compiler, no X), the .deb
#     installed there with `apt-get install ./….deb` so its Depends come from Debian's packages;
#  4. inside that root (chroot, offscreen): --version, usage line, demo, its ledger export imported read
#     row by row, standards (7), score --json,
#     form score-sheet --pdf (font embedded, checked with pdffonts outside the root), a screenshot of
#     every page in the navigation, an operator account, the desktop entry and icons; then apt-get
#     purge keeps the user's data.
# Needs root (debootstrap, chroot). Downloads are cached outside the repository in
# $STATIONDESK_PKG_CACHE (default /var/cache/stationdesk-package-check): the pristine root as a tarball
# and apt's .deb files, so a second run needs no download but the package lists.
set -euo pipefail
cd "$(dirname "$0")/.."
SUITE=${1:-bookworm}
MIRROR=${STATIONDESK_DEBIAN_MIRROR:-http://deb.debian.org/debian}
CACHE=${STATIONDESK_PKG_CACHE:-/var/cache/stationdesk-package-check}
PY=.venv/bin/python
START=$(date +%s)
step() { echo "== [$(( $(date +%s) - START ))s] $*"; }
fail() { echo "package-check: FAILED: $*" >&2; exit 1; }

if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "needs root (debootstrap, chroot)"
  exec sudo --preserve-env=STATIONDESK_SKIP_BUILD,STATIONDESK_PKG_CACHE,STATIONDESK_DEBIAN_MIRROR,STATIONDESK_DEB \
    "$0" "$@"
fi
for tool in debootstrap pdffonts; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    step "installing $tool"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap poppler-utils >/dev/null
  fi
done

if [ "${STATIONDESK_SKIP_BUILD:-0}" != 1 ]; then
  step "building the bundle and the .deb"
  ./tasks.sh package
fi
VERSION=$("$PY" -c 'import app; print(app.__version__)')
DEB=${STATIONDESK_DEB:-dist/stationdesk_${VERSION}_amd64.deb}  # another build: packaging/build_in_bullseye.sh
[ -f "$DEB" ] || fail "$DEB is missing"
PAGES=$("$PY" -c 'from ui.pages import PAGES; print(" ".join(p.slug for p in PAGES))')
WORK=$(mktemp -d /tmp/stationdesk-check.XXXXXX)
ROOT=$WORK/root
cleanup() {
  for m in "$ROOT/var/cache/apt/archives" "$ROOT/dev" "$ROOT/proc"; do
    mountpoint -q "$m" 2>/dev/null && umount -l "$m"
  done
  # Never delete through a bind mount of /dev or the apt cache.
  if grep -q " $WORK/" /proc/mounts; then echo "package-check: $WORK still has mounts; left in place" >&2; return; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# ---------------------------------------------------------------- 2. pip install --user
step "wheel: pip install --user finds the standards"
"$PY" -m pip wheel -q --no-deps -w "$WORK/wheel" . 2>&1 | grep -v "^WARNING: Location" || true
USERBASE=$WORK/userbase
SITE=$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
PYTHONUSERBASE=$USERBASE python3 -m pip install -q --user --no-deps --no-index "$WORK"/wheel/stationdesk-*.whl
(
  cd "$WORK"
  # The dependencies from the venv (PYTHONPATH is no site dir: the checkout's editable finder stays off).
  out=$(PYTHONUSERBASE=$USERBASE PYTHONPATH=$SITE STATIONDESK_HOME=$WORK/home-wheel python3 -m app standards)
  where=$(PYTHONUSERBASE=$USERBASE PYTHONPATH=$SITE python3 -c \
    'from app.core.paths import resources_dir; print(resources_dir())')
  case "$where" in "$USERBASE"/*) ;; *) fail "the --user install found its resources in $where" ;; esac
  n=$(($(echo "$out" | wc -l) - 1))
  [ "$n" -eq 7 ] || fail "the --user install lists $n standards, not 7"
  echo "   $n standards from $where"
)

# ---------------------------------------------------------------- 3. a bare Debian root
mkdir -p "$CACHE/apt-archives-$SUITE/partial"
TARBALL=$CACHE/$SUITE-minbase.tar.gz
if [ ! -f "$TARBALL" ]; then
  step "debootstrap $SUITE (once; cached in $TARBALL)"
  debootstrap --variant=minbase "$SUITE" "$WORK/pristine" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
    || { tail -20 "$WORK/debootstrap.log"; fail "debootstrap $SUITE"; }
  rm -f "$WORK"/pristine/var/cache/apt/archives/*.deb
  tar -C "$WORK/pristine" -czf "$TARBALL.tmp" . && mv "$TARBALL.tmp" "$TARBALL"
  rm -rf "$WORK/pristine"
fi
step "fresh $SUITE root from $TARBALL"
mkdir -p "$ROOT"
tar -C "$ROOT" -xzf "$TARBALL"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
mount -t proc proc "$ROOT/proc"
mount --bind /dev "$ROOT/dev"
mount --bind "$CACHE/apt-archives-$SUITE" "$ROOT/var/cache/apt/archives"
in_root() {
  chroot "$ROOT" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/home/worker LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen "$@"
}
for tool in python3 gcc cc pip3; do
  in_root sh -c "command -v $tool" >/dev/null && fail "the root is not bare: it has $tool"
done

step "apt-get install ./$(basename "$DEB") in the $SUITE root"
cp "$DEB" "$ROOT/tmp/"
in_root apt-get update -qq
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  "./tmp/$(basename "$DEB")" >"$WORK/install.log" 2>&1 || { tail -30 "$WORK/install.log"; fail "apt-get install"; }
echo "   $(grep -c "^Setting up" "$WORK/install.log" || true) packages set up"

# ---------------------------------------------------------------- 4. the program in the root
step "stationdesk in the root"
mkdir -p "$ROOT/home/worker"
DB=/home/worker/check.sqlite
got=$(in_root stationdesk --version)
[ "$got" = "stationdesk $VERSION" ] || fail "--version said '$got'"
# (Outputs are read whole before testing them: `| head` or `| grep -q` would end the writer early.)
usage=$(in_root stationdesk --help)
case "$usage" in "用法：stationdesk [-h]"*) ;; *) fail "the usage line does not name stationdesk" ;; esac
in_root stationdesk --db "$DB" demo --persons 300 >/dev/null
# The ledger export imported again with every sheet read as its XML is decompressed, each by a process of
# its own (the bundle started as its own reader, lxml in it), as a 200,000-person book's large sheets are.
in_root stationdesk --db "$DB" export --full-ids /home/worker/ledger.xlsx >/dev/null
out=$(in_root env STATIONDESK_STREAM_BYTES=0 STATIONDESK_PROCESS_BYTES=0 \
  stationdesk --db /home/worker/again.sqlite import /home/worker/ledger.xlsx)
case "$out" in *"导入完成"*) ;; *) echo "$out"; fail "the ledger export did not import read row by row" ;; esac
grep -q "the reading process of xl/worksheets/.* at its peak" "$ROOT/home/worker/.local/share/stationdesk/stationdesk.log" \
  || fail "the bundle did not read the sheets by its own reading process"
n=$(($(in_root stationdesk standards | wc -l) - 1))
[ "$n" -eq 7 ] || fail "standards listed $n, not 7"
STD=guangzhou-full-employment-2024
in_root stationdesk --db "$DB" score --standard "$STD" --json >"$WORK/score.json"
"$PY" -c 'import json, sys; d = json.load(open(sys.argv[1])); assert d, "empty"' "$WORK/score.json" \
  || fail "score --json is not JSON"
in_root stationdesk --db "$DB" form score-sheet --standard "$STD" --pdf /home/worker/score.pdf >/dev/null
fonts=$(pdffonts "$ROOT/home/worker/score.pdf")
embedded=$(echo "$fonts" | awk 'NR > 2 && tolower($0) ~ /wenquanyi|wqy/ && / yes +yes /')
[ -n "$embedded" ] || { echo "$fonts"; fail "the score sheet's Chinese font is not embedded"; }
echo "   score sheet font: $(echo "$embedded" | awk '{print $1}' | sort -u | tr '\n' ' ')"
for page in $PAGES; do
  in_root stationdesk --db "$DB" screenshot --page "$page" --out "/home/worker/shot-$page.png" >/dev/null
  "$PY" - "$ROOT/home/worker/shot-$page.png" <<'PYCHECK' || fail "screenshot of $page"
import sys
from PIL import Image
img = Image.open(sys.argv[1])
colours = img.convert("RGB").resize((64, 40)).getcolors(4096) or []
assert img.size == (1280, 800) and len(colours) > 8, (img.size, len(colours))
PYCHECK
done
echo "   screenshots: $PAGES"
# An operator account (argon2 in the bundle); from then on the file needs --user.
in_root env STATIONDESK_PASSWORD=check-Passw0rd stationdesk --db "$DB" users add 站长 --role 站长 >/dev/null
accounts=$(in_root env STATIONDESK_PASSWORD=check-Passw0rd stationdesk --db "$DB" --user 站长 users list)
case "$accounts" in *站长*启用*) ;; *) fail "users list after users add: $accounts" ;; esac
# Encryption at rest (sqlcipher3 in the bundle): after encrypt the file has no clear header and opens
# only with the password.
in_root env STATIONDESK_PASSWORD=check-Passw0rd stationdesk --db "$DB" --user 站长 encrypt >/dev/null
[ "$(head -c 15 "$ROOT$DB")" != "SQLite format 3" ] || fail "encrypt left a clear SQLite header"
[ -f "$ROOT$DB.keys" ] || fail "encrypt wrote no key file"
accounts=$(in_root env STATIONDESK_PASSWORD=check-Passw0rd stationdesk --db "$DB" --user 站长 users list)
case "$accounts" in *站长*启用*) ;; *) fail "users list of the encrypted file: $accounts" ;; esac
if in_root env STATIONDESK_PASSWORD=wrong-Passw0rd stationdesk --db "$DB" --user 站长 users list >/dev/null 2>&1; then
  fail "the encrypted file opened with a wrong password"
fi
[ -L "$ROOT/usr/bin/stationdesk" ] || fail "/usr/bin/stationdesk is missing"
grep -q "^Name=就业服务站工作台$" "$ROOT/usr/share/applications/stationdesk.desktop" || fail "desktop entry"
for size in 16 32 48 256; do
  [ -f "$ROOT/usr/share/icons/hicolor/${size}x${size}/apps/stationdesk.png" ] || fail "icon ${size}px"
done

step "apt-get purge keeps the user's data"
in_root stationdesk standards >/dev/null   # default data folder: ~/.local/share/stationdesk (the log)
in_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq stationdesk >/dev/null
[ ! -e "$ROOT/opt/stationdesk" ] && [ ! -e "$ROOT/usr/bin/stationdesk" ] || fail "files left after purge"
[ -f "$ROOT/home/worker/check.sqlite" ] && [ -d "$ROOT/home/worker/.local/share/stationdesk" ] \
  || fail "purge touched the user's data"
step "package-check $SUITE passed ($(du -h "$DEB" | cut -f1) .deb)"
