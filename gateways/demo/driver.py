"""Feed the world's timeline to the mentoring service, one command per step, in order."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import structlog

from domain.errors import DomainError
from gateways.demo.world.engine import Step
from services.command import Command
from services.mentoring import MentoringService

log = structlog.get_logger(__name__)


@dataclass
class DriveResult:
    """How many commands ran, and which the service refused (by rule)."""

    accepted: int = 0
    refused: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        """Every command sent."""
        return self.accepted + sum(self.refused.values())


def as_command(step: Step, command_id: str) -> Command[Any]:
    """The command a step is: a world command gets ``command_id``; an HRIS message becomes its
    own command (with its ``event_id`` as command id, as the HRIS ingestion does)."""
    if isinstance(step, Command):
        return replace(step, command_id=command_id)
    return step.to_command()


def drive(
    service: MentoringService,
    steps: Iterable[Step],
    run_id: str,
    advance: Callable[[int], None] = lambda n: None,
) -> DriveResult:
    """Send every step as one command (command ids ``<run_id>:<n>``); refusals are counted.

    A refusal is not fatal: a later step about what was refused is refused in turn (usually
    as not found), and counted by its rule too.
    """
    result = DriveResult()
    for number, step in enumerate(steps):
        command = as_command(step, f"{run_id}:{number}")
        try:
            service.handle(command)
            result.accepted += 1
        except DomainError as error:
            result.refused[error.rule] += 1
            log.debug("demo_step_refused", command=command.type_name(), rule=error.rule)
        advance(1)
    return result
