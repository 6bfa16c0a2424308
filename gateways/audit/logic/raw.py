"""The original recorded form of a stored event: its topic and its state before upcasting."""

from __future__ import annotations

import json
from typing import Any

from eventsourcing.persistence import Mapper, StoredEvent


def stored_json(mapper: Mapper[Any], stored: StoredEvent) -> dict[str, Any] | None:
    """The stored state as the JSON object it was written as, or None if it is not JSON.

    Decrypts and decompresses as the mapper would, but neither decodes the transcoder's
    ``_type_`` objects nor upcasts: this is what is on disk.
    """
    data = bytes(stored.state)
    try:
        if mapper.cipher:
            data = mapper.cipher.decrypt(data)
        if mapper.compressor:
            data = mapper.compressor.decompress(data)
        loaded = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return None
    return loaded if isinstance(loaded, dict) else None


def stored_class_version(raw: dict[str, Any] | None) -> int:
    """The schema version the event was recorded at (absent means version 1)."""
    if raw is None:
        return 1
    version = raw.get("class_version", 1)
    return version if isinstance(version, int) else 1

