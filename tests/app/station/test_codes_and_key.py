"""app.station: the 12-digit statistical area code and the station's Ed25519 key (issue 16)."""

from __future__ import annotations

import pytest

from app.core.errors import FieldErrors, ValidationError
from app.station import profile as station
from app.station import signing
from db.models import StationKey


def test_area_code_valid_is_kept() -> None:
    assert station.parse_area_code(" 310110012003 ") == "310110012003"


def test_area_code_full_width_digits_are_read_as_digits() -> None:
    assert station.parse_area_code("３１０１１００１２００３") == "310110012003"


def test_area_code_empty_is_allowed() -> None:
    assert station.parse_area_code("") == ""
    assert station.parse_area_code(None) == ""


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("31011001200", "应为12位数字，现为11位"),
        ("3101100120031", "应为12位数字，现为13位"),
        ("31011001200A", "只能由数字组成"),
        ("990110012003", "前两位 99 不是有效的省级代码"),
        ("310010012003", "地市部分"),
        ("310100012003", "区县部分"),
        ("310110000003", "街道/乡镇部分"),
        ("310110012000", "村/社区部分"),
    ],
)
def test_area_code_bad(value: str, words: str) -> None:
    with pytest.raises(ValidationError) as err:
        station.parse_area_code(value)
    assert words in err.value.message


def test_area_code_as_number_is_refused() -> None:
    with pytest.raises(ValidationError, match="文本"):
        station.parse_area_code(310110012003)


def test_profile_saves_area_code(db) -> None:
    station.save_profile(
        {
            "name": "幸福社区",
            "kind": "社区",
            "street": "殷行街道",
            "district": "杨浦区",
            "area_code": "310110012003",
        }
    )
    values = station.profile_values()
    assert values["area_code"] == "310110012003"
    assert values["street"] == "殷行街道"
    assert values["district"] == "杨浦区"


def test_profile_refuses_bad_area_code_and_keeps_the_old(db) -> None:
    station.save_profile({"name": "幸福社区", "kind": "社区", "area_code": "310110012003"})
    with pytest.raises(FieldErrors) as err:
        station.save_profile({"area_code": "3101"})
    assert "area_code" in err.value.errors
    assert station.get_profile().area_code == "310110012003"


def test_key_is_made_on_first_use_and_kept(db) -> None:
    assert StationKey.select().count() == 0
    first = signing.station_fingerprint()
    assert StationKey.select().count() == 1
    assert signing.station_fingerprint() == first
    assert first.startswith("SHA256:") and len(first) == len("SHA256:") + 32 + 7


def test_signature_verifies_with_the_public_key_only(db) -> None:
    sig = signing.sign(b"manifest")
    public = signing.public_key()
    assert signing.verify(public, sig, b"manifest")
    assert not signing.verify(public, sig, b"manifesT")
    assert not signing.verify(public, sig[:-1] + bytes([sig[-1] ^ 1]), b"manifest")
    assert not signing.verify(b"short", sig, b"manifest")


def test_fingerprint_normalization() -> None:
    fp = signing.fingerprint(b"\x01" * 32)
    assert signing.normalize_fingerprint(fp) == fp
    assert signing.normalize_fingerprint(fp.upper().replace("-", " ")) == fp
    assert signing.normalize_fingerprint(fp.removeprefix("SHA256:").replace("-", "")) == fp
    assert signing.normalize_fingerprint("abc") == ""
    assert signing.normalize_fingerprint("g" * 32) == ""
