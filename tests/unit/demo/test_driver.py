"""Every step of the world is a command the mentoring service handles, with its own id."""

from __future__ import annotations

from collections import Counter

from gateways.demo.driver import as_command, drive
from gateways.demo.world.simulate import World
from gateways.entrypoints.hris.contract import Hired
from services.command import HANDLERS, Command
from services.mentoring import MentoringService
from services.requests import AcceptRequest


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
