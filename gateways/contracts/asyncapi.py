"""The AsyncAPI 3.0 document of the topics: events, HRIS, its dead letters, notifications."""

from __future__ import annotations

from typing import Any

from eventsourcing.domain import DomainEvent
from eventsourcing.utils import get_topic

from gateways.contracts.events import domain_events, schema_file_name

PREFIX_PARAMETER = {
    "prefix": {
        "description": "MENTORING_KAFKA_TOPIC_PREFIX (KAFKA_TOPIC_PREFIX for the store)",
        "default": "mentoring",
    }
}
TEXT = {"type": "string"}


def message_name(event: type[DomainEvent]) -> str:
    """``Employee.Hired`` -> ``Employee_Hired`` (a component key)."""
    return event.__qualname__.replace(".", "_")


def event_headers() -> dict[str, Any]:
    """The headers of every record of the events topic."""
    return {
        "type": "object",
        "properties": {
            "schema": {"const": "mentoring-es/1"},
            "event_type": {**TEXT, "description": "the event's topic, e.g."
                           " domain.employees:Employee.Hired (which payload schema applies)"},
            "originator_version": {**TEXT, "pattern": "^[0-9]+$"},
            "notification_id": {**TEXT, "pattern": "^[0-9]+$",
                                "description": "dense position in the log, from 1"},
            "recorded_at": {**TEXT, "format": "date-time"},
            "hash": {**TEXT, "pattern": "^[0-9a-f]{64}$",
                     "description": "SHA-256 chained to the previous record (docs/audit.md)"},
        },
        "required": ["schema", "event_type", "originator_version", "notification_id",
                     "recorded_at", "hash"],
    }


def dead_letter_headers() -> dict[str, Any]:
    """The headers of a dead letter (docs/hris.md)."""
    names = ("dlq.stage", "dlq.reason", "dlq.source.topic", "dlq.source.partition",
             "dlq.source.offset", "dlq.dead_lettered_at", "dlq.event_id")
    properties: dict[str, Any] = {name: dict(TEXT) for name in names}
    properties["dlq.stage"] = {"enum": ["malformed", "rejected", "expired"]}
    return {"type": "object", "properties": properties, "required": list(names[:-1])}


def asyncapi_document() -> dict[str, Any]:
    """The whole document; payload schemas are the sibling schema files."""
    events = domain_events()
    messages: dict[str, Any] = {
        message_name(event): {
            "name": get_topic(event),
            "title": event.__qualname__,
            "contentType": "application/json",
            "headers": {"$ref": "#/components/schemas/EventHeaders"},
            "payload": {"$ref": f"events/{schema_file_name(event)}"},
            "bindings": {"kafka": {"key": {**TEXT, "format": "uuid",
                                           "description": "the aggregate id"}}},
        }
        for event in events
    }
    messages["HrisMessage"] = {
        "name": "hris-message",
        "contentType": "application/json",
        "payload": {"$ref": "hris-message.schema.json"},
        "bindings": {"kafka": {"key": {**TEXT, "description": "the message's employee_id"}}},
    }
    messages["DeadLetter"] = {
        "name": "hris-dead-letter",
        "contentType": "application/octet-stream",
        "summary": "the refused record's original bytes, unchanged",
        "headers": {"$ref": "#/components/schemas/DeadLetterHeaders"},
        "payload": {},
        "bindings": {"kafka": {"key": {**TEXT, "description": "{topic}:{partition}:{offset}"
                                       " of the original record"}}},
    }
    messages["Notification"] = {
        "name": "notification",
        "contentType": "application/json",
        "headers": {"$ref": "#/components/schemas/EventHeaders"},
        "payload": {"$ref": "notification.schema.json"},
        "bindings": {"kafka": {"key": {**TEXT, "description": "the recipient's HRIS id"}}},
    }
    event_refs = {message_name(e): {"$ref": f"#/components/messages/{message_name(e)}"}
                  for e in events}
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "mentoring: event log and integration topics",
            "version": "1.0.0",
            "description": "Generated from the code by `python -m gateways.contracts`;"
            " do not edit. See docs/schemas/README.md.",
        },
        "defaultContentType": "application/json",
        "channels": {
            "events": {
                "address": "{prefix}.mentoring.events",
                "description": "The event log: one partition, delete policy, infinite"
                " retention; read it read_committed (docs/kafka-store.md).",
                "parameters": PREFIX_PARAMETER,
                "messages": event_refs,
            },
            "hris": {
                "address": "hris.employee-events",
                "description": "The HRIS's employee events (MENTORING_HRIS_TOPIC).",
                "messages": {"HrisMessage": {"$ref": "#/components/messages/HrisMessage"}},
            },
            "hrisDeadLetters": {
                "address": "hris.employee-events.dlq",
                "description": "Refused HRIS records (MENTORING_HRIS_DLQ_TOPIC).",
                "messages": {"DeadLetter": {"$ref": "#/components/messages/DeadLetter"}},
            },
            "notifications": {
                "address": "{prefix}.notifications",
                "description": "The notification outbox, in log order, exactly once"
                " (read_committed).",
                "parameters": PREFIX_PARAMETER,
                "messages": {"Notification": {"$ref": "#/components/messages/Notification"}},
            },
        },
        "operations": {
            "recordEvents": _operation("send", "events", event_refs, "the mentoring service"
                                       " appends its events"),
            "ingestHris": _operation("receive", "hris", {"HrisMessage": None},
                                     "`mentoring ingest-hris` consumes the HRIS's messages"),
            "deadLetter": _operation("send", "hrisDeadLetters", {"DeadLetter": None},
                                     "refused HRIS records are dead-lettered"),
            "publishNotifications": _operation("send", "notifications", {"Notification": None},
                                               "the outbox publishes notifications"),
        },
        "components": {
            "messages": messages,
            "schemas": {
                "EventHeaders": event_headers(),
                "DeadLetterHeaders": dead_letter_headers(),
            },
        },
    }


def _operation(action: str, channel: str, names: dict[str, Any], summary: str) -> dict[str, Any]:
    return {
        "action": action,
        "summary": summary,
        "channel": {"$ref": f"#/channels/{channel}"},
        "messages": [{"$ref": f"#/channels/{channel}/messages/{name}"} for name in names],
    }
