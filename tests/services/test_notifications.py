"""Event-driven notifications (same save as their cause) and the outbox feed's paging."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import pytest

from domain.base import Stamp
from domain.notifications import Notification, NotificationType
from services.enrolment import NominateMentor
from services.mentoring import MentoringService
from services.notifications import parse_cursor, read_feed
from services.requests import WithdrawRequest
from services.stories import RecordSuccessStory
from tests.services import scenario
from tests.services.scenario import DAY, Scenario, new_event_names


def summary(service: MentoringService) -> list[tuple[str, str]]:
    """(type, recipient) of each notification, in order."""
    return [(n["type"], n["recipient"]) for n in read_feed(service, 0, 10_000).notifications]


def company(service: MentoringService) -> tuple[Scenario, UUID]:
    """T1 (managed by BOSS), mentors M1 and M2, N1 (hired only), a program with round 1 open."""
    world = scenario.company(service, "M1", "M2", mentee_manager="BOSS")
    world.hire("N1")
    return world, world.program_id


def test_a_request_notifies_its_mentor_in_the_same_save(service: MentoringService) -> None:
    world, program_id = company(service)
    position = service.recorder.max_notification_id() or 0
    world.request(program_id, "T1", ("M1", "M2"))
    assert "Notification.Sent" in new_event_names(service, position)
    assert summary(service) == [("request-received", "M1")]


def test_a_decline_tells_the_mentee_and_the_next_mentor(service: MentoringService) -> None:
    world, program_id = company(service)
    request_id = world.request(program_id, "T1", ("M1", "M2"))
    world.decline(request_id, "M1")
    assert summary(service)[1:] == [
        ("request-declined", "T1"),
        ("request-forwarded", "T1"),
        ("request-received", "M2"),
    ]


def test_acceptance_tells_the_mentee_and_starts_the_mentorship_for_both(
    service: MentoringService,
) -> None:
    world, program_id = company(service)
    mentorship_id = world.pair(program_id, "T1", "M1")
    world.end(mentorship_id, "T1", on=DAY, note="a private note")
    assert sorted(summary(service)[1:]) == [
        ("mentorship-ended", "M1"),
        ("mentorship-ended", "T1"),
        ("mentorship-started", "M1"),
        ("mentorship-started", "T1"),
        ("request-accepted", "T1"),
    ]
    assert "private note" not in str(read_feed(service, 0, 100).notifications)


def test_a_withdrawal_tells_the_addressed_mentor(service: MentoringService) -> None:
    world, program_id = company(service)
    request_id = world.request(program_id, "T1", ("M1",))
    service.handle(
        WithdrawRequest(stamp=Stamp("T1", DAY), request_id=request_id, reason="changed my mind")
    )
    assert summary(service)[-1] == ("request-withdrawn", "M1")


def test_a_nomination_tells_the_nominee(service: MentoringService) -> None:
    _, program_id = company(service)
    service.handle(
        NominateMentor(stamp=Stamp("E0", DAY), program_id=program_id, employee_id="N1")
    )
    assert summary(service) == [("nomination-received", "N1")]


def test_a_story_tells_each_person_named_and_their_managers(service: MentoringService) -> None:
    _, program_id = company(service)
    story_id = service.handle(
        RecordSuccessStory(
            stamp=Stamp("A1", DAY), program_id=program_id, title="Closed the deal",
            text="secret numbers", employee_ids=("T1", "M1"),
        )
    )
    assert summary(service) == [
        ("story-recorded", "T1"),
        ("story-recorded", "BOSS"),
        ("story-recorded", "M1"),
    ]
    items = read_feed(service, 0, 10).notifications
    assert {n["story_id"] for n in items} == {str(story_id)}
    assert "secret numbers" not in str(items) and "Closed the deal" not in str(items)


def test_a_retried_command_sends_nothing_twice(service: MentoringService) -> None:
    world, program_id = company(service)
    world.request(program_id, "T1", ("M1",), command_id="ask-once")
    world.request(program_id, "T1", ("M1",), command_id="ask-once")
    assert summary(service) == [("request-received", "M1")]


def record_notifications(service: MentoringService, count: int) -> list[str]:
    """``count`` notifications saved in batches, other events in between; their ids in order."""
    world = Scenario(service)
    ids: list[str] = []
    stamp = Stamp("scheduler", date(2024, 1, 1))
    for batch in range(0, count, 500):
        world.hire(f"X{batch}")  # an event that is not a notification between the batches
        notifications = [
            Notification.send(
                notification_type=NotificationType.SURVEY_DUE, recipient_id=f"E{n}",
                business_date=stamp.effective_date, cause=f"test-{n}", stamp=stamp,
            )
            for n in range(batch, min(batch + 500, count))
        ]
        service.save(*notifications)
        ids.extend(str(n.id) for n in notifications)
    return ids


def page_through(service: MentoringService, limit: int) -> list[dict[str, Any]]:
    """Every notification, ``limit`` at a time, following ``next``."""
    read: list[dict[str, Any]] = []
    cursor = parse_cursor(None)
    while True:
        page = read_feed(service, cursor, limit)
        read.extend(page.notifications)
        if not page.notifications:
            assert page.next == str(cursor)
            return read
        assert int(page.next) > cursor
        cursor = parse_cursor(page.next)


def test_the_feed_pages_through_ten_thousand_with_no_gap_and_no_repeat(
    service: MentoringService,
) -> None:
    expected = record_notifications(service, 10_000)
    read = page_through(service, 333)
    assert [n["id"] for n in read] == expected
    assert len({n["cursor"] for n in read}) == 10_000


@pytest.mark.parametrize("cursor", ["-1", "x", "\u0663", "1e3", "99999999999999999999"])
def test_a_malformed_cursor_is_refused(cursor: str) -> None:
    with pytest.raises(ValueError):
        parse_cursor(cursor)


def test_a_cursor_past_the_end_reads_nothing_and_stays(service: MentoringService) -> None:
    company(service)
    far = str(2**63 - 1)
    page = read_feed(service, parse_cursor(far), 10)
    assert (page.notifications, page.next) == ([], far)
