"""Long-lived aggregates load from their last snapshot plus the events after it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.application import project_aggregate
from eventsourcing.persistence import IntegrityError

from domain.base import HRIS_ACTOR, Stamp
from domain.employees import Employee
from domain.programs import Program
from domain.requests import MentorshipRequest
from domain.snapshots import EmployeeSnapshot
from gateways.audit.as_of import state_as_of
from gateways.audit.history import aggregate_history
from gateways.audit.log import EventLog
from services.employees import PromoteEmployee, RatePerformance
from services.mentoring import MentoringService
from services.programs import CloseRound, OpenRound
from tests.services.scenario import OPENED, Scenario
from tests.support.snapshot_reads import reads_after, snapshot_reads

INTERVAL = 4


@pytest.fixture
def snapshotting(service_env: dict[str, str]) -> Iterator[MentoringService]:
    """A service snapshotting every ``INTERVAL`` events."""
    app = MentoringService(env={**service_env, "SNAPSHOT_INTERVAL": str(INTERVAL)})
    yield app
    app.close()


def replayed(service: MentoringService, aggregate_id: UUID) -> Any:
    """The aggregate from every one of its events, no snapshot."""
    return project_aggregate(None, service.events.get(aggregate_id))


def snapshot_versions(service: MentoringService, aggregate_id: UUID) -> list[int]:
    """The versions at which the aggregate was snapshotted."""
    assert service.snapshots is not None
    return [snapshot.originator_version for snapshot in service.snapshots.get(aggregate_id)]


def rounds(service: MentoringService, program_id: UUID, count: int) -> None:
    """Open and close ``count`` rounds of the program (two events each)."""
    for number in range(count):
        day = OPENED + timedelta(days=number)
        service.handle(OpenRound(stamp=Stamp("E0", day), program_id=program_id,
                                 round_name=f"round {number}"))
        service.handle(CloseRound(stamp=Stamp("E0", day), program_id=program_id))


def career(service: MentoringService, hris_id: str, ratings: int) -> UUID:
    """Hire ``hris_id`` (with a demographic group), rate them ``ratings`` times, promote once."""
    world = Scenario(service)
    employee_id = world.hire(hris_id, job_level=2)
    for number in range(ratings):
        service.handle(RatePerformance(
            command_id=f"rate-{hris_id}-{number}", stamp=Stamp(HRIS_ACTOR, date(2021, 1, 1)),
            hris_id=hris_id, rating=3.0 + number % 2, scale_min=1, scale_max=5,
            cycle=f"C{number}",
        ))
    service.handle(PromoteEmployee(command_id=f"promote-{hris_id}",
                                   stamp=Stamp(HRIS_ACTOR, date(2022, 1, 1)),
                                   hris_id=hris_id, new_job_level=3))
    return employee_id


def pending_request(app: MentoringService) -> UUID:
    """Hire T1 and M1, launch a program, enrol M1 as a mentor and T1 as a mentee; T1's
    request to M1, pending."""
    world = Scenario(app)
    for person in ("T1", "M1"):
        world.hire(person)
    world.program()
    world.mentor(world.program_id, "M1", capacity=3)
    world.mentee(world.program_id, "T1")
    return world.request(world.program_id, "T1", ("M1",))


def test_a_program_with_more_events_than_the_interval_is_snapshotted_at_each_multiple(
    snapshotting: MentoringService,
) -> None:
    program_id = Scenario(snapshotting).program(open_round=False)
    rounds(snapshotting, program_id, 5)  # versions 2..11

    assert snapshot_versions(snapshotting, program_id) == [4, 8]


def test_a_program_loads_from_its_last_snapshot_and_the_events_after_it(
    snapshotting: MentoringService, monkeypatch: pytest.MonkeyPatch
) -> None:
    program_id = Scenario(snapshotting).program(open_round=False)
    rounds(snapshotting, program_id, 5)
    reads = reads_after(snapshotting, monkeypatch)

    loaded = snapshotting.load(Program, program_id)

    assert reads == [8]
    assert loaded.version == 11
    assert vars(loaded) == vars(replayed(snapshotting, program_id))


def test_an_employee_from_snapshot_equals_the_full_replay(
    snapshotting: MentoringService,
) -> None:
    employee_id = career(snapshotting, "E7", ratings=6)

    loaded = snapshotting.employee("E7")

    assert snapshot_versions(snapshotting, employee_id) == [4, 8]  # hire, 6 ratings, promotion
    assert vars(loaded) == vars(replayed(snapshotting, employee_id))


def test_an_employee_snapshot_holds_the_demographic_group_outside_its_state(
    snapshotting: MentoringService,
) -> None:
    employee_id = career(snapshotting, "E8", ratings=4)
    assert snapshotting.snapshots is not None

    snapshot = next(iter(snapshotting.snapshots.get(employee_id)))

    assert isinstance(snapshot, EmployeeSnapshot)
    assert "demographic_group" not in snapshot.state
    assert snapshot.hris_id == "E8"


def test_a_command_after_a_snapshot_changes_the_aggregate_loaded_from_it(
    snapshotting: MentoringService,
) -> None:
    program_id = Scenario(snapshotting).program(open_round=False)
    rounds(snapshotting, program_id, 2)  # version 5, snapshot at 4

    snapshotting.handle(OpenRound(stamp=Stamp("E0", date(2024, 6, 1)), program_id=program_id,
                                  round_name="after the snapshot"))

    program = snapshotting.load(Program, program_id)
    assert program.open_round == 3
    assert program.version == 6


def test_an_interval_of_zero_turns_snapshots_off(service_env: dict[str, str]) -> None:
    app = MentoringService(env={**service_env, "SNAPSHOT_INTERVAL": "0"})
    try:
        program_id = Scenario(app).program(open_round=False)
        rounds(app, program_id, 3)

        assert app.snapshots is None
        assert app.load(Program, program_id).version == 7
    finally:
        app.close()


def test_the_default_interval_is_one_hundred(service: MentoringService) -> None:
    assert service.snapshot_interval == 100
    assert service.snapshots is not None


def test_an_aggregate_whose_state_holds_private_texts_is_never_snapshotted(
    service_env: dict[str, str],
) -> None:
    app = MentoringService(env={**service_env, "SNAPSHOT_INTERVAL": "1"})
    try:
        request_id = pending_request(app)

        assert snapshot_versions(app, request_id) == []
        assert snapshot_versions(app, Employee.create_id("T1")) == [1, 2]  # hired, requested
    finally:
        app.close()


def test_the_audits_state_as_of_an_early_version_ignores_later_snapshots(
    snapshotting: MentoringService,
) -> None:
    program_id = Scenario(snapshotting).program(open_round=False)
    rounds(snapshotting, program_id, 5)

    early = state_as_of(snapshotting, program_id, version=3)

    assert early.version == 3
    assert early.state["rounds_opened"] == 1 and early.state["open_round"] is None


def test_the_audits_history_lists_every_event_of_a_snapshotted_aggregate(
    snapshotting: MentoringService,
) -> None:
    program_id = Scenario(snapshotting).program(open_round=False)
    rounds(snapshotting, program_id, 5)

    log = EventLog(snapshotting.recorder, snapshotting.mapper)
    entries = list(aggregate_history(log, program_id))

    assert [entry.version for entry in entries] == list(range(1, 12))


@pytest.mark.parametrize("failure", [IntegrityError("taken by another process"), TypeError("x")])
def test_a_snapshot_that_fails_never_fails_the_command_whose_events_are_saved(
    snapshotting: MentoringService, monkeypatch: pytest.MonkeyPatch, failure: Exception
) -> None:
    program_id = Scenario(snapshotting).program(open_round=False)

    def failing(*_: object, **__: object) -> None:
        raise failure

    monkeypatch.setattr(snapshotting, "take_snapshot", failing)
    rounds(snapshotting, program_id, 2)  # version 5: a snapshot was due at 4

    assert snapshotting.load(Program, program_id).version == 5
    assert snapshot_versions(snapshotting, program_id) == []


def test_an_aggregate_of_a_class_never_snapshotted_loads_without_asking_the_snapshot_store(
    snapshotting: MentoringService, monkeypatch: pytest.MonkeyPatch
) -> None:
    request_id = pending_request(snapshotting)
    reads = snapshot_reads(snapshotting, monkeypatch)

    request = snapshotting.load(MentorshipRequest, request_id)

    assert reads == []
    assert vars(request) == vars(replayed(snapshotting, request_id))


def test_a_snapshotted_class_still_asks_the_snapshot_store(
    snapshotting: MentoringService, monkeypatch: pytest.MonkeyPatch
) -> None:
    program_id = Scenario(snapshotting).program(open_round=False)
    reads = snapshot_reads(snapshotting, monkeypatch)

    snapshotting.load(Program, program_id)

    assert reads == [program_id]


def test_an_unknown_aggregate_of_a_class_never_snapshotted_is_not_found(
    snapshotting: MentoringService,
) -> None:
    with pytest.raises(MentorshipRequest.not_found):
        snapshotting.load(MentorshipRequest, uuid4())
