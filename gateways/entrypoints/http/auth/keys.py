"""API keys: generated at random, stored only as SHA-256 hashes, each mapped to one role.

A key is 32 random bytes, so an unsalted SHA-256 hash is as strong as a slow KDF here: nobody
can guess a preimage, and the hash lets the gateway look a key up without storing it.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from gateways.settings import ConfigurationError


class Role(StrEnum):
    """Who calls the API: the portal, the HR system, analysts, auditors, admins, the notifier.

    `analyst` sees aggregate-safe figures only (groups of at least 5 people); `analyst-trusted`
    also runs person-level SQL, every query recorded for auditors (docs/security.md).
    """

    PORTAL = "portal"
    HRIS = "hris"
    ANALYST = "analyst"
    AUDITOR = "auditor"
    ADMIN = "admin"
    NOTIFIER = "notifier"
    ANALYST_TRUSTED = "analyst-trusted"


KEY_PREFIX = "mk_"

DEVELOPMENT_KEYS: Mapping[Role, str] = {role: f"dev-{role.value}-key" for role in Role}
"""The documented keys accepted in development when no keys are configured; never elsewhere."""


def hash_key(key: str) -> str:
    """The SHA-256 hex digest under which a key is stored."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key() -> str:
    """A fresh API key with 256 bits of randomness."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


@dataclass(frozen=True)
class KeyRing:
    """The accepted key hashes and the role of each."""

    roles_by_hash: Mapping[str, Role]

    def role_for(self, key: str) -> Role | None:
        """The role of a presented key, or None when the key is unknown."""
        return self.roles_by_hash.get(hash_key(key))

    def __len__(self) -> int:
        return len(self.roles_by_hash)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> KeyRing:
        """Build from (role, hash) pairs, refusing unknown roles, bad hashes and shared hashes."""
        roles: dict[str, Role] = {}
        for role_name, digest in pairs:
            role = _role(role_name)
            digest = digest.strip().lower()
            if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
                raise ConfigurationError(f"API key hash for {role_name!r} is not a SHA-256 hex")
            if roles.get(digest, role) is not role:
                raise ConfigurationError("one API key hash is mapped to two roles")
            roles[digest] = role
        return cls(roles)

    @classmethod
    def development(cls) -> KeyRing:
        """The documented development keys (see DEVELOPMENT_KEYS)."""
        return cls({hash_key(key): role for role, key in DEVELOPMENT_KEYS.items()})

    def contains_development_keys(self) -> bool:
        """Whether any documented development key would be accepted."""
        return any(hash_key(key) in self.roles_by_hash for key in DEVELOPMENT_KEYS.values())


def _role(name: str) -> Role:
    try:
        return Role(name.strip())
    except ValueError:
        accepted = ", ".join(role.value for role in Role)
        message = f"unknown role {name!r} for an API key; roles: {accepted}"
        raise ConfigurationError(message) from None


def parse_key_hashes(text: str, source: str) -> list[tuple[str, str]]:
    """(role, hash) pairs from JSON ``{"role": ["hash", ...]}`` or ``role hash`` lines."""
    if text.lstrip().startswith("{"):
        try:
            document = json.loads(text)
        except json.JSONDecodeError:
            raise ConfigurationError(f"{source} is not valid JSON") from None
        if not isinstance(document, dict) or not all(
            isinstance(v, list) and all(isinstance(h, str) for h in v) for v in document.values()
        ):
            raise ConfigurationError(f'{source} must look like {{"role": ["sha256 hex", ...]}}')
        return [(role, digest) for role, hashes in document.items() for digest in hashes]
    pairs: list[tuple[str, str]] = []
    for line in text.splitlines():
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        if len(words) != 2:
            raise ConfigurationError(f"{source}: expected `role sha256hex`, got {line.strip()!r}")
        pairs.append((words[0], words[1]))
    return pairs
