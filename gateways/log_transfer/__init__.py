"""Backup and migration of the event log: export to JSON lines, import into an empty store.

``mentoring log export FILE`` writes every event with every header (hash chain included) and
verifies the source chain as it goes; ``mentoring log import FILE`` checks the file's chain,
loads it into an empty store of either kind (which computes its own chain) and verifies it.
The line format is in ``gateways.log_transfer.lines``; see docs/backup-and-migration.md.
"""
