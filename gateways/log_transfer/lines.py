"""The export file: JSON lines, a header line, one line per event, an end line. Pure.

```
{"format": "mentoring-log/1", "application": "mentoring", "store": "sqlite", ...}
{"notification_id": 1, "key": "<aggregate uuid>", "value": "<stored JSON text>",
 "headers": {"event_type": ..., "originator_version": "1", "notification_id": "1", ...,
             "hash": "<hex sha-256>"}}
...
{"tracking": {"application_name": "hris.employee-events:0", "notification_id": 1234}}
{"end": {"events": 2464, "head_hash": "<hash of the last event>", "positions": 1}}
```

``value`` is the stored state as text, byte for byte (``value_base64`` instead when the state
is not UTF-8, e.g. an encrypted store). ``headers`` are the source store's headers in their
recorded order: on Kafka the record's own headers (``schema``, ``event_type``,
``originator_version``, ``notification_id``, ``recorded_at``, ``hash``); on SQLite the facts its
chain hashes (``event_type``, ``originator_version``, ``notification_id``) and ``hash``. The
end line lets a reader tell a complete file from a truncated one.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

FORMAT = "mentoring-log/1"
SOURCE_STORES = ("sqlite", "kafka")


class BadExportFile(ValueError):
    """The file is not a complete, well-formed export; the message names the line."""


@dataclass(frozen=True)
class ExportHeader:
    """The first line: what was exported, from which kind of store, when."""

    application: str
    store: str
    exported_at: str

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "application": self.application,
                "store": self.store,
                "exported_at": self.exported_at,
            }
        )


@dataclass(frozen=True)
class ExportedEvent:
    """One event of the log as the source store recorded it."""

    notification_id: int
    key: str
    value: bytes
    headers: tuple[tuple[str, str], ...]

    @property
    def hash(self) -> str | None:
        return dict(self.headers).get("hash")

    @property
    def topic(self) -> str:
        return dict(self.headers)["event_type"]

    @property
    def originator_version(self) -> int:
        return int(dict(self.headers)["originator_version"])

    def stored_event(self) -> StoredEvent:
        """The event as the eventsourcing recorders take it."""
        return StoredEvent(
            originator_id=UUID(self.key),
            originator_version=self.originator_version,
            topic=self.topic,
            state=self.value,
        )

    def to_json(self) -> str:
        line: dict[str, Any] = {"notification_id": self.notification_id, "key": self.key}
        try:
            line["value"] = self.value.decode("utf-8")
        except UnicodeDecodeError:
            line["value_base64"] = base64.b64encode(self.value).decode("ascii")
        line["headers"] = dict(self.headers)
        return json.dumps(line, ensure_ascii=False)


@dataclass(frozen=True)
class ExportedPosition:
    """A consumer's position in an upstream sequence, recorded in the store (tracking)."""

    application_name: str
    notification_id: int

    def to_json(self) -> str:
        return json.dumps(
            {
                "tracking": {
                    "application_name": self.application_name,
                    "notification_id": self.notification_id,
                }
            }
        )


@dataclass(frozen=True)
class ExportEnd:
    """The last line: how many events, the hash the chain ended on, how many positions."""

    events: int
    head_hash: str
    positions: int = 0

    def to_json(self) -> str:
        end = {"events": self.events, "head_hash": self.head_hash, "positions": self.positions}
        return json.dumps({"end": end})


Line = ExportHeader | ExportedEvent | ExportedPosition | ExportEnd


def parse_line(text: str, number: int) -> Line:
    """One line of an export file, or BadExportFile naming the line number."""
    try:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        if "format" in data:
            return _header(data)
        if "end" in data:
            end = data["end"]
            return ExportEnd(
                int(end["events"]), str(end["head_hash"]), int(end.get("positions", 0))
            )
        if "tracking" in data:
            tracking = data["tracking"]
            return ExportedPosition(
                str(tracking["application_name"]), int(tracking["notification_id"])
            )
        return _event(data)
    except (ValueError, KeyError, TypeError, binascii.Error) as error:
        raise BadExportFile(f"line {number}: {type(error).__name__}: {error}") from None


def _header(data: Mapping[str, Any]) -> ExportHeader:
    if data["format"] != FORMAT:
        raise ValueError(f"format {data['format']!r} is not {FORMAT!r}")
    if data["store"] not in SOURCE_STORES:
        raise ValueError(f"store {data['store']!r} is not one of {', '.join(SOURCE_STORES)}")
    return ExportHeader(str(data["application"]), str(data["store"]), str(data["exported_at"]))


def _event(data: Mapping[str, Any]) -> ExportedEvent:
    if "value" in data:
        value = str(data["value"]).encode("utf-8")
    else:
        value = base64.b64decode(data["value_base64"], validate=True)
    headers = tuple((str(name), str(raw)) for name, raw in dict(data["headers"]).items())
    key = str(data["key"])
    UUID(key)  # the aggregate id, as the source spelled it (the Kafka chain hashes that text)
    event = ExportedEvent(int(data["notification_id"]), key, value, headers)
    event.stored_event()  # every header the recorders need is there and well-formed
    return event
