"""The key file of an encrypted data file: wrapping, unwrapping, the recovery code, a damaged file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from app.accounts import keyring
from app.accounts.keyring import KeyFileError, Keyring, NoWrappedKey, WrongSecret

KEY = bytes(range(32))


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id at a test cost (the parameters are stored with each entry, so unwrapping follows)."""
    monkeypatch.setattr(keyring, "_TIME", 1)
    monkeypatch.setattr(keyring, "_MEMORY", 1024)


def test_a_password_unwraps_its_own_entry() -> None:
    ring = Keyring()
    ring.wrap("王站长", "secret-1", KEY)
    assert ring.unwrap("王站长", "secret-1") == KEY
    assert ring.names() == ["王站长"]


def test_a_wrong_password_is_refused() -> None:
    ring = Keyring()
    ring.wrap("王站长", "secret-1", KEY)
    with pytest.raises(WrongSecret, match="账号或密码不正确"):
        ring.unwrap("王站长", "secret-2")


def test_an_entry_moved_to_another_name_does_not_open() -> None:
    """The account name is bound to its entry: copying an entry under another name is refused."""
    ring = Keyring()
    ring.wrap("小李", "secret-1", KEY)
    ring.wrapped["王站长"] = ring.wrapped["小李"]
    with pytest.raises(WrongSecret):
        ring.unwrap("王站长", "secret-1")


def test_an_account_without_an_entry_is_told_to_ask_the_head() -> None:
    with pytest.raises(NoWrappedKey, match="请站长登录后重设此账号的密码"):
        Keyring().unwrap("小李", "secret-1")


def test_each_wrap_uses_its_own_salt_and_nonce() -> None:
    ring = Keyring()
    ring.wrap("a", "same", KEY)
    ring.wrap("b", "same", KEY)
    assert ring.wrapped["a"]["salt"] != ring.wrapped["b"]["salt"]
    assert ring.wrapped["a"]["key"] != ring.wrapped["b"]["key"]


def test_the_recovery_code_is_six_groups_of_five_unambiguous_symbols() -> None:
    code = keyring.new_recovery_code()
    assert re.fullmatch(r"([A-HJ-NP-Z2-9]{5}-){5}[A-HJ-NP-Z2-9]{5}", code)
    assert keyring.new_recovery_code() != code


def test_the_recovery_code_is_accepted_as_typed() -> None:
    code = keyring.new_recovery_code()
    ring = Keyring()
    ring.wrap(keyring.RECOVERY, code, KEY)
    typed = code.lower().replace("-", " ")
    assert ring.unwrap(keyring.RECOVERY, keyring.normalise_recovery_code(typed)) == KEY


def test_a_wrong_recovery_code_is_refused() -> None:
    ring = Keyring()
    ring.wrap(keyring.RECOVERY, keyring.new_recovery_code(), KEY)
    with pytest.raises(WrongSecret, match="恢复码不正确"):
        ring.unwrap(keyring.RECOVERY, keyring.new_recovery_code())


def test_saved_and_loaded(tmp_path: Path) -> None:
    data = tmp_path / "station.sqlite"
    ring = Keyring()
    ring.wrap("王站长", "secret-1", KEY)
    path = keyring.save(data, ring)
    assert path == tmp_path / "station.sqlite.keys"
    assert keyring.load(data).unwrap("王站长", "secret-1") == KEY
    assert KEY.hex() not in path.read_text(encoding="utf-8")


def test_a_missing_key_file_says_the_data_cannot_be_opened(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="没有密钥文件无法打开加密的数据"):
        keyring.load(tmp_path / "station.sqlite")


@pytest.mark.parametrize(
    "content",
    [b"", b"{not json", b"\xff\xfe\x00", b"[]", b'{"format": 1, "wrapped": []}', b'{"format": 1}'],
)
def test_a_damaged_key_file_is_named(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "station.sqlite.keys").write_bytes(content)
    with pytest.raises(KeyFileError, match="密钥文件"):
        keyring.load(tmp_path / "station.sqlite")


def test_a_key_file_of_a_later_format_is_refused(tmp_path: Path) -> None:
    (tmp_path / "station.sqlite.keys").write_text(json.dumps({"format": 99, "wrapped": {}}))
    with pytest.raises(KeyFileError, match="格式版本不受支持"):
        keyring.load(tmp_path / "station.sqlite")


def test_a_damaged_entry_is_a_wrong_secret_not_a_crash() -> None:
    ring = Keyring()
    ring.wrap("王站长", "secret-1", KEY)
    ring.wrapped["王站长"]["salt"] = "***"
    with pytest.raises(WrongSecret):
        ring.unwrap("王站长", "secret-1")
