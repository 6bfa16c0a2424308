"""Per-originator versions of an event index, built from its columns only when first needed.

A writer needs them to check versions, and ``select_events`` to find an aggregate's events; a
process that only reads notifications (a projector) never does, so the index does not build
them while it reads the log. The first use builds them in one pass; later uses index only what
was added since.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence


class OriginatorLookup:
    """Sorted versions per originator id (as text) and the position of each (id, version)."""

    def __init__(self) -> None:
        self.versions: dict[str, list[int]] = {}
        self.positions: dict[tuple[str, int], int] = {}
        self._done = 0

    def catch_up(self, originator_ids: Sequence[str], versions: Sequence[int]) -> None:
        """Index the positions added to the columns since the last call."""
        by_originator, positions = self.versions, self.positions
        for position in range(self._done, len(originator_ids)):
            oid = originator_ids[position]
            version = versions[position]
            known = by_originator.get(oid)
            if known is None:
                by_originator[oid] = [version]
            elif version > known[-1]:
                known.append(version)
            else:
                bisect.insort(known, version)
            positions[(oid, version)] = position
        self._done = len(originator_ids)

    def last_version(self, oid: str) -> int | None:
        known = self.versions.get(oid)
        return known[-1] if known else None
