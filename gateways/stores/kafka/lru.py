"""A bounded least-recently-used map: the index's caches of heads and event records.

Not the library's ``eventsourcing.application.LRUCache``: that one takes a lock on every call
and answers a miss with KeyError, where the index (already under its own lock) asks on the hot
path of every append and read whether it holds a key, with a default."""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")
_MISSING = object()


class Lru(Generic[K, V]):
    """Keeps at most ``size`` entries, forgetting the least recently used (not thread-safe)."""

    def __init__(self, size: int) -> None:
        self.size = max(1, size)
        self._entries: OrderedDict[K, V] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def get(self, key: K, default: V | None = None) -> V | None:
        value = self._entries.get(key, _MISSING)
        if value is _MISSING:
            return default
        self._entries.move_to_end(key)
        return value  # type: ignore[return-value]

    def put(self, key: K, value: V) -> None:
        entries = self._entries
        entries[key] = value
        entries.move_to_end(key)
        if len(entries) > self.size:
            entries.popitem(last=False)

    def clear(self) -> None:
        self._entries.clear()
