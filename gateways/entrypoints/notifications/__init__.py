"""The notification outbox gateways: the Kafka topic publisher."""
