"""A Kafka-backed event store: an eventsourcing persistence module.

Use it from any eventsourcing application with ``PERSISTENCE_MODULE=gateways.stores.kafka`` and
``KAFKA_BOOTSTRAP_SERVERS`` (plus optional ``KAFKA_TOPIC_PREFIX``, ``KAFKA_REPLICATION_FACTOR``,
``KAFKA_MIN_INSYNC_REPLICAS``, ``KAFKA_CONNECT_TIMEOUT``, ``KAFKA_WRITE_TIMEOUT``,
``KAFKA_MAX_MESSAGE_BYTES``, ``KAFKA_WRITER_PRODUCERS``). Topics, per application name:
``{prefix}.{app}.events`` (one partition, delete policy, infinite retention),
``{prefix}.{app}.snapshots`` and ``{prefix}.{app}.tracking`` (compacted).
Record layout and headers: see ``gateways.stores.kafka.records``; design: docs/kafka-store.md.
"""

from gateways.stores.kafka.factory import Factory, KafkaFactory

__all__ = ["Factory", "KafkaFactory"]
