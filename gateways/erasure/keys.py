"""Where the per-person keys live: outside the log, in a store that can really delete.

A ``KeyStore`` keeps any number of keys per owner (an owner is an HRIS id, or an actor such as
``system``), each under its own key id, so two processes that create a key for the same owner
at once never overwrite each other's. ``CachedKeys`` puts a cache in front of a store: a key
is read from the store once per process; ``forget`` drops an owner from the cache when the
log says their data was erased (another process destroyed the key).
"""

from __future__ import annotations

import threading
from typing import Protocol

import structlog

from gateways.erasure.sealing import PersonKey, forget_ciphers

log = structlog.get_logger(__name__)


class KeyStore(Protocol):
    """A store of per-person keys that can destroy them for good."""

    def keys_of(self, owner: str) -> list[PersonKey]:
        """The owner's keys, oldest first (empty: none, or destroyed)."""

    def add(self, owner: str, key: PersonKey) -> PersonKey:
        """Keep ``key`` for ``owner`` unless the owner has one already; return the one to use."""

    def destroy(self, owner: str) -> int:
        """Delete every key of ``owner`` for good; returns how many were deleted."""

    def close(self) -> None:
        """Release connections."""


class MemoryKeyStore:
    """Keys in a dict (the in-memory event store's counterpart; tests)."""

    def __init__(self) -> None:
        self._keys: dict[str, list[PersonKey]] = {}
        self._lock = threading.Lock()

    def keys_of(self, owner: str) -> list[PersonKey]:
        with self._lock:
            return list(self._keys.get(owner, ()))

    def add(self, owner: str, key: PersonKey) -> PersonKey:
        with self._lock:
            held = self._keys.setdefault(owner, [])
            if not held:
                held.append(key)
            return held[0]

    def destroy(self, owner: str) -> int:
        with self._lock:
            return len(self._keys.pop(owner, ()))

    def close(self) -> None:
        """Nothing to release."""


class CachedKeys:
    """A key store with a per-process cache; what the mapper uses."""

    def __init__(self, store: KeyStore) -> None:
        self.store = store
        self._cache: dict[str, dict[str, PersonKey]] = {}
        self._gone: set[tuple[str, str]] = set()
        """Keys found missing after a fresh read: keys are stored before any event using them,
        so a key missing then is destroyed for good (no store read for it again)."""
        self._lock = threading.Lock()

    def sealing_key(self, owner: str) -> PersonKey:
        """The key new values of ``owner`` are sealed with (created on first need).

        An owner not in the cache goes straight to ``store.add``, which returns the owner's
        key if the store holds one (one trip to the store, not a read and then an add); the
        key it returns is cached, so the owner's next values need no trip at all. The cache
        then holds that key alone: a lookup of another of the owner's keys reads the store."""
        held = self._cache.get(owner)
        if held:
            return next(iter(held.values()))
        fresh = PersonKey.new()
        with self._lock:
            key = self.store.add(owner, fresh)
            self._cache[owner] = {key.key_id: key}
        if key is fresh:
            log.info("erasure_key_created", owner=owner, key_id=key.key_id)
        return key

    def lookup(self, owner: str, key_id: str) -> PersonKey | None:
        """The owner's key ``key_id``; None once destroyed (read from the store on a miss)."""
        key = self._held(owner).get(key_id)
        if key is None and (owner, key_id) not in self._gone:
            with self._lock:
                self._cache.pop(owner, None)  # a key created since by another process
            key = self._held(owner).get(key_id)
            if key is None:
                with self._lock:
                    self._gone.add((owner, key_id))
        return key

    def destroy(self, owner: str) -> int:
        """Destroy the owner's keys in the store and in this cache."""
        with self._lock:
            self._cache.pop(owner, None)
            count = self.store.destroy(owner)
            forget_ciphers()
        log.info("erasure_keys_destroyed", owner=owner, keys=count)
        return count

    def forget(self, owner: str) -> None:
        """Drop the owner's cached keys (their erasure was read from the log)."""
        with self._lock:
            self._cache.pop(owner, None)
            forget_ciphers()

    def close(self) -> None:
        """Close the store."""
        self.store.close()

    def _held(self, owner: str) -> dict[str, PersonKey]:
        held = self._cache.get(owner)
        if held is None:
            held = {key.key_id: key for key in self.store.keys_of(owner)}
            with self._lock:
                self._cache[owner] = held
        return held
