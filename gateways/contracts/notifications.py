"""The JSON Schema of a record of the notification outbox topic (``{prefix}.notifications``).

The value is ``services.notifications.notification_json`` of a ``Notification.Sent`` event: ids
and dates only, never texts.
"""

from __future__ import annotations

from typing import Any

from domain.notifications import NotificationType
from gateways.contracts.events import DRAFT

UUID_TEXT = {"type": "string", "format": "uuid",
             "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"}


def notification_schema() -> dict[str, Any]:
    """The outbox record's value."""
    optional_id = {"anyOf": [UUID_TEXT, {"type": "null"}]}
    properties: dict[str, Any] = {
        "id": {**UUID_TEXT, "description": "the notification's id (deterministic)"},
        "type": {"type": "string", "enum": [t.value for t in NotificationType]},
        "recipient": {"type": "string", "description": "the recipient's HRIS id"},
        "created_at": {"type": "string", "format": "date-time"},
        "business_date": {"type": "string", "format": "date",
                          "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "program_id": optional_id,
        "request_id": optional_id,
        "mentorship_id": optional_id,
        "story_id": optional_id,
        "cursor": {"type": "string", "description": "the log position (HTTP feed only)"},
    }
    return {
        "$schema": DRAFT,
        "title": "Notification",
        "description": "A notification to deliver (ids and dates only); see docs/notifications.md.",
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name != "cursor"],
        "additionalProperties": False,
    }
