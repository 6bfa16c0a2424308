"""The single writer of an application's topics: transactional producers that fence their elders.

The writer owns ``{prefix}.{app}.writer.0 .. .N-1`` (N = KAFKA_WRITER_PRODUCERS). Acquiring
them (init_transactions) fences every earlier holder and completes or aborts its open
transactions, so after ``acquire`` nobody else can write and the log can be read to its end.
Transactions rotate over the producers: a producer whose previous commit markers are still
being written would otherwise wait (CONCURRENT_TRANSACTIONS) before its next transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import structlog
from eventsourcing.persistence import OperationalError
from kafka import KafkaProducer
from kafka.errors import (
    InvalidProducerEpochError,
    KafkaError,
    KafkaTimeoutError,
    ProducerFencedError,
)

from gateways.kafka_store.config import KafkaStoreConfig
from gateways.kafka_store.errors import BrokerUnavailableError, WriteFailedError, WriterFencedError
from gateways.kafka_store.records import EncodedRecord

log = structlog.get_logger(__name__)

FENCING_ERRORS = (ProducerFencedError, InvalidProducerEpochError)


@dataclass
class OpenTransaction:
    """A transaction whose records are sent, not yet committed."""

    producer: Any
    futures: list[Any]
    result: Any = None


@dataclass(frozen=True)
class ConsumerOffsets:
    """Consumer-group offsets to commit in the same transaction (send_offsets_to_transaction)."""

    offsets: dict[Any, Any]  # {TopicPartition: OffsetAndMetadata}
    group_metadata: Any  # KafkaConsumer.group_metadata(), or the group id


class TransactionalWriter:
    """Commits lists of records to the application's topics, one Kafka transaction per call."""

    def __init__(self, config: KafkaStoreConfig) -> None:
        self._config = config
        self._producers: list[Any] = []
        self._turn = 0
        self.fenced_by: str | None = None

    @property
    def acquired(self) -> bool:
        return bool(self._producers)

    def acquire(self) -> None:
        """Take ownership (fencing any earlier writer); safe to call again after a failure."""
        self._refuse_if_fenced()
        self.release()
        config = self._config
        write_ms = int(config.write_timeout * 1000)
        try:
            for number in range(config.writer_producers):
                producer = KafkaProducer(
                    **config.client_settings(),
                    transactional_id=f"{config.transactional_id}.{number}",
                    client_id=f"{config.transactional_id}.{number}",
                    linger_ms=0,
                    retry_backoff_ms=5,
                    max_block_ms=int(config.connect_timeout * 1000),
                    request_timeout_ms=max(write_ms // 2, 1000),
                    delivery_timeout_ms=max(write_ms, 2000),
                    transaction_timeout_ms=max(write_ms * 3, 10000),
                    max_request_size=config.max_message_bytes + 65536,
                )
                self._producers.append(producer)
                producer.init_transactions()
        except KafkaError as error:
            self.release()
            raise BrokerUnavailableError(
                f"could not become the writer of {config.transactional_id} at "
                f"{config.bootstrap_servers}: {error}"
            ) from error
        log.info("kafka_writer_acquired", transactional_id=config.transactional_id)

    def send(
        self,
        sends: Sequence[tuple[str, EncodedRecord]],
        offsets: ConsumerOffsets | None = None,
        *,
        flush: bool = True,
    ) -> OpenTransaction:
        """Begin a transaction on the next producer and send the records (and wait for acks).

        Raises WriterFencedError (and refuses forever after) if another writer took over,
        else WriteFailedError after aborting; the writer must then be released and acquired.
        """
        self._refuse_if_fenced()
        producer = self._producers[self._turn]
        self._turn = (self._turn + 1) % len(self._producers)
        try:
            producer.begin_transaction()
            futures = [
                producer.send(topic, value=r.value, key=r.key, headers=r.headers, partition=0)
                for topic, r in sends
            ]
            if offsets is not None:
                result = producer._transaction_manager.send_offsets_to_transaction(
                    offsets.offsets, offsets.group_metadata
                )
                _wait(producer, result, self._timeout_ms, "sending offsets")
            if flush:
                producer.flush(timeout=self._config.write_timeout)
            return OpenTransaction(producer, futures)
        except Exception as error:
            raise self._failure(producer, error) from error

    def start_commit(self, transaction: OpenTransaction) -> None:
        """Ask the coordinator to commit, without waiting (see ``finish``)."""
        try:
            transaction.result = transaction.producer._transaction_manager.begin_commit()
            transaction.producer._sender.wakeup()
        except Exception as error:
            raise self._failure(transaction.producer, error) from error

    def finish(self, transaction: OpenTransaction) -> list[int]:
        """Wait (bounded) for the commit; return the records' offsets."""
        try:
            _wait(transaction.producer, transaction.result, self._timeout_ms, "commit")
            return [
                int(f.get(timeout=self._config.write_timeout).offset) for f in transaction.futures
            ]
        except Exception as error:
            raise self._failure(transaction.producer, error) from error

    def commit(
        self, sends: Sequence[tuple[str, EncodedRecord]], offsets: ConsumerOffsets | None = None
    ) -> list[int]:
        """Send and commit in one go; return the records' offsets.

        The commit itself flushes the sends, which saves a round trip through this thread.
        """
        transaction = self.send(sends, offsets, flush=False)
        self.start_commit(transaction)
        return self.finish(transaction)

    @property
    def _timeout_ms(self) -> int:
        return int(self._config.write_timeout * 1000)

    def _failure(self, producer: Any, error: BaseException) -> OperationalError:
        if isinstance(error, FENCING_ERRORS) or "fenced" in str(error).lower():
            self.fenced_by = str(error) or type(error).__name__
            log.error("kafka_writer_fenced", transactional_id=self._config.transactional_id)
            return self._fenced_error()
        _abort_quietly(producer, self._timeout_ms)
        return WriteFailedError(
            f"transaction to {self._config.bootstrap_servers} failed and was not committed "
            f"({type(error).__name__}: {error}); no event of it is visible"
        )

    def release(self) -> None:
        producers, self._producers = self._producers, []
        for producer in producers:
            try:
                producer.close(timeout=1)
            except Exception as error:  # closing a broken producer must not hide the real error
                log.info("kafka_producer_force_closed", error=str(error))
                # close() gave up flushing: stop its sender so __del__ does not try again.
                producer._sender.force_close()
                producer._closed = True

    def _refuse_if_fenced(self) -> None:
        if self.fenced_by is not None:
            raise self._fenced_error()

    def _fenced_error(self) -> WriterFencedError:
        return WriterFencedError(
            f"this writer of {self._config.transactional_id} was fenced by a newer writer "
            f"({self.fenced_by}); it will not write again: restart to read the log afresh"
        )


def _wait(producer: Any, result: Any, timeout_ms: int, what: str) -> None:
    # KafkaProducer.commit_transaction() waits forever when the broker is gone; wait bounded.
    producer._sender.wakeup()
    if not result.wait(timeout_ms=timeout_ms):
        raise KafkaTimeoutError(f"{what} did not complete within {timeout_ms} ms")


def _abort_quietly(producer: Any, timeout_ms: int) -> None:
    try:
        _wait(producer, producer._transaction_manager.begin_abort(), min(timeout_ms, 2000), "abort")
    except Exception as error:  # the transaction is then aborted by the next init_transactions
        log.info("kafka_abort_skipped", error=str(error))
