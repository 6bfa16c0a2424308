"""A fetch from a kept connection, tried once more on a new one; failures as the store's errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from gateways.stores.kafka.errors import BrokerUnavailableError, LogCorruptedError
from gateways.stores.kafka.protocol.batch_decoding import CorruptBatchError
from gateways.stores.kafka.protocol.partition_fetcher import FetchFailedError, KeptFetcher

T = TypeVar("T")


def retried(kept: KeptFetcher, fetch: Callable[[], T]) -> T:
    """``fetch()``; if the broker did not answer, once more on a new connection.

    Raises BrokerUnavailableError when the second try fails too, and LogCorruptedError for a
    batch that fails its checks (the connection is dropped either way).
    """
    for attempt in (1, 2):
        try:
            return fetch()
        except FetchFailedError as error:
            kept.drop()
            if attempt == 2:
                raise BrokerUnavailableError(
                    f"could not read {kept.topic} from {kept.config.bootstrap_servers}: {error}"
                ) from error
        except CorruptBatchError as error:
            kept.drop()
            raise LogCorruptedError(f"{kept.topic}: {error}") from error
    raise AssertionError("unreachable")
