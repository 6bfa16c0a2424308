"""`mentoring serve` runs the scheduler unless `--no-schedule`, and leaves no setting behind."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gateways.entrypoints.cli.main import app


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str | None]:
    """What MENTORING_SERVE_SCHEDULES was while uvicorn ran (uvicorn and the app faked)."""
    seen: list[str | None] = []
    monkeypatch.setenv("MENTORING_STORE", f"sqlite:///{tmp_path / 'events.db'}")
    monkeypatch.setenv("MENTORING_ENVIRONMENT", "development")
    monkeypatch.delenv("MENTORING_SERVE_SCHEDULES", raising=False)
    monkeypatch.setattr(
        "gateways.entrypoints.http.asgi.app_from_environment", lambda: object()
    )

    def run(*args: Any, **kwargs: Any) -> None:
        seen.append(os.environ.get("MENTORING_SERVE_SCHEDULES"))

    monkeypatch.setattr("uvicorn.run", run)
    return seen


@pytest.mark.parametrize(("flags", "value"), [([], "true"), (["--no-schedule"], "false")])
def test_serve_schedules_unless_told_not_to(
    served: list[str | None], flags: list[str], value: str
) -> None:
    result = CliRunner().invoke(app, ["serve", *flags])
    assert result.exit_code == 0, result.output
    assert served == [value]
    assert "MENTORING_SERVE_SCHEDULES" not in os.environ
