"""Out of order: messages for an employee not hired yet wait in the parking lot."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from domain.base import HRIS_ACTOR, Stamp
from gateways.entrypoints.hris.ingestor import Ingestor
from gateways.entrypoints.hris.records import SourceRecord
from services.employees import HireEmployee
from services.mentoring import MentoringService
from tests.unit.hris.conftest import TOPIC, Clock, Letters, message, sqlite_service

Feed = Callable[..., list[str]]


def test_exit_before_the_hire_is_parked_not_dead_lettered(feed: Feed, letters: Letters) -> None:
    assert feed(message("left", "E1", "l1", reason="voluntary")) == ["parked"]
    assert letters.sent == []


def test_parking_records_the_position_in_the_same_write(
    feed: Feed, service: MentoringService
) -> None:
    feed(message("left", "E1", "l1", reason="voluntary"))
    assert service.recorder.max_tracking_id(f"{TOPIC}:0") == 1  # type: ignore[attr-defined]


def test_parked_message_is_applied_when_the_hire_arrives(
    feed: Feed, service: MentoringService
) -> None:
    feed(
        message("left", "E1", "l1", reason="voluntary", effective_date="2024-05-01"),
        message("hired", "E1", "h1"),
    )
    assert not service.employee("E1").is_employed


def test_parked_messages_are_applied_in_the_order_they_arrived(
    feed: Feed, service: MentoringService
) -> None:
    feed(
        message("promoted", "E1", "p1", new_level=3, effective_date="2024-02-01"),
        message("promoted", "E1", "p2", new_level=4, effective_date="2024-03-01"),
        message("hired", "E1", "h1"),
    )
    assert service.employee("E1").job_level == 4


def test_duplicate_of_a_parked_message_is_ignored(feed: Feed) -> None:
    left = message("left", "E1", "l1", reason="voluntary")
    assert feed(left, left) == ["parked", "duplicate"]


def test_parked_message_waiting_too_long_is_dead_lettered_as_expired(
    feed: Feed, ingestor: Ingestor, letters: Letters, clock: Clock
) -> None:
    feed(message("left", "E1", "l1", reason="voluntary"))
    clock.now += 61
    ingestor.expire_overdue()
    (letter,) = letters.stored
    assert (letter.stage, letter.event_id, letter.record.offset) == ("expired", "l1", 0)


def test_parked_message_is_applied_after_a_restart_that_missed_its_release(
    db_file: str, make_ingestor: Callable[[MentoringService], Ingestor]
) -> None:
    first = sqlite_service(db_file)
    make_ingestor(first).handle(
        SourceRecord(TOPIC, 0, 0, message("left", "E1", "l1", reason="voluntary"))
    )
    first.handle(  # the hire was recorded, then the process died before the release
        HireEmployee(
            command_id="h1", stamp=Stamp(HRIS_ACTOR, date(2024, 1, 10)), hris_id="E1",
            department="Sales", job_level=2, manager_id=None, location="Leeds",
        )
    )
    first.close()
    second = sqlite_service(db_file)
    make_ingestor(second)
    assert not second.employee("E1").is_employed
