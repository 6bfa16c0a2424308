"""Program events → program_matching: each program's conflict rules and matching weights, as
JSON of the domain's own dataclasses (``ConflictRules``, ``MatchingWeights``), so suggestions
and cohort matching judge pairs on the read side by the same rules the commands apply."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking

from domain.matching import MatchingWeights
from domain.programs import ConflictRules, Program
from domain.vocabulary import ProgramType
from projections.handlers.base import RowProjection


def rules_json(event: Any, defaults: ConflictRules) -> str:
    """The event's conflict-rule fields over ``defaults``, as JSON."""
    values = {
        field.name: getattr(event, field.name, getattr(defaults, field.name))
        for field in fields(ConflictRules)
    }
    return json.dumps(values)


def weights_json(weights: MatchingWeights) -> str:
    return json.dumps(asdict(weights))


class MatchingProjection(RowProjection):
    """The settings that decide which pairs a program allows and how it ranks them."""

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Events of other aggregates add no rows here."""

    @process_event.register
    def _launched(self, event: Program.Launched, tracking: Tracking) -> None:
        defaults = ConflictRules(allow_junior_mentors=event.program_type == ProgramType.REVERSE)
        self.rows.insert(
            "program_matching", program_id=event.originator_id,
            rules=rules_json(event, defaults), weights=weights_json(MatchingWeights()),
        )

    @process_event.register
    def _rules_changed(self, event: Program.ConflictRulesChanged, tracking: Tracking) -> None:
        self.rows.update(
            "program_matching", (event.originator_id,),
            rules=rules_json(event, ConflictRules()),
        )

    @process_event.register
    def _weights_changed(self, event: Program.MatchingWeightsChanged, tracking: Tracking) -> None:
        self.rows.update(
            "program_matching", (event.originator_id,),
            weights=weights_json(MatchingWeights.of(event)),
        )
