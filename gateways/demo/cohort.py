"""The demo's formal-program placements, made by cohort matching.

When the world has an admin place a mentee (formal programs), the world's pair is the one the
optimiser proposes (``gateways.demo.world.matching.best_match``). The driver asks the portal's
read side (an in-process read model following the demo's log) for the optimal assignment of
that mentee (``projections.portal.suggestions.propose``: the program's rules, weights and
``linear_sum_assignment``), records the proposal and confirms it, so the pair's mentorship is
``Mentorship.CohortMatched`` (origin ``matching`` on the read side) and the report compares
matched with self-chosen pairs. Where the read side's optimum differs from the world's pair
(the world knows facts the read side does not, or breaks a tie differently), the world's pair
is proposed instead when the suggestions list it (counted), else sent as a plain assignment.
The world's later steps name the mentorship by the world's id; ``renamed`` maps it to the id
the confirmation gave.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from uuid import UUID

from domain.base import natural_id
from domain.errors import DomainError
from domain.matching import Scored
from domain.proposals import ProposedPair
from projections.portal import suggestions
from projections.portal.follower import PortalReadModel
from services.cohort import ConfirmMatching, ProposeMatching
from services.command import Command
from services.mentoring import MentoringService
from services.mentorships import AssignPair

CATCH_UP_SECONDS = 120.0


@dataclass
class MatchingTally:
    """How the world's placements went through cohort matching."""

    matched: int = 0
    """Pairs started by a confirmed cohort-matching proposal."""
    optimal: int = 0
    """... of which the read side's optimiser proposed the world's pair itself."""
    differed: int = 0
    """... of which the optimiser proposed another mentor (the world's pair was proposed)."""
    outside: int = 0
    """Placements the suggestions did not list (sent as plain assignments)."""


class CohortMatcher:
    """Turns the world's admin assignments into confirmed cohort-matching proposals."""

    def __init__(self, service: MentoringService) -> None:
        self.service = service
        self.model = PortalReadModel(service.recorder, service.mapper, poll_seconds=3600.0)
        self.renamed: dict[UUID, UUID] = {}
        self.tally = MatchingTally()

    def close(self) -> None:
        """Stop the read model."""
        self.model.stop()

    def handles(self, command: Command[Any]) -> bool:
        """Whether ``command`` is an assignment this matcher makes."""
        return isinstance(command, AssignPair)

    def rename(self, command: Command[Any]) -> Command[Any]:
        """The command with the world's mentorship id replaced by the matched one's."""
        world_id = getattr(command, "mentorship_id", None)
        if world_id in self.renamed:
            return replace(command, mentorship_id=self.renamed[world_id])  # type: ignore[call-arg]
        return command

    def handle(self, command: AssignPair) -> Any:
        """Start the world's pair through a confirmed cohort-matching proposal."""
        needed = self.service.recorder.max_notification_id() or 0
        if not self.model.wait_for(needed, CATCH_UP_SECONDS):
            raise TimeoutError("the demo's read model did not catch up")
        proposed = self._proposed(command)
        if proposed is None:
            self.tally.outside += 1
            return self.service.handle(command)
        round_number, pair, free_slots = proposed
        proposal_id = natural_id("demo-proposal", command.command_id or command.mentorship_id)
        self.service.handle(ProposeMatching(
            stamp=command.stamp, command_id=f"{command.command_id}:propose",
            program_id=command.program_id, round_number=round_number,
            pairs=(ProposedPair(command.mentee_id, pair.mentor_id, pair.topic, pair.score),),
            free_slots_seen={pair.mentor_id: free_slots}, proposal_id=proposal_id,
        ))
        ids = self.service.handle(ConfirmMatching(
            stamp=command.stamp, command_id=f"{command.command_id}:confirm",
            program_id=command.program_id, proposal_id=proposal_id,
        ))
        self.renamed[command.mentorship_id] = ids[0]
        self.tally.matched += 1
        return ids[0]

    def _proposed(self, command: AssignPair) -> tuple[int, Scored, int] | None:
        """The round, the world's pair as the read side scores it and the mentor's free slots:
        the optimiser's own proposal when it is the world's pair, else the world's pair from
        the suggestions (None: they do not list it, or no round is open)."""
        day = command.stamp.effective_date
        with self.model.cursor() as cursor:
            try:
                found = suggestions.propose(cursor, command.program_id, day, {command.mentee_id})
            except DomainError:
                return None
            best = found.assignment.pairs.get(command.mentee_id)
            if best is not None and best.mentor_id == command.mentor_id:
                self.tally.optimal += 1
                return found.round_no, best, found.free_slots[best.mentor_id]
            listed, _ = suggestions.suggestions(
                cursor, command.program_id, command.mentee_id, day, command.topic, 1000
            )
        pair = next((scored for scored in listed if scored.mentor_id == command.mentor_id), None)
        if pair is None or command.mentor_id not in found.free_slots:
            return None
        self.tally.differed += 1
        return found.round_no, pair, found.free_slots[command.mentor_id]


def matching_facts(tally: MatchingTally | None) -> tuple[tuple[str, str], ...]:
    """What the placements through cohort matching did, as report facts."""
    if tally is None:
        return ()
    return (
        ("pairs started by cohort matching", f"{tally.matched:,}"),
        ("... the optimiser's own proposal", f"{tally.optimal:,}"),
        ("... the world's pair, where the optimiser proposed another", f"{tally.differed:,}"),
    )
