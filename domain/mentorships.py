"""The Mentorship aggregate: a pair working together, from match to end."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import TypeVar
from uuid import UUID

from domain.base import MentoringAggregate, Stamp, natural_id
from domain.errors import (
    DatedBeforeStart,
    InvalidValue,
    MentorshipEnded,
    MentorshipNotFound,
    NotAParticipant,
)
from domain.permissions import acts_with_authority
from domain.vocabulary import EndReason, SessionMode

SCORE_RANGE = range(1, 6)
E = TypeVar("E", bound=StrEnum)


def _one_of(vocabulary: type[E], value: str, what: str) -> str:
    """``value`` as the plain string an event stores, if it is a word of ``vocabulary``."""
    try:
        return vocabulary(value).value
    except ValueError:
        words = tuple(word.value for word in vocabulary)
        raise InvalidValue(f"{what} {value!r} is not one of {words}") from None


class Mentorship(MentoringAggregate):
    """A mentee and a mentor in a program: kickoff, goals, sessions, memos, surveys, end."""

    not_found = MentorshipNotFound
    noun = "mentorship"

    class Matched(MentoringAggregate.Created):
        """The pair started because the mentor accepted ``request_id``."""

        mentee_id: str
        mentor_id: str
        program_id: UUID
        request_id: UUID
        topic: str

    class PairAssigned(MentoringAggregate.Created):
        """An admin (the actor) assigned the pair directly."""

        mentee_id: str
        mentor_id: str
        program_id: UUID
        topic: str

    class CohortMatched(PairAssigned):
        """An admin confirmed cohort matching ``proposal_id``, which proposed this pair."""

        proposal_id: UUID

    class KickoffAnswered(MentoringAggregate.Event):
        """One participant answered the kickoff questionnaire (answers are private)."""

        private_fields = frozenset({"goals", "communication", "off_limits", "confidentiality"})

        participant_id: str
        goals: str
        communication: str
        off_limits: str
        confidentiality: str

        def apply(self, aggregate: Mentorship) -> None:
            aggregate.kickoff_answered_by.add(self.participant_id)

    class GoalSet(MentoringAggregate.Event):
        """The pair set a goal (the description is private)."""

        private_fields = frozenset({"description"})

        goal_id: str
        description: str

        def apply(self, aggregate: Mentorship) -> None:
            aggregate.goals[self.goal_id] = False

    class GoalAchieved(MentoringAggregate.Event):
        """The pair achieved a goal."""

        goal_id: str

        def apply(self, aggregate: Mentorship) -> None:
            aggregate.goals[self.goal_id] = True

    class SessionHeld(MentoringAggregate.Event):
        """The pair met; ``effective_date`` is the session date."""

        duration_minutes: int
        mode: str
        topics: tuple[str, ...]

        def apply(self, aggregate: Mentorship) -> None:
            aggregate.sessions_held += 1

    class MemoFiled(MentoringAggregate.Event):
        """The mentee noted the skills learned (``text`` is private to the pair and admins)."""

        private_fields = frozenset({"text"})

        skills: tuple[str, ...]
        text: str

        def apply(self, aggregate: Mentorship) -> None:
            aggregate.memos_filed += 1

    class SurveyAnswered(MentoringAggregate.Event):
        """A participant answered the survey; scores are 1-5."""

        respondent_id: str
        confidence: int
        commitment: int
        org_understanding: int
        networking: int
        pairing_fit: int

        def apply(self, aggregate: Mentorship) -> None:
            """Surveys feed the analytics only; the mentorship's state does not change."""

    class Ended(MentoringAggregate.Event):
        """The mentorship ended: completed, no_fault or participant_left."""

        reason: str
        note: str

        def apply(self, aggregate: Mentorship) -> None:
            aggregate.ended_reason = self.reason

    @staticmethod
    def id_for_request(request_id: UUID) -> UUID:
        """The id of the mentorship a request's acceptance starts."""
        return natural_id("mentorship", request_id)

    @classmethod
    def match(
        cls,
        *,
        mentee_id: str,
        mentor_id: str,
        program_id: UUID,
        request_id: UUID,
        topic: str,
        stamp: Stamp,
    ) -> Mentorship:
        """Start the mentorship of an accepted request."""
        return cls._create(
            cls.Matched,
            id=cls.id_for_request(request_id),
            mentee_id=mentee_id,
            mentor_id=mentor_id,
            program_id=program_id,
            request_id=request_id,
            topic=topic,
            **stamp.fields,
        )

    @classmethod
    def assign(
        cls,
        *,
        mentorship_id: UUID,
        mentee_id: str,
        mentor_id: str,
        program_id: UUID,
        topic: str,
        stamp: Stamp,
        proposal_id: UUID | None = None,
    ) -> Mentorship:
        """Start a mentorship an admin assigned, or (with ``proposal_id``) one a confirmed
        cohort-matching proposal paired."""
        matched = {} if proposal_id is None else {"proposal_id": proposal_id}
        return cls._create(
            cls.PairAssigned if proposal_id is None else cls.CohortMatched,
            id=mentorship_id,
            mentee_id=mentee_id,
            mentor_id=mentor_id,
            program_id=program_id,
            topic=topic,
            **matched,
            **stamp.fields,
        )

    def __init__(
        self,
        mentee_id: str,
        mentor_id: str,
        program_id: UUID,
        topic: str,
        effective_date: date,
        proposal_id: UUID | None = None,
    ) -> None:
        self.mentee_id = mentee_id
        self.mentor_id = mentor_id
        self.program_id = program_id
        self.topic = topic
        self.started_on = effective_date
        self.proposal_id = proposal_id
        self.kickoff_answered_by: set[str] = set()
        self.goals: dict[str, bool] = {}
        self.sessions_held = 0
        self.memos_filed = 0
        self.ended_reason: str | None = None

    @property
    def is_active(self) -> bool:
        """Whether the mentorship has not ended."""
        return self.ended_reason is None

    def check_can_record(self, participant_id: str, day: date) -> None:
        """Refuse changes after the end, before the start, or by someone outside the pair."""
        if not self.is_active:
            raise MentorshipEnded(f"the mentorship ended ({self.ended_reason})")
        if participant_id not in (self.mentee_id, self.mentor_id):
            raise NotAParticipant(f"{participant_id} is not in this mentorship")
        if day < self.started_on:
            raise DatedBeforeStart(f"the mentorship started on {self.started_on}, after {day}")

    def check_participant_or_authority(self, actor: str) -> None:
        """Refuse an employee outside the pair; admins and the system act with authority."""
        if actor not in (self.mentee_id, self.mentor_id) and not acts_with_authority(actor):
            raise NotAParticipant(f"{actor} is not in this mentorship")

    def answer_kickoff(
        self,
        *,
        participant_id: str,
        goals: str,
        communication: str,
        off_limits: str,
        confidentiality: str,
        stamp: Stamp,
    ) -> None:
        """Record one participant's kickoff answers."""
        self.check_can_record(participant_id, stamp.effective_date)
        self.trigger_event(
            self.KickoffAnswered,
            participant_id=participant_id,
            goals=goals,
            communication=communication,
            off_limits=off_limits,
            confidentiality=confidentiality,
            **stamp.fields,
        )

    def set_goal(self, *, goal_id: str, description: str, stamp: Stamp) -> None:
        """Set a goal of the pair (goal ids are unique within the mentorship)."""
        self.check_can_record(stamp.actor, stamp.effective_date)
        if goal_id in self.goals:
            raise InvalidValue(f"goal {goal_id!r} exists already")
        self.trigger_event(self.GoalSet, goal_id=goal_id, description=description, **stamp.fields)

    def achieve_goal(self, *, goal_id: str, stamp: Stamp) -> None:
        """Mark a goal achieved (achieving it again changes nothing)."""
        self.check_can_record(stamp.actor, stamp.effective_date)
        if goal_id not in self.goals:
            raise InvalidValue(f"there is no goal {goal_id!r}")
        if not self.goals[goal_id]:
            self.trigger_event(self.GoalAchieved, goal_id=goal_id, **stamp.fields)

    def hold_session(
        self, *, duration_minutes: int, mode: str, topics: tuple[str, ...], stamp: Stamp
    ) -> None:
        """Record a session the pair held on the stamp's date."""
        self.check_can_record(stamp.actor, stamp.effective_date)
        if not 1 <= duration_minutes <= 24 * 60:
            raise InvalidValue(f"a session lasts 1-1440 minutes, not {duration_minutes}")
        self.trigger_event(
            self.SessionHeld,
            duration_minutes=duration_minutes,
            mode=_one_of(SessionMode, mode, "mode"),
            topics=tuple(topics),
            **stamp.fields,
        )

    def file_memo(self, *, skills: tuple[str, ...], text: str, stamp: Stamp) -> None:
        """The mentee (the stamp's actor) files a memo of the skills learned."""
        self.check_can_record(stamp.actor, stamp.effective_date)
        if stamp.actor != self.mentee_id:
            raise NotAParticipant(f"only the mentee {self.mentee_id} files memos")
        if not skills:
            raise InvalidValue("a memo names at least one skill learned")
        self.trigger_event(self.MemoFiled, skills=tuple(skills), text=text, **stamp.fields)

    def answer_survey(
        self,
        *,
        confidence: int,
        commitment: int,
        org_understanding: int,
        networking: int,
        pairing_fit: int,
        stamp: Stamp,
    ) -> None:
        """A participant (the stamp's actor) answers the survey (scores 1-5), even after the end."""
        if stamp.actor not in (self.mentee_id, self.mentor_id):
            raise NotAParticipant(f"{stamp.actor} is not in this mentorship")
        scores = (confidence, commitment, org_understanding, networking, pairing_fit)
        if any(score not in SCORE_RANGE for score in scores):
            raise InvalidValue(f"survey scores are 1-5, not {scores}")
        self.trigger_event(
            self.SurveyAnswered,
            respondent_id=stamp.actor,
            confidence=confidence,
            commitment=commitment,
            org_understanding=org_understanding,
            networking=networking,
            pairing_fit=pairing_fit,
            **stamp.fields,
        )

    def end(self, *, reason: str, note: str, stamp: Stamp) -> None:
        """End the mentorship; a participant or an admin or the leaving policy may end it."""
        if not self.is_active:
            raise MentorshipEnded(f"the mentorship ended ({self.ended_reason})")
        self.check_participant_or_authority(stamp.actor)
        reason = _one_of(EndReason, reason, "end reason")
        if stamp.effective_date < self.started_on:
            raise DatedBeforeStart(f"the mentorship started on {self.started_on}")
        self.trigger_event(self.Ended, reason=reason, note=note, **stamp.fields)
