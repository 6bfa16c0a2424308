"""MentorEnrolment: volunteering, nominations, training, the offer, and capacity."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from domain import errors
from domain.base import Stamp
from domain.mentors import MentorEnrolment
from tests.unit.domain.support import DAY, PROGRAM_ID, given, mentor, new_events

BY_MENTOR = Stamp("M1", DAY)


def take(
    enrolment: MentorEnrolment,
    *,
    mentorship_id: UUID | None = None,
    mentee_id: str = "T1",
    require_training: bool = True,
    topic: str | None = None,
) -> None:
    """The mentor takes a mentee (a new mentorship unless one is named)."""
    enrolment.take_mentee(
        mentorship_id=mentorship_id or uuid4(),
        mentee_id=mentee_id,
        require_training=require_training,
        topic=topic,
        stamp=BY_MENTOR,
    )


def nominee() -> MentorEnrolment:
    """A nomination waiting for the nominee's answer."""
    return MentorEnrolment.nominate(
        employee_id="M1", program_id=PROGRAM_ID, round_number=1, stamp=Stamp("E0", DAY)
    )


def test_a_volunteer_is_an_active_mentor_at_once() -> None:
    enrolment = mentor(capacity=3, trained=False)
    assert new_events(enrolment) == ["Volunteered"]
    assert given(mentor(capacity=3)).status == "active"


def test_a_volunteer_with_no_capacity_is_refused() -> None:
    with pytest.raises(errors.InvalidValue):
        mentor(capacity=0)


def test_a_mentor_enrolment_id_is_derived_from_program_and_employee() -> None:
    assert mentor().id == MentorEnrolment.create_id(PROGRAM_ID, "M1")


def test_a_nominee_cannot_take_mentees_before_accepting() -> None:
    enrolment = given(nominee())
    with pytest.raises(errors.MentorNotAvailable):
        take(enrolment, require_training=False)


def test_an_accepted_nomination_makes_an_active_mentor() -> None:
    enrolment = given(nominee())
    enrolment.accept_nomination(topics=("sales",), capacity=2, hours_per_month=8, stamp=BY_MENTOR)
    assert new_events(enrolment) == ["NominationAccepted"] and enrolment.status == "active"


def test_a_declined_nomination_is_recorded() -> None:
    enrolment = given(nominee())
    enrolment.decline_nomination(reason="no time this year", stamp=BY_MENTOR)
    assert new_events(enrolment) == ["NominationDeclined"] and enrolment.status == "declined"


def test_a_nomination_cannot_be_answered_twice() -> None:
    enrolment = nominee()
    enrolment.decline_nomination(reason="no time", stamp=BY_MENTOR)
    with pytest.raises(errors.NominationNotPending):
        given(enrolment).accept_nomination(
            topics=("sales",), capacity=2, hours_per_month=8, stamp=BY_MENTOR
        )


def test_an_untrained_mentor_cannot_take_a_mentee_where_training_is_required() -> None:
    enrolment = given(mentor(trained=False))
    with pytest.raises(errors.MentorUntrained):
        take(enrolment)


def test_an_untrained_mentor_can_take_a_mentee_where_training_is_not_required() -> None:
    enrolment = given(mentor(trained=False))
    take(enrolment, require_training=False)
    assert new_events(enrolment) == ["MenteeTaken"]


def test_completing_training_twice_records_it_once() -> None:
    enrolment = given(mentor(trained=True))
    enrolment.complete_training(course="basics", stamp=BY_MENTOR)
    assert new_events(enrolment) == []


def test_a_mentor_with_a_free_slot_takes_a_mentee() -> None:
    enrolment = given(mentor(capacity=2, mentees=1))
    take(enrolment)
    assert new_events(enrolment) == ["MenteeTaken"] and enrolment.free_slots == 0


def test_a_mentor_at_capacity_cannot_take_another_mentee() -> None:
    enrolment = given(mentor(capacity=2, mentees=2))
    with pytest.raises(errors.MentorAtCapacity) as refusal:
        take(enrolment)
    assert refusal.value.rule == "mentor-at-capacity"


def test_a_released_slot_can_be_taken_again() -> None:
    enrolment = mentor(capacity=1)
    first = uuid4()
    take(enrolment, mentorship_id=first, mentee_id="T0")
    enrolment.release_mentee(mentorship_id=first, stamp=BY_MENTOR)
    enrolment = given(enrolment)
    take(enrolment)
    assert new_events(enrolment) == ["MenteeTaken"]


def test_a_mentee_on_a_topic_the_mentor_does_not_offer_is_refused() -> None:
    enrolment = given(mentor())
    with pytest.raises(errors.TopicNotOffered):
        take(enrolment, topic="painting")


def test_capacity_cannot_drop_below_the_active_mentees() -> None:
    enrolment = given(mentor(capacity=2, mentees=2))
    with pytest.raises(errors.InvalidValue):
        enrolment.update_profile(topics=("sales",), capacity=1, hours_per_month=4, stamp=BY_MENTOR)


def test_a_profile_update_records_the_new_offer() -> None:
    enrolment = given(mentor(capacity=2))
    enrolment.update_profile(
        topics=("sales", "negotiation"), capacity=3, hours_per_month=16, stamp=BY_MENTOR
    )
    assert new_events(enrolment) == ["ProfileUpdated"] and enrolment.capacity == 3


def test_a_withdrawn_mentor_takes_no_new_mentees() -> None:
    enrolment = mentor()
    enrolment.withdraw(reason="changing roles", stamp=BY_MENTOR)
    with pytest.raises(errors.MentorNotAvailable):
        take(given(enrolment))
