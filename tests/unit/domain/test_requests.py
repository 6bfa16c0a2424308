"""MentorshipRequest: answering, expiry, withdrawal and forwarding to the next choice."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from domain import errors
from domain.base import Stamp
from tests.unit.domain.support import DAY, given, new_events, request

AFTER_DEADLINE = date(2024, 4, 1)


def test_a_request_is_addressed_to_the_first_choice() -> None:
    made = request(choices=("M1", "M2"))
    assert new_events(made) == ["Made"]
    assert made.mentor_id == "M1" and made.status == "pending"


def test_a_request_without_choices_is_refused() -> None:
    with pytest.raises(errors.InvalidChoices):
        request(choices=())


def test_a_request_naming_a_mentor_twice_is_refused() -> None:
    with pytest.raises(errors.InvalidChoices):
        request(choices=("M1", "M1"))


def test_a_request_whose_respond_by_date_is_not_after_today_is_refused() -> None:
    with pytest.raises(errors.InvalidValue):
        request(respond_by=DAY)


def test_the_addressed_mentor_can_accept_by_the_respond_by_date() -> None:
    pending = given(request())
    pending.accept(mentor_id="M1", mentorship_id=uuid4(), stamp=Stamp("M1", date(2024, 3, 31)))
    assert new_events(pending) == ["Accepted"] and pending.is_final


def test_a_request_cannot_be_accepted_after_its_recorded_expiry() -> None:
    expired = request(choices=("M1",))
    expired.expire(stamp=Stamp("scheduler", AFTER_DEADLINE))
    with pytest.raises(errors.RequestExpired):
        given(expired).accept(
            mentor_id="M1", mentorship_id=uuid4(), stamp=Stamp("M1", AFTER_DEADLINE)
        )


def test_a_request_cannot_be_accepted_after_its_respond_by_date_before_expiry_is_recorded() -> None:
    pending = given(request())
    with pytest.raises(errors.RequestExpired):
        pending.accept(mentor_id="M1", mentorship_id=uuid4(), stamp=Stamp("M1", AFTER_DEADLINE))


def test_a_request_cannot_be_accepted_after_withdrawal() -> None:
    withdrawn = request()
    withdrawn.withdraw(mentee_id="T1", reason="found a mentor elsewhere", stamp=Stamp("T1", DAY))
    with pytest.raises(errors.RequestWithdrawn):
        given(withdrawn).accept(mentor_id="M1", mentorship_id=uuid4(), stamp=Stamp("M1", DAY))


def test_only_the_addressed_mentor_can_accept() -> None:
    with pytest.raises(errors.NotAddressedMentor):
        given(request()).accept(mentor_id="M2", mentorship_id=uuid4(), stamp=Stamp("M2", DAY))


def test_an_accepted_request_cannot_be_declined() -> None:
    accepted = request()
    accepted.accept(mentor_id="M1", mentorship_id=uuid4(), stamp=Stamp("M1", DAY))
    with pytest.raises(errors.RequestClosed):
        given(accepted).decline(mentor_id="M1", reason="changed my mind", stamp=Stamp("M1", DAY))


def test_a_declined_request_is_forwarded_to_the_next_choice() -> None:
    pending = given(request(choices=("M1", "M2")))
    pending.decline(mentor_id="M1", reason="too busy", stamp=Stamp("M1", date(2024, 3, 5)))
    assert pending.forward(stamp=Stamp("system", date(2024, 3, 5))) == "M2"
    assert new_events(pending) == ["Declined", "Forwarded"]
    assert pending.mentor_id == "M2" and pending.status == "pending"


def test_a_forwarded_request_gets_a_respond_by_date_as_long_as_the_first() -> None:
    pending = given(request(choices=("M1", "M2"), respond_by=date(2024, 3, 31)))
    pending.decline(mentor_id="M1", reason="too busy", stamp=Stamp("M1", date(2024, 3, 5)))
    pending.forward(stamp=Stamp("system", date(2024, 3, 5)))
    assert pending.respond_by == date(2024, 4, 4)


def test_a_request_declined_by_the_last_choice_ends_declined() -> None:
    pending = given(request(choices=("M1",)))
    pending.decline(mentor_id="M1", reason="too busy", stamp=Stamp("M1", DAY))
    assert pending.forward(stamp=Stamp("system", DAY)) is None
    assert new_events(pending) == ["Declined"]
    assert pending.is_final and pending.status == "declined"


def test_a_request_cannot_expire_before_its_respond_by_date_has_passed() -> None:
    with pytest.raises(errors.RequestNotDue):
        given(request()).expire(stamp=Stamp("scheduler", date(2024, 3, 31)))


def test_an_expired_request_is_forwarded_to_the_next_choice() -> None:
    pending = given(request(choices=("M1", "M2")))
    pending.expire(stamp=Stamp("scheduler", AFTER_DEADLINE))
    pending.forward(stamp=Stamp("system", AFTER_DEADLINE))
    assert new_events(pending) == ["Expired", "Forwarded"] and pending.mentor_id == "M2"


def test_a_request_the_last_choice_let_expire_ends_expired() -> None:
    pending = given(request(choices=("M1",)))
    pending.expire(stamp=Stamp("scheduler", AFTER_DEADLINE))
    assert pending.forward(stamp=Stamp("system", AFTER_DEADLINE)) is None
    assert pending.is_final and pending.status == "expired"


def test_an_expired_request_cannot_expire_again() -> None:
    expired = request(choices=("M1",))
    expired.expire(stamp=Stamp("scheduler", AFTER_DEADLINE))
    with pytest.raises(errors.RequestExpired):
        given(expired).expire(stamp=Stamp("scheduler", date(2024, 4, 2)))


def test_only_the_requesting_mentee_can_withdraw() -> None:
    with pytest.raises(errors.NotRequestingMentee):
        given(request()).withdraw(mentee_id="T2", reason="mine now", stamp=Stamp("T2", DAY))


def test_a_withdrawn_request_ends_withdrawn() -> None:
    pending = given(request())
    pending.withdraw(mentee_id="T1", reason="found a mentor elsewhere", stamp=Stamp("T1", DAY))
    assert new_events(pending) == ["Withdrawn"] and pending.is_final
