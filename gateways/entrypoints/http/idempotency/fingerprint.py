"""The fingerprint of a request: what must match for a retry to count as the same request."""

from __future__ import annotations

import hashlib
import json
from uuid import UUID, uuid5

COMMAND_NAMESPACE = UUID("b3f4c0de-7d0a-4a57-9d3e-2f6a1c9e8b41")


def canonical_body(body: bytes) -> str:
    """JSON bodies with sorted keys and no spacing, so formatting does not change the print."""
    if not body.strip():
        return ""
    try:
        document = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return "raw:" + hashlib.sha256(body).hexdigest()
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def fingerprint(method: str, path: str, body: bytes) -> str:
    """SHA-256 of method, path and canonical body."""
    text = "\n".join((method.upper(), path, canonical_body(body)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def command_id(scope: str, key: str, request_print: str) -> UUID:
    """The command id handed to the services: from the key and the fingerprint together."""
    return uuid5(COMMAND_NAMESPACE, "\n".join((scope, key, request_print)))
