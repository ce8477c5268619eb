"""The period package (``.sdpkg``) format, version 1: writing it and reading it back safely.

A zip with
- ``manifest.json``: format and version, station (code, name, 街道/镇, 区, level), period, kind, standard,
  app version, created at, operator, whether people are included, the signer's public key, and the
  sha256 and size of every other member;
- ``manifest.sig``: the Ed25519 signature of the exact bytes of ``manifest.json`` (base64);
- ``figures.json``: the figures (:mod:`app.upward.figures`);
- ``people.json`` only with ``--with-people``: masked member lists for spot checks (抽查);
- the PDFs (``monthly-report.pdf`` / ``score-sheet.pdf``).

The zip is canonical (:func:`zip_bytes`: stored, fixed time stamps, this order), so the reader can rebuild
it from the checked contents and refuse a file in which any byte differs, headers included.

Every JSON member validates against the JSON Schemas shipped in ``resources/schemas/``. Reading refuses,
with a Chinese :class:`PackageError` and before anything is stored: a file that is no zip, too big, with
too many members or a member that unpacks far beyond its compressed size (zip bomb), a member not listed
in the manifest or listed and missing, a digest that does not match, a bad signature, a newer format
version, a schema violation, figures that do not add up.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from app.core.errors import UserError
from app.core.files import write_with
from app.core.paths import resources_dir
from app.upward import checks

FORMAT = "stationdesk-sdpkg"
FORMAT_VERSION = 1
SUFFIX = ".sdpkg"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
FIGURES = "figures.json"
PEOPLE = "people.json"
KINDS = {"month": "月度统计", "assessment": "自评结果"}
LEVELS = {"station": "站点", "town": "街道/镇", "district": "区"}

# Zip-bomb and size limits.
MAX_PACKAGE_BYTES = 64 * 1024 * 1024
MAX_MEMBERS = 32
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 128 * 1024 * 1024
MAX_RATIO = 200  # unpacked / packed size of one member (JSON packs ~10:1; bombs ~1000:1)
_RATIO_FROM = 1024 * 1024  # the ratio limit applies to members unpacking to more than this


class PackageError(UserError):
    """A package that cannot be accepted (Chinese message)."""


def canonical_json(data: Any) -> bytes:
    """The bytes a JSON member is stored as: UTF-8, sorted keys, so equal data gives equal digests."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------------------------------- schemas


def schema_dir() -> Path:
    return resources_dir() / "schemas"


@cache
def _schema(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((schema_dir() / name).read_text(encoding="utf-8"))
    return data


SCHEMAS = {
    MANIFEST: "sdpkg-manifest.schema.json",
    FIGURES: "sdpkg-figures.schema.json",
    PEOPLE: "sdpkg-people.schema.json",
}


@cache
def _validator(member: str) -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_schema(SCHEMAS[member]))


def schema_errors(member: str, data: Any) -> list[str]:
    """Where ``data`` breaks the shipped schema of ``member`` (JSON paths and jsonschema's messages)."""
    validator = _validator(member)
    out = []
    for err in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in err.absolute_path) or "（根）"
        out.append(f"{where}：{err.message}")
    return out


