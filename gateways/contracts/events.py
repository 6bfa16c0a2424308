"""JSON Schemas of the domain events, as the eventsourcing mapper stores them.

A stored event's value is the JSONTranscoder's encoding of the event's attributes without
``originator_id`` and ``originator_version`` (those are the record's key and header), plus
``class_version`` when the class is past version 1. Dates, datetimes and UUIDs are encoded as
``{"_type_": "date_iso" | "datetime_iso" | "uuid_hex", "_data_": <text>}``; tuples as arrays.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import types
import typing
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, DomainEvent
from eventsourcing.utils import get_topic

import domain
from gateways.erasure.owners import rule_for

DRAFT = "http://json-schema.org/draft-07/schema#"
RECORD_KEYS = ("originator_id", "originator_version")
GENERATED = ("Event", "Created")  # the library's own nested bases, never stored themselves

TRANSCODED: dict[type, tuple[str, dict[str, Any]]] = {
    date: ("date_iso", {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}),
    datetime: ("datetime_iso", {"type": "string", "format": "date-time",
                                "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}"}),
    UUID: ("uuid_hex", {"type": "string", "pattern": "^[0-9a-f]{32}$"}),
}


SEALED_REF = {"$ref": "#/definitions/sealed"}


def sealed_fields(event: type[DomainEvent]) -> frozenset[str]:
    """The fields stored sealed under per-person erasure keys (docs/security.md, Erasure)."""
    rule = rule_for(event)
    return frozenset() if rule is None else rule.fields


SEALED = {
    "type": "object",
    "description": "a value sealed with AES-256-GCM under the keys of the people it belongs to"
    " (gateways.erasure.sealing); it reads as \"[erased]\" once one of their keys is destroyed",
    "properties": {
        "_sealed_": {"const": 1}, "to": {"type": "array", "items": {"type": "string"}},
        "keys": {"type": "array", "items": {"type": "string"}},
        "nonce": {"type": "string"}, "box": {"type": "string"},
    },
    "required": ["_sealed_", "to", "keys", "nonce", "box"],
    "additionalProperties": False,
}


def definitions() -> dict[str, Any]:
    """The transcoded types, as ``definitions`` every event schema carries."""
    return {
        name: {
            "type": "object",
            "description": f"a {kind.__module__}.{kind.__qualname__}, as the JSONTranscoder"
            f" encodes it ({name})",
            "properties": {"_type_": {"const": name}, "_data_": data},
            "required": ["_type_", "_data_"],
            "additionalProperties": False,
        }
        for kind, (name, data) in TRANSCODED.items()
    }


def domain_events() -> list[type[DomainEvent]]:
    """Every event class nested in an aggregate of ``domain``, sorted by stored topic."""
    found: dict[str, type[DomainEvent]] = {}
    for module_info in pkgutil.iter_modules(domain.__path__):
        module = importlib.import_module(f"{domain.__name__}.{module_info.name}")
        for aggregate in vars(module).values():
            if not _aggregate_of(module.__name__, aggregate) or inspect.isabstract(aggregate):
                continue
            for name, event in vars(aggregate).items():
                if _event_of(aggregate, name, event):
                    found[get_topic(event)] = event
    return [found[topic] for topic in sorted(found)]


def _aggregate_of(module: str, candidate: object) -> bool:
    return (
        inspect.isclass(candidate)
        and issubclass(candidate, Aggregate)
        and candidate.__module__ == module
        and candidate.__name__ != "MentoringAggregate"
    )


def _event_of(aggregate: type, name: str, candidate: object) -> bool:
    return (
        inspect.isclass(candidate)
        and issubclass(candidate, DomainEvent)
        and name not in GENERATED
        and candidate.__qualname__ == f"{aggregate.__qualname__}.{name}"
    )


def event_schema(event: type[DomainEvent]) -> dict[str, Any]:
    """The JSON Schema of one event class's stored value."""
    hints = typing.get_type_hints(event)
    properties: dict[str, Any] = {}
    sealed = sealed_fields(event)
    for field in dataclasses.fields(event):
        if field.name not in RECORD_KEYS:
            properties[field.name] = type_schema(hints[field.name])
            if field.name in sealed:  # or a box sealed under its owners' erasure keys
                properties[field.name] = {"anyOf": [properties[field.name], SEALED_REF]}
    version = int(getattr(event, "class_version", 1))
    if version > 1:
        properties["class_version"] = {"const": version}
    private = sorted(getattr(event, "private_fields", frozenset()))
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        "title": get_topic(event),
        "description": _description(event),
        "x-event-type": get_topic(event),
        "x-class-version": version,
    }
    if private:
        schema["x-private-fields"] = private
    if sealed:
        schema["x-sealed-fields"] = sorted(sealed)
    schema.update(
        type="object",
        properties=properties,
        required=list(properties),
        additionalProperties=False,
        definitions={**definitions(), **({"sealed": SEALED} if sealed else {})},
    )
    return schema


def _description(event: type[DomainEvent]) -> str:
    doc = event.__doc__ or ""
    if not doc or doc.startswith(f"{event.__name__}("):  # the dataclass's generated signature
        return f"the stored value of {event.__qualname__}"
    return inspect.cleandoc(doc)


def type_schema(hint: Any) -> dict[str, Any]:
    """The JSON Schema of a value of the annotated type, as transcoded."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [type_schema(arg) for arg in typing.get_args(hint)]}
    if origin in (tuple, list):
        args = [a for a in typing.get_args(hint) if a is not Ellipsis]
        return {"type": "array", "items": type_schema(args[0]) if args else {}}
    if origin is dict:
        return {"type": "object"}
    if hint is type(None):
        return {"type": "null"}
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "integer"}
    if hint is float:
        return {"type": "number"}
    if inspect.isclass(hint) and issubclass(hint, str):
        return {"type": "string"}
    for kind, (name, _) in TRANSCODED.items():
        if hint is kind:
            return {"$ref": f"#/definitions/{name}"}
    raise TypeError(f"no JSON Schema is known for the event field type {hint!r}")


def schema_file_name(event: type[DomainEvent]) -> str:
    """``domain.employees.Employee.Hired.schema.json`` for ``domain.employees:Employee.Hired``."""
    return get_topic(event).replace(":", ".") + ".schema.json"
