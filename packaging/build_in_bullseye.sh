#!/usr/bin/env bash
# Build the bundle and the .deb for glibc 2.31 (Debian 11 "bullseye", Kylin V10 SP1 level) inside a
# Debian 11 root: CPython 3.11 compiled there from the upstream source of Debian's python3.11 source
# package, PySide6-Essentials 6.9.3 (the newest with manylinux_2_28 wheels; it passes the PLATFORM.md
# None-refcount test on Python 3.11), the other dependencies from the registry. Needs root.
#   packaging/build_in_bullseye.sh      -> dist-bullseye/stationdesk/, dist-bullseye/stationdesk_<v>_amd64.deb
#   STATIONDESK_DEB=dist-bullseye/stationdesk_<v>_amd64.deb STATIONDESK_SKIP_BUILD=1 \
#     ./tasks.sh package-check bullseye
# The build root is kept in $STATIONDESK_BULLSEYE_ROOT (default /var/tmp/stationdesk-bullseye/root),
# outside the repository; each step is done once (stamp files), so a second run only rebuilds the bundle.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
BROOT=${STATIONDESK_BULLSEYE_ROOT:-/var/tmp/stationdesk-bullseye/root}
MIRROR=${STATIONDESK_DEBIAN_MIRROR:-http://deb.debian.org/debian}
PYSIDE=${STATIONDESK_BULLSEYE_PYSIDE:-6.9.3}
PREFIX=/opt/python3.11
START=$(date +%s)
step() { echo "== [$(( $(date +%s) - START ))s] $*"; }
[ "$(id -u)" -eq 0 ] || { echo "needs root" >&2; exit 1; }

mounted=()
cleanup() { for m in "${mounted[@]}"; do umount -l "$m" 2>/dev/null || true; done; }
trap cleanup EXIT
if [ ! -f "$BROOT/.stamp-debootstrap" ]; then
  step "debootstrap bullseye into $BROOT"
  if grep -q " $BROOT/" /proc/mounts; then echo "something is still mounted under $BROOT" >&2; exit 1; fi
  rm -rf "$BROOT"; mkdir -p "$BROOT"
  debootstrap --variant=minbase bullseye "$BROOT" "$MIRROR"
  touch "$BROOT/.stamp-debootstrap"
fi
cp /etc/resolv.conf "$BROOT/etc/resolv.conf"
[ -f /etc/ssl/certs/ca-certificates.crt ] && mkdir -p "$BROOT/etc/ssl/certs" \
  && cp /etc/ssl/certs/ca-certificates.crt "$BROOT/etc/ssl/certs/host-ca-certificates.crt"
for m in proc dev; do
  mountpoint -q "$BROOT/$m" || { mount --bind "/$m" "$BROOT/$m"; mounted+=("$BROOT/$m"); }
done
in_root() {
  chroot "$BROOT" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin HOME=/root LANG=C.UTF-8 \
    PIP_CERT=/etc/ssl/certs/host-ca-certificates.crt PIP_DISABLE_PIP_VERSION_CHECK=1 "$@"
}

if [ ! -f "$BROOT/.stamp-packages" ]; then
  step "build tools and the libraries Qt loads"
  in_root apt-get update -qq
  in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    build-essential pkg-config libssl-dev zlib1g-dev libffi-dev libsqlite3-dev libbz2-dev liblzma-dev \
    libexpat1-dev uuid-dev libreadline-dev xz-utils ca-certificates binutils dpkg-dev \
    libgl1 libegl1 libfontconfig1 libglib2.0-0 libxkbcommon0 libdbus-1-3 libxkbcommon-x11-0 \
    libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0 \
    libxcb-image0 libxcb-xinerama0 libxcb-xkb1 libwayland-client0 libwayland-cursor0 libwayland-egl1 libcups2 \
    >/dev/null
  touch "$BROOT/.stamp-packages"
fi

if [ ! -x "$BROOT$PREFIX/bin/python3.11" ]; then
  step "CPython 3.11 from Debian's python3.11 source package (bookworm), built in bullseye"
  echo "deb-src $MIRROR bookworm main" > "$BROOT/etc/apt/sources.list.d/bookworm-src.list"
  in_root apt-get update -qq
  in_root sh -c 'rm -rf /usr/src/py && mkdir -p /usr/src/py && cd /usr/src/py && apt-get source --download-only python3.11 >/dev/null'
  in_root sh -c "cd /usr/src/py && tar xf python3.11_*.orig.tar.* && cd Python-3.11* \
    && ./configure -q --prefix=$PREFIX --enable-shared LDFLAGS=-Wl,-rpath,$PREFIX/lib >/dev/null \
    && make -s -j\$(nproc) >/dev/null 2>&1 && make -s altinstall >/dev/null 2>&1"
fi

step "the dependencies in a venv of the bullseye root (PySide6-Essentials $PYSIDE)"
rm -rf "$BROOT/src"; mkdir -p "$BROOT/src"
git -C "$REPO" archive HEAD | tar -x -C "$BROOT/src"
# The dependencies of pyproject.toml, with PySide6-Essentials replaced by $PYSIDE.
python3 - "$BROOT/src/requirements-bullseye.txt" "$PYSIDE" <<'PYREQ'
import sys, tomllib
deps = tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]
lines = [d for d in deps if not d.lower().startswith("pyside6-essentials")]
lines += [f"PySide6-Essentials=={sys.argv[2]}", "pyinstaller>=6.10,<7"]
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
PYREQ
in_root sh -c "cd /src && $PREFIX/bin/python3.11 -m venv .venv \
  && .venv/bin/pip install -q -r requirements-bullseye.txt"
# (The project itself is not installed: the spec takes app/, db/, ui/ and resources/ from the checkout.)

step "PyInstaller bundle and .deb in the bullseye root"
in_root sh -c "cd /src && .venv/bin/pyinstaller packaging/stationdesk.spec --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller && packaging/build_deb.sh"
rm -rf "$REPO/dist-bullseye"; mkdir -p "$REPO/dist-bullseye"
cp -a "$BROOT/src/dist/." "$REPO/dist-bullseye/"
step "done: $(ls "$REPO"/dist-bullseye/*.deb); glibc floor $(python3 packaging/glibc_floor.py dist-bullseye/stationdesk)"
