"""Audit logic with no I/O: history entries and histories, state replay, verdicts, redaction."""
