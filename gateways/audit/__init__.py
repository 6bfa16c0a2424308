"""Audit: who changed what and when, the state as of an instant, replay and tamper evidence.

Everything here reads the event log itself (never the projections): history by scanning the
notification log, state by replaying an aggregate's events, verification by walking the
hash chain the stores record. See docs/audit.md.
"""
