"""/readyz on a real store and a real projector snapshot: ready only while projections keep up."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gateways.bootstrap import build_http_app, persistence_env
from gateways.entrypoints.http.auth.keys import Role
from gateways.settings import Settings
from projections.runner import run_projector
from projections.snapshot import publish_snapshot
from projections.view import DuckDBView
from tests.e2e.http_world import Api, hire, key_settings


@pytest.fixture
def watched(settings: Settings, tmp_path: Path) -> Iterator[tuple[Api, Path]]:
    """The app with /readyz watching a snapshot path, allowing no lag at all."""
    snapshot = tmp_path / "analytics.snapshot.duckdb"
    http = key_settings().model_copy(update={"readyz_snapshot": snapshot, "readyz_max_lag": 0})
    with TestClient(build_http_app(settings, http)) as client:
        yield Api(client), snapshot


def project(settings: Settings, tmp_path: Path, snapshot: Path) -> None:
    """Run the projector over everything recorded, and publish its snapshot."""
    duckdb = tmp_path / "analytics.duckdb"
    run_projector(persistence_env(settings), duckdb)
    view = DuckDBView(duckdb)
    try:
        publish_snapshot(view, snapshot)
    finally:
        view.close()


def test_the_store_alone_makes_the_app_ready(api: Api) -> None:
    response = api.call("GET", "/readyz", None)
    assert (response.status_code, response.json()["status"]) == (200, "ready")


@pytest.fixture
def caught_up(watched: tuple[Api, Path], settings: Settings, tmp_path: Path) -> Api:
    """E1 was hired, and the projector published a snapshot of everything recorded."""
    api, snapshot = watched
    hire(api, "E1")
    project(settings, tmp_path, snapshot)
    return api


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_a_projection_that_caught_up_is_ready(caught_up: Api) -> None:
    assert caught_up.call("GET", "/readyz", None).status_code == 200


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_a_projection_behind_the_bound_is_not_ready(caught_up: Api) -> None:
    api = caught_up
    api.ok("POST", "/employees/E1/promotion", Role.HRIS, body={"new_job_level": 6})
    response = api.call("GET", "/readyz", None)
    assert (response.status_code, response.json()["checks"][-1]["name"]) == (503, "projection")


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_no_snapshot_yet_is_not_ready(watched: tuple[Api, Path]) -> None:
    api, _ = watched
    assert api.call("GET", "/readyz", None).status_code == 503
