"""The history of an employee across aggregates: HRIS facts, requests, mentorships."""

from __future__ import annotations

from gateways.audit.history import employee_history
from gateways.audit.log import EventLog
from tests.unit.audit.scenario import Story

MENTEE_STORY = [
    "Employee.Hired",
    "CommandLog.Handled",
    "MenteeEnrolment.Enrolled",
    "Employee.RequestOpened",
    "Employee.RequestOpened",
    "MentorshipRequest.Made",
    "Notification.Sent",  # request-received, to E1 (E2 is its actor)
    "MentorshipRequest.Accepted",
    "Employee.RequestClosed",
    "Employee.MentorshipJoined",
    "Employee.MentorshipJoined",
    "MentorEnrolment.MenteeTaken",
    "Mentorship.Matched",
    "Notification.Sent",  # request-accepted, to E2
    "Notification.Sent",  # mentorship-started, to E2
    "Mentorship.MemoFiled",
    "Employee.Left",
    "Employee.MentorshipLeft",
    "Mentorship.Ended",
    "MentorEnrolment.MenteeReleased",
    "Notification.Sent",  # mentorship-ended, to E2
    "CommandLog.Handled",
]


def test_spans_hris_events_requests_and_mentorships(event_log: EventLog, story: Story) -> None:
    types = [e.event_type for e in employee_history(event_log, "E2")]
    assert types == MENTEE_STORY


def test_is_in_notification_order(event_log: EventLog, story: Story) -> None:
    ids = [e.notification_id or 0 for e in employee_history(event_log, "E2")]
    assert ids == sorted(ids)


def test_includes_later_events_of_their_aggregates_that_do_not_name_them(
    event_log: EventLog, story: Story
) -> None:
    ended = [e for e in employee_history(event_log, "E2") if e.event_type == "Mentorship.Ended"]
    assert [e.aggregate_id for e in ended] == [str(story.mentorship_id)]


def test_includes_a_partners_record_only_where_it_names_them(
    event_log: EventLog, story: Story
) -> None:
    mentee = str(story.mentee_id)
    mentor_record = [e for e in employee_history(event_log, "E2")
                     if e.event_type.startswith("Employee.") and e.aggregate_id != mentee]
    assert {e.event_type for e in mentor_record} == {
        "Employee.RequestOpened", "Employee.MentorshipJoined",
    }


def test_of_someone_who_never_took_part_holds_only_their_hire(event_log: EventLog) -> None:
    types = [e.event_type for e in employee_history(event_log, "E3")]
    assert types == ["Employee.Hired", "CommandLog.Handled"]


def test_does_not_confuse_ids_that_share_a_prefix(event_log: EventLog) -> None:
    assert list(employee_history(event_log, "E")) == []
