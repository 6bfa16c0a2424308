"""Every event a demo run writes validates against its published schema, and so do its
notifications as the outbox publishes them."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from domain.notifications import Notification
from gateways.bootstrap import persistence_env
from gateways.contracts.files import SCHEMAS
from gateways.demo.run import DemoOptions, run_demo
from gateways.settings import Settings
from services.mentoring import MentoringService
from services.notifications import notification_json

CHECKER = jsonschema.FormatChecker()


def validator(path: Path) -> jsonschema.Draft7Validator:
    """A validator of the published file (docs/schemas/), not of freshly generated text."""
    return jsonschema.Draft7Validator(json.loads(path.read_text("utf-8")), format_checker=CHECKER)


@pytest.fixture(scope="module")
def demo_log(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    folder = tmp_path_factory.mktemp("demo")
    settings = Settings(store=f"sqlite:///{folder}/events.db", duckdb=folder / "analytics.duckdb")
    run_demo(settings, DemoOptions(seed=5, employees=80, report=folder / "report.html"),
             lambda description, total: lambda n: None)
    return settings


def stored(settings: Settings) -> list[Any]:
    service = MentoringService(env=persistence_env(settings))
    try:
        return list(service.recorder.select_notifications(start=1, limit=10_000_000))
    finally:
        service.close()


def test_every_event_the_demo_writes_validates_against_the_schema_of_its_type(
    demo_log: Settings,
) -> None:
    validators: dict[str, jsonschema.Draft7Validator] = {}
    failures: list[str] = []
    seen: Counter[str] = Counter()
    for record in stored(demo_log):
        path = SCHEMAS / "events" / (record.topic.replace(":", ".") + ".schema.json")
        assert path.exists(), f"no schema is published for {record.topic}"
        check = validators.setdefault(record.topic, validator(path))
        seen[record.topic] += 1
        for error in check.iter_errors(json.loads(record.state)):
            failures.append(f"{record.id} {record.topic}: {error.json_path}: {error.message}")
    assert failures == []
    assert sum(seen.values()) > 1000 and len(seen) > 25


def test_every_notification_of_the_demo_validates_against_the_outbox_schema(
    demo_log: Settings,
) -> None:
    check = validator(SCHEMAS / "notification.schema.json")
    service = MentoringService(env=persistence_env(demo_log))
    try:
        sent = [
            service.mapper.to_domain_event(record)
            for record in service.recorder.select_notifications(
                start=1, limit=10_000_000, topics=["domain.notifications:Notification.Sent"]
            )
        ]
    finally:
        service.close()
    assert sent, "the demo sends notifications"
    for event in sent:
        assert isinstance(event, Notification.Sent)
        errors = [e.message for e in check.iter_errors(notification_json(event))]
        assert errors == [], event
