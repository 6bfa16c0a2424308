"""Transcodings the event store needs beyond the library's defaults."""

from __future__ import annotations

from datetime import date

from eventsourcing.persistence import Transcoding


class DateAsISO(Transcoding):
    """A ``datetime.date`` as an ISO string (``datetime`` keeps the library's own transcoding)."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        """``date(2024, 5, 1)`` -> ``"2024-05-01"``."""
        return obj.isoformat()

    def decode(self, data: str) -> date:
        """``"2024-05-01"`` -> ``date(2024, 5, 1)``."""
        return date.fromisoformat(data)
