"""One private field sealed with AES-GCM under the keys of the people it belongs to.

AES-256-GCM is OpenSSL's, through ``cryptography`` (about 2 µs a field with the cipher of a
content key cached, where pycryptodome's GCM, which eventsourcing[crypto] brings, builds
several cipher objects per call: about 100 times slower here).

A sealed value replaces the plain text in the event's JSON state::

    {"_sealed_": 1, "to": ["E1"], "keys": ["9f..."], "nonce": "<b64>", "box": "<b64>"}

``to`` names the owners, ``keys`` the id of each owner's key at sealing time; the AES-256 key is
SHA-256 over a fixed label and the owners' secrets, so every owner's key is needed to open it
and destroying any one of them shreds the value. The field name and the owners are the
associated data (NUL-separated): a box moved to another field or relabelled does not open.
Plain strings (old events, written before sealing) are left as they are.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeGuard

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MARK = "_sealed_"
VERSION = 1
KEY_BYTES = 32
NONCE_BYTES = 12
LABEL = b"mentoring-erasure/v1"


@dataclass(frozen=True)
class PersonKey:
    """One person's key: its id (recorded in each box) and its 32 secret bytes."""

    key_id: str
    secret: bytes

    @classmethod
    def new(cls) -> PersonKey:
        """A fresh random key."""
        return cls(secrets.token_hex(8), secrets.token_bytes(KEY_BYTES))

    def __repr__(self) -> str:
        return f"PersonKey({self.key_id!r}, <secret>)"


KeyLookup = Callable[[str, str], PersonKey | None]
"""(owner, key id) -> the key, or None when it is gone (destroyed, or never held here)."""


class Unopenable(ValueError):
    """A sealed value whose keys are gone (or that fails authentication)."""


def is_sealed(value: object) -> TypeGuard[dict[str, Any]]:
    """Whether ``value`` is a sealed box (rather than a plain value of an old event)."""
    return isinstance(value, dict) and value.get(MARK) == VERSION


def seal(
    field: str, value: Any, owners: Sequence[str], keys: Sequence[PersonKey]
) -> dict[str, Any]:
    """``value`` (any JSON value) sealed for ``owners``, whose keys are ``keys`` (same order)."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = _aead(tuple(keys)).encrypt(
        nonce, json.dumps(value).encode(), _associated(field, owners)
    )
    return {
        MARK: VERSION,
        "to": list(owners),
        "keys": [key.key_id for key in keys],
        "nonce": _b64(nonce),
        "box": _b64(sealed),
    }


def open_sealed(field: str, box: dict[str, Any], lookup: KeyLookup) -> Any:
    """The value sealed in ``box``; ``Unopenable`` if a key is gone or the box was altered."""
    owners, key_ids = box["to"], box["keys"]
    keys = [lookup(owner, key_id) for owner, key_id in zip(owners, key_ids, strict=True)]
    present = [key for key in keys if key is not None]
    if len(present) != len(keys):
        raise Unopenable(f"a key of {owners} is gone")
    try:
        plain = _aead(tuple(present)).decrypt(
            base64.b64decode(box["nonce"]), base64.b64decode(box["box"]),
            _associated(field, owners),
        )
    except (InvalidTag, ValueError):
        raise Unopenable(f"the box of {field!r} does not authenticate") from None
    return json.loads(plain)


@lru_cache(maxsize=4096)
def _aead(keys: tuple[PersonKey, ...]) -> AESGCM:
    """The AES-256-GCM cipher of the owners' keys, built once (derivation and key schedule)."""
    return AESGCM(_content_key(keys))


def forget_ciphers() -> None:
    """Drop every cached cipher (on an erasure: no destroyed key stays in memory in them)."""
    _aead.cache_clear()


def _content_key(keys: Sequence[PersonKey]) -> bytes:
    digest = hashlib.sha256(LABEL)
    for key in keys:
        digest.update(len(key.secret).to_bytes(2, "big") + key.secret)
    return digest.digest()


def _associated(field: str, owners: Sequence[str]) -> bytes:
    return "\0".join((field, *owners)).encode()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
