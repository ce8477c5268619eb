"""The keys of an encrypted data file (issue 15, encryption at rest).

An encrypted station file is a SQLCipher database (:mod:`db.cipher`) keyed with a random 256-bit data
key. The data key is never stored in clear: the key file beside the data file (``<data file>.keys``,
JSON, 0600) holds it wrapped once per account — AES-256-GCM under a key derived from that account's
password with argon2id, the account's name bound as associated data — and once under a recovery code
shown to the 站长 once (to print and keep in the station's safe), which unlocks the file when every
password is lost. The key file holds no personal data, only account names; without it the data cannot be
opened, so it is copied with every backup.

An account gets its wrapped key when its password is set while the file is encrypted (``users add``,
``users passwd``); an account whose password was set before the encryption has none until a 站长 resets
it (only someone who holds the data key can wrap it).
"""

from __future__ import annotations

import base64
import json
import logging
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw

from app.core.errors import UserError
from app.core.files import write_bytes

log = logging.getLogger(__name__)

FORMAT = 1
KEY_BYTES = 32
SUFFIX = ".keys"
RECOVERY = "__recovery__"  # the entry wrapped under the recovery code (no account can have this name)
# argon2id for the key derivation: the cost of the log-in's password hash (argon2-cffi's defaults:
# 64 MiB, 3 passes, 4 lanes). Stored per entry, so a later version can raise it.
_TIME, _MEMORY, _LANES = 3, 65536, 4
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # 32 symbols, no 0/O, 1/I: read aloud and typed from paper
RECOVERY_GROUPS, RECOVERY_GROUP = 6, 5  # 30 symbols = 150 bits


class KeyFileError(UserError):
    """The key file is missing, damaged or of an unknown format: the data cannot be opened."""


class WrongSecret(UserError):
    """A password or recovery code that does not unlock the data key."""


class NoWrappedKey(UserError):
    """The account exists in no entry of the key file (password set before encryption, or disabled)."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _kek(secret: str, salt: bytes, time_cost: int, memory_cost: int, lanes: int) -> bytes:
    return hash_secret_raw(secret.encode("utf-8"), salt, time_cost, memory_cost, lanes, KEY_BYTES, Type.ID)


@dataclass
class Keyring:
    """The wrapped copies of one data file's key: account name (or :data:`RECOVERY`) -> wrapped key."""

    wrapped: dict[str, dict[str, str | int]] = field(default_factory=dict)

    def wrap(self, name: str, secret: str, data_key: bytes) -> None:
        """Add (or replace) the entry of ``name``: ``data_key`` under a key derived from ``secret``."""
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # only when a key is used: start-up

        salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
        kek = _kek(secret, salt, _TIME, _MEMORY, _LANES)
        box = AESGCM(kek).encrypt(nonce, data_key, name.encode("utf-8"))
        self.wrapped[name] = {
            "kdf": "argon2id",
            "t": _TIME,
            "m": _MEMORY,
            "p": _LANES,
            "salt": _b64(salt),
            "nonce": _b64(nonce),
            "key": _b64(box),
        }

    def unwrap(self, name: str, secret: str) -> bytes:
        """The data key, from the entry of ``name`` opened with ``secret``."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        entry = self.wrapped.get(name)
        recovery = name == RECOVERY
        if entry is None:
            if recovery:
                raise WrongSecret("此数据文件的密钥文件中没有恢复码。")
            raise NoWrappedKey(
                f"账号“{name}”还不能打开这个加密的数据文件：它的密码是在加密之前设置的（或账号已停用、不存在）。"
                f"请站长登录后重设此账号的密码（users passwd {name}），之后即可用新密码登录。"
            )
        try:
            kek = _kek(secret, _unb64(str(entry["salt"])), int(entry["t"]), int(entry["m"]), int(entry["p"]))
            key = AESGCM(kek).decrypt(_unb64(str(entry["nonce"])), _unb64(str(entry["key"])), name.encode())
        except (InvalidTag, ValueError, KeyError, TypeError):
            log.warning("a wrong %s for an encrypted file", "recovery code" if recovery else "password")
            raise WrongSecret("恢复码不正确。" if recovery else "账号或密码不正确。") from None
        if len(key) != KEY_BYTES:
            raise KeyFileError("密钥文件已损坏：密钥长度不对。")
        return key

    def forget(self, name: str) -> None:
        self.wrapped.pop(name, None)

    def names(self) -> list[str]:
        """The accounts that have a wrapped key (not the recovery entry)."""
        return sorted(n for n in self.wrapped if n != RECOVERY)

    def has_recovery(self) -> bool:
        return RECOVERY in self.wrapped


def path_of(data_file: Path | str) -> Path:
    """The key file of ``data_file``: ``<name>.keys`` beside it."""
    data_file = Path(data_file)
    return data_file.with_name(data_file.name + SUFFIX)


def load(data_file: Path | str) -> Keyring:
    """The key file of the encrypted ``data_file``; :class:`KeyFileError` (Chinese) when it is missing,
    damaged or of another format."""
    path = path_of(data_file)
    if not path.exists():
        raise KeyFileError(
            f"数据文件已加密，但找不到它的密钥文件：{path}。没有密钥文件无法打开加密的数据。"
            "请把与数据文件一起备份的密钥文件（文件名以 .keys 结尾）放回数据文件旁边。"
        )
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise KeyFileError(f"密钥文件的格式版本不受支持：{path}。请升级程序，或用备份中的密钥文件。")
        wrapped = raw["wrapped"]
        if not isinstance(wrapped, dict) or not all(isinstance(v, dict) for v in wrapped.values()):
            raise ValueError("wrapped")
        return Keyring({str(k): dict(v) for k, v in wrapped.items()})
    except KeyFileError:
        raise
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise KeyFileError(
            f"密钥文件已损坏，无法读取：{path}。没有完好的密钥文件无法打开加密的数据；"
            "请用与数据一起备份的密钥文件替换它。"
        ) from exc


def save(data_file: Path | str, keyring: Keyring) -> Path:
    """Write the key file of ``data_file`` atomically (temporary name, flushed, renamed; 0600 through the
    process umask)."""
    text = json.dumps({"format": FORMAT, "wrapped": keyring.wrapped}, ensure_ascii=False, indent=1)
    return write_bytes(path_of(data_file), text.encode("utf-8"), action="保存密钥文件")


def new_data_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def new_recovery_code() -> str:
    """Six groups of five symbols (150 bits), e.g. ``K7QMX-2PAHR-…``."""
    chars = "".join(secrets.choice(_ALPHABET) for _ in range(RECOVERY_GROUPS * RECOVERY_GROUP))
    return "-".join(chars[i : i + RECOVERY_GROUP] for i in range(0, len(chars), RECOVERY_GROUP))


def normalise_recovery_code(text: str) -> str:
    """The code as typed (lower case, spaces, missing or extra dashes) in its printed form."""
    chars = "".join(c for c in text.upper() if c.isalnum())
    return "-".join(chars[i : i + RECOVERY_GROUP] for i in range(0, len(chars), RECOVERY_GROUP))
