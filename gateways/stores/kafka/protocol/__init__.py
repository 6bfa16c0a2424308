"""Kafka's wire protocol as the store speaks it: connections, leaders, record batches, fetches."""
