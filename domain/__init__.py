"""The mentoring domain: aggregates, events and rules.

Modules here import only the standard library and ``eventsourcing.domain``.
"""
