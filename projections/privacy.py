"""Small-cell suppression: no figure may describe fewer than MIN_CELL people."""

from __future__ import annotations

MIN_CELL = 5
SUPPRESSED = "suppressed: fewer than 5 people"


def is_small(people: int) -> bool:
    """Whether a group of this many people is too small to show (1-4; 0 is no group at all)."""
    return 0 < people < MIN_CELL


def shown_count(people: int) -> int | None:
    """The count when it may be shown, None when it must be suppressed."""
    return None if is_small(people) else people


def group_is_shown(headcount: int) -> bool:
    """Whether figures about a whole group (rates, intervals) may be shown."""
    return headcount >= MIN_CELL
