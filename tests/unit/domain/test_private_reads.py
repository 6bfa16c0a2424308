"""A read of private texts is one immutable fact, recorded once per request, reader and subject."""

from __future__ import annotations

from uuid import uuid4

from domain.base import Stamp
from domain.reads import PrivateRead
from tests.unit.domain.support import DAY, new_events


def read(request_id: str, reader: str, subject: str) -> PrivateRead:
    """``reader`` read ``subject``'s private texts in request ``request_id``."""
    return PrivateRead.record(role="portal", route="mentorship-private-record", subject=subject,
                              mentorship_id=None, concerns=("E1", "E2"), request_id=request_id,
                              stamp=Stamp(reader, DAY))


def test_a_read_records_who_read_what_and_whose_texts() -> None:
    recorded = read("r1", "E1", "m1")
    assert (recorded.subject, recorded.concerns) == ("m1", ("E1", "E2"))
    assert new_events(recorded) == ["PrivateTextRead"]


def test_the_same_request_reader_and_subject_give_the_same_id() -> None:
    subject = str(uuid4())
    assert read("r1", "E1", subject).id == read("r1", "E1", subject).id
    assert len({read("r1", "E1", subject).id, read("r2", "E1", subject).id,
                read("r1", "E2", subject).id, read("r1", "E1", "other").id}) == 4
