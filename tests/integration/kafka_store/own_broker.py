"""A broker.sh deployment of a test module's own (a Kafka 3.9 broker, a three-node cluster),
started on free ports in a temporary run directory and torn down when the module ends."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.integration.broker.conftest import Broker, free_base_port


@contextmanager
def own_broker(
    tmp_path_factory: pytest.TempPathFactory, name: str, *options: str, nodes: int = 1
) -> Iterator[Broker]:
    """``broker.sh start *options`` with ``nodes`` nodes; stopped (killed if need be) after."""
    broker = Broker(
        run=tmp_path_factory.mktemp(name),
        port=free_base_port(nodes),
        options=list(options),
        nodes=nodes,
    )
    try:
        broker.sh("start", timeout=180)
        yield broker
    finally:
        broker.teardown()
