"""The station's Ed25519 key pair: made on first use, kept in the data file (``station_key``, row 1).

The private key never leaves this module: callers get signatures, the raw public key and its
fingerprint (what the 街道/镇 or 区 registers for the station, ``hub station add … --key``).
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from db.models import StationKey, database

KEY_ID = 1
FINGERPRINT_HEX = 32  # 128 bits of the SHA-256 of the public key, shown in groups of four


def fingerprint(public_key: bytes) -> str:
    """The fingerprint of a raw 32-byte public key: ``SHA256:`` and 32 hex digits in groups of four,
    e.g. ``SHA256:1a2b-3c4d-…``."""
    digest = hashlib.sha256(public_key).hexdigest()[:FINGERPRINT_HEX]
    return "SHA256:" + "-".join(digest[i : i + 4] for i in range(0, FINGERPRINT_HEX, 4))


def normalize_fingerprint(text: str) -> str:
    """A fingerprint as typed (any case, with or without ``SHA256:`` and dashes or spaces) in the canonical
    form; '' when it has not 32 hex digits."""
    t = text.strip().lower().removeprefix("sha256:").replace("-", "").replace(" ", "").replace(":", "")
    if len(t) != FINGERPRINT_HEX or any(c not in "0123456789abcdef" for c in t):
        return ""
    return "SHA256:" + "-".join(t[i : i + 4] for i in range(0, FINGERPRINT_HEX, 4))


def make_key_pair() -> tuple[bytes, bytes]:
    """A new Ed25519 key pair as raw (private, public) bytes."""
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return private, key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def sign_with(private: bytes, data: bytes) -> bytes:
    """The Ed25519 signature of ``data`` by a raw private key."""
    return Ed25519PrivateKey.from_private_bytes(private).sign(data)


def _load_or_create() -> StationKey:
    row = StationKey.get_or_none(StationKey.id == KEY_ID)
    if row is not None:
        return row
    private, public = make_key_pair()
    with database.atomic():
        StationKey.insert(id=KEY_ID, private_key=private, public_key=public).on_conflict_ignore().execute()
    return StationKey.get_by_id(KEY_ID)


def public_key() -> bytes:
    """The station's raw public key (the pair is made on first use)."""
    return bytes(_load_or_create().public_key)


def public_key_text() -> str:
    """The public key as base64 (what a package carries beside its signature)."""
    return base64.b64encode(public_key()).decode("ascii")


def station_fingerprint() -> str:
    return fingerprint(public_key())


def sign(data: bytes) -> bytes:
    """The Ed25519 signature of ``data`` with the station's private key."""
    return sign_with(bytes(_load_or_create().private_key), data)


def verify(public: bytes, signature: bytes, data: bytes) -> bool:
    """Whether ``signature`` is a valid Ed25519 signature of ``data`` by ``public``."""
    from cryptography.exceptions import InvalidSignature

    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True
