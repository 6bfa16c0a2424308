"""The domain's words, one ``StrEnum`` each: reused by the services, HTTP and the HRIS contract.

A ``StrEnum`` member equals its value (``ProgramType.REVERSE == "reverse"``), so events keep
storing plain strings and logs recorded before these enums existed read the same.
"""

from __future__ import annotations

from enum import StrEnum


class ProgramType(StrEnum):
    """The kinds of mentoring program."""

    NEW_HIRE = "new-hire"
    HIGH_POTENTIAL = "high-potential"
    DIVERSITY = "diversity"
    REVERSE = "reverse"
    JUST_IN_TIME = "just-in-time"
    GENERAL = "general"


class Formality(StrEnum):
    """How much structure a program imposes."""

    INFORMAL = "informal"
    STRUCTURED = "structured"
    FORMAL = "formal"


class SessionMode(StrEnum):
    """How a session was held."""

    IN_PERSON = "in_person"
    VIRTUAL = "virtual"


class EndReason(StrEnum):
    """Why a mentorship ended."""

    COMPLETED = "completed"
    NO_FAULT = "no_fault"
    PARTICIPANT_LEFT = "participant_left"


class ExitReason(StrEnum):
    """Why an employee left the company."""

    VOLUNTARY = "voluntary"
    INVOLUNTARY = "involuntary"
    RETIREMENT = "retirement"


class Role(StrEnum):
    """A person's side of a mentorship."""

    MENTEE = "mentee"
    MENTOR = "mentor"
