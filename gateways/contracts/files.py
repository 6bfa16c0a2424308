"""Rendering every contract file, writing them, and telling which on disk are stale."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gateways.contracts.asyncapi import asyncapi_document
from gateways.contracts.events import domain_events, event_schema, schema_file_name
from gateways.contracts.hris import hris_schema
from gateways.contracts.notifications import notification_schema

SCHEMAS = Path(__file__).resolve().parents[2] / "docs" / "schemas"
HAND_WRITTEN = ("README.md",)


def render(document: dict[str, Any]) -> str:
    """Stable JSON text: two-space indent, UTF-8, a final newline."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def generate() -> dict[str, str]:
    """Every generated file, by path relative to docs/schemas/."""
    files = {f"events/{schema_file_name(e)}": render(event_schema(e)) for e in domain_events()}
    files["hris-message.schema.json"] = render(hris_schema())
    files["notification.schema.json"] = render(notification_schema())
    files["asyncapi.json"] = render(asyncapi_document())
    return dict(sorted(files.items()))


def on_disk(folder: Path = SCHEMAS) -> dict[str, str]:
    """The generated files as they are in ``folder`` (hand-written ones aside)."""
    return {
        path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name not in HAND_WRITTEN
    }


def stale(folder: Path = SCHEMAS) -> list[str]:
    """What differs between the code and ``folder``: missing, changed or left-over files."""
    wanted, found = generate(), on_disk(folder)
    problems = [f"missing: {p}" for p in wanted if p not in found]
    problems += [f"changed: {p}" for p in wanted if p in found and found[p] != wanted[p]]
    problems += [f"left over: {p}" for p in found if p not in wanted]
    return problems


def write(folder: Path = SCHEMAS) -> int:
    """Write every generated file and remove left-over ones; return how many were written."""
    wanted = generate()
    for path in on_disk(folder):
        if path not in wanted:
            (folder / path).unlink()
    for path, text in wanted.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return len(wanted)
