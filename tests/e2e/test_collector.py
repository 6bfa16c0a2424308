"""The API process freezes what is alive once it has started, and hands it back when it stops
(gateways/entrypoints/http/collector.py)."""

from __future__ import annotations

import gc

import pytest
from fastapi.testclient import TestClient

from gateways.bootstrap import build_http_app
from gateways.settings import Settings
from tests.e2e.http_world import Api, hire, key_settings


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_a_started_app_keeps_its_start_up_objects_out_of_the_collector(
    settings: Settings,
) -> None:
    app = build_http_app(settings, key_settings())
    with TestClient(app) as client:
        assert gc.get_freeze_count() > 10_000  # modules, routes, the stores' objects
        hire(Api(client), "G1")  # and the app serves while frozen
    assert gc.get_freeze_count() == 0
