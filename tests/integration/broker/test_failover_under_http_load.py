"""A leader kill on a three-broker cluster under HTTP load loses and duplicates nothing.

`mentoring serve` runs on the cluster (replication factor 3, min.insync.replicas 2) while two
clients file memos with Idempotency-Keys; the events partition's leader is killed with -9.
Clients retry what failed with the same key (bench/failover_bench.py's client, whose full
trials and figures are in docs/benchmarks.md); afterwards every command was acknowledged and
is in the log exactly once, as a freshly started server reads it, and the audit passes.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bench.failover_bench import (
    APP,
    Load,
    LogCheck,
    Server,
    check_log,
    events_leader,
    mentorships,
    wait_in_sync,
)
from tests.e2e.http_world import Api

pytestmark = [pytest.mark.cluster, pytest.mark.timeout(240)]


@pytest.fixture
def cluster(make_broker: Callable[..., Any]) -> Any:
    """A three-broker cluster of this test's own (the broker conftest's Broker), started."""
    started = make_broker("--brokers", "3", nodes=3)
    started.sh("start", timeout=150)
    return started


@pytest.fixture
def server(cluster: Any, tmp_path: Path) -> Iterator[Server]:
    """`mentoring serve` on the cluster, on topics of this test's own."""
    served = Server(cluster.bootstrap, f"mentoring-t{uuid.uuid4().hex[:8]}", tmp_path / "serve.log")
    served.start()
    yield served
    served.stop()


def test_a_leader_kill_under_http_load_loses_and_duplicates_no_command(
    cluster: Any, server: Server
) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        pairs = mentorships(Api(client), clients=2)  # type: ignore[arg-type]
    wait_in_sync(cluster, within=60)
    topic = f"{server.prefix}.{APP}.events"
    leader = events_leader(cluster.bootstrap, topic)

    load = Load(server.url, pairs, rate=10, label="kill", give_up=60)
    with load.running():
        time.sleep(2)
        killed = cluster.sh("kill-leader", topic).stdout
        killed_at = time.monotonic()
        time.sleep(10)  # the node is fenced (about 6 s) and the partition led elsewhere
    assert f"killed node {leader} " in killed

    log: LogCheck = check_log(server, pairs)
    acked = [outcome.key for outcome in load.outcomes if outcome.acked_at is not None]
    assert len(acked) == len(load.outcomes), [o.attempts for o in load.outcomes]
    # each client had commands through the failover (blocked in it, or sent after the kill)
    through_failover = [o for o in load.outcomes if o.acked_at and o.acked_at > killed_at]
    assert len(through_failover) >= 2
    assert {key: log.memo_counts[key] for key in acked} == dict.fromkeys(acked, 1)
    assert sum(log.memo_counts.values()) == len(acked)
    assert log.audit_ok, log.audit
