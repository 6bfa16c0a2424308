"""Webhook signatures: HMAC-SHA256 over f"{timestamp}.{body}", a secret per source, and a
timestamp tolerance."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from gateways.entrypoints.http.routers.webhooks import (
    WebhookAuthenticator,
    WebhookRefused,
    parse_secrets,
    sign,
)

BODY = b'{"event_id": "e1"}'


def authenticator(now: float = 1_000_000.0) -> WebhookAuthenticator:
    return WebhookAuthenticator({"wd": ["s1", "s2"]}, 300.0, clock=lambda: now)


def test_the_signature_is_stripes_scheme() -> None:
    expected = hmac.new(b"s1", b"1000000." + BODY, hashlib.sha256).hexdigest()
    assert sign("s1", 1_000_000, BODY) == "sha256=" + expected


@pytest.mark.parametrize("secret", ["s1", "s2"])
def test_any_secret_of_the_source_verifies(secret: str) -> None:
    authenticator().verify("wd", "1000000", sign(secret, 1_000_000, BODY), BODY)


@pytest.mark.parametrize(("source", "timestamp", "signature", "reason"), [
    ("other", "1000000", sign("s1", 1_000_000, BODY), "no secret"),
    ("wd", None, sign("s1", 1_000_000, BODY), "send"),
    ("wd", "1000000", None, "send"),
    ("wd", "yesterday", sign("s1", 1_000_000, BODY), "unix seconds"),
    ("wd", "999699", sign("s1", 999_699, BODY), "tolerance"),
    ("wd", "1000301", sign("s1", 1_000_301, BODY), "tolerance"),
    ("wd", "1000000", sign("wrong", 1_000_000, BODY), "does not match"),
    ("wd", "1000001", sign("s1", 1_000_000, BODY), "does not match"),  # timestamp swapped
    ("wd", "1000000", sign("s1", 1_000_000, BODY + b" "), "does not match"),  # body changed
    ("wd", "1000000", sign("s1", 1_000_000, BODY).upper(), "does not match"),
])
def test_anything_else_is_refused(
    source: str, timestamp: str | None, signature: str | None, reason: str
) -> None:
    with pytest.raises(WebhookRefused, match=reason):
        authenticator().verify(source, timestamp, signature, BODY)


def test_the_edge_of_the_tolerance_is_accepted() -> None:
    authenticator().verify("wd", "999700", sign("s1", 999_700, BODY), BODY)


def test_secrets_are_pairs_by_comma_or_line_with_comments() -> None:
    text = "wd=s1, wd = s2\n# rotated monthly\n\nbamboo=b=64=="
    assert parse_secrets(text) == {"wd": ["s1", "s2"], "bamboo": ["b=64=="]}


@pytest.mark.parametrize("text", ["wd", "=s1", "wd="])
def test_a_secret_without_source_or_value_is_a_configuration_error(text: str) -> None:
    with pytest.raises(ValueError, match="source=secret"):
        parse_secrets(text)
