"""Out of order: an exit published before its hire waits, then applies; or expires to the DLQ."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.integration.hris.conftest import Hris
from tests.integration.hris.feeds import line

EXIT = line("left", "E1", "l1", "2024-06-30", reason="voluntary")
HIRE = line("hired", "E1", "h1", "2024-01-02")


def test_exit_published_before_the_hire_is_applied_after_it(hris: Hris) -> None:
    hris.publish([EXIT])
    hris.ingest()
    hris.publish([HIRE])
    hris.ingest()
    service = hris.service()
    try:
        employee = service.employee("E1")
        assert (employee.is_employed, str(employee.left_on)) == (False, "2024-06-30")
    finally:
        service.close()


def test_exit_whose_hire_never_comes_is_dead_lettered_when_it_expires(
    hris: Hris, read_topic: Callable[..., list[Any]]
) -> None:
    hris.publish([EXIT])
    hris.ingest(park_max_age_seconds=0.01)
    hris.ingest(park_max_age_seconds=0.01)  # a later run expires what waited too long
    (letter,) = read_topic(f"{hris.topic}.dlq", count=1)
    headers = dict(letter.headers)
    assert letter.value == EXIT
    assert (headers["dlq.stage"], headers["dlq.event_id"]) == (b"expired", b"l1")
