"""The DuckDB view honours the eventsourcing TrackingRecorder contract."""

from __future__ import annotations

from pathlib import Path

import pytest
from eventsourcing.persistence import TrackingRecorder
from eventsourcing.tests.persistence import TrackingRecorderTestCase

from projections.view import DuckDBView


class TestDuckDBTrackingRecorderInMemory(TrackingRecorderTestCase):
    def create_recorder(self) -> TrackingRecorder:
        return DuckDBView()


class TestDuckDBTrackingRecorderOnFile(TrackingRecorderTestCase):
    @pytest.fixture(autouse=True)
    def _directory(self, tmp_path: Path) -> None:
        self.directory = tmp_path

    def create_recorder(self) -> TrackingRecorder:
        return DuckDBView(self.directory / "view.duckdb")


del TrackingRecorderTestCase
