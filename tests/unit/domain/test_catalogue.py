"""The event catalogue: every event of DOMAIN.md exists, carries actor and date, has a version."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import sys
from datetime import date
from pathlib import Path

import pytest

import domain
from domain.base import MentoringAggregate
from domain.employees import Employee
from domain.mentees import MenteeEnrolment
from domain.mentors import MentorEnrolment
from domain.mentorships import Mentorship
from domain.programs import Program
from domain.requests import MentorshipRequest
from domain.stories import SuccessStory

CATALOGUE = {
    "employee hired": Employee.Hired,
    "employee promoted": Employee.Promoted,
    "employee transferred": Employee.Transferred,
    "employee manager changed": Employee.ManagerChanged,
    "employee left": Employee.Left,
    "employee rehired": Employee.Rehired,
    "program launched": Program.Launched,
    "round opened": Program.RoundOpened,
    "round closed": Program.RoundClosed,
    "program closed": Program.Closed,
    "mentor volunteered": MentorEnrolment.Volunteered,
    "mentor nominated": MentorEnrolment.Nominated,
    "nomination accepted": MentorEnrolment.NominationAccepted,
    "nomination declined": MentorEnrolment.NominationDeclined,
    "mentor training completed": MentorEnrolment.TrainingCompleted,
    "mentor profile updated": MentorEnrolment.ProfileUpdated,
    "mentor withdrew": MentorEnrolment.Withdrew,
    "mentee enrolled": MenteeEnrolment.Enrolled,
    "request made": MentorshipRequest.Made,
    "request accepted": MentorshipRequest.Accepted,
    "request declined": MentorshipRequest.Declined,
    "request withdrawn": MentorshipRequest.Withdrawn,
    "request expired": MentorshipRequest.Expired,
    "request forwarded": MentorshipRequest.Forwarded,
    "pair assigned": Mentorship.PairAssigned,
    "kickoff answered": Mentorship.KickoffAnswered,
    "goal set": Mentorship.GoalSet,
    "goal achieved": Mentorship.GoalAchieved,
    "session held": Mentorship.SessionHeld,
    "memo filed": Mentorship.MemoFiled,
    "survey answered": Mentorship.SurveyAnswered,
    "mentorship ended": Mentorship.Ended,
    "success story recorded": SuccessStory.Recorded,
}


@pytest.mark.parametrize("fact", sorted(CATALOGUE))
def test_every_catalogued_fact_is_an_event_with_actor_effective_date_and_version(
    fact: str,
) -> None:
    event_class = CATALOGUE[fact]
    fields = {field.name: field.type for field in dataclasses.fields(event_class)}  # type: ignore[arg-type]
    assert {"actor", "effective_date", "timestamp"} <= set(fields)
    assert event_class.__annotations__ is not None
    assert getattr(event_class, "class_version", 1) >= 1
    assert issubclass(event_class, MentoringAggregate.Event)


def test_every_event_is_in_the_past_tense() -> None:
    irregular = {"Made", "Held", "Left", "Set", "Withdrew", "Withdrawn"}
    for event_class in CATALOGUE.values():
        name = event_class.__name__
        assert name.endswith("ed") or any(name.endswith(word) for word in irregular), name


def test_the_effective_date_is_a_business_date() -> None:
    hints = inspect.get_annotations(MentoringAggregate.Event, eval_str=True)
    assert hints["effective_date"] is date and hints["actor"] is str


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize(
    "module", sorted(Path(domain.__file__).parent.glob("*.py")), ids=lambda p: p.name
)
def test_domain_modules_import_only_the_standard_library_and_eventsourcing_domain(
    module: Path,
) -> None:
    for name in _imported_modules(module):
        top = name.split(".")[0]
        allowed = (
            top in sys.stdlib_module_names
            or top == "__future__"
            or name == "eventsourcing.domain"
            or top == "domain"
        )
        assert allowed, f"{module.name} imports {name}"
