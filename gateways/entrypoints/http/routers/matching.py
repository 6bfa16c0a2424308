"""Suggestions (the mentee through the portal, and admins) and cohort matching (admins).

Both read the portal's read side (`routers/lists.py`'s `read_side`: read-your-writes, never the
aggregates); a proposal is recorded by a command, and confirming it decides again on the
aggregates (409 `proposal-stale`, saying what changed, when it no longer holds).
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID, uuid4

from fastapi import Query, Response

from domain.base import Stamp, natural_id
from domain.matching import Scored
from domain.proposals import ProposedPair
from gateways.entrypoints.http.clock import ServerToday
from gateways.entrypoints.http.deps import AdminCaller, NewCommandDep, PortalCaller, ServiceDep
from gateways.entrypoints.http.models import matching as models
from gateways.entrypoints.http.models.common import Recorded
from gateways.entrypoints.http.routers.commands import CommandRoutes, Reply
from gateways.entrypoints.http.routers.common import EmployeePath, api_router, check_reads_for
from gateways.entrypoints.http.routers.lists import ReadSideDep, Text
from projections.portal import suggestions as reads
from services import cohort

router = api_router("matching")
program = CommandRoutes(router, reply=Reply(Recorded, "id"))
MATCHING = "/programs/{program_id}/rounds/current/matching"

program.put(
    "/programs/{program_id}/matching-weights", models.ChangeMatchingWeights, AdminCaller,
    name="change_matching_weights", summary="Set how suggestions weigh each reason",
    description="The points each reason of a suggestion's score is worth in this program "
    "(suggestions and cohort matching); If-Match guards against a stale program version.",
)


def _suggested(scored: Scored) -> dict[str, object]:
    return {
        "mentor_id": scored.mentor_id, "score": scored.score, "topic": scored.topic,
        "reasons": [
            {"name": r.name, "points": r.points, "detail": r.detail} for r in scored.reasons
        ],
    }


@router.get(
    "/programs/{program_id}/mentees/{employee_id}/suggestions",
    summary="Mentors suggested for a mentee",
)
def suggest_mentors(
    program_id: UUID, employee_id: EmployeePath, caller: PortalCaller, reads_side: ReadSideDep,
    today: ServerToday,
    topic: Annotated[str | None, Query(min_length=1, max_length=100), Text] = None,
    limit: Annotated[int, Query(ge=1, le=50, description="how many mentors")] = 10,
) -> models.Suggestions:
    """The mentors the program's rules allow for the mentee today (never one a conflict rule,
    capacity, training or the round would refuse), best first, each with its reasons."""
    check_reads_for(caller, employee_id)
    position = reads_side.position
    with reads_side.cursor() as cursor:
        found, why = reads.suggestions(
            cursor, program_id, employee_id, today, topic, limit, reads_side.programs, position
        )
    return models.Suggestions.model_validate({
        "program_id": program_id, "employee_id": employee_id, "position": position,
        "items": [_suggested(scored) for scored in found], "none_because": why,
    })


@router.post(MATCHING, status_code=201, summary="Propose pairs for the round's waiting mentees")
def propose_matching(
    program_id: UUID, caller: AdminCaller, context: NewCommandDep, reads_side: ReadSideDep,
    service: ServiceDep, today: ServerToday, response: Response,
) -> models.MatchingProposal:
    """Pair every waiting mentee of the open round (enrolled, with no active mentorship in the
    program): the most pairs the rules and capacities allow, then the highest total score.
    The proposal is recorded; confirm it to start the pairs."""
    position = reads_side.position
    with reads_side.cursor() as cursor:
        found = reads.propose(cursor, program_id, today)
    pairs = found.assignment.pairs
    proposal_id = (
        natural_id("matching-proposal", context.command_id) if context.command_id else uuid4()
    )
    service.handle(cohort.ProposeMatching(
        stamp=Stamp(context.actor, today), command_id=context.command_id,
        program_id=program_id, round_number=found.round_no, proposal_id=proposal_id,
        pairs=tuple(
            ProposedPair(mentee, scored.mentor_id, scored.topic, scored.score)
            for mentee, scored in sorted(pairs.items())
        ),
        free_slots_seen={
            mentor: found.free_slots[mentor]
            for mentor in sorted({scored.mentor_id for scored in pairs.values()})
        },
    ))
    response.headers["Location"] = f"/programs/{program_id}/rounds/current/matching/{proposal_id}"
    return models.MatchingProposal.model_validate({
        "proposal_id": proposal_id, "program_id": program_id, "round_number": found.round_no,
        "pairs": [
            {"mentee_id": mentee, **_suggested(scored)} for mentee, scored in sorted(pairs.items())
        ],
        "unmatched": [
            {"mentee_id": mentee, "reason": reason}
            for mentee, reason in sorted(found.why_unmatched.items())
        ],
        "total_score": found.assignment.total, "position": position,
    })


@router.post(f"{MATCHING}/{{proposal_id}}/confirm", summary="Confirm a matching proposal")
def confirm_matching(
    program_id: UUID, proposal_id: UUID, caller: AdminCaller, context: NewCommandDep,
    body: models.ConfirmMatching, service: ServiceDep,
) -> models.MatchingConfirmed:
    """Start every pair of the proposal, all or none; a retry starts nothing twice and answers
    the same mentorships. 409 `proposal-stale` (saying what changed) when a mentor's free slots
    changed, a mentee was paired meanwhile or a rule now refuses a pair."""
    ids = service.handle(body.to_command(context, program_id=program_id, proposal_id=proposal_id))
    return models.MatchingConfirmed(
        proposal_id=proposal_id, program_id=program_id, mentorship_ids=list(ids)
    )
