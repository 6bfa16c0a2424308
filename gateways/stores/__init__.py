"""The stores the application drives: the Kafka event store and the hash-chained SQLite store."""
