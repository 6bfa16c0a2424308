"""The Mentorship aggregate: a pair working together, from match to end."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from domain.base import MentoringAggregate, natural_id
from domain.errors import (
    DatedBeforeStart,
    InvalidValue,
    MentorshipEnded,
    NotAParticipant,
)

END_REASONS = ("completed", "no_fault", "participant_left")
MODES = ("in_person", "virtual")
SCORE_RANGE = range(1, 6)


class Mentorship(MentoringAggregate):
    """A mentee and a mentor in a program: kickoff, goals, sessions, memos, surveys, end."""

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

    class KickoffAnswered(MentoringAggregate.Event):
        """One participant answered the kickoff questionnaire (answers are private)."""

        participant_id: str
        goals: str
        communication: str
        off_limits: str
        confidentiality: str

    class GoalSet(MentoringAggregate.Event):
        """The pair set a goal."""

        goal_id: str
        description: str

    class GoalAchieved(MentoringAggregate.Event):
        """The pair achieved a goal."""

        goal_id: str

    class SessionHeld(MentoringAggregate.Event):
        """The pair met; ``effective_date`` is the session date."""

        duration_minutes: int
        mode: str
        topics: tuple[str, ...]

    class MemoFiled(MentoringAggregate.Event):
        """The mentee noted the skills learned (``text`` is private to the pair and admins)."""

        skills: tuple[str, ...]
        text: str

    class SurveyAnswered(MentoringAggregate.Event):
        """A participant answered the survey; scores are 1-5."""

        respondent_id: str
        confidence: int
        commitment: int
        org_understanding: int
        networking: int
        pairing_fit: int

    class Ended(MentoringAggregate.Event):
        """The mentorship ended: completed, no_fault or participant_left."""

        reason: str
        note: str

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
        actor: str,
        effective_date: date,
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
            actor=actor,
            effective_date=effective_date,
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
        actor: str,
        effective_date: date,
    ) -> Mentorship:
        """Start a mentorship an admin assigned."""
        return cls._create(
            cls.PairAssigned,
            id=mentorship_id,
            mentee_id=mentee_id,
            mentor_id=mentor_id,
            program_id=program_id,
            topic=topic,
            actor=actor,
            effective_date=effective_date,
        )

    def __init__(
        self, mentee_id: str, mentor_id: str, program_id: UUID, topic: str, effective_date: date
    ) -> None:
        self.mentee_id = mentee_id
        self.mentor_id = mentor_id
        self.program_id = program_id
        self.topic = topic
        self.started_on = effective_date
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

    def answer_kickoff(
        self,
        participant_id: str,
        goals: str,
        communication: str,
        off_limits: str,
        confidentiality: str,
        actor: str,
        effective_date: date,
    ) -> None:
        """Record one participant's kickoff answers."""
        self.check_can_record(participant_id, effective_date)
        self._kickoff_answered(
            participant_id, goals, communication, off_limits, confidentiality, actor, effective_date
        )

    @event(KickoffAnswered)
    def _kickoff_answered(
        self,
        participant_id: str,
        goals: str,
        communication: str,
        off_limits: str,
        confidentiality: str,
        actor: str,
        effective_date: date,
    ) -> None:
        self.kickoff_answered_by.add(participant_id)

    def set_goal(self, goal_id: str, description: str, actor: str, effective_date: date) -> None:
        """Set a goal of the pair (goal ids are unique within the mentorship)."""
        self.check_can_record(actor, effective_date)
        if goal_id in self.goals:
            raise InvalidValue(f"goal {goal_id!r} exists already")
        self._goal_set(goal_id, description, actor, effective_date)

    @event(GoalSet)
    def _goal_set(self, goal_id: str, description: str, actor: str, effective_date: date) -> None:
        self.goals[goal_id] = False

    def achieve_goal(self, goal_id: str, actor: str, effective_date: date) -> None:
        """Mark a goal achieved."""
        self.check_can_record(actor, effective_date)
        if goal_id not in self.goals:
            raise InvalidValue(f"there is no goal {goal_id!r}")
        if not self.goals[goal_id]:
            self._goal_achieved(goal_id, actor, effective_date)

    @event(GoalAchieved)
    def _goal_achieved(self, goal_id: str, actor: str, effective_date: date) -> None:
        self.goals[goal_id] = True

    def hold_session(
        self,
        duration_minutes: int,
        mode: str,
        topics: tuple[str, ...],
        actor: str,
        effective_date: date,
    ) -> None:
        """Record a session the pair held on ``effective_date``."""
        self.check_can_record(actor, effective_date)
        if not 1 <= duration_minutes <= 24 * 60:
            raise InvalidValue(f"a session lasts 1-1440 minutes, not {duration_minutes}")
        if mode not in MODES:
            raise InvalidValue(f"mode {mode!r} is not one of {MODES}")
        self._session_held(duration_minutes, mode, tuple(topics), actor, effective_date)

    @event(SessionHeld)
    def _session_held(
        self,
        duration_minutes: int,
        mode: str,
        topics: tuple[str, ...],
        actor: str,
        effective_date: date,
    ) -> None:
        self.sessions_held += 1

    def file_memo(
        self, skills: tuple[str, ...], text: str, actor: str, effective_date: date
    ) -> None:
        """The mentee files a memo of the skills learned."""
        self.check_can_record(actor, effective_date)
        if actor != self.mentee_id:
            raise NotAParticipant(f"only the mentee {self.mentee_id} files memos")
        if not skills:
            raise InvalidValue("a memo names at least one skill learned")
        self._memo_filed(tuple(skills), text, actor, effective_date)

    @event(MemoFiled)
    def _memo_filed(
        self, skills: tuple[str, ...], text: str, actor: str, effective_date: date
    ) -> None:
        self.memos_filed += 1

    def answer_survey(
        self,
        confidence: int,
        commitment: int,
        org_understanding: int,
        networking: int,
        pairing_fit: int,
        actor: str,
        effective_date: date,
    ) -> None:
        """A participant answers the survey (scores 1-5); allowed after the end too."""
        if actor not in (self.mentee_id, self.mentor_id):
            raise NotAParticipant(f"{actor} is not in this mentorship")
        scores = (confidence, commitment, org_understanding, networking, pairing_fit)
        if any(score not in SCORE_RANGE for score in scores):
            raise InvalidValue(f"survey scores are 1-5, not {scores}")
        self._survey_answered(actor, *scores, actor=actor, effective_date=effective_date)

    @event(SurveyAnswered)
    def _survey_answered(
        self,
        respondent_id: str,
        confidence: int,
        commitment: int,
        org_understanding: int,
        networking: int,
        pairing_fit: int,
        actor: str,
        effective_date: date,
    ) -> None:
        pass

    def end(self, reason: str, note: str, actor: str, effective_date: date) -> None:
        """End the mentorship; a participant or an admin or the leaving policy may end it."""
        if not self.is_active:
            raise MentorshipEnded(f"the mentorship ended ({self.ended_reason})")
        if reason not in END_REASONS:
            raise InvalidValue(f"end reason {reason!r} is not one of {END_REASONS}")
        if effective_date < self.started_on:
            raise DatedBeforeStart(f"the mentorship started on {self.started_on}")
        self._ended(reason, note, actor, effective_date)

    @event(Ended)
    def _ended(self, reason: str, note: str, actor: str, effective_date: date) -> None:
        self.ended_reason = reason
