"""docs/schemas/ is what the code generates: CI fails when a contract changed and they did not."""

from __future__ import annotations

import json
from pathlib import Path

from gateways.contracts.events import domain_events
from gateways.contracts.files import SCHEMAS, generate, stale, write


def test_the_schema_files_are_the_ones_the_code_generates() -> None:
    problems = stale()
    assert problems == [], (
        "docs/schemas/ is stale; regenerate it with `python -m gateways.contracts`:\n"
        + "\n".join(problems)
    )


def test_a_changed_missing_or_left_over_file_is_named(tmp_path: Path) -> None:
    write(tmp_path)
    (tmp_path / "hris-message.schema.json").write_text("{}\n", encoding="utf-8")
    (tmp_path / "notification.schema.json").unlink()
    (tmp_path / "events" / "domain.old.Gone.schema.json").write_text("{}\n", encoding="utf-8")
    assert stale(tmp_path) == [
        "missing: notification.schema.json",
        "changed: hris-message.schema.json",
        "left over: events/domain.old.Gone.schema.json",
    ]


def test_every_domain_event_has_a_schema_and_the_asyncapi_document_names_the_four_topics() -> None:
    files = generate()
    events = [p for p in files if p.startswith("events/")]
    assert len(events) == len(domain_events()) > 40
    assert "events/domain.employees.Employee.Hired.schema.json" in events
    asyncapi = files["asyncapi.json"]
    for address in ("{prefix}.mentoring.events", "hris.employee-events",
                    "hris.employee-events.dlq", "{prefix}.notifications"):
        assert f'"address": "{address}"' in asyncapi
    assert SCHEMAS.name == "schemas"


def test_every_payload_of_the_asyncapi_document_refers_to_a_generated_schema() -> None:
    files = generate()
    document = json.loads(files["asyncapi.json"])
    refs = [m["payload"]["$ref"] for m in document["components"]["messages"].values()
            if m["payload"]]
    assert refs and [ref for ref in refs if ref not in files] == []
