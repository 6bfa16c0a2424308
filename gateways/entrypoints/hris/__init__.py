"""The HRIS gateway: the message contract the upstream HRIS publishes, and its Kafka consumer."""
