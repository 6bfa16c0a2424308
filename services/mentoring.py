"""The mentoring service: one eventsourcing Application, one event log, every command.

Each use case lives in its own mixin module; composing them here gives one ``save`` that can
store several aggregates atomically. Build it with an env dict choosing the store, e.g.
``MentoringService(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})``.
"""

from __future__ import annotations

from services.enrolment import EnrolmentCommands
from services.hris import HrisCommands
from services.mentorships import MentorshipCommands
from services.programs import ProgramCommands
from services.requests import RequestCommands
from services.stories import StoryCommands


class MentoringService(
    HrisCommands,
    ProgramCommands,
    EnrolmentCommands,
    RequestCommands,
    MentorshipCommands,
    StoryCommands,
):
    """Every command of the mentoring domain; methods take plain values and return ids."""

    name = "mentoring"
