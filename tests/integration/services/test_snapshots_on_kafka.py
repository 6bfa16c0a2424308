"""Snapshots on the Kafka store: taken into the compacted snapshots topic, and used by a
process that opens the log afresh (a restart), which then equals the full replay."""

from __future__ import annotations

from typing import Any

import pytest

from domain.programs import Program
from services.mentoring import MentoringService
from tests.services.scenario import Scenario
from tests.services.test_snapshots import *  # noqa: F403
from tests.services.test_snapshots import INTERVAL, replayed, rounds
from tests.support.snapshot_reads import reads_after


def test_a_restarted_process_loads_a_program_from_the_snapshot_topic(
    service_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {**service_env, "SNAPSHOT_INTERVAL": str(INTERVAL)}
    first = MentoringService(env=env)
    program_id = Scenario(first).program(open_round=False)
    rounds(first, program_id, 5)  # version 11: snapshots at 4 and 8
    first.close()
    second = MentoringService(env=env)
    try:
        reads: list[Any] = reads_after(second, monkeypatch)

        loaded = second.load(Program, program_id)

        assert reads == [8]
        assert vars(loaded) == vars(replayed(second, program_id))
    finally:
        second.close()