# ---------------------------------------------------------------------------------------- writing

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def zip_bytes(entries: list[tuple[str, bytes]]) -> bytes:
    """The canonical zip of ``entries`` in this order: stored (not compressed), fixed time stamps and
    attributes, so that equal contents give equal bytes. A reader rebuilds it and compares: a changed
    byte anywhere in the file — content or header — is seen."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buf.getvalue()


def period_key(manifest: dict[str, Any]) -> str:
    """What identifies the period of a package within its kind: the month, or standard:from:to."""
    if manifest["kind"] == "month":
        return str(manifest["period"])
    return f"{manifest['standard']}:{manifest['period_from']}:{manifest['period_to']}"


def file_name(code: str, period: str) -> str:
    return f"{code}-{period}{SUFFIX}"


def write_package(
    dest: Path,
    manifest: dict[str, Any],
    members: dict[str, bytes],
    sign: Any,
    public_key: bytes,
) -> Path:
    """Write the package to ``dest`` atomically (a temporary file beside it, then renamed). ``manifest``
    gets the public key and the members' digests; ``sign(bytes) -> bytes`` signs the manifest."""
    manifest = dict(manifest)
    manifest["format"] = FORMAT
    manifest["format_version"] = FORMAT_VERSION
    manifest["public_key"] = base64.b64encode(public_key).decode("ascii")
    manifest["members"] = {
        name: {"sha256": sha256(data), "size": len(data)} for name, data in sorted(members.items())
    }
    for name in (FIGURES, PEOPLE):
        if name in members:
            problems = schema_errors(name, json.loads(members[name]))
            if problems:
                raise AssertionError(f"{name} breaks its schema: {problems}")
    errors = schema_errors(MANIFEST, manifest)
    if errors:
        raise AssertionError(f"manifest breaks its schema: {errors}")
    manifest_bytes = canonical_json(manifest)
    signature = base64.b64encode(sign(manifest_bytes))
    dest = Path(dest)
    data = zip_bytes([(MANIFEST, manifest_bytes), (SIGNATURE, signature), *sorted(members.items())])
    # the one atomic file write: temporary name, fsync, rename, folder fsync; a full disk in Chinese
    write_with(dest, lambda tmp: tmp.write_bytes(data), action="保存上报文件", make_folder=True)
    return dest


# ---------------------------------------------------------------------------------------- reading


@dataclass
class Package:
    """A package read and checked (all but who signed it: :meth:`fingerprint` against the register)."""

    raw: bytes
    manifest: dict[str, Any]
    manifest_bytes: bytes
    signature: bytes
    members: dict[str, bytes] = field(default_factory=dict)

    @property
    def figures(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.members[FIGURES])
        return data

    @property
    def people(self) -> dict[str, Any] | None:
        if PEOPLE not in self.members:
            return None
        data: dict[str, Any] = json.loads(self.members[PEOPLE])
        return data

    @property
    def public_key(self) -> bytes:
        return base64.b64decode(self.manifest["public_key"])

    @property
    def station_code(self) -> str:
        return str(self.manifest["station"]["code"])

    @property
    def kind(self) -> str:
        return str(self.manifest["kind"])

    @property
    def period_key(self) -> str:
        return period_key(self.manifest)

    @property
    def sha256(self) -> str:
        return sha256(self.raw)

    def pdfs(self) -> dict[str, bytes]:
        return {n: b for n, b in self.members.items() if n.endswith(".pdf")}


