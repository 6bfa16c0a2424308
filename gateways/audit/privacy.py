"""Private event fields: memo text and kickoff answers, for the pair and admins only.

Auditors see that such an event happened, who recorded it and when, but not the text.
"""

from __future__ import annotations

from typing import Any

REDACTED = "[private]"

PRIVATE_FIELDS: dict[str, frozenset[str]] = {
    "domain.mentorships:Mentorship.MemoFiled": frozenset({"text"}),
    "domain.mentorships:Mentorship.KickoffAnswered": frozenset(
        {"goals", "communication", "off_limits", "confidentiality"}
    ),
}


def redact(topic: str, state: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``state`` with the private fields of ``topic`` replaced by REDACTED."""
    private = PRIVATE_FIELDS.get(topic, frozenset())
    return {name: REDACTED if name in private else value for name, value in state.items()}
