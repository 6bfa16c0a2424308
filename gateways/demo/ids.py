"""The ids the service gave to what the world names by key."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID


@dataclass
class WorldIds:
    """World keys (program, request, mentorship) mapped to the service's aggregate ids."""

    programs: dict[str, UUID] = field(default_factory=dict)
    requests: dict[str, UUID] = field(default_factory=dict)
    mentorships: dict[str, UUID] = field(default_factory=dict)
