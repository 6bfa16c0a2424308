"""How each step of the world becomes one call of the mentoring service's commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gateways.demo import actions as a
from gateways.demo.ids import WorldIds
from gateways.hris.commands import apply_message
from gateways.hris.contract import dump_message, parse_message
from services.mentoring import MentoringService

Command = Callable[[MentoringService, WorldIds, Any, str], object]


def hris(service: MentoringService, ids: WorldIds, step: a.HrisArrived, command_id: str) -> object:
    """An HRIS message, as JSON on the wire, through the HRIS ingestion's message handler."""
    return apply_message(service, parse_message(dump_message(step.message)))


def launch(service: MentoringService, ids: WorldIds, s: a.LaunchProgram, cid: str) -> object:
    """Launch a program and remember its id."""
    program_id = service.launch_program(
        command_id=cid,
        actor=s.actor,
        effective_date=s.on,
        name=s.name,
        program_type=s.program_type,
        goal=s.goal,
        formality=s.formality,
        starts_on=s.starts_on,
        ends_on=s.ends_on,
        meeting_cadence=f"every {s.cadence_days} days",
        executive_sponsor_id=s.sponsor,
        forbid_same_manager=s.forbid_same_manager,
        require_training=s.requires_training,
    )
    ids.programs[s.program_key] = program_id
    return program_id


def open_round(service: MentoringService, ids: WorldIds, s: a.OpenRound, cid: str) -> object:
    """Open the program's next round (for some departments, or everyone)."""
    return service.open_round(
        command_id=cid,
        actor=s.actor,
        effective_date=s.on,
        program_id=ids.programs[s.program_key],
        round_name=f"Round {s.round_no}",
        departments=s.departments or (),
    )


def close_round(service: MentoringService, ids: WorldIds, s: a.CloseRound, cid: str) -> object:
    """Close the open round."""
    return service.close_round(
        command_id=cid, actor=s.actor, effective_date=s.on, program_id=ids.programs[s.program_key]
    )


def close_program(service: MentoringService, ids: WorldIds, s: a.CloseProgram, cid: str) -> object:
    """Close a time-bound program at its end."""
    return service.close_program(
        command_id=cid,
        actor=s.actor,
        effective_date=s.on,
        program_id=ids.programs[s.program_key],
        reason="the programme's timeline ended",
    )


def volunteer(service: MentoringService, ids: WorldIds, s: a.VolunteerMentor, cid: str) -> object:
    """An employee volunteers as a mentor."""
    return service.volunteer_as_mentor(
        command_id=cid,
        program_id=ids.programs[s.program_key],
        employee_id=s.mentor,
        topics=s.topics,
        capacity=s.capacity,
        hours_per_month=s.hours_per_month,
        effective_date=s.on,
    )


def nominate(service: MentoringService, ids: WorldIds, s: a.NominateMentor, cid: str) -> object:
    """An executive nominates a mentor."""
    return service.nominate_mentor(
        command_id=cid,
        actor=s.actor,
        program_id=ids.programs[s.program_key],
        employee_id=s.nominee,
        effective_date=s.on,
    )


def answer_nomination(
    service: MentoringService, ids: WorldIds, s: a.AnswerNomination, cid: str
) -> object:
    """The nominee accepts (stating their offer) or declines."""
    program_id = ids.programs[s.program_key]
    if s.accepted:
        return service.accept_nomination(
            command_id=cid,
            program_id=program_id,
            employee_id=s.nominee,
            topics=s.topics,
            capacity=s.capacity,
            hours_per_month=s.hours_per_month,
            effective_date=s.on,
        )
    return service.decline_nomination(
        command_id=cid,
        program_id=program_id,
        employee_id=s.nominee,
        reason=s.reason,
        effective_date=s.on,
    )


def train(service: MentoringService, ids: WorldIds, s: a.CompleteTraining, cid: str) -> object:
    """The mentor completes the training."""
    return service.complete_mentor_training(
        command_id=cid,
        actor=s.actor,
        program_id=ids.programs[s.program_key],
        employee_id=s.mentor,
        course=s.course,
        effective_date=s.on,
    )


def enrol(service: MentoringService, ids: WorldIds, s: a.EnrolMentee, cid: str) -> object:
    """An employee enrols as a mentee."""
    return service.enrol_mentee(
        command_id=cid,
        program_id=ids.programs[s.program_key],
        employee_id=s.mentee,
        topics=s.topics,
        aim=s.aim,
        effective_date=s.on,
    )
