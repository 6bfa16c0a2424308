"""Every step of the world is a command the mentoring service handles, with its own id."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

import pytest

from gateways.demo.driver import DailyScheduler, DriveResult, as_command, drive
from gateways.demo.world.params import WorldParams
from gateways.demo.world.simulate import World, simulate
from gateways.entrypoints.hris.contract import Hired
from services.command import HANDLERS, Command
from services.mentoring import MentoringService
from services.requests import AcceptRequest, ExpireRequest
from services.scheduling import run_pass


def test_every_step_of_a_world_is_a_command_the_service_handles(small_world: World) -> None:
    assert MentoringService.name  # importing the service registers every handler
    kinds = {type(as_command(step, "run:0")) for step in small_world.timeline}
    assert kinds <= set(HANDLERS)


def test_a_world_command_gets_the_run_s_command_id(small_world: World) -> None:
    step = next(s for s in small_world.timeline if isinstance(s, Command))
    command = as_command(step, "demo-11:42")
    assert command.command_id == "demo-11:42"
    assert command.stamp == step.stamp


def test_an_hris_message_keeps_its_event_id_as_command_id(small_world: World) -> None:
    message = next(s for s in small_world.timeline if isinstance(s, Hired))
    assert as_command(message, "demo-11:0").command_id == message.event_id


def test_a_step_about_what_was_refused_is_counted_by_its_not_found_rule(
    small_world: World,
) -> None:
    service = MentoringService(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    try:
        later = [s for s in small_world.timeline if isinstance(s, AcceptRequest)][:2]
        result = drive(service, later, "demo-11")
    finally:
        service.close()
    assert result.accepted == 0
    assert result.refused == Counter({"request-not-found": 2})
    assert result.total == 2


@pytest.fixture(scope="module")
def scheduled() -> Iterator[tuple[MentoringService, DailyScheduler, DriveResult, World]]:
    """A 200-person world driven with a scheduler pass for every day of its three years."""
    world = simulate(WorldParams(seed=11, employees=200))
    service = MentoringService(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    scheduler = DailyScheduler(service, world.params.start)
    last = world.params.end - timedelta(days=1)
    try:
        result = drive(service, world.timeline, "demo-11", scheduler=scheduler, until=last)
        yield service, scheduler, result, world
    finally:
        service.close()


def test_the_drive_runs_one_scheduler_pass_for_each_day_of_the_period(
    scheduled: tuple[MentoringService, DailyScheduler, DriveResult, World],
) -> None:
    _, _, result, world = scheduled
    tally = result.scheduler
    assert tally.first_day == world.params.start
    assert tally.last_day == world.params.end - timedelta(days=1)
    assert tally.passes == (world.params.end - world.params.start).days
    assert tally.failed == 0
    assert not result.refused


def test_the_scheduler_sends_reminders_expires_and_forwards_requests(
    scheduled: tuple[MentoringService, DailyScheduler, DriveResult, World],
) -> None:
    _, _, result, _ = scheduled
    tally = result.scheduler
    assert tally.reminders > 0
    assert tally.expired > 0
    assert 0 < tally.forwarded <= tally.expired
    assert tally.notifications["request-expired"] == 2 * tally.expired  # mentee and mentor
    assert tally.notifications["request-forwarded"] == tally.forwarded
    assert tally.recorded <= tally.commands


def test_the_world_s_own_expiries_find_the_scheduler_already_did_them(
    scheduled: tuple[MentoringService, DailyScheduler, DriveResult, World],
) -> None:
    _, _, result, world = scheduled
    expiries = sum(isinstance(step, ExpireRequest) for step in world.timeline)
    assert result.idle["expire_request"] == expiries > 0


def test_running_a_day_s_pass_again_adds_nothing(
    scheduled: tuple[MentoringService, DailyScheduler, DriveResult, World],
) -> None:
    service, scheduler, _, world = scheduled
    before = service.recorder.max_notification_id()
    for day in (world.params.end - timedelta(days=1), world.params.start + timedelta(days=400)):
        assert run_pass(service, scheduler.index, day).recorded == 0
    assert service.recorder.max_notification_id() == before
