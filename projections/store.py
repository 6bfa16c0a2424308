"""Open the application's event log for reading: its recorder and a mapper that decodes it.

The mapper is built the way the "mentoring" Application builds its own (the library's
transcodings plus ISO dates, cipher and compressor from the same environment), so the read side
never needs to construct the services.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    ApplicationRecorder,
    DatetimeAsISO,
    DecimalAsStr,
    InfrastructureFactory,
    JSONTranscoder,
    Mapper,
    Transcoding,
    UUIDAsHex,
)
from eventsourcing.utils import Environment

APPLICATION_NAME = "mentoring"


class DateAsISO(Transcoding):
    """`datetime.date` as an ISO string, under the name the services register ("date_iso")."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        """date → "YYYY-MM-DD"."""
        return obj.isoformat()

    def decode(self, data: str) -> date:
        """"YYYY-MM-DD" → date."""
        return date.fromisoformat(data)


def open_event_log(
    env: Mapping[str, str], name: str = APPLICATION_NAME
) -> tuple[ApplicationRecorder, Mapper[UUID]]:
    """The application recorder and mapper for the store the environment names."""
    factory: InfrastructureFactory[Any] = InfrastructureFactory.construct(
        Environment(name, dict(env))
    )
    transcoder = factory.transcoder()
    if isinstance(transcoder, JSONTranscoder):
        for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO(), DateAsISO()):
            transcoder.register(transcoding)
    return factory.application_recorder(), factory.mapper(transcoder=transcoder)
