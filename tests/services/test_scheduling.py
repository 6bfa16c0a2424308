"""The scheduler pass with a controlled clock: reminders, expiry with forwarding, flags, once.

Runs on the in-memory store and SQLite (``tests/services/conftest.py``); the Kafka run is in
``tests/integration/services/test_scheduling_on_kafka.py``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from domain.base import Stamp
from domain.requests import PENDING, MentorshipRequest
from domain.vocabulary import SessionMode
from services.mentoring import MentoringService
from services.mentorships import AnswerKickoff, HoldSession
from services.notifications import read_feed
from services.requests import MakeRequest
from services.scheduling import (
    RemindDueRequest,
    SchedulerIndex,
    SetReminderPolicy,
    run_pass,
    scheduler_stamp,
)
from tests.services import scenario
from tests.services.scenario import DAY, Scenario

DAY0 = DAY


def day(n: int) -> date:
    """Business day ``n`` of the scenario (day 0 = the request's day)."""
    return DAY0 + timedelta(days=n)


def stamp(n: int) -> Stamp:
    """The scheduler on day ``n``."""
    return scheduler_stamp(day(n))


def feed(service: MentoringService) -> list[dict[str, Any]]:
    """Every notification of the outbox, in order."""
    return read_feed(service, 0, 100_000).notifications


def summary(items: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(type, recipient, business date) of each notification."""
    return [(n["type"], n["recipient"], n["business_date"]) for n in items]


def notices(service: MentoringService, kind: str) -> list[tuple[str, date]]:
    """(recipient, business date) of each notification of type ``kind``, in order."""
    return [
        (n["recipient"], date.fromisoformat(n["business_date"]))
        for n in feed(service)
        if n["type"] == kind
    ]


def to_both(*days: int) -> list[tuple[str, date]]:
    """One notification to mentee T1, then one to mentor M1, on each of the business ``days``."""
    return [(recipient, day(n)) for n in days for recipient in ("T1", "M1")]


def company(service: MentoringService) -> tuple[Scenario, UUID]:
    """Mentee T1, mentors M1 and M2, a biweekly program with round 1 open."""
    world = scenario.company(service, "M1", "M2")
    return world, world.program_id


def ask(service: MentoringService, program_id: UUID, respond_in: int = 14) -> UUID:
    """T1 asks M1 then M2 on day 0, to respond by day ``respond_in``."""
    return service.handle(
        MakeRequest(
            stamp=Stamp("T1", day(0)), program_id=program_id, topic="sales",
            choices=("M1", "M2"), reason="a private reason", respond_by=day(respond_in),
        )
    )


def run_days(service: MentoringService, first: int, last: int) -> SchedulerIndex:
    """One scheduler pass per day from ``first`` to ``last``, with one index."""
    index = SchedulerIndex()
    for n in range(first, last + 1):
        run_pass(service, index, day(n))
    return index


def test_a_request_is_reminded_before_and_on_its_date_then_expires_and_is_forwarded(
    service: MentoringService,
) -> None:
    _, program_id = company(service)
    request_id = ask(service, program_id)
    run_days(service, 0, 16)
    sent = [n for n in summary(feed(service)) if n[0] != "mentorship-started"]
    assert sent == [
        ("request-received", "M1", "2024-03-01"),
        ("request-due-soon", "M1", day(11).isoformat()),
        ("request-due-soon", "M1", day(14).isoformat()),
        ("request-expired", "T1", day(15).isoformat()),
        ("request-expired", "M1", day(15).isoformat()),
        ("request-forwarded", "T1", day(15).isoformat()),
        ("request-received", "M2", day(15).isoformat()),
    ]
    request = service.load(MentorshipRequest, request_id)
    assert (request.status, request.mentor_id, request.respond_by) == (PENDING, "M2", day(29))


def test_running_the_same_day_twice_sends_nothing_new(service: MentoringService) -> None:
    _, program_id = company(service)
    request_id = ask(service, program_id)
    for today in (11, 14, 15):
        run_days(service, today, today)
        before = service.recorder.max_notification_id()
        count = len(feed(service))
        report = run_pass(service, SchedulerIndex(), day(today))
        assert (report.commands, report.recorded) == (0, 0)  # the index knows what was sent
        if today < 15:  # and the command itself sends nothing twice
            again = RemindDueRequest(request_id=request_id, stamp=stamp(today))
            assert service.handle(again) is False
        assert service.recorder.max_notification_id() == before
        assert len(feed(service)) == count
    assert len(feed(service)) == 7


def test_a_second_scheduler_missing_days_back_fills_each_reminder_once(
    service: MentoringService,
) -> None:
    _, program_id = company(service)
    ask(service, program_id)
    run_pass(service, SchedulerIndex(), day(12))
    run_days(service, 11, 14)
    assert notices(service, "request-due-soon") == [("M1", day(11)), ("M1", day(14))]


def test_a_programs_policy_sets_how_early_mentors_are_reminded(service: MentoringService) -> None:
    _, program_id = company(service)
    service.handle(
        SetReminderPolicy(stamp=Stamp("A1", day(0)), program_id=program_id, due_soon_days=5)
    )
    ask(service, program_id)
    run_days(service, 0, 14)
    assert notices(service, "request-due-soon") == [("M1", day(9)), ("M1", day(14))]


def test_notifications_carry_ids_and_dates_never_texts(service: MentoringService) -> None:
    _, program_id = company(service)
    request_id = ask(service, program_id)
    run_days(service, 15, 15)
    items = feed(service)
    assert items and all("private reason" not in str(item) for item in items)
    first = items[0]
    assert set(first) == {
        "id", "type", "recipient", "created_at", "business_date", "program_id", "request_id",
        "mentorship_id", "story_id", "cursor",
    }
    assert (first["program_id"], first["request_id"]) == (str(program_id), str(request_id))


def test_a_quiet_pair_is_flagged_once_per_quiet_spell(service: MentoringService) -> None:
    world, program_id = company(service)
    mentorship_id = world.pair(program_id, "T1", "M1")  # started on DAY, biweekly: 28 days
    run_days(service, 27, 27)
    assert not notices(service, "mentorship-dormant")
    run_days(service, 28, 30)
    service.handle(
        HoldSession(
            stamp=Stamp("T1", day(31)), mentorship_id=mentorship_id, duration_minutes=60,
            mode=SessionMode.VIRTUAL, topics=("sales",),
        )
    )
    run_days(service, 31, 59)
    assert notices(service, "mentorship-dormant") == to_both(28, 59)


def test_the_kickoff_reminder_goes_to_each_side_that_has_not_answered(
    service: MentoringService,
) -> None:
    world, program_id = company(service)
    mentorship_id = world.pair(program_id, "T1", "M1")
    service.handle(
        AnswerKickoff(
            stamp=Stamp("T1", day(1)), mentorship_id=mentorship_id, goals="g",
            communication="c", off_limits="o", confidentiality="x",
        )
    )
    run_days(service, 6, 9)
    assert notices(service, "kickoff-due") == [("M1", day(7))]


def test_the_survey_falls_due_to_both_every_period(service: MentoringService) -> None:
    world, program_id = company(service)
    world.pair(program_id, "T1", "M1")
    service.handle(
        SetReminderPolicy(stamp=Stamp("A1", day(0)), program_id=program_id, survey_every_days=30)
    )
    run_days(service, 29, 61)
    assert notices(service, "survey-due") == to_both(30, 60)


def test_the_index_reads_only_what_was_recorded_since_its_last_pass(
    service: MentoringService,
) -> None:
    _, program_id = company(service)
    index = SchedulerIndex()
    assert index.catch_up(service) > 0
    assert index.catch_up(service) == 0
    request_id = ask(service, program_id)
    assert index.catch_up(service) == 2  # the request and its request-received notification
    assert index.requests[request_id].respond_by == day(14)
