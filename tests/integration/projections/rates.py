"""A cohort rate comparison's figures as the scenario tests check them: in, then out."""

from __future__ import annotations

from projections.queries.results import RateComparison

Counts = tuple[int | None, int | None]


def counts(row: RateComparison) -> tuple[Counts, Counts]:
    """(headcount, events) of the participants, then of everyone else."""
    return (
        (row.participants.headcount, row.participants.events),
        (row.others.headcount, row.others.events),
    )


def rates(row: RateComparison) -> tuple[float | None, float | None]:
    """The participants' rate, then everyone else's."""
    return row.participants.rate, row.others.rate
