"""HRIS messages for the synthetic people, built with the real contract models."""

from __future__ import annotations

from datetime import date
from typing import Any, get_args

from domain.vocabulary import ExitReason
from gateways.demo.world.engine import Sim
from gateways.demo.world.people import Person
from gateways.entrypoints.hris.contract import (
    Hired,
    Left,
    ManagerChanged,
    PerformanceRated,
    Promoted,
    Rehired,
    Transferred,
)

_Model = type[Hired | Left | Promoted | Transferred | ManagerChanged | PerformanceRated]


def _publish(
    sim: Sim,
    model: _Model,
    person: Person,
    effective_date: date,
    event_id: str | None = None,
    **attributes: Any,
) -> None:
    """Emit one ``model`` message about ``person`` with its own type and an event id (a fresh
    one unless given)."""
    (message_type,) = get_args(model.model_fields["type"].annotation)
    message = model(
        event_id=event_id or sim.key("hris"),
        type=message_type,
        employee_id=person.hris_id,
        effective_date=effective_date,
        **attributes,
    )
    sim.emit(message)


def _placement(person: Person) -> dict[str, Any]:
    """Where a (re)hired person sits: what a hire and a rehire both carry."""
    return {
        "department": person.department,
        "job_level": person.level,
        "manager_id": person.manager,
        "location": person.location,
        "demographic_group": person.group,
    }


def hired(sim: Sim, person: Person) -> None:
    """Publish a hire, effective on the person's hire date (long ago for the first workforce)."""
    _publish(sim, Hired, person, person.hired_on, **_placement(person))


def rehired(sim: Sim, person: Person) -> None:
    """Publish a rehire, effective today."""
    _publish(sim, Rehired, person, sim.today, **_placement(person))


def left(sim: Sim, person: Person, reason: str) -> None:
    """Publish an exit, effective today."""
    _publish(sim, Left, person, sim.today, reason=ExitReason(reason))


def promoted(sim: Sim, person: Person) -> None:
    """Publish a promotion to the person's (new) level."""
    _publish(sim, Promoted, person, sim.today, new_level=person.level)


def transferred(sim: Sim, person: Person) -> None:
    """Publish a move to the person's (new) department."""
    _publish(sim, Transferred, person, sim.today, new_department=person.department)


def manager_changed(sim: Sim, person: Person) -> None:
    """Publish the person's (new) manager."""
    _publish(sim, ManagerChanged, person, sim.today, new_manager_id=person.manager)


def performance_rated(
    sim: Sim, person: Person, rating: int, scale: tuple[int, int], cycle: str
) -> None:
    """Publish the person's rating for ``cycle``, effective today, on ``scale`` (min, max).

    Its event id names the cycle and the person, so ratings draw no key from the world's serial
    (the rest of the timeline is the same with or without them).
    """
    _publish(
        sim,
        PerformanceRated,
        person,
        sim.today,
        event_id=f"rating-{cycle}-{person.hris_id}",
        rating=rating,
        scale_min=scale[0],
        scale_max=scale[1],
        cycle=cycle,
    )
