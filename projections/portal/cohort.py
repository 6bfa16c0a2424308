"""Optimal cohort matching (pure): pair as many waiting mentees as possible, then maximise the
total score, within each mentor's free slots.

Each mentor is expanded into one column per free slot and ``linear_sum_assignment`` solves the
rectangular assignment. A pair the rules refuse costs ``FORBIDDEN`` (and is dropped if chosen);
every allowed pair earns ``BONUS`` on top of its score, so a larger matching always beats a
smaller one with a higher score, whatever the scores' signs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from domain.matching import Scored

BONUS = 1e6
FORBIDDEN = 1e12


@dataclass(frozen=True)
class Assignment:
    """The chosen pairs (mentee → the mentor's scored suggestion) and the mentees left out."""

    pairs: dict[str, Scored]
    unmatched: tuple[str, ...]

    @property
    def total(self) -> float:
        return round(sum(scored.score for scored in self.pairs.values()), 3)


def assign(
    allowed: Mapping[str, Sequence[Scored]], free_slots: Mapping[str, int]
) -> Assignment:
    """The best assignment of the mentees (keys of ``allowed``, each with their allowed
    mentors' scores) to the mentors' ``free_slots``."""
    mentees = sorted(allowed)
    slots = [mentor for mentor in sorted(free_slots) for _ in range(max(free_slots[mentor], 0))]
    if not mentees or not slots:
        return Assignment({}, tuple(mentees))
    columns: dict[str, list[int]] = {}
    for column, mentor in enumerate(slots):
        columns.setdefault(mentor, []).append(column)
    cost = np.full((len(mentees), len(slots)), FORBIDDEN)
    for row, mentee in enumerate(mentees):
        for scored in allowed[mentee]:
            for column in columns.get(scored.mentor_id, ()):
                cost[row, column] = -(BONUS + scored.score)
    rows, chosen = linear_sum_assignment(cost)
    pairs: dict[str, Scored] = {}
    by_mentor = {mentee: {s.mentor_id: s for s in allowed[mentee]} for mentee in mentees}
    for row, column in zip(rows, chosen, strict=True):
        if cost[row, column] < FORBIDDEN:
            mentee = mentees[row]
            pairs[mentee] = by_mentor[mentee][slots[column]]
    return Assignment(pairs, tuple(mentee for mentee in mentees if mentee not in pairs))
