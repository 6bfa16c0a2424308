"""The driver knows a command for every kind of step the world produces."""

from __future__ import annotations

from gateways.demo import actions
from gateways.demo.driver import COMMANDS
from gateways.demo.world import World


def test_every_action_type_has_a_command() -> None:
    kinds = {
        cls
        for cls in vars(actions).values()
        if isinstance(cls, type) and issubclass(cls, actions.Action)
    } - {actions.Action}
    assert kinds | {actions.HrisArrived} == set(COMMANDS)


def test_every_step_of_a_world_has_a_command(small_world: World) -> None:
    assert {type(step) for step in small_world.timeline} <= set(COMMANDS)
