"""Watching which events a repository reads: a load from a snapshot reads only those after it."""

from __future__ import annotations

from typing import Any

import pytest
from eventsourcing.application import Application


def reads_after(app: Application[Any], monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The ``gt`` of every read of aggregate events the repository makes from now on (the
    version of the snapshot it started from, or None for a full replay)."""
    store = app.repository.event_store
    seen: list[Any] = []
    get = store.get

    def spied(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs.get("gt"))
        return get(*args, **kwargs)

    monkeypatch.setattr(store, "get", spied)
    return seen
