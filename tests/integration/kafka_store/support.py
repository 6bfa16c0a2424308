"""Helpers shared by the Kafka store's integration tests (and their subprocesses)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from kafka import KafkaAdminClient

ROOT = Path(__file__).resolve().parents[3]


def store_env(bootstrap: str, prefix: str) -> dict[str, str]:
    """PERSISTENCE_MODULE and KAFKA_* settings for a store under a test's own topic prefix."""
    return {
        "PERSISTENCE_MODULE": "gateways.stores.kafka",
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "KAFKA_TOPIC_PREFIX": prefix,
        "KAFKA_REPLICATION_FACTOR": "1",
        "KAFKA_MIN_INSYNC_REPLICAS": "1",
    }


def delete_prefixed_topics(bootstrap: str, prefix: str) -> None:
    """Delete every topic named `{prefix}.*` (cheap on a single broker)."""
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        doomed = [name for name in admin.list_topics() if name.startswith(prefix + ".")]
        if doomed:
            admin.delete_topics(doomed)
    finally:
        admin.close()


class Worker:
    """A store in a subprocess (see worker.py), answering one JSON line per command."""

    def __init__(self, bootstrap: str, prefix: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.integration.kafka_store.worker", bootstrap, prefix],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.started = self.receive()

    def send(self, **command: Any) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()

    def receive(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"worker exited with {self.process.wait(timeout=10)}")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def ask(self, **command: Any) -> dict[str, Any]:
        self.send(**command)
        return self.receive()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.send(op="exit")
            self.process.wait(timeout=30)
