"""A store in a separate process, driven by JSON lines on stdin (one answer per line on stdout).

    python -m tests.integration.kafka_store.worker BOOTSTRAP PREFIX
    {"op": "insert", "originator_id": "...", "versions": [1, 2]}  -> {"ok": true, "ids": [1, 2]}
    {"op": "select", "originator_id": "..."}                       -> {"ok": true, "versions": [..]}
    {"op": "max"}                                                  -> {"ok": true, "max": 2}
    {"op": "exit"}
Failures answer {"ok": false, "error": "<exception class>", "message": "..."}.
"""

from __future__ import annotations

import json
import sys
from typing import Any
from uuid import UUID

import structlog
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import Environment

from gateways.stores.kafka import KafkaFactory
from tests.integration.kafka_store.support import store_env


def main(bootstrap: str, prefix: str) -> None:
    structlog.configure(logger_factory=structlog.PrintLoggerFactory(file=sys.stderr))
    factory = KafkaFactory(Environment("App", store_env(bootstrap, prefix)))
    recorder = factory.application_recorder()
    answer({"ok": True, "max": recorder.max_notification_id()})
    for line in sys.stdin:
        command = json.loads(line)
        if command["op"] == "exit":
            break
        try:
            answer({"ok": True, **perform(recorder, command)})
        except Exception as error:
            answer({"ok": False, "error": type(error).__name__, "message": str(error)})
    factory.close()


def perform(recorder: Any, command: dict[str, Any]) -> dict[str, Any]:
    if command["op"] == "insert":
        originator_id = UUID(command["originator_id"])
        events = [
            StoredEvent(originator_id, version, "Worker.Event", b'{"by":"worker"}')
            for version in command["versions"]
        ]
        return {"ids": recorder.insert_events(events)}
    if command["op"] == "select":
        events = recorder.select_events(UUID(command["originator_id"]))
        return {"versions": [event.originator_version for event in events]}
    if command["op"] == "max":
        return {"max": recorder.max_notification_id()}
    raise ValueError(f"unknown op {command['op']!r}")


def answer(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
