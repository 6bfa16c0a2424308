"""Mentorships: admin assignment, kickoff, goals, sessions, memos, surveys, ending."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID, uuid4

from domain.errors import EnrolmentNotFound, MentorshipNotFound, ProgramNotFound
from domain.mentors import MentorEnrolment
from domain.mentorships import Mentorship
from domain.programs import Program
from services.changes import Changes
from services.core import Decision, ServiceCore
from services.matching import check_pair_allowed
from services.policies import end_mentorship


class MentorshipCommands(ServiceCore):
    """Commands of admins (assign a pair) and of the pair during their mentorship."""

    def assign_pair(
        self,
        *,
        command_id: str | None,
        actor: str,
        program_id: UUID,
        mentee_id: str,
        mentor_id: str,
        topic: str,
        effective_date: date,
    ) -> UUID:
        """An admin pairs a mentee with a mentor directly; returns the mentorship id."""

        def decide() -> Decision:
            changes = Changes(self)
            program = changes.get(Program, program_id, ProgramNotFound, f"program {program_id}")
            mentee = changes.employee(mentee_id)
            mentor = changes.employee(mentor_id)
            mentee.check_employed_on(effective_date)
            program.check_round_open(effective_date, mentee.department)
            check_pair_allowed(changes, program, mentee, mentor, effective_date)
            mentorship_id = uuid4()
            changes.get(
                MentorEnrolment,
                MentorEnrolment.create_id(program_id, mentor_id),
                EnrolmentNotFound,
                f"mentor enrolment of {mentor_id}",
            ).take_mentee(
                mentorship_id,
                mentee_id,
                program.rules.require_training,
                actor,
                effective_date,
                topic=topic,
            )
            changes.add(
                Mentorship.assign(
                    mentorship_id=mentorship_id,
                    mentee_id=mentee_id,
                    mentor_id=mentor_id,
                    program_id=program_id,
                    topic=topic,
                    actor=actor,
                    effective_date=effective_date,
                )
            )
            mentee.join_mentorship(
                mentorship_id, program_id, mentor_id, "mentee", actor, effective_date
            )
            mentor.join_mentorship(
                mentorship_id, program_id, mentee_id, "mentor", actor, effective_date
            )
            return str(mentorship_id), changes.all()

        return self._handle_id("assign_pair", command_id, actor, effective_date, decide)

    def answer_kickoff(
        self,
        *,
        command_id: str | None,
        mentorship_id: UUID,
        participant_id: str,
        goals: str,
        communication: str,
        off_limits: str,
        confidentiality: str,
        effective_date: date,
        expected_version: int | None = None,
    ) -> UUID:
        """One participant answers the kickoff questionnaire."""
        return self._change(
            "answer_kickoff",
            command_id,
            mentorship_id,
            participant_id,
            effective_date,
            expected_version,
            lambda m: m.answer_kickoff(
                participant_id,
                goals,
                communication,
                off_limits,
                confidentiality,
                participant_id,
                effective_date,
            ),
        )

    def set_goal(
        self,
        *,
        command_id: str | None,
        mentorship_id: UUID,
        actor: str,
        goal_id: str,
        description: str,
        effective_date: date,
        expected_version: int | None = None,
    ) -> UUID:
        """The pair sets a goal."""
        return self._change(
            "set_goal",
            command_id,
            mentorship_id,
            actor,
            effective_date,
            expected_version,
            lambda m: m.set_goal(goal_id, description, actor, effective_date),
        )

    def achieve_goal(
        self,
        *,
        command_id: str | None,
        mentorship_id: UUID,
        actor: str,
        goal_id: str,
        effective_date: date,
        expected_version: int | None = None,
    ) -> UUID:
        """The pair achieved a goal."""
        return self._change(
            "achieve_goal",
            command_id,
            mentorship_id,
            actor,
            effective_date,
            expected_version,
            lambda m: m.achieve_goal(goal_id, actor, effective_date),
        )

    def hold_session(
        self,
        *,
        command_id: str | None,
        mentorship_id: UUID,
        actor: str,
        duration_minutes: int,
        mode: str,
        topics: tuple[str, ...],
        effective_date: date,
        expected_version: int | None = None,
    ) -> UUID:
        """Record a session held on ``effective_date``."""
        return self._change(
            "hold_session",
            command_id,
            mentorship_id,
            actor,
            effective_date,
            expected_version,
            lambda m: m.hold_session(duration_minutes, mode, tuple(topics), actor, effective_date),
        )

    def file_memo(
        self,
        *,
        command_id: str | None,
        mentorship_id: UUID,
        mentee_id: str,
        skills: tuple[str, ...],
        text: str,
        effective_date: date,
        expected_version: int | None = None,
    ) -> UUID:
        """The mentee files a memo of the skills learned."""
        return self._change(
            "file_memo",
            command_id,
            mentorship_id,
            mentee_id,
            effective_date,
            expected_version,
            lambda m: m.file_memo(tuple(skills), text, mentee_id, effective_date),
        )

    def answer_survey(
        self,
        *,
        command_id: str | None,
        mentorship_id: UUID,
        respondent_id: str,
        confidence: int,
        commitment: int,
        org_understanding: int,
        networking: int,
        pairing_fit: int,
        effective_date: date,
    ) -> UUID:
        """A participant answers the survey (scores 1-5)."""
        return self._change(
            "answer_survey",
            command_id,
            mentorship_id,
            respondent_id,
            effective_date,
            None,
            lambda m: m.answer_survey(
                confidence,
                commitment,
                org_understanding,
                networking,
                pairing_fit,
                respondent_id,
                effective_date,
            ),
        )

    def end_mentorship(
        self,
        *,
        command_id: str | None,
        mentorship_id: UUID,
        actor: str,
        reason: str,
        note: str,
        effective_date: date,
        expected_version: int | None = None,
    ) -> UUID:
        """End the mentorship (completed / no_fault); frees the mentor's slot in the same save."""

        def decide() -> Decision:
            changes = Changes(self)
            mentorship = self._mentorship(changes, mentorship_id)
            self._check_version(mentorship, expected_version)
            end_mentorship(changes, mentorship, reason, note, actor, effective_date)
            return str(mentorship.id), changes.all()

        return self._handle_id("end_mentorship", command_id, actor, effective_date, decide)

    def get_mentorship(self, mentorship_id: UUID) -> Mentorship:
        """The mentorship aggregate (MentorshipNotFound if unknown)."""
        return self._load(
            Mentorship, mentorship_id, MentorshipNotFound, f"mentorship {mentorship_id}"
        )

    @staticmethod
    def _mentorship(changes: Changes, mentorship_id: UUID) -> Mentorship:
        return changes.get(
            Mentorship, mentorship_id, MentorshipNotFound, f"mentorship {mentorship_id}"
        )

    def _change(
        self,
        command_name: str,
        command_id: str | None,
        mentorship_id: UUID,
        actor: str,
        effective_date: date,
        expected_version: int | None,
        change: Callable[[Mentorship], None],
    ) -> UUID:
        def decide() -> Decision:
            mentorship = self.get_mentorship(mentorship_id)
            self._check_version(mentorship, expected_version)
            change(mentorship)
            return str(mentorship.id), [mentorship]

        return self._handle_id(command_name, command_id, actor, effective_date, decide)
