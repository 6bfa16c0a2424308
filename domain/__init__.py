"""The mentoring domain: aggregates, events and rules (standard library and eventsourcing.domain only)."""
