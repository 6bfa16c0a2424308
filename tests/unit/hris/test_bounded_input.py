"""An over-long text from the HRIS never reaches the log: it is dead-lettered, naming the field."""

from __future__ import annotations

from collections.abc import Callable

from services.mentoring import MentoringService
from tests.unit.hris.conftest import Letters, message

Feed = Callable[..., list[str]]


def test_a_one_megabyte_department_is_dead_lettered_naming_the_field(
    feed: Feed, letters: Letters, service: MentoringService
) -> None:
    events_before = service.recorder.max_notification_id()
    assert feed(message("hired", "E1", "h1", department="x" * 1_000_000)) == ["dead-lettered"]
    (letter,) = letters.sent
    assert letter.stage == "malformed"
    assert letter.reason.startswith("hired.department:")
    assert service.recorder.max_notification_id() == events_before
