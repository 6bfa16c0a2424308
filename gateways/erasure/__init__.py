"""Crypto-shredding: private fields sealed under per-person keys kept outside the log.

``sealing`` encrypts one field (AES-GCM); ``owners`` says whose key seals which field of which
event; ``keys`` and its stores hold the keys where they can really be deleted; ``mapper`` is the
eventsourcing mapper that seals on write, opens on read and destroys a key when the log records
its owner's erasure. See docs/security.md ("Erasure").
"""
