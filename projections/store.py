"""Open the application's event log for reading: its recorder and a mapper that decodes it.

The mapper is built the way the "mentoring" Application builds its own (the library's
transcodings plus ISO dates, cipher and compressor from the same environment), so the read side
never needs to construct the services.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    ApplicationRecorder,
    InfrastructureFactory,
    JSONTranscoder,
    Mapper,
)
from eventsourcing.utils import Environment

from services.transcodings import register_all_transcodings

APPLICATION_NAME = "mentoring"


def open_event_log(
    env: Mapping[str, str], name: str = APPLICATION_NAME
) -> tuple[ApplicationRecorder, Mapper[UUID]]:
    """The application recorder and mapper for the store the environment names."""
    factory: InfrastructureFactory[Any] = InfrastructureFactory.construct(
        Environment(name, dict(env))
    )
    transcoder = factory.transcoder()
    if isinstance(transcoder, JSONTranscoder):
        register_all_transcodings(transcoder)
    return factory.application_recorder(), factory.mapper(transcoder=transcoder)
