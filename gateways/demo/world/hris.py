"""HRIS messages for the synthetic people, built with the real contract models."""

from __future__ import annotations

from domain.vocabulary import ExitReason
from gateways.demo.world.engine import Sim
from gateways.demo.world.people import Person
from gateways.entrypoints.hris.contract import (
    Hired,
    Left,
    ManagerChanged,
    Promoted,
    Rehired,
    Transferred,
)


def _event_id(sim: Sim) -> str:
    return sim.key("hris")


def hired(sim: Sim, person: Person) -> None:
    """Publish a hire, effective on the person's hire date (long ago for the first workforce)."""
    message = Hired(
        event_id=_event_id(sim),
        type="hired",
        employee_id=person.hris_id,
        effective_date=person.hired_on,
        department=person.department,
        job_level=person.level,
        manager_id=person.manager,
        location=person.location,
        demographic_group=person.group,
    )
    sim.emit(message)


def rehired(sim: Sim, person: Person) -> None:
    """Publish a rehire, effective today."""
    message = Rehired(
        event_id=_event_id(sim),
        type="rehired",
        employee_id=person.hris_id,
        effective_date=sim.today,
        department=person.department,
        job_level=person.level,
        manager_id=person.manager,
        location=person.location,
        demographic_group=person.group,
    )
    sim.emit(message)


def left(sim: Sim, person: Person, reason: str) -> None:
    """Publish an exit, effective today."""
    message = Left(
        event_id=_event_id(sim),
        type="left",
        employee_id=person.hris_id,
        effective_date=sim.today,
        reason=ExitReason(reason),
    )
    sim.emit(message)


def promoted(sim: Sim, person: Person) -> None:
    """Publish a promotion to the person's (new) level."""
    message = Promoted(
        event_id=_event_id(sim),
        type="promoted",
        employee_id=person.hris_id,
        effective_date=sim.today,
        new_level=person.level,
    )
    sim.emit(message)


def transferred(sim: Sim, person: Person) -> None:
    """Publish a move to the person's (new) department."""
    message = Transferred(
        event_id=_event_id(sim),
        type="transferred",
        employee_id=person.hris_id,
        effective_date=sim.today,
        new_department=person.department,
    )
    sim.emit(message)


def manager_changed(sim: Sim, person: Person) -> None:
    """Publish the person's (new) manager."""
    message = ManagerChanged(
        event_id=_event_id(sim),
        type="manager_changed",
        employee_id=person.hris_id,
        effective_date=sim.today,
        new_manager_id=person.manager,
    )
    sim.emit(message)
