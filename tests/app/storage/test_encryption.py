"""Encryption at rest (issue 15): encrypt, open with a password, the bad inputs, backups and restore of an
encrypted file, the recovery code, decrypt."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.accounts import audit, keyring, session, users
from app.accounts.keyring import KeyFileError, NoWrappedKey, WrongSecret
from app.accounts.session import PermissionDenied
from app.accounts.users import LoginFailed
from app.core.errors import EncryptedFileError, UserError
from app.core.idcard import make_id
from app.register.ledger import save_person
from app.storage import autobackup, encryption
from app.storage.backup import backup, restore, verify_backup_file
from app.storage.datafile import Credentials, close_station, is_encrypted, open_station
from db import connection
from db.models import Person, database

PASSWORD = "secret-1"
HEADER = b"SQLite format 3\x00"


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id at a test cost (the parameters are stored with each hash and entry)."""
    import argon2

    monkeypatch.setattr(users, "_hasher", argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    monkeypatch.setattr(keyring, "_TIME", 1)
    monkeypatch.setattr(keyring, "_MEMORY", 1024)


def _id(n: int) -> str:
    return make_id("440117", dt.date(1985, 3, 1) + dt.timedelta(days=n), 11)


def _add(n: int) -> None:
    save_person(
        {
            "id_number": _id(n),
            "name": f"欧阳测{n:02d}",
            "employment_status": "未就业",
            "survey_date": "2026-01-10",
        }
    )


def _names() -> list[str]:
    return [p.name for p in Person.select().order_by(Person.name)]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def station(db: Path) -> Iterator[Path]:
    """A plain file with three people, a 站长 (王站长, logged in) and a 工作人员 (小李)."""
    for n in range(3):
        _add(n)
    users.add_user("王站长", session.HEAD, PASSWORD)
    users.login("王站长", PASSWORD)
    users.add_user("小李", session.STAFF, PASSWORD)
    yield db
    close_station()
    session.file_opened(has_accounts=False)


@pytest.fixture
def encrypted(station: Path) -> Path:
    code = encryption.encrypt(PASSWORD)
    station.with_name("recovery.txt").write_text(code)
    return station


def _recovery(path: Path) -> str:
    return path.with_name("recovery.txt").read_text()


def _reopen(path: Path, name: str = "王站长", password: str = PASSWORD) -> None:
    close_station()
    open_station(path, login=Credentials(name, password))


# ---------------------------------------------------------------------------- encrypt and open


def test_encrypted_file_has_no_clear_text(encrypted: Path) -> None:
    close_station()
    raw = encrypted.read_bytes()
    assert raw[:16] != HEADER
    for clear in (_id(0).encode(), "欧阳测00".encode(), b"CREATE TABLE"):
        assert clear not in raw
    assert is_encrypted(encrypted)
    assert keyring.path_of(encrypted).exists()


def test_the_wal_of_an_encrypted_file_has_no_clear_text(encrypted: Path) -> None:
    _add(7)
    wal = encrypted.with_name(encrypted.name + "-wal")
    assert wal.stat().st_size > 0
    assert _id(7).encode() not in wal.read_bytes()
    assert "欧阳测07".encode() not in wal.read_bytes()


def test_encrypting_keeps_the_data_the_session_and_the_audit_chain(encrypted: Path) -> None:
    assert _names() == ["欧阳测00", "欧阳测01", "欧阳测02"]
    assert session.current() == session.Operator("王站长", session.HEAD)
    assert audit.verify() is None
    assert audit.entries(audit.Filter(kind="encrypt"))


def test_opened_again_with_the_password(encrypted: Path) -> None:
    _reopen(encrypted)
    assert _names() == ["欧阳测00", "欧阳测01", "欧阳测02"]
    assert session.current() == session.Operator("王站长", session.HEAD)
    assert connection.schema_version() == connection.SCHEMA_VERSION


def test_opened_without_a_password_is_refused_and_untouched(encrypted: Path) -> None:
    close_station()
    before = _digest(encrypted)
    with pytest.raises(EncryptedFileError, match="已加密，请用账号和密码登录"):
        open_station(encrypted)
    assert _digest(encrypted) == before
    assert not encrypted.with_name(encrypted.name + "-wal").exists()


def test_a_wrong_password_is_refused_and_the_file_untouched(encrypted: Path) -> None:
    close_station()
    before = _digest(encrypted)
    with pytest.raises(WrongSecret, match="账号或密码不正确"):
        open_station(encrypted, login=Credentials("王站长", "wrong-password"))
    assert _digest(encrypted) == before
    assert database.is_closed()


def test_an_account_set_before_encryption_needs_a_reset(encrypted: Path) -> None:
    assert encryption.accounts_without_key() == ["小李"]
    close_station()
    with pytest.raises(NoWrappedKey, match="users passwd 小李"):
        open_station(encrypted, login=Credentials("小李", PASSWORD))
    _reopen(encrypted)
    users.change_password("小李", "new-pass-2")
    _reopen(encrypted, "小李", "new-pass-2")
    assert session.current() == session.Operator("小李", session.STAFF)


def test_an_account_added_after_encryption_opens_the_file(encrypted: Path) -> None:
    users.add_user("检查组", session.VIEWER, "viewer-1")
    _reopen(encrypted, "检查组", "viewer-1")
    assert session.current() == session.Operator("检查组", session.VIEWER)


def test_a_disabled_account_loses_its_key(encrypted: Path) -> None:
    users.add_user("小王", session.STAFF, "staff-22")
    users.disable_user("小王")
    assert "小王" not in keyring.load(encrypted).names()
    close_station()
    with pytest.raises(NoWrappedKey):
        open_station(encrypted, login=Credentials("小王", "staff-22"))


def test_a_missing_key_file_says_so(encrypted: Path) -> None:
    close_station()
    keyring.path_of(encrypted).unlink()
    with pytest.raises(KeyFileError, match="找不到它的密钥文件"):
        open_station(encrypted, login=Credentials("王站长", PASSWORD))


def test_a_damaged_key_file_says_so(encrypted: Path) -> None:
    close_station()
    keyring.path_of(encrypted).write_text("{broken")
    with pytest.raises(KeyFileError, match="密钥文件已损坏"):
        open_station(encrypted, login=Credentials("王站长", PASSWORD))


def test_a_key_file_of_another_encryption_is_a_wrong_key(encrypted: Path, tmp_path: Path) -> None:
    close_station()
    other = keyring.Keyring()
    other.wrap("王站长", PASSWORD, keyring.new_data_key())
    keyring.save(encrypted, other)
    with pytest.raises(EncryptedFileError, match="无法用此密钥打开"):
        open_station(encrypted, login=Credentials("王站长", PASSWORD))


# ---------------------------------------------------------------------------- who may encrypt


def test_encrypting_needs_the_head(station: Path) -> None:
    users.login("小李", PASSWORD)
    with pytest.raises(PermissionDenied):
        encryption.encrypt(PASSWORD)
    assert not is_encrypted(station)


def test_encrypting_asks_the_password_again(station: Path) -> None:
    with pytest.raises(LoginFailed):
        encryption.encrypt("wrong-password")
    assert not is_encrypted(station)
    assert not keyring.path_of(station).exists()


def test_encrypting_a_file_without_accounts_is_refused(db: Path) -> None:
    with pytest.raises(UserError, match="请先新增一个站长账号"):
        encryption.encrypt(PASSWORD)
    assert not is_encrypted(db)


def test_encrypting_twice_is_refused(encrypted: Path) -> None:
    with pytest.raises(UserError, match="已经加密"):
        encryption.encrypt(PASSWORD)


def test_a_failed_conversion_leaves_the_plain_file_open(
    station: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(connection, "convert_file", broken)
    with pytest.raises(OSError):
        encryption.encrypt(PASSWORD)
    assert not is_encrypted(station)
    assert not keyring.path_of(station).exists()
    assert _names() == ["欧阳测00", "欧阳测01", "欧阳测02"]
    assert list(station.parent.glob(".*encrypting*")) == []


# ---------------------------------------------------------------------------- recovery code


def test_the_recovery_code_sets_a_new_password(encrypted: Path) -> None:
    close_station()
    encryption.recover(encrypted, _recovery(encrypted).lower(), "王站长", "brand-new-1")
    assert session.current() == session.Operator("王站长", session.HEAD)
    assert audit.entries(audit.Filter(kind="recovery"))
    _reopen(encrypted, "王站长", "brand-new-1")
    assert _names() == ["欧阳测00", "欧阳测01", "欧阳测02"]


def test_a_wrong_recovery_code_is_refused(encrypted: Path) -> None:
    close_station()
    before = _digest(encrypted)
    with pytest.raises(WrongSecret, match="恢复码不正确"):
        encryption.recover(encrypted, keyring.new_recovery_code(), "王站长", "brand-new-1")
    assert _digest(encrypted) == before
    _reopen(encrypted)  # the old password still opens it


def test_the_recovery_code_only_resets_a_head(encrypted: Path) -> None:
    close_station()
    with pytest.raises(UserError, match="只能用来重设站长的密码"):
        encryption.recover(encrypted, _recovery(encrypted), "小李", "brand-new-1")
    assert database.is_closed()


# ---------------------------------------------------------------------------- backups and restore


def test_a_backup_of_an_encrypted_file_is_encrypted_with_its_key_file(
    encrypted: Path, tmp_path: Path
) -> None:
    dest = backup(tmp_path / "copies" / "b.sqlite")
    assert is_encrypted(dest)
    assert _id(0).encode() not in dest.read_bytes()
    assert keyring.path_of(dest).read_bytes() == keyring.path_of(encrypted).read_bytes()
    assert verify_backup_file(dest) == connection.SCHEMA_VERSION
    # The backup opens on its own, with its key file and a password.
    close_station()
    open_station(dest, login=Credentials("王站长", PASSWORD))
    assert _names() == ["欧阳测00", "欧阳测01", "欧阳测02"]


def test_an_encrypted_backup_is_restored(encrypted: Path, tmp_path: Path) -> None:
    dest = backup(tmp_path / "b.sqlite")
    _add(5)
    kept = restore(dest)
    assert _names() == ["欧阳测00", "欧阳测01", "欧阳测02"]
    assert is_encrypted(encrypted) and is_encrypted(kept)
    assert session.current() == session.Operator("王站长", session.HEAD)
    _reopen(encrypted)
    assert len(_names()) == 3


def test_a_plain_backup_restored_into_an_encrypted_file_is_encrypted(station: Path, tmp_path: Path) -> None:
    plain = backup(tmp_path / "plain.sqlite")
    encryption.encrypt(PASSWORD)
    _add(5)
    restore(plain)
    assert _names() == ["欧阳测00", "欧阳测01", "欧阳测02"]
    close_station()
    assert is_encrypted(station)
    assert _id(0).encode() not in station.read_bytes()
    open_station(station, login=Credentials("王站长", PASSWORD))
    assert len(_names()) == 3


def test_an_encrypted_backup_is_not_restored_into_a_plain_file(encrypted: Path, tmp_path: Path) -> None:
    dest = backup(tmp_path / "b.sqlite")
    encryption.decrypt(PASSWORD)
    _add(5)
    before = _names()
    with pytest.raises(EncryptedFileError, match="不能恢复到未加密的数据文件"):
        restore(dest)
    assert _names() == before
    assert not is_encrypted(encrypted)


def test_a_backup_of_another_encryption_is_refused(encrypted: Path, tmp_path: Path) -> None:
    dest = backup(tmp_path / "b.sqlite")
    encryption.decrypt(PASSWORD)
    encryption.encrypt(PASSWORD)  # a new data key
    with pytest.raises(EncryptedFileError, match="密钥不同"):
        verify_backup_file(dest)


def test_automatic_backups_are_encrypted_and_rotated_with_their_key_files(encrypted: Path) -> None:
    result = autobackup.run(dt.datetime(2026, 1, 1, 12, 0))
    assert result.path is not None and is_encrypted(result.path)
    assert keyring.path_of(result.path).exists()
    for day in range(2, 12):
        autobackup.run(dt.datetime(2026, 1, day, 12, 0))
    files = list(result.path.parent.iterdir())
    backups = [f for f in files if f.name.endswith(".sqlite")]
    keys = [f for f in files if f.name.endswith(".keys")]
    assert len(keys) == len(backups) < 11
    assert {k.name for k in keys} == {b.name + ".keys" for b in backups}


def test_encrypting_encrypts_the_automatic_backups_already_there(station: Path) -> None:
    plain = autobackup.run(dt.datetime(2026, 1, 1, 12, 0)).path
    assert plain is not None and plain.read_bytes()[:16] == HEADER
    encryption.encrypt(PASSWORD)
    assert is_encrypted(plain)
    assert _id(0).encode() not in plain.read_bytes()
    assert autobackup.check(plain).ok


def test_decrypt_gives_back_a_plain_file(encrypted: Path) -> None:
    encryption.decrypt(PASSWORD)
    assert not keyring.path_of(encrypted).exists()
    assert _names() == ["欧阳测00", "欧阳测01", "欧阳测02"]
    assert session.current() == session.Operator("王站长", session.HEAD)
    close_station()
    assert encrypted.read_bytes()[:16] == HEADER
    con = sqlite3.connect(encrypted)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == connection.SCHEMA_VERSION
        assert con.execute("SELECT count(*) FROM person").fetchone()[0] == 3
    finally:
        con.close()


def test_decrypt_needs_the_head_password(encrypted: Path) -> None:
    with pytest.raises(LoginFailed):
        encryption.decrypt("wrong-password")
    assert is_encrypted(encrypted)