def _read_capped(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    """A member's bytes, refused when it unpacks to more than ``cap`` (whatever its header claims)."""
    out = io.BytesIO()
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(1024 * 1024)
            if not chunk:
                break
            out.write(chunk)
            if out.tell() > cap:
                raise PackageError(f"上报包成员 {info.filename} 解压后超过允许的大小，疑似压缩炸弹，已拒收")
    return out.getvalue()


def _json(name: str, data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise PackageError(f"上报包中的 {name} 不是有效的 JSON，文件可能已损坏或被改动") from None


def read_package(raw: bytes, name: str = "上报包") -> Package:
    """Read and check a package's bytes: structure, format version, schema, digests, signature (by the
    key the manifest carries) and that the figures add up. Raises :class:`PackageError`."""
    from app.station.signing import verify

    if len(raw) > MAX_PACKAGE_BYTES:
        raise PackageError(f"{name} 超过 {MAX_PACKAGE_BYTES // (1024 * 1024)} MB，不是本程序生成的上报包")
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise PackageError(f"{name} 不是有效的上报包（文件已损坏或被改动）") from None
    with zf:
        if len(infos) > MAX_MEMBERS:
            raise PackageError(f"{name} 含 {len(infos)} 个文件，超过上限 {MAX_MEMBERS}，已拒收")
        names = [i.filename for i in infos]
        if len(set(names)) != len(names):
            raise PackageError(f"{name} 含重名文件，已拒收")
        total = 0
        for info in infos:
            if "/" in info.filename or "\\" in info.filename or info.filename.startswith("."):
                raise PackageError(f"{name} 含不允许的文件名 {info.filename}，已拒收")
            total += info.file_size
            ratio_bad = info.file_size > _RATIO_FROM and info.file_size > MAX_RATIO * max(
                1, info.compress_size
            )
            if info.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES or ratio_bad:
                raise PackageError(f"{name} 中的 {info.filename} 解压后过大，疑似压缩炸弹，已拒收")
        by_name = {i.filename: i for i in infos}
        if MANIFEST not in by_name or SIGNATURE not in by_name:
            raise PackageError(f"{name} 缺少清单或签名，不是本程序生成的上报包")
        try:
            contents = {
                n: _read_capped(zf, i, min(MAX_MEMBER_BYTES, max(i.file_size, 0))) for n, i in by_name.items()
            }
        except (
            zipfile.BadZipFile,
            OSError,
            EOFError,
            ValueError,
            zlib.error,
            NotImplementedError,
            RuntimeError,
        ):
            # RuntimeError: an encrypted member; NotImplementedError: an unknown compression method
            raise PackageError(f"{name} 已损坏（解压校验失败），文件可能被改动") from None
    manifest_bytes = contents.pop(MANIFEST)
    manifest = _json(MANIFEST, manifest_bytes)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PackageError(f"{name} 不是本程序生成的上报包")
    version = manifest.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise PackageError(
            f"{name} 的格式版本为 {version}，本程序只能读取到版本 {FORMAT_VERSION}；请升级本程序后再导入"
        )
    errors = schema_errors(MANIFEST, manifest)
    if errors:
        raise PackageError(f"{name} 的清单不符合格式要求：{errors[0]}")
    try:
        signature_text = contents.pop(SIGNATURE)
        signature = base64.b64decode(signature_text, validate=True)
        public = base64.b64decode(manifest["public_key"], validate=True)
    except ValueError:
        raise PackageError(f"{name} 的签名无效，文件可能被改动，已拒收") from None
    if not verify(public, signature, manifest_bytes):
        raise PackageError(f"{name} 的签名无效，文件可能被改动，已拒收")
    listed = manifest["members"]
    if set(listed) != set(contents):
        raise PackageError(f"{name} 的文件与清单不符（多出或缺少文件），文件可能被改动，已拒收")
    for member, data in contents.items():
        if sha256(data) != listed[member]["sha256"] or len(data) != listed[member]["size"]:
            raise PackageError(f"{name} 中的 {member} 与清单记录的校验值不符，文件可能被改动，已拒收")
    if FIGURES not in contents:
        raise PackageError(f"{name} 缺少数据文件 {FIGURES}")
    package = Package(raw, manifest, manifest_bytes, signature, contents)
    for member in (FIGURES, PEOPLE):
        if member in contents:
            errors = schema_errors(member, _json(member, contents[member]))
            if errors:
                raise PackageError(f"{name} 的 {member} 不符合格式要求：{errors[0]}")
    figures = package.figures
    if figures.get("kind") != manifest["kind"]:
        raise PackageError(f"{name} 的数据种类与清单不符")
    if manifest["kind"] == "month" and figures.get("month") != manifest["period"]:
        raise PackageError(f"{name} 的数据月份与清单不符")
    bad = checks.problems(figures)
    if bad:
        raise PackageError(f"{name} 的数据不能自洽：{'；'.join(bad[:3])}")
    order = [(MANIFEST, manifest_bytes), (SIGNATURE, signature_text), *sorted(contents.items())]
    if zip_bytes(order) != raw:
        raise PackageError(f"{name} 的文件结构与生成时不同（文件被改动过），已拒收")
    return package


def read_package_file(path: Path | str) -> Package:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_PACKAGE_BYTES:
            raise PackageError(
                f"{path.name} 超过 {MAX_PACKAGE_BYTES // (1024 * 1024)} MB，不是本程序生成的上报包"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PackageError(f"找不到文件：{path}") from None
    except IsADirectoryError:
        raise PackageError(f"{path} 是文件夹，不是上报包") from None
    except OSError as exc:
        raise PackageError(f"无法读取 {path}：{exc.strerror or exc}") from None
    return read_package(raw, path.name)
