"""Concurrent acceptances for a mentor's last free slot: exactly one wins, on every store."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pytest

from domain.errors import DomainError, MentorAtCapacity
from domain.mentors import MentorEnrolment
from domain.requests import MentorshipRequest
from services.mentoring import MentoringService
from tests.services.scenario import Scenario, last_position, new_event_names


class RacingService(MentoringService):
    """The real service, whose first save per thread waits until both threads have decided.

    Both acceptances therefore pass the capacity check on the same state and collide in the
    store, which exercises the optimistic-concurrency path rather than the plain check.
    """

    def __init__(self, env: dict[str, str]) -> None:
        super().__init__(env=env)
        self.barrier = threading.Barrier(2, timeout=2)
        self.racing = False

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        if self.racing:
            # The losing thread's retry waits alone until the timeout breaks the barrier.
            with contextlib.suppress(threading.BrokenBarrierError):
                self.barrier.wait()
        return super().save(*objs, **kwargs)


@dataclass(frozen=True)
class Race:
    """Two requests for mentor M1's one free slot, accepted by two threads at once."""

    service: RacingService
    program_id: UUID
    requests: tuple[UUID, UUID]
    position: int  # the last notification id before the race
    outcomes: list[object]  # each acceptance's mentorship id, or the error that refused it


def _two_requests_for_one_slot(service: MentoringService) -> tuple[UUID, UUID, UUID]:
    world = Scenario(service)
    for person in ("T1", "T2", "M1"):
        world.hire(person)
    world.program()
    world.mentor(world.program_id, "M1", capacity=1)
    requests = []
    for mentee in ("T1", "T2"):
        world.mentee(world.program_id, mentee)
        requests.append(world.request(world.program_id, mentee, ("M1",)))
    return world.program_id, requests[0], requests[1]


def _accept_both(service: MentoringService, requests: tuple[UUID, UUID]) -> list[object]:
    scenario = Scenario(service)

    def accept(request_id: UUID) -> object:
        try:
            return scenario.accept(request_id, "M1")
        except DomainError as error:
            return error

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(accept, requests))


@pytest.fixture
def race(service_env: dict[str, str]) -> Iterator[Race]:
    """The race, run on a fresh racing service of the store under test."""
    service = RacingService(service_env)
    program_id, first, second = _two_requests_for_one_slot(service)
    position = last_position(service)
    service.racing = True
    outcomes = _accept_both(service, (first, second))
    service.racing = False
    yield Race(service, program_id, (first, second), position, outcomes)
    service.close()


def test_two_concurrent_acceptances_for_one_free_slot_let_exactly_one_succeed(race: Race) -> None:
    winners = [o for o in race.outcomes if isinstance(o, UUID)]
    losers = [o for o in race.outcomes if isinstance(o, DomainError)]
    assert len(winners) == 1 and len(losers) == 1
    assert isinstance(losers[0], MentorAtCapacity)
    enrolment_id = MentorEnrolment.create_id(race.program_id, "M1")
    assert list(race.service.load(MentorEnrolment, enrolment_id).mentees) == winners


def test_two_concurrent_acceptances_leave_one_request_pending(race: Race) -> None:
    statuses = sorted(race.service.load(MentorshipRequest, r).status for r in race.requests)
    assert statuses == ["accepted", "pending"]


def test_the_losing_acceptance_stores_nothing(race: Race) -> None:
    names = new_event_names(race.service, race.position)
    assert names.count("Mentorship.Matched") == 1
    assert names.count("MentorEnrolment.MenteeTaken") == 1
    assert names.count("CommandLog.Handled") == 0
