"""How events are transcoded to JSON: one registration, shared by the write and the read side."""

from __future__ import annotations

from datetime import date

from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Transcoding,
    UUIDAsHex,
)


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


def register_extra_transcodings(transcoder: JSONTranscoder) -> None:
    """What the application registers beyond the library's defaults (``datetime.date``)."""
    transcoder.register(DateAsISO())


def register_all_transcodings(transcoder: JSONTranscoder) -> None:
    """The library's defaults and ours: for a reader that builds its transcoder by hand."""
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        transcoder.register(transcoding)
    register_extra_transcodings(transcoder)
