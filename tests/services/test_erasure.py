"""Erasure through the service: a person's sealed fields read as erased, the rest as before."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.base import HRIS_ACTOR, Stamp
from domain.employees import ERASED, Employee
from domain.errors import EmployeeNotFound, InvalidValue
from domain.mentorships import Mentorship
from domain.stories import SuccessStory
from gateways.erasure.keys import CachedKeys, MemoryKeyStore
from gateways.erasure.mapper import mapper_topic
from services.employees import HireEmployee
from services.erasure import ErasePersonalData
from services.mentoring import MentoringService
from services.mentorships import AnswerKickoff, FileMemo
from services.stories import RecordSuccessStory
from tests.services.scenario import DAY, company

LATER = date(2024, 3, 20)
MEMO = "I learned to price a deal without my manager"


@pytest.fixture
def service() -> Iterator[MentoringService]:
    """An in-memory service whose mapper seals under its own in-memory key store."""
    topic = mapper_topic(f"test-{uuid4()}", lambda: CachedKeys(MemoryKeyStore()))
    app = MentoringService(env={"PERSISTENCE_MODULE": "eventsourcing.popo", "MAPPER_TOPIC": topic})
    yield app
    app.close()


def memo_of(service: MentoringService, mentorship_id: UUID) -> str:
    """The text of the first memo filed on the mentorship, as the service reads it."""
    for event in service.events.get(mentorship_id):
        if isinstance(event, Mentorship.MemoFiled):
            return event.text
    raise AssertionError("no memo")


def with_memo(service: MentoringService) -> UUID:
    """T1 mentored by M1; T1 filed MEMO; M1 answered the kickoff."""
    world = company(service, "M1")
    mentorship_id = world.pair(world.program_id, "T1", "M1")
    service.handle(FileMemo(
        stamp=Stamp("T1", LATER), mentorship_id=mentorship_id, skills=("pricing",), text=MEMO,
    ))
    service.handle(AnswerKickoff(
        stamp=Stamp("M1", DAY), mentorship_id=mentorship_id, goals="teach pricing",
        communication="weekly", off_limits="pay", confidentiality="between us",
    ))
    return mentorship_id


def erase(service: MentoringService, hris_id: str, reason: str = "GDPR request 42") -> UUID:
    """An admin erases ``hris_id``."""
    return service.handle(ErasePersonalData(
        stamp=Stamp("admin:abc", LATER), hris_id=hris_id, reason=reason,
    ))


def test_before_erasure_the_memo_reads_as_written(service: MentoringService) -> None:
    assert memo_of(service, with_memo(service)) == MEMO


def test_after_erasure_the_mentees_memo_reads_as_erased(service: MentoringService) -> None:
    mentorship_id = with_memo(service)
    erase(service, "T1")
    assert memo_of(service, mentorship_id) == ERASED


def test_the_stored_memo_holds_no_plaintext(service: MentoringService) -> None:
    with_memo(service)
    states = [n.state for n in service.recorder.select_notifications(1, 1000)]
    assert not any(MEMO.encode() in state for state in states)


def test_the_partners_kickoff_answers_stay_readable(service: MentoringService) -> None:
    mentorship_id = with_memo(service)
    erase(service, "T1")
    answers = [e for e in service.events.get(mentorship_id)
               if isinstance(e, Mentorship.KickoffAnswered)]
    assert answers[0].goals == "teach pricing"


def test_an_erasure_is_recorded_with_its_reason(service: MentoringService) -> None:
    with_memo(service)
    erase(service, "T1", reason="ticket 7")
    recorded = list(service.events.get(Employee.create_id("T1")))[-1]
    assert isinstance(recorded, Employee.PersonalDataErased)
    assert (recorded.hris_id, recorded.reason) == ("T1", "ticket 7")


def test_the_erased_persons_demographic_group_is_gone(service: MentoringService) -> None:
    service.handle(HireEmployee(
        stamp=Stamp(HRIS_ACTOR, date(2020, 1, 1)), hris_id="G1", department="Sales",
        job_level=3, manager_id=None, location="Lyon", demographic_group="group-b",
    ))
    erase(service, "G1")
    hired = next(iter(service.events.get(Employee.create_id("G1"))))
    assert isinstance(hired, Employee.Hired)
    assert (hired.demographic_group, service.employee("G1").demographic_group) == (ERASED, None)


def story_after_erasing_t1(service: MentoringService, text: str, named: str) -> str:
    """The text of a story naming ``named``, as read after T1's erasure."""
    world = company(service, "M1")
    story_id = service.handle(RecordSuccessStory(
        stamp=Stamp("A1", LATER), program_id=world.program_id, title="Close rate up",
        text=text, employee_ids=(named,),
    ))
    erase(service, "T1")
    return service.load(SuccessStory, story_id).text


def test_a_story_naming_the_erased_person_reads_as_erased(service: MentoringService) -> None:
    assert story_after_erasing_t1(service, "T1 closed alone", "T1") == ERASED


def test_a_story_not_naming_the_erased_person_stays_readable(service: MentoringService) -> None:
    assert story_after_erasing_t1(service, "M1 taught well", "M1") == "M1 taught well"


def test_erasing_an_unknown_employee_is_refused(service: MentoringService) -> None:
    with pytest.raises(EmployeeNotFound):
        erase(service, "NOBODY")


def test_an_erasure_without_a_reason_is_refused(service: MentoringService) -> None:
    with_memo(service)
    with pytest.raises(InvalidValue):
        erase(service, "T1", reason="  ")
