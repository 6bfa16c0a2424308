"""Mentorship: kickoff, goals, sessions, memos, surveys and the end."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from domain.base import Stamp
from domain.errors import DatedBeforeStart, InvalidValue, MentorshipEnded, NotAParticipant
from domain.mentorships import Mentorship
from domain.vocabulary import EndReason
from tests.unit.domain.support import DAY, PROGRAM_ID, given, new_events

LATER = date(2024, 3, 15)


def mentorship() -> Mentorship:
    """Mentee T1 and mentor M1, matched on 2024-03-01 (events pending)."""
    return Mentorship.match(
        mentee_id="T1",
        mentor_id="M1",
        program_id=PROGRAM_ID,
        request_id=uuid4(),
        topic="sales",
        stamp=Stamp("M1", DAY),
    )


def scores(*values: int) -> dict[str, int]:
    """Survey answers, in the order confidence, commitment, org understanding, networking, fit."""
    names = ("confidence", "commitment", "org_understanding", "networking", "pairing_fit")
    return dict(zip(names, values, strict=True))


def ended() -> Mentorship:
    """The same mentorship, completed on 2024-03-10."""
    pair = mentorship()
    pair.end(reason="completed", note="", stamp=Stamp("T1", date(2024, 3, 10)))
    return pair


def test_an_accepted_request_starts_a_mentorship_with_an_id_derived_from_it() -> None:
    request_id = uuid4()
    pair = Mentorship.match(
        mentee_id="T1",
        mentor_id="M1",
        program_id=PROGRAM_ID,
        request_id=request_id,
        topic="sales",
        stamp=Stamp("M1", DAY),
    )
    assert pair.id == Mentorship.id_for_request(request_id)
    assert new_events(pair) == ["Matched"]


def test_an_admin_can_assign_a_pair() -> None:
    pair = Mentorship.assign(
        mentorship_id=uuid4(),
        mentee_id="T1",
        mentor_id="M1",
        program_id=PROGRAM_ID,
        topic="sales",
        stamp=Stamp("A1", DAY),
    )
    assert new_events(pair) == ["PairAssigned"]


def test_each_participant_answers_the_kickoff_questionnaire() -> None:
    pair = given(mentorship())
    pair.answer_kickoff(
        participant_id="T1", goals="learn", communication="slack", off_limits="salary",
        confidentiality="stays here", stamp=Stamp("T1", DAY),
    )
    pair.answer_kickoff(
        participant_id="M1", goals="teach", communication="slack", off_limits="none",
        confidentiality="stays here", stamp=Stamp("M1", DAY),
    )
    assert new_events(pair) == ["KickoffAnswered", "KickoffAnswered"]
    assert pair.kickoff_answered_by == {"T1", "M1"}


def test_a_goal_is_set_then_achieved() -> None:
    pair = given(mentorship())
    pair.set_goal(goal_id="g1", description="close a deal alone", stamp=Stamp("T1", DAY))
    pair.achieve_goal(goal_id="g1", stamp=Stamp("T1", LATER))
    assert new_events(pair) == ["GoalSet", "GoalAchieved"]


def test_a_session_is_recorded_with_its_date_duration_and_mode() -> None:
    pair = given(mentorship())
    pair.hold_session(
        duration_minutes=90, mode="in_person", topics=("pricing",), stamp=Stamp("M1", LATER)
    )
    [held] = pair.collect_events()
    assert isinstance(held, Mentorship.SessionHeld)
    assert (held.effective_date, held.duration_minutes, held.mode) == (LATER, 90, "in_person")


def test_a_session_in_an_unknown_mode_is_refused() -> None:
    with pytest.raises(InvalidValue):
        given(mentorship()).hold_session(
            duration_minutes=60, mode="telepathy", topics=(), stamp=Stamp("M1", LATER)
        )


def test_someone_outside_the_pair_cannot_record_a_session() -> None:
    with pytest.raises(NotAParticipant):
        given(mentorship()).hold_session(
            duration_minutes=60, mode="virtual", topics=(), stamp=Stamp("Z9", LATER)
        )


def test_a_session_dated_before_the_start_is_refused() -> None:
    with pytest.raises(DatedBeforeStart):
        given(mentorship()).hold_session(
            duration_minutes=60, mode="virtual", topics=(), stamp=Stamp("M1", date(2024, 2, 1))
        )


def test_no_session_can_be_recorded_after_the_end() -> None:
    with pytest.raises(MentorshipEnded):
        given(ended()).hold_session(
            duration_minutes=60, mode="virtual", topics=(), stamp=Stamp("M1", LATER)
        )


def test_the_mentee_files_a_memo_of_skills_learned() -> None:
    pair = given(mentorship())
    pair.file_memo(
        skills=("discovery questions",), text="private notes", stamp=Stamp("T1", LATER)
    )
    assert new_events(pair) == ["MemoFiled"]


def test_the_mentor_cannot_file_the_mentees_memo() -> None:
    with pytest.raises(NotAParticipant):
        given(mentorship()).file_memo(skills=("x",), text="", stamp=Stamp("M1", LATER))


def test_a_memo_without_skills_is_refused() -> None:
    with pytest.raises(InvalidValue):
        given(mentorship()).file_memo(skills=(), text="nothing", stamp=Stamp("T1", LATER))


def test_a_survey_score_outside_one_to_five_is_refused() -> None:
    with pytest.raises(InvalidValue):
        given(mentorship()).answer_survey(**scores(5, 5, 6, 5, 5), stamp=Stamp("T1", LATER))


def test_a_survey_may_be_answered_after_the_end() -> None:
    pair = given(ended())
    pair.answer_survey(**scores(4, 5, 3, 4, 5), stamp=Stamp("T1", LATER))
    assert new_events(pair) == ["SurveyAnswered"]


def test_a_no_fault_end_is_recorded() -> None:
    pair = given(mentorship())
    pair.end(reason="no_fault", note="the chemistry isn't right", stamp=Stamp("T1", LATER))
    assert new_events(pair) == ["Ended"] and pair.ended_reason == "no_fault"


def test_an_unknown_end_reason_is_refused() -> None:
    with pytest.raises(InvalidValue):
        given(mentorship()).end(reason="bored", note="", stamp=Stamp("T1", LATER))


def test_a_mentorship_cannot_end_twice() -> None:
    with pytest.raises(MentorshipEnded):
        given(ended()).end(reason="no_fault", note="", stamp=Stamp("T1", LATER))


def test_a_survey_records_the_stamps_actor_as_the_respondent() -> None:
    pair = given(mentorship())
    pair.answer_survey(**scores(4, 5, 3, 4, 5), stamp=Stamp("M1", LATER))
    [answered] = pair.collect_events()
    assert isinstance(answered, Mentorship.SurveyAnswered)
    assert (answered.respondent_id, answered.actor, answered.pairing_fit) == ("M1", "M1", 5)


def test_an_end_reason_from_the_vocabulary_is_stored_as_its_plain_word() -> None:
    pair = given(mentorship())
    pair.end(reason=EndReason.COMPLETED, note="", stamp=Stamp("T1", LATER))
    [ended_event] = pair.collect_events()
    assert isinstance(ended_event, Mentorship.Ended)
    assert type(ended_event.reason) is str and ended_event.reason == "completed"


def test_free_texts_of_the_pair_are_declared_private() -> None:
    assert Mentorship.MemoFiled.private_fields == {"text"}
    assert Mentorship.GoalSet.private_fields == {"description"}
    assert Mentorship.KickoffAnswered.private_fields == {
        "goals", "communication", "off_limits", "confidentiality"
    }
    assert Mentorship.SessionHeld.private_fields == frozenset()
