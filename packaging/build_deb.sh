#!/usr/bin/env bash
# Build dist/stationdesk_<version>_amd64.deb from the PyInstaller folder dist/stationdesk/ (built first
# by `./tasks.sh package`). Needs dpkg-deb, objdump (binutils), dpkg -S (the build machine's package
# database) and ldconfig.
#   /opt/stationdesk/                         the bundle
#   /usr/bin/stationdesk -> /opt/stationdesk/stationdesk
#   /usr/share/applications/stationdesk.desktop   就业服务站工作台, category Office
#   /usr/share/icons/hicolor/<N>x<N>/apps/stationdesk.png   16 … 256
#   /usr/share/doc/stationdesk/copyright
# Depends: the Debian packages of the shared libraries the bundle needs but does not carry, found with
# objdump (NEEDED entries), ldconfig and dpkg -S; libc6 at least the bundle's measured glibc floor.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
BUNDLE=dist/stationdesk
[ -x "$BUNDLE/stationdesk" ] || { echo "build_deb: $BUNDLE/stationdesk is missing (run ./tasks.sh package)" >&2; exit 1; }
VERSION=$("$PY" -c 'import app; print(app.__version__)')
ARCH=amd64
STAGE=build/deb/stationdesk_${VERSION}_${ARCH}
OUT=dist/stationdesk_${VERSION}_${ARCH}.deb
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
  "$STAGE/usr/share/doc/stationdesk"
cp -a "$BUNDLE" "$STAGE/opt/stationdesk"
ln -s /opt/stationdesk/stationdesk "$STAGE/usr/bin/stationdesk"
install -m 644 packaging/stationdesk.desktop "$STAGE/usr/share/applications/stationdesk.desktop"
for size in 16 24 32 48 64 128 256; do
  install -D -m 644 "resources/icons/stationdesk-$size.png" \
    "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps/stationdesk.png"
done
{
  echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
  echo "Upstream-Name: stationdesk"
  echo
  echo "Files: *"
  echo "License: MIT"
  sed 's/^$/./; s/^/ /' LICENSE
  echo
  echo "Files: opt/stationdesk/_internal/stationdesk_resources/fonts/*"
  echo "License: Apache-2.0 or GPL-3+ with font exception"
  sed 's/^$/./; s/^/ /' resources/fonts/LICENSE-wqy-microhei.txt
  echo
  echo "Files: opt/stationdesk/_internal/*"
  echo "Comment: Python, Qt (PySide6, LGPL-3), reportlab, pyqtgraph, pypdfium2 (PDFium), peewee, openpyxl"
  echo " and their libraries, under their own licences, as shipped by their wheels."
} > "$STAGE/usr/share/doc/stationdesk/copyright"

# --- Depends: shared libraries needed by files of the bundle and not carried by it.
# (objdump fails on files that are not ELF, e.g. an executable script: only its output counts.)
needed=$(find "$BUNDLE" -type f \( -name '*.so*' -o -perm -u+x \) -print0 \
  | { xargs -0 objdump -p 2>/dev/null || true; } | awk '/^ *NEEDED/ {print $2}' | sort -u)
[ -n "$needed" ] || { echo "build_deb: objdump found no NEEDED libraries in $BUNDLE" >&2; exit 1; }
carried=$(find "$BUNDLE" \( -type f -o -type l \) -name '*.so*' -printf '%f\n' | sort -u)
missing=$(comm -23 <(echo "$needed") <(echo "$carried"))
# Libraries the build machine may lack (Qt's Wayland plugin, GL): their Debian packages, for then.
KNOWN="libwayland-client.so.0=libwayland-client0 libwayland-cursor.so.0=libwayland-cursor0
libwayland-egl.so.1=libwayland-egl1 libxcb.so.1=libxcb1 libdrm.so.2=libdrm2 libEGL.so.1=libegl1 libGL.so.1=libgl1"
packages=()
for soname in $missing; do
  # (awk reads to the end: an early exit would kill ldconfig with SIGPIPE, a failure under pipefail.)
  path=$(ldconfig -p | awk -v s="$soname" '$1 == s && /x86-64/ && !found {print $NF; found = 1}')
  if [ -z "$path" ]; then
    known=$(printf '%s\n' $KNOWN | awk -F= -v s="$soname" '$1 == s {print $2}')
    [ -n "$known" ] || { echo "build_deb: no system library $soname on this machine" >&2; exit 1; }
    packages+=("$known")
    continue
  fi
  pkg=""
  for candidate in "$path" "$(readlink -f "$path")" "${path#/usr}" "/usr$path"; do
    pkg=$(dpkg -S "$candidate" 2>/dev/null | awk -F: 'NR == 1 {print $1}' || true)
    [ -n "$pkg" ] && break
  done
  [ -n "$pkg" ] || { echo "build_deb: $path ($soname) belongs to no Debian package" >&2; exit 1; }
  packages+=("$pkg")
done
GLIBC_FLOOR=$("$PY" packaging/glibc_floor.py "$BUNDLE")
# The bundle carries libfontconfig but not its configuration (/etc/fonts): without it Qt prints
# "Fontconfig error: Cannot load default config file" and finds no system font.
depends="libc6 (>= $GLIBC_FLOOR), fontconfig-config"
for pkg in $(printf '%s\n' "${packages[@]}" | sort -u); do
  [ "$pkg" = libc6 ] || depends="$depends, $pkg"
done
installed_kb=$(du -sk "$STAGE" --exclude=DEBIAN | cut -f1)

cat > "$STAGE/DEBIAN/control" <<CONTROL
Package: stationdesk
Version: $VERSION
Architecture: $ARCH
Maintainer: stationdesk developers <stationdesk@localhost>
Installed-Size: $installed_kb
Depends: $depends
Recommends: fonts-wqy-microhei
Section: misc
Priority: optional
Homepage: https://localhost/stationdesk
Description: 就业服务站工作台 — workbench for community employment service stations
 An offline desktop program for community and village employment service
 stations: the labour-force ledger, help for people in need, services,
 vacancies and matching, self-assessment against the published standards,
 forms and reports. One local data file per station, no network.
 .
 The window and the command line are one program: stationdesk.
CONTROL

cat > "$STAGE/DEBIAN/postrm" <<'POSTRM'
#!/bin/sh
# Removing or purging the program never touches the stations' data: each user's data folder
# (~/.local/share/stationdesk: the data file, its backups and the log) stays where it is.
set -e
if [ "$1" = purge ]; then
  rmdir /opt/stationdesk 2>/dev/null || true
fi
exit 0
POSTRM
chmod 755 "$STAGE/DEBIAN/postrm"

# Ownership root:root and sane modes whoever builds it.
find "$STAGE" -type d -exec chmod 755 {} +
dpkg-deb --root-owner-group -Zxz -z6 --build "$STAGE" "$OUT" >/dev/null
echo "$OUT"
echo "Depends: $depends"
