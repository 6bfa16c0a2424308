"""Idempotency-Key: a retried command returns its first response and records nothing new."""
