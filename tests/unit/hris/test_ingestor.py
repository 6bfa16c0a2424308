"""Applying HRIS records: effect and position together; duplicates ignored; refusals kept."""

from __future__ import annotations

from collections.abc import Callable

from gateways.entrypoints.hris.ingestor import Ingestor
from services.mentoring import MentoringService
from tests.unit.hris.conftest import TOPIC, Letters, message

Feed = Callable[..., list[str]]


def test_hire_is_recorded_together_with_its_position(
    feed: Feed, service: MentoringService
) -> None:
    assert feed(message("hired", "E1", "h1")) == ["applied"]
    assert service.employee("E1").department == "Sales"
    assert service.recorder.max_tracking_id(f"{TOPIC}:0") == 1  # type: ignore[attr-defined]


def test_upstream_duplicate_has_no_second_effect(feed: Feed, service: MentoringService) -> None:
    feed(message("hired", "E1", "h1"))
    events_before = service.recorder.max_notification_id()
    assert feed(message("hired", "E1", "h1")) == ["duplicate"]
    assert service.recorder.max_notification_id() == events_before


def test_position_of_a_record_without_effect_is_recorded_at_checkpoint(
    feed: Feed, ingestor: Ingestor, service: MentoringService
) -> None:
    feed(message("hired", "E1", "h1"), message("hired", "E1", "h1"))
    ingestor.checkpoint()
    assert service.recorder.max_tracking_id(f"{TOPIC}:0") == 2  # type: ignore[attr-defined]


def test_malformed_message_is_dead_lettered_with_its_reason_and_original_bytes(
    feed: Feed, letters: Letters
) -> None:
    assert feed(b"{not json") == ["dead-lettered"]
    (letter,) = letters.sent
    assert letter.record.value == b"{not json"
    assert letter.stage == "malformed"
    assert "Invalid JSON" in letter.reason


def test_message_the_domain_refuses_is_dead_lettered_with_the_rule(
    feed: Feed, letters: Letters
) -> None:
    feed(message("hired", "E1", "h1"), message("promoted", "E1", "p1", new_level=1))
    (letter,) = letters.sent
    assert (letter.stage, letter.event_id) == ("rejected", "p1")
    assert letter.reason.startswith("invalid-value:")


def test_checkpoint_stores_dead_letters_before_recording_their_position(
    feed: Feed, ingestor: Ingestor, letters: Letters
) -> None:
    feed(b"oops")
    assert letters.stored == []
    ingestor.checkpoint()
    assert [letter.record.value for letter in letters.stored] == [b"oops"]


def test_every_message_type_reaches_the_employee(feed: Feed, service: MentoringService) -> None:
    feed(
        message("hired", "E2", "h0"),
        message("hired", "E1", "h1"),
        message("promoted", "E1", "p1", new_level=3, effective_date="2024-02-01"),
        message("transferred", "E1", "t1", new_department="Ops", effective_date="2024-02-02"),
        message("manager_changed", "E1", "m1", new_manager_id="E2", effective_date="2024-02-03"),
        message("left", "E1", "l1", reason="voluntary", effective_date="2024-03-01"),
        message("rehired", "E1", "r1", effective_date="2024-06-01"),
    )
    employee = service.employee("E1")
    assert (employee.department, employee.is_employed, employee.hired_on.month) == (
        "Sales",
        True,
        6,
    )
