"""The demo's admin assignments, made through suggestions and cohort matching.

When the world has an admin assign a pair (formal programs), the driver asks the portal's read
side (an in-process read model following the demo's log) for the mentee's suggestions, notes
where the admin's choice ranks among them, and starts the pair by recording a cohort-matching
proposal and confirming it, so the pair's mentorship is ``Mentorship.CohortMatched`` (origin
``matching`` on the read side) and the report can compare matched with self-chosen pairs.
The world's later steps name the mentorship by the world's id; ``renamed`` maps it to the id
the confirmation gave. A pair the suggestions do not list (the rules refuse it) is sent as the
world's plain assignment, which the service then refuses or records as usual.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any
from uuid import UUID

from domain.base import natural_id
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
    """How the world's assignments went through matching."""

    matched: int = 0
    """Pairs started by a confirmed cohort-matching proposal."""
    top_choice: int = 0
    """... of which the admin's choice was the first suggestion."""
    ranks: list[int] = field(default_factory=list)
    """The admin's choice's rank among the suggestions (1 = first), per matched pair."""
    outside: int = 0
    """Assignments of a mentor the suggestions did not list (sent as plain assignments)."""

    @property
    def mean_rank(self) -> float:
        return sum(self.ranks) / len(self.ranks) if self.ranks else 0.0


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
        """Start the world's pair through suggestions and a confirmed proposal."""
        day = command.stamp.effective_date
        needed = self.service.recorder.max_notification_id() or 0
        if not self.model.wait_for(needed, CATCH_UP_SECONDS):
            raise TimeoutError("the demo's read model did not catch up")
        with self.model.cursor() as cursor:
            facts = suggestions.program_facts(cursor, command.program_id)
            found, _ = suggestions.suggestions(
                cursor, command.program_id, command.mentee_id, day, command.topic, 1000
            )
        ranked = [scored.mentor_id for scored in found]
        if command.mentor_id not in ranked or facts.round.open_round is None:
            self.tally.outside += 1
            return self.service.handle(command)
        rank = ranked.index(command.mentor_id)
        proposal_id = natural_id("demo-proposal", command.command_id or command.mentorship_id)
        self.service.handle(ProposeMatching(
            stamp=command.stamp, command_id=f"{command.command_id}:propose",
            program_id=command.program_id, round_number=facts.round.open_round,
            pairs=(ProposedPair(
                command.mentee_id, command.mentor_id, command.topic, found[rank].score
            ),),
            free_slots_seen={command.mentor_id: facts.offers[command.mentor_id].free_slots},
            proposal_id=proposal_id,
        ))
        ids = self.service.handle(ConfirmMatching(
            stamp=command.stamp, command_id=f"{command.command_id}:confirm",
            program_id=command.program_id, proposal_id=proposal_id,
        ))
        self.renamed[command.mentorship_id] = ids[0]
        self.tally.matched += 1
        self.tally.top_choice += rank == 0
        self.tally.ranks.append(rank + 1)
        return ids[0]


def matching_facts(tally: MatchingTally | None) -> tuple[tuple[str, str], ...]:
    """What the assignments through suggestions and cohort matching did, as report facts."""
    if tally is None:
        return ()
    return (
        ("pairs started by cohort matching", f"{tally.matched:,}"),
        ("... the admin's choice was the first suggestion", f"{tally.top_choice:,}"),
        ("... mean rank of the admin's choice among the suggestions", f"{tally.mean_rank:.1f}"),
    )
