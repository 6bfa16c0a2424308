"""Whose key seals which field: the owner of each private field of each event class.

| event | sealed fields | owner(s) |
| --- | --- | --- |
| ``Employee.Hired`` | ``demographic_group`` | the employee (``hris_id``) |
| ``EmployeeSnapshot`` (domain/snapshots.py) | ``demographic_group`` | the employee (``hris_id``) |
| ``Mentorship.KickoffAnswered`` | the four answers | the answering participant |
| ``Mentorship.GoalSet`` | ``description`` | the participant who set it (``actor``) |
| ``Mentorship.MemoFiled`` | ``text`` | the mentee who filed it (``actor``) |
| ``MentorshipRequest.Made`` | ``reason`` | the mentee |
| ``MentorshipRequest.Declined`` | ``reason`` | the mentor who wrote it |
| ``MentorshipRequest.Withdrawn`` | ``reason`` | who withdrew it (``actor``: mentee or system) |
| ``MentorEnrolment.NominationDeclined``, ``.Withdrew`` | ``reason`` | the nominee, the mentor |
| ``SuccessStory.Recorded`` | ``text`` | the author (``actor``) and every named employee |

Any other event class that declares ``private_fields`` is sealed under its ``actor`` (so a new
private field is never written in clear), except the fields listed in ``NEVER_SEALED``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from domain.employees import Employee
from domain.mentors import MentorEnrolment
from domain.mentorships import Mentorship
from domain.requests import MentorshipRequest
from domain.snapshots import EmployeeSnapshot
from domain.stories import SuccessStory

Owners = Callable[[Mapping[str, Any]], tuple[str, ...]]


def field_of(name: str) -> Owners:
    """The owner is the person a field of the event names."""
    return lambda state: (str(state[name]),)


def actor_and_named(names: str) -> Owners:
    """The author (``actor``) and every person the list field ``names`` holds, once each."""
    return lambda state: tuple(dict.fromkeys((str(state["actor"]), *map(str, state[names]))))


ACTOR = field_of("actor")


@dataclass(frozen=True)
class SealingRule:
    """Which fields of an event class are sealed, and for whom."""

    fields: frozenset[str]
    owners: Owners


RULES: dict[type, SealingRule] = {
    Employee.Hired: SealingRule(frozenset({"demographic_group"}), field_of("hris_id")),
    EmployeeSnapshot: SealingRule(frozenset({"demographic_group"}), field_of("hris_id")),
    Mentorship.KickoffAnswered: SealingRule(
        Mentorship.KickoffAnswered.private_fields, field_of("participant_id")
    ),
    Mentorship.GoalSet: SealingRule(Mentorship.GoalSet.private_fields, ACTOR),
    Mentorship.MemoFiled: SealingRule(Mentorship.MemoFiled.private_fields, ACTOR),
    MentorshipRequest.Made: SealingRule(frozenset({"reason"}), field_of("mentee_id")),
    MentorshipRequest.Declined: SealingRule(frozenset({"reason"}), field_of("mentor_id")),
    MentorshipRequest.Withdrawn: SealingRule(frozenset({"reason"}), ACTOR),
    MentorEnrolment.NominationDeclined: SealingRule(frozenset({"reason"}), ACTOR),
    MentorEnrolment.Withdrew: SealingRule(frozenset({"reason"}), ACTOR),
    SuccessStory.Recorded: SealingRule(frozenset({"text"}), actor_and_named("employee_ids")),
}
"""The explicit rules (tests/unit/erasure checks they cover every declared private field)."""

NEVER_SEALED: dict[type, frozenset[str]] = {
    Employee.PersonalDataErased: frozenset({"reason"}),  # must outlive the key it records
}


@cache
def rule_for(cls: type) -> SealingRule | None:
    """The sealing rule of an event class (None: nothing of it is sealed)."""
    rule = RULES.get(cls)
    if rule is not None:
        return rule
    declared: frozenset[str] = getattr(cls, "private_fields", frozenset())
    sealed = declared - NEVER_SEALED.get(cls, frozenset())
    return SealingRule(sealed, ACTOR) if sealed else None
