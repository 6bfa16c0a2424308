"""Watching which events a repository reads: a load from a snapshot reads only those after it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from eventsourcing.application import Application


def noted_gets(store: Any, note: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """What ``note`` makes of the arguments of every ``store.get`` from now on."""
    seen: list[Any] = []
    get = store.get

    def spied(*args: Any, **kwargs: Any) -> Any:
        seen.append(note(*args, **kwargs))
        return get(*args, **kwargs)

    monkeypatch.setattr(store, "get", spied)
    return seen


def reads_after(app: Application[Any], monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The ``gt`` of every read of aggregate events the repository makes from now on (the
    version of the snapshot it started from, or None for a full replay)."""
    return noted_gets(
        app.repository.event_store, lambda *args, **kwargs: kwargs.get("gt"), monkeypatch
    )


def snapshot_reads(app: Application[Any], monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The aggregate id of every read the repository makes of the snapshot store from now on."""
    store = app.repository.snapshot_store
    assert store is not None
    return noted_gets(store, lambda originator_id, *args, **kwargs: originator_id, monkeypatch)
